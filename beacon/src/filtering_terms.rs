//! `/filtering_terms`: the filters this node answers, from the terms and values actually
//! present in the datasets a caller may discover.

use std::collections::{BTreeMap, BTreeSet};

use genofed_engine::BeaconConfig;
use serde_json::{Value, json};

use crate::filters::{AGE, CATEGORICAL, FIELDS, Terms};
use crate::response::informational_meta;

/// Ontologies by CURIE prefix: (resource id, name, IRI prefix).
const RESOURCES: &[(&str, &str, &str)] = &[
    (
        "HP",
        "Human Phenotype Ontology",
        "http://purl.obolibrary.org/obo/HP_",
    ),
    (
        "MONDO",
        "Mondo Disease Ontology",
        "http://purl.obolibrary.org/obo/MONDO_",
    ),
    (
        "NCIT",
        "NCI Thesaurus",
        "http://purl.obolibrary.org/obo/NCIT_",
    ),
    (
        "UBERON",
        "Uber-anatomy ontology",
        "http://purl.obolibrary.org/obo/UBERON_",
    ),
    (
        "EFO",
        "Experimental Factor Ontology",
        "http://www.ebi.ac.uk/efo/EFO_",
    ),
    (
        "OMIM",
        "Online Mendelian Inheritance in Man",
        "https://omim.org/entry/",
    ),
    (
        "ORPHA",
        "Orphanet Rare Disease Ontology",
        "http://www.orpha.net/ORDO/Orphanet_",
    ),
];

/// Entry types every filter applies to.
const SCOPES: [&str; 2] = ["individual", "biosample"];

fn prefix(id: &str) -> &str {
    id.split_once(':').map_or(id, |(p, _)| p)
}

/// The response listing the filters of `datasets`.
pub fn response(c: &BeaconConfig, terms: &Terms, datasets: &[&str]) -> Value {
    let mut ontology: BTreeMap<String, String> = BTreeMap::new();
    let mut custom: BTreeSet<String> = BTreeSet::new();
    for d in datasets {
        for found in terms.datasets.get(*d).into_iter().flat_map(|w| w.values()) {
            for (id, label) in found {
                ontology.entry(id.clone()).or_insert_with(|| label.clone());
            }
        }
        for (field, values) in terms.values.get(*d).into_iter().flatten() {
            for v in values {
                if *field == "sex" {
                    if let Some((id, label)) = crate::filters::sex_term(v) {
                        ontology.insert(id.to_string(), label.to_string());
                    }
                } else if CATEGORICAL.contains(field) {
                    custom.insert(format!("{field}:{v}"));
                }
            }
        }
    }
    let mut list = Vec::new();
    let mut prefixes = BTreeSet::new();
    for (id, label) in &ontology {
        let p = prefix(id);
        prefixes.insert(p.to_string());
        let kind = RESOURCES
            .iter()
            .find(|r| r.0 == p)
            .map_or("ontology", |r| r.1);
        let mut t = json!({ "type": kind, "id": id, "scopes": SCOPES });
        if !label.is_empty() {
            t["label"] = Value::from(label.clone());
        }
        list.push(t);
    }
    list.push(json!({
        "type": "alphanumeric",
        "id": AGE,
        "label": "age at the last encounter (ISO 8601 duration)",
        "scopes": SCOPES,
    }));
    for (id, _) in FIELDS {
        list.push(json!({ "type": "alphanumeric", "id": id, "scopes": SCOPES }));
    }
    for id in custom {
        list.push(json!({ "type": "custom", "id": id, "scopes": SCOPES }));
    }
    let resources: Vec<Value> = RESOURCES
        .iter()
        .filter(|r| prefixes.contains(r.0))
        .map(|&(p, name, iri)| {
            json!({
                "id": p.to_lowercase(),
                "name": name,
                "namespacePrefix": p,
                "iriPrefix": iri,
            })
        })
        .collect();
    json!({
        "meta": informational_meta(&c.id, &[]),
        "response": { "filteringTerms": list, "resources": resources },
    })
}
