//! The `individuals` table.

use crate::phenopackets::tests::{at, fixtures, load, row_where};

#[test]
fn full_subject() {
    let t = load(&["phenopacket.json"]).individuals;
    assert_eq!(t.num_rows(), 1);
    let expect = [
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("alternate_ids", "[MRN:889241, biobank:B-1123]"),
        ("date_of_birth", "1978-03-01T00:00:00Z"),
        ("time_at_last_encounter.age", "P45Y3M"),
        ("time_at_last_encounter.days", "16527.5625"),
        ("time_at_last_encounter.ontology_class", "∅"),
        ("vital_status.status", "DECEASED"),
        ("vital_status.time_of_death.age", "P45Y5M"),
        ("vital_status.cause_of_death.id", "MONDO:0007254"),
        ("vital_status.cause_of_death.label", "breast cancer"),
        ("vital_status.survival_time_in_days", "812"),
        ("sex", "FEMALE"),
        ("karyotypic_sex", "XX"),
        ("gender.id", "LOINC:LA22878-5"),
        ("gender.label", "Identifies as female"),
        ("taxonomy.id", "NCBITaxon:9606"),
        ("taxonomy.label", "Homo sapiens"),
        ("cohort_id", "∅"),
        ("family_id", "∅"),
        ("family_role", "∅"),
        ("consanguinous_parents", "∅"),
        ("paternal_id", "∅"),
        ("created", "2024-01-15T09:30:00.123456Z"),
        ("created_by", "clinician:ab"),
        ("submitted_by", "genofed-test"),
        ("phenopacket_schema_version", "2.0"),
        ("external_references[0].id", "PMID:30808312"),
        ("external_references[0].description", "case report"),
        (
            "source_path",
            &fixtures().join("phenopacket.json").display().to_string(),
        ),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, 0), value, "{path}");
    }
}

#[test]
fn family_roles_and_pedigree() {
    let t = load(&["family.json"]).individuals;
    assert_eq!(t.num_rows(), 3);
    let child = row_where(&t, "individual_id", "F7-child");
    let mother = row_where(&t, "individual_id", "F7-mother");
    let father = row_where(&t, "individual_id", "F7-father");
    assert_eq!(at(&t, "family_id", child), "family-7");
    assert_eq!(at(&t, "family_role", child), "proband");
    assert_eq!(at(&t, "family_role", mother), "relative");
    assert_eq!(at(&t, "family_role", father), "relative");
    assert_eq!(at(&t, "consanguinous_parents", child), "false");
    assert_eq!(at(&t, "paternal_id", child), "F7-father");
    assert_eq!(at(&t, "maternal_id", child), "F7-mother");
    assert_eq!(at(&t, "affected_status", child), "AFFECTED");
    assert_eq!(at(&t, "affected_status", mother), "UNAFFECTED");
    assert_eq!(at(&t, "paternal_id", mother), "∅");
    assert_eq!(at(&t, "date_of_birth", father), "1983-09-30T00:00:00Z");
    assert_eq!(at(&t, "cohort_id", child), "∅");
    // Members without metaData inherit the family's.
    assert_eq!(at(&t, "created_by", mother), "genetics-clinic");
}

#[test]
fn cohort_members() {
    let t = load(&["cohort.json"]).individuals;
    assert_eq!(t.num_rows(), 3);
    for (row, id) in ["C1", "C2", "C3"].into_iter().enumerate() {
        assert_eq!(at(&t, "individual_id", row), id);
        assert_eq!(at(&t, "cohort_id", row), "cohort-dee");
        assert_eq!(at(&t, "family_role", row), "∅");
    }
    assert_eq!(at(&t, "sex", 2), "UNKNOWN_SEX");
    assert_eq!(at(&t, "time_at_last_encounter.days", 1), "2617.625");
    // C3 has its own metaData, the others inherit the cohort's.
    assert_eq!(at(&t, "created_by", 0), "cohort-curator");
    assert_eq!(at(&t, "created_by", 2), "site-b");
    assert_eq!(at(&t, "created", 2), "2023-11-02T08:00:00Z");
}

#[test]
fn json_lines_snake_case_and_enum_numbers() {
    let t = load(&["packets.jsonl"]).individuals;
    assert_eq!(t.num_rows(), 5);
    let l2 = row_where(&t, "individual_id", "L2");
    assert_eq!(at(&t, "sex", l2), "FEMALE", "enum given as its number");
    assert_eq!(at(&t, "vital_status.status", l2), "ALIVE");
    assert_eq!(at(&t, "phenopacket_schema_version", l2), "2.0");
    assert_eq!(at(&t, "karyotypic_sex", 0), "XY");
    let l5 = row_where(&t, "individual_id", "L5");
    assert_eq!(at(&t, "cohort_id", l5), "cohort-small");
    assert_eq!(at(&t, "phenopacket_id", l5), "PPK-L5");
}
