//! Runs and analyses, checked against the files the phenopackets list.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{RESPONSES, curl, post, record_schema, serve, set, validate};

/// Record id → (individual, date).
type Listed = BTreeMap<String, (String, String)>;

/// The runs (reads files) and analyses (variant files) the phenopacket files list, read
/// from the JSON itself.
fn listed(dir: &std::path::Path) -> (Listed, Listed) {
    let (mut runs, mut analyses) = (BTreeMap::new(), BTreeMap::new());
    for entry in std::fs::read_dir(dir.join("cohort.phenopackets")).expect("phenopackets") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let p: Value = serde_json::from_str(&text).expect("json");
        let created = p["metaData"]["created"].as_str().expect("created")[..10].to_string();
        let mut files: Vec<&Value> = p["files"].as_array().into_iter().flatten().collect();
        for b in p["biosamples"].as_array().into_iter().flatten() {
            files.extend(b["files"].as_array().into_iter().flatten());
        }
        for f in files {
            let uri = f["uri"].as_str().expect("uri");
            let base = uri.rsplit('/').next().expect("basename");
            for (who, sample) in f["individualToFileIdentifiers"].as_object().expect("ids") {
                let id = format!("{base}:{}", sample.as_str().expect("sample"));
                let attrs = &f["fileAttributes"];
                match attrs["fileFormat"].as_str() {
                    Some("SAM" | "BAM" | "CRAM") => {
                        let date = attrs["runDate"].as_str().unwrap_or(&created);
                        runs.insert(id, (who.clone(), date.to_string()));
                    }
                    Some("VCF" | "BCF") => {
                        let date = attrs["analysisDate"].as_str().unwrap_or(&created);
                        analyses.insert(id, (who.clone(), date.to_string()));
                    }
                    other => panic!("unexpected format {other:?}"),
                }
            }
        }
    }
    (runs, analyses)
}

/// id → (individualId, date) of a set's records, each validated against the model.
fn records(set: &Value, entity: &str, date: &str) -> Listed {
    let mut out = BTreeMap::new();
    for r in set["results"].as_array().expect("results") {
        validate(&record_schema(entity), r);
        out.insert(
            r["id"].as_str().expect("id").to_string(),
            (
                r["individualId"]
                    .as_str()
                    .expect("individualId")
                    .to_string(),
                r[date].as_str().expect("date").to_string(),
            ),
        );
    }
    out
}

#[test]
fn runs_and_analyses_are_the_listed_files() {
    let served = serve();
    let (runs, analyses) = listed(served.dir.path());
    assert_eq!(runs.len(), 8, "{runs:?}");
    assert_eq!(analyses.len(), 8, "{analyses:?}");

    for (path, entity, date, want) in [
        ("/runs", "runs", "runDate", &runs),
        ("/analyses", "analyses", "analysisDate", &analyses),
    ] {
        let (status, doc) = curl(&served, &format!("{path}?requestedGranularity=record"), &[]);
        assert_eq!(status, 200, "{doc:#}");
        validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
        let cohort = set(&doc, "cohort");
        assert_eq!(&records(cohort, entity, date), want, "{path}");
        assert_eq!(cohort["resultsCount"], want.len(), "{path}");
        // Count-only and discover-only datasets say how many, or whether.
        assert_eq!(set(&doc, "counted")["resultsCount"], want.len(), "{path}");
        assert_eq!(set(&doc, "counted")["results"], json!([]), "{path}");
        assert_eq!(
            set(&doc, "restricted")["info"]["returnedGranularity"],
            "boolean"
        );
    }

    // A filter selects the files of the individuals it selects (female: NCIT:C16576).
    let females: Vec<String> = std::fs::read_dir(served.dir.path().join("cohort.phenopackets"))
        .expect("dir")
        .filter_map(|e| {
            let p: Value = serde_json::from_str(
                &std::fs::read_to_string(e.expect("entry").path()).expect("read"),
            )
            .expect("json");
            (p["subject"]["sex"] == "FEMALE")
                .then(|| p["subject"]["id"].as_str().expect("id").to_string())
        })
        .collect();
    let body = json!({
        "meta": {"apiVersion": "v2.1.1"},
        "query": {"filters": [{"id": "NCIT:C16576"}], "requestedGranularity": "record"},
    });
    let (status, doc) = post(&served, "/runs", &body);
    assert_eq!(status, 200, "{doc:#}");
    let want: BTreeMap<_, _> = runs
        .iter()
        .filter(|(_, (who, _))| females.contains(who))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert!(!want.is_empty() && want.len() < runs.len(), "{females:?}");
    assert_eq!(records(set(&doc, "cohort"), "runs", "runDate"), want);

    // One run, by id and under its biosample; a biosample's analyses.
    let (id, (who, _)) = runs.iter().next().expect("a run");
    let (status, doc) = curl(
        &served,
        &format!("/runs/{id}?requestedGranularity=record"),
        &[],
    );
    assert_eq!(status, 200, "{doc:#}");
    assert_eq!(records(set(&doc, "cohort"), "runs", "runDate").len(), 1);
    let sample = id.rsplit(':').next().expect("sample");
    let (_, doc) = curl(
        &served,
        &format!("/biosamples/{sample}/analyses?requestedGranularity=record"),
        &[],
    );
    let got = records(set(&doc, "cohort"), "analyses", "analysisDate");
    assert_eq!(got.len(), 1, "{doc:#}");
    assert_eq!(&got.values().next().expect("one").0, who);
    let (status, doc) = curl(
        &served,
        "/runs/nope.sam:S1?requestedGranularity=record&includeResultsetResponses=ALL",
        &[],
    );
    assert_eq!(status, 200, "{doc:#}");
    assert_eq!(set(&doc, "cohort")["exists"], false, "{doc:#}");
}
