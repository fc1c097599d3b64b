//! The real files in ../shared/ontologies: duo.owl against the embedded vocabulary,
//! hp_subset.obo against hp_subset.owl.

use std::collections::BTreeSet;

use genofed_ontologies::duo::vocabulary;
use genofed_ontologies::{Store, SynonymScope};

use crate::support::shared;

#[test]
fn every_embedded_duo_term_agrees_with_duo_owl() {
    let store = Store::builder()
        .load(shared("duo.owl"))
        .unwrap()
        .build()
        .unwrap();
    for t in vocabulary::ALL {
        let term = store.term(t.id).unwrap_or_else(|e| panic!("{}: {e}", t.id));
        assert_eq!(term.label.as_deref(), Some(t.label), "label of {}", t.id);
        assert_eq!(
            term.shorthand.as_deref(),
            t.shorthand,
            "shorthand of {}",
            t.id
        );
        let parents: Vec<&str> = term
            .parents
            .iter()
            .map(|&p| store.get(p).id.as_str())
            .collect();
        assert_eq!(parents, [t.parent], "parents of {}", t.id);
        assert!(!term.obsolete, "{} is obsolete in duo.owl", t.id);
    }
    // Every non-obsolete DUO permission/modifier in the file is embedded.
    for root in [
        vocabulary::DATA_USE_PERMISSION.id,
        vocabulary::DATA_USE_MODIFIER.id,
    ] {
        let root = store.resolve(root).unwrap();
        for &d in store.descendants(root) {
            let term = store.get(d);
            assert!(
                vocabulary::find(&term.id).is_some(),
                "{} ({:?}) is in duo.owl but not embedded",
                term.id,
                term.label
            );
        }
    }
}

#[test]
fn duo_owl_quirks_survive() {
    let store = Store::builder()
        .load(shared("duo.owl"))
        .unwrap()
        .build()
        .unwrap();
    // NPOA's IRI is DUO_00000044; its oboInOwl:id is DUO:0000044.
    let npoa = store.term("DUO:0000044").unwrap();
    assert_eq!(
        npoa.label.as_deref(),
        Some("population origins or ancestry research prohibited")
    );
    assert!(store.lookup("DUO:00000044").is_none());
    // Obsolete terms carry replacements, even when written as prose.
    let old = store.term("DUO:0000005").unwrap();
    assert!(old.obsolete);
    assert_eq!(old.replaced_by, ["DUO:0000042", "DUO:0000043"]);
    // The hierarchy GRU ⊇ HMB ⊇ DS.
    assert!(store.is_a_curie("DUO:0000007", "DUO:0000006").unwrap());
    assert!(store.is_a_curie("DUO:0000007", "DUO:0000042").unwrap());
    assert!(!store.is_a_curie("DUO:0000011", "DUO:0000042").unwrap());
    // Definitions are read (IAO:0000115).
    assert!(
        store
            .term("DUO:0000007")
            .unwrap()
            .definition
            .as_deref()
            .unwrap()
            .contains("specified disease")
    );
}

#[test]
fn builtin_vocabulary_merges_with_duo_owl() {
    let store = Store::builder()
        .builtin()
        .unwrap()
        .load(shared("duo.owl"))
        .unwrap()
        .build()
        .unwrap();
    let ds = store.term("DS").err();
    assert!(ds.is_some(), "shorthands are not ids");
    let ds = store.term("DUO:0000007").unwrap();
    assert_eq!(ds.parents.len(), 1);
    assert!(store.is_a_curie("MONDO:0005148", "MONDO:0000001").unwrap());
}

#[test]
fn hp_obo_and_owl_give_the_same_hierarchy() {
    let obo = Store::builder()
        .load(shared("hp_subset.obo"))
        .unwrap()
        .build()
        .unwrap();
    let owl = Store::builder()
        .load(shared("hp_subset.owl"))
        .unwrap()
        .build()
        .unwrap();
    // Every named OBO term is in the OWL file with the same facts. (The OBO file also has
    // one stanza with only an id and an alt_id, HP:0006872; in the OWL file that id is
    // only the replacement of the obsolete class HP:0001322.)
    let named: Vec<String> = obo
        .terms()
        .filter(|(_, t)| t.label.is_some())
        .map(|(_, t)| t.id.clone())
        .collect();
    assert_eq!(named.len(), 1187);
    let owl_old = owl.term("HP:0001322").unwrap();
    assert!(owl_old.obsolete);
    assert_eq!(owl_old.replaced_by, ["HP:0006872"]);
    assert_eq!(obo.term("HP:0001322").unwrap().id, "HP:0006872");
    let common = &named;
    for id in common {
        let (x, y) = (obo.term(id).unwrap(), owl.term(id).unwrap());
        assert_eq!(x.label, y.label, "label of {id}");
        let names = |s: &Store, t: &genofed_ontologies::Term| -> BTreeSet<String> {
            t.parents.iter().map(|&p| s.get(p).id.clone()).collect()
        };
        assert_eq!(names(&obo, x), names(&owl, y), "parents of {id}");
        let anc = |s: &Store| -> BTreeSet<String> {
            s.ancestors(s.resolve(id).unwrap())
                .iter()
                .map(|&p| s.get(p).id.clone())
                .collect()
        };
        assert_eq!(anc(&obo), anc(&owl), "ancestors of {id}");
        assert_eq!(x.obsolete, y.obsolete, "obsolete {id}");
        let exact = |t: &genofed_ontologies::Term| -> BTreeSet<String> {
            t.synonyms
                .iter()
                .filter(|s| s.scope == SynonymScope::Exact)
                .map(|s| s.text.clone())
                .collect()
        };
        assert_eq!(exact(x), exact(y), "exact synonyms of {id}");
        assert_eq!(x.definition, y.definition, "definition of {id}");
    }
}

#[test]
fn hp_facts() {
    let hp = Store::builder()
        .load(shared("hp_subset.obo"))
        .unwrap()
        .build()
        .unwrap();
    assert!(hp.len() >= 1188);
    // HP:0001250 Seizure is a phenotypic abnormality (HP:0000118) and under All.
    assert_eq!(
        hp.term("HP:0001250").unwrap().label.as_deref(),
        Some("Seizure")
    );
    assert!(hp.is_a_curie("HP:0001250", "HP:0000118").unwrap());
    assert!(hp.is_a_curie("HP:0001250", "HP:0000001").unwrap());
    // alt_ids resolve to the primary term.
    let alt = hp.term("HP:0001453").unwrap();
    assert_eq!(alt.id, "HP:0000005");
    // Descendant expansion includes the term itself first.
    let expanded = hp.expand("HP:0000118").unwrap();
    assert_eq!(expanded[0], "HP:0000118");
    assert!(expanded.len() > 100);
    // Some term has several parents.
    assert!(hp.terms().any(|(_, t)| t.parents.len() > 1));
}
