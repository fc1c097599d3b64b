//! Individuals, biosamples, cohorts and filtering terms, checked against the phenopacket
//! files the node serves and an independent reading of the HPO file.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{RESPONSES, curl, post, record_schema, schemas, serve, set, validate};

/// What the test computes from the phenopacket files themselves.
struct Person {
    id: String,
    sex: String,
    /// Observed (not excluded) HPO features.
    features: Vec<String>,
    diseases: Vec<String>,
    /// Age at the last encounter, in days (a year 365.25 days, a month a twelfth).
    age_days: f64,
    tissue: String,
}

fn people(dir: &Path) -> Vec<Person> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("cohort.phenopackets"))
        .expect("phenopackets")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let p: Value =
            serde_json::from_str(&std::fs::read_to_string(&f).expect("read")).expect("json");
        let subject = &p["subject"];
        let age = subject["timeAtLastEncounter"]["age"]["iso8601duration"]
            .as_str()
            .expect("age");
        let (y, m) = age
            .trim_start_matches('P')
            .trim_end_matches('M')
            .split_once('Y')
            .expect("PnYnM");
        let age_days = y.parse::<f64>().expect("years") * 365.25
            + m.parse::<f64>().unwrap_or(0.0) * 365.25 / 12.0;
        let list = |key: &str, field: &str| -> Vec<String> {
            p[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter(|x| x["excluded"] != json!(true))
                        .map(|x| x[field]["id"].as_str().expect("id").to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        out.push(Person {
            id: subject["id"].as_str().expect("id").to_string(),
            sex: subject["sex"].as_str().expect("sex").to_string(),
            features: list("phenotypicFeatures", "type"),
            diseases: list("diseases", "term"),
            age_days,
            tissue: p["biosamples"][0]["sampledTissue"]["id"]
                .as_str()
                .expect("tissue")
                .to_string(),
        });
    }
    out
}

/// `term` and its descendants in the HPO file, read here with a few lines of OBO parsing
/// (not with genofed's ontology code).
fn hpo_descendants(term: &str) -> Vec<String> {
    let text = std::fs::read_to_string(schemas().join("../ontologies/hp_subset.obo"))
        .expect("hp_subset.obo");
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("id: ") {
            current = id.trim().to_string();
        } else if let Some(p) = line.strip_prefix("is_a: ") {
            let p = p.split_whitespace().next().expect("parent");
            parents.push((current.clone(), p.to_string()));
        }
    }
    let mut out = vec![term.to_string()];
    let mut i = 0;
    while i < out.len() {
        let t = out[i].clone();
        for (child, parent) in &parents {
            if *parent == t && !out.contains(child) {
                out.push(child.clone());
            }
        }
        i += 1;
    }
    out
}

fn filtered(entry: &str, filters: Value, granularity: &str) -> Value {
    json!({
        "meta": {"apiVersion": "v2.1.1"},
        "query": {
            "filters": filters,
            "requestedGranularity": granularity,
            "includeResultsetResponses": "ALL",
            "pagination": {"skip": 0, "limit": 100},
        },
        "entry": entry,
    })
}

