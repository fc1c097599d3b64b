//! The variants individuals carry: `/individuals/{id}/g_variants` and `g_variants` with
//! filters, checked against bcftools genotypes and the phenopacket files.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::{Value, json};

use super::super::support::run;
use super::{RESPONSES, curl, post, record_schema, serve, set, validate};

/// Sample → `chrom-pos-ref-alt` of every alternate allele its genotype holds in
/// `region`, by bcftools.
fn carried(vcf: &std::path::Path, region: &str) -> BTreeMap<String, BTreeSet<String>> {
    let out = run(Command::new("bcftools")
        .args(["query", "-r", region])
        .args(["-f", "[%SAMPLE\t%CHROM\t%POS\t%REF\t%ALT\t%GT\n]"])
        .arg(vcf));
    let mut by_sample: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in out.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let alts: Vec<&str> = f[4].split(',').collect();
        let set = by_sample.entry(f[0].to_string()).or_default();
        for allele in f[5].split(['/', '|']) {
            if let Ok(i) = allele.parse::<usize>()
                && i > 0
            {
                set.insert(format!("{}-{}-{}-{}", f[1], f[2], f[3], alts[i - 1]));
            }
        }
    }
    by_sample
}

/// The `cohort` set's variant ids, each record validated.
fn ids(doc: &Value) -> BTreeSet<String> {
    let set = set(doc, "cohort");
    let mut out = BTreeSet::new();
    for r in set["results"].as_array().expect("results") {
        validate(&record_schema("genomicVariations"), r);
        out.insert(r["variantInternalId"].as_str().expect("id").to_string());
    }
    assert_eq!(set["resultsCount"], out.len(), "{set:#}");
    out
}

#[test]
fn variants_of_selected_individuals_agree_with_bcftools() {
    let served = serve();
    let dir = served.dir.path();
    let by_sample = carried(&dir.join("cohort.vcf.gz"), "chr1:1-300000");
    assert!(by_sample.values().any(|s| !s.is_empty()));
    let range = "referenceName=chr1&start=0&end=300000&requestedGranularity=record&limit=1000";

    // One individual's variants (IND00003 is sample S00003).
    let (status, doc) = curl(
        &served,
        &format!("/individuals/IND00003/g_variants?{range}"),
        &[],
    );
    assert_eq!(status, 200, "{doc:#}");
    validate(&format!("{RESPONSES}beaconResultsetsResponse.json"), &doc);
    assert_eq!(ids(&doc), by_sample["S00003"]);

    // Variants carried by the female individuals, and by those with one HPO term exactly.
    let mut female = BTreeSet::new();
    let mut with_term: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in 1..=8 {
        let p: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("cohort.phenopackets/IND0000{i}.json")))
                .expect("read"),
        )
        .expect("json");
        let sample = format!("S0000{i}");
        let theirs = by_sample.get(&sample).cloned().unwrap_or_default();
        if p["subject"]["sex"] == "FEMALE" {
            female.extend(theirs.iter().cloned());
        }
        for f in p["phenotypicFeatures"].as_array().into_iter().flatten() {
            if f["excluded"] != json!(true) {
                let t = f["type"]["id"].as_str().expect("term").to_string();
                with_term
                    .entry(t)
                    .or_default()
                    .extend(theirs.iter().cloned());
            }
        }
    }
    let body = |filters: Value| {
        json!({
            "meta": {"apiVersion": "v2.1.1"},
            "query": {
                "requestParameters": {"referenceName": "chr1", "start": [0], "end": [300000]},
                "filters": filters,
                "requestedGranularity": "record",
                "pagination": {"skip": 0, "limit": 1000},
            }
        })
    };
    let (status, doc) = post(
        &served,
        "/g_variants",
        &body(json!([{"id": "NCIT:C16576"}])),
    );
    assert_eq!(status, 200, "{doc:#}");
    assert_eq!(ids(&doc), female);
    let (term, want) = with_term
        .iter()
        .max_by_key(|(_, v)| v.len())
        .expect("a term");
    let filter = json!([{"id": term, "includeDescendantTerms": false}]);
    let (_, doc) = post(&served, "/g_variants", &body(filter));
    assert_eq!(&ids(&doc), want, "{term}");
    // Without any filter, every variant in the range (a superset).
    let (_, doc) = curl(&served, &format!("/g_variants?{range}"), &[]);
    assert!(ids(&doc).is_superset(&female));
}
