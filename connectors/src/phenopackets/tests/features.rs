//! The `phenotypic_features` and `diseases` tables.

use crate::phenopackets::tests::{at, load, row_where, rows_where};

#[test]
fn phenotypic_features_of_the_full_packet() {
    let t = load(&["phenopacket.json"]).phenotypic_features;
    assert_eq!(t.num_rows(), 8, "7 of the subject and 1 of its biosample");
    let seizure = row_where(&t, "type.id", "HP:0001250");
    let expect = [
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("biosample_id", "∅"),
        ("type.label", "Seizure"),
        ("excluded", "false"),
        ("severity.id", "HP:0012828"),
        ("severity.label", "Severe"),
        ("modifiers[0].id", "HP:0031796"),
        ("modifiers[0].label", "Recurrent"),
        ("onset.age", "P2Y6M"),
        ("onset.days", "913.125"),
        ("resolution.age", "P12Y"),
        ("resolution.days", "4383.0"),
        ("evidence[0].evidence_code.id", "ECO:0000033"),
        (
            "evidence[0].evidence_code.label",
            "author statement supported by traceable reference",
        ),
        ("evidence[0].reference.id", "PMID:30808312"),
        (
            "evidence[0].reference.reference",
            "https://pubmed.ncbi.nlm.nih.gov/30808312",
        ),
        ("evidence[0].reference.description", "case report"),
        ("description", "first febrile seizure at 30 months"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, seizure), value, "{path}");
    }

    // Every kind of time element.
    let gdd = row_where(&t, "type.id", "HP:0001263");
    assert_eq!(at(&t, "onset.ontology_class.id", gdd), "HP:0011463");
    assert_eq!(at(&t, "onset.ontology_class.label", gdd), "Childhood onset");
    assert_eq!(at(&t, "onset.days", gdd), "∅");
    assert_eq!(at(&t, "modifiers", gdd), "[]");
    assert_eq!(at(&t, "resolution", gdd), "∅");
    let fetal = row_where(&t, "type.id", "HP:0001558");
    assert_eq!(at(&t, "onset.gestational_weeks", fetal), "33");
    assert_eq!(at(&t, "onset.gestational_days", fetal), "2");
    assert_eq!(
        at(&t, "onset.days", fetal),
        "-47.0",
        "33w2d is 47 days before term"
    );
    let range = row_where(&t, "type.id", "HP:0003002");
    assert_eq!(at(&t, "onset.age_range_start", range), "P44Y");
    assert_eq!(at(&t, "onset.age_range_end", range), "P45Y");
    assert_eq!(at(&t, "onset.days", range), "16071.0");
    assert_eq!(at(&t, "onset.age", range), "∅");
    let headache = row_where(&t, "type.id", "HP:0002315");
    assert_eq!(at(&t, "onset.timestamp", headache), "2021-05-04T10:00:00Z");
    let fatigue = row_where(&t, "type.id", "HP:0012378");
    assert_eq!(
        at(&t, "onset.interval_start", fatigue),
        "2022-01-01T00:00:00Z"
    );
    assert_eq!(
        at(&t, "onset.interval_end", fatigue),
        "2022-03-31T00:00:00Z"
    );

    let microcephaly = row_where(&t, "type.id", "HP:0000252");
    assert_eq!(at(&t, "excluded", microcephaly), "true");
    let tumour = row_where(&t, "type.id", "NCIT:C4017");
    assert_eq!(at(&t, "biosample_id", tumour), "biosample-1");
    assert_eq!(at(&t, "individual_id", tumour), "patient-1");
}

#[test]
fn features_from_cohort_family_and_lines() {
    let t = load(&["cohort.json", "family.json", "packets.jsonl"]).phenotypic_features;
    assert_eq!(rows_where(&t, "individual_id", "C1").len(), 2);
    let c3 = row_where(&t, "individual_id", "C3");
    assert_eq!(at(&t, "excluded", c3), "true");
    let mother = row_where(&t, "individual_id", "F7-mother");
    assert_eq!(at(&t, "type.label", mother), "Seizure");
    let l1 = row_where(&t, "individual_id", "L1");
    assert_eq!(at(&t, "onset.days", l1), "21.0");
    let l2 = row_where(&t, "individual_id", "L2");
    assert_eq!(at(&t, "onset.age_range_start", l2), "P1Y");
    assert_eq!(at(&t, "onset.days", l2), "365.25");
}

#[test]
fn diseases() {
    let t = load(&["phenopacket.json"]).diseases;
    assert_eq!(t.num_rows(), 3);
    let dravet = row_where(&t, "term.id", "MONDO:0100135");
    assert_eq!(at(&t, "individual_id", dravet), "patient-1");
    assert_eq!(at(&t, "phenopacket_id", dravet), "PPK-0001");
    assert_eq!(at(&t, "term.label", dravet), "Dravet syndrome");
    assert_eq!(at(&t, "excluded", dravet), "false");
    assert_eq!(at(&t, "onset.ontology_class.id", dravet), "HP:0003593");
    assert_eq!(at(&t, "disease_stage", dravet), "[]");
    let cancer = row_where(&t, "term.id", "MONDO:0007254");
    let expect = [
        ("onset.age", "P44Y11M"),
        ("resolution.age", "P45Y4M"),
        ("disease_stage[0].id", "NCIT:C27967"),
        ("disease_stage[0].label", "Stage IIA"),
        ("clinical_tnm_finding[0].id", "NCIT:C48726"),
        ("clinical_tnm_finding[1].label", "M0 Stage Finding"),
        ("primary_site.id", "UBERON:0000310"),
        ("primary_site.label", "breast"),
        ("laterality.id", "HP:0012835"),
        ("laterality.label", "Left"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, cancer), value, "{path}");
    }
    let gefs = row_where(&t, "term.id", "OMIM:604403");
    assert_eq!(at(&t, "excluded", gefs), "true");
}