fn ids(set: &Value) -> Vec<String> {
    set["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn individuals_and_biosamples_match_the_phenopackets() {
    let served = serve();
    let people = people(served.dir.path());
    assert_eq!(people.len(), 8);
    let with = |pred: &dyn Fn(&Person) -> bool| -> Vec<String> {
        people
            .iter()
            .filter(|p| pred(p))
            .map(|p| p.id.clone())
            .collect()
    };
    let nervous = hpo_descendants("HP:0000707");
    assert!(
        nervous.contains(&"HP:0001250".to_string()),
        "seizure is a nervous-system abnormality"
    );
    let hearing = hpo_descendants("HP:0000365");
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "nervous system, descendants included",
            json!([{"id": "HP:0000707"}]),
            with(&|p| p.features.iter().any(|f| nervous.contains(f))),
        ),
        (
            "nervous system, the term alone (no one has it)",
            json!([{"id": "HP:0000707", "includeDescendantTerms": false}]),
            with(&|p| p.features.iter().any(|f| f == "HP:0000707")),
        ),
        (
            "hearing impairment and female",
            json!([{"id": "HP:0000365"}, {"id": "NCIT:C16576"}]),
            with(&|p| p.sex == "FEMALE" && p.features.iter().any(|f| hearing.contains(f))),
        ),
        (
            "older than 40 years",
            json!([{"id": "age", "operator": ">", "value": "P40Y"}]),
            with(&|p| p.age_days > 40.0 * 365.25),
        ),
        (
            "at most 30 years and 6 months",
            json!([{"id": "age", "operator": "<=", "value": "P30Y6M"}]),
            with(&|p| p.age_days <= 30.5 * 365.25),
        ),
        (
            "a disease: type 2 diabetes",
            json!([{"id": "MONDO:0005148"}]),
            with(&|p| p.diseases.iter().any(|d| d == "MONDO:0005148")),
        ),
        (
            "a pattern on ids",
            json!([{"id": "individualId", "operator": "=", "value": "IND0000%"}]),
            with(&|_| true),
        ),
        (
            "a custom filter",
            json!(["vitalStatus:ALIVE", {"id": "NCIT:C20197"}]),
            with(&|p| p.sex == "MALE"),
        ),
    ];
    for (what, filters, expected) in &cases {
        let (status, doc) = post(
            &served,
            "/individuals",
            &filtered("individuals", filters.clone(), "record"),
        );
        assert_eq!(status, 200, "{what}: {doc:#}");
        validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
        let cohort = set(&doc, "cohort");
        assert_eq!(&ids(cohort), expected, "{what}");
        assert_eq!(cohort["resultsCount"], expected.len(), "{what}");
        for r in cohort["results"].as_array().expect("results") {
            validate(&record_schema("individuals"), r);
        }
        // The count-only dataset: the same count, or withheld below its k = 3.
        let counted = set(&doc, "counted");
        assert_eq!(counted["info"]["returnedGranularity"], "count", "{what}");
        assert_eq!(counted["results"], json!([]), "{what}");
        if expected.len() >= 3 {
            assert_eq!(
                counted["resultsCount"],
                expected.len(),
                "{what}: {counted:#}"
            );
            assert_eq!(counted["info"]["countPrecision"], "exact");
        } else {
            assert_eq!(counted["resultsCount"], 0, "{what}: {counted:#}");
            assert_eq!(counted["info"]["countBelow"], 3, "{what}: {counted:#}");
        }
        // The dataset that may only be discovered under this purpose: whether, at k = 5.
        let restricted = set(&doc, "restricted");
        assert_eq!(
            restricted["info"]["returnedGranularity"], "boolean",
            "{what}"
        );
        assert_eq!(restricted["resultsCount"], 0);
        assert_eq!(
            restricted["exists"],
            expected.len() >= 5,
            "{what}: {restricted:#}"
        );
    }
    // Records carry the subject's observed features.
    let (_, one) = curl(
        &served,
        "/individuals/IND00002?requestedGranularity=record",
        &[],
    );
    let record = &set(&one, "cohort")["results"][0];
    let features: Vec<&str> = record["phenotypicFeatures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| f["excluded"] != json!(true))
                .map(|f| f["featureType"]["id"].as_str().expect("id"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(features, people[1].features, "{record:#}");
    // No such individual: no dataset has it (a 404 would need every dataset to answer
    // with records; `counted` and `restricted` may not say which ids they hold).
    let (status, doc) = curl(
        &served,
        "/individuals/NOBODY?requestedGranularity=record",
        &[],
    );
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["responseSummary"]["exists"], false, "{doc}");

    // An unknown filter is reported and left out.
    let (_, doc) = post(
        &served,
        "/individuals",
        &filtered("individuals", json!([{"id": "XYZ:123"}]), "count"),
    );
    assert_eq!(set(&doc, "cohort")["resultsCount"], 8, "{doc:#}");
    assert!(
        doc["info"]["warnings"].to_string().contains("XYZ:123"),
        "{doc:#}"
    );

    // Biosamples: blood, and one individual's.
    let blood = with(&|p| p.tissue == "UBERON:0000178")
        .into_iter()
        .map(|i| i.replace("IND", "S"))
        .collect::<Vec<_>>();
    let (_, doc) = post(
        &served,
        "/biosamples",
        &filtered("biosamples", json!([{"id": "UBERON:0000178"}]), "record"),
    );
    validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
    let cohort = set(&doc, "cohort");
    assert_eq!(ids(cohort), blood);
    for r in cohort["results"].as_array().expect("results") {
        validate(&record_schema("biosamples"), r);
    }
    let (_, doc) = curl(
        &served,
        "/individuals/IND00003/biosamples?requestedGranularity=record",
        &[],
    );
    assert_eq!(ids(set(&doc, "cohort")), vec!["S00003".to_string()]);

    // Cohorts, their individuals, and the filtering terms the data has.
    let (status, cohorts) = curl(&served, "/cohorts", &[]);
    assert_eq!(status, 200, "{cohorts}");
    validate(
        &format!("{RESPONSES}beaconCollectionsResponse.json"),
        &cohorts,
    );
    for c in cohorts["response"]["collections"]
        .as_array()
        .expect("collections")
    {
        validate(&record_schema("cohorts"), c);
    }
    let sizes: Vec<(String, Value)> = cohorts["response"]["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id").to_string(),
                c["cohortSize"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("cohort".to_string(), json!(8)),
            ("counted".to_string(), json!(8)),
            ("restricted".to_string(), Value::Null),
        ]
    );
    let (_, nested) = curl(
        &served,
        "/cohorts/cohort/individuals?requestedGranularity=count",
        &[],
    );
    assert_eq!(set(&nested, "cohort")["resultsCount"], 8);
    let (_, terms) = curl(&served, "/filtering_terms", &[]);
    validate(
        &format!("{RESPONSES}beaconFilteringTermsResponse.json"),
        &terms,
    );
    let listed: Vec<&str> = terms["response"]["filteringTerms"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    for p in &people {
        for f in p.features.iter().chain(&p.diseases) {
            assert!(listed.contains(&f.as_str()), "`{f}` not in {listed:?}");
        }
    }
    assert!(
        listed.contains(&"NCIT:C16576") && listed.contains(&"age"),
        "{listed:?}"
    );
}
