//! The `medical_actions` table.

use crate::phenopackets::tests::{at, load, row_where};

#[test]
fn every_kind_of_action() {
    let t = load(&["medical_actions.json"]).medical_actions;
    assert_eq!(t.num_rows(), 5);
    for row in 0..5 {
        assert_eq!(at(&t, "individual_id", row), "patient-2");
        assert_eq!(at(&t, "phenopacket_id", row), "PPK-0002");
    }

    let p = row_where(&t, "action_type", "procedure");
    let expect = [
        ("term.id", "NCIT:C15276"),
        ("term.label", "Mastectomy"),
        ("body_site.id", "UBERON:0000310"),
        ("performed.age", "P45Y"),
        ("performed.days", "16436.25"),
        ("treatment_target.id", "MONDO:0007254"),
        ("treatment_intent.label", "Cure"),
        ("response_to_treatment.id", "NCIT:C123584"),
        ("adverse_events", "[]"),
        ("treatment_termination_reason", "∅"),
        ("route_of_administration", "∅"),
        ("dosage", "∅"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, p), value, "procedure {path}");
    }

    let d = row_where(&t, "action_type", "treatment");
    let expect = [
        ("term.id", "CHEBI:39867"),
        ("term.label", "valproic acid"),
        ("route_of_administration.id", "NCIT:C38288"),
        ("dose_intervals[0].quantity.unit.label", "milligram"),
        ("dose_intervals[0].quantity.value", "500.0"),
        ("dose_intervals[0].schedule_frequency.id", "NCIT:C64496"),
        ("dose_intervals[0].interval_start", "2020-01-01T00:00:00Z"),
        ("dose_intervals[0].interval_end", "2020-12-31T00:00:00Z"),
        ("drug_type", "PRESCRIPTION"),
        ("cumulative_dose.unit.id", "UO:0000021"),
        ("cumulative_dose.value", "365.0"),
        ("treatment_target.label", "Dravet syndrome"),
        ("adverse_events[0].id", "HP:0004324"),
        ("adverse_events[0].label", "Increased body weight"),
        ("treatment_termination_reason.id", "NCIT:C41331"),
        ("body_site", "∅"),
        ("performed", "∅"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, d), value, "treatment {path}");
    }

    let r = row_where(&t, "action_type", "radiation_therapy");
    assert_eq!(at(&t, "term.id", r), "NCIT:C28039");
    assert_eq!(at(&t, "body_site.label", r), "breast");
    assert_eq!(at(&t, "dosage", r), "50");
    assert_eq!(at(&t, "fractions", r), "25");
    assert_eq!(at(&t, "dose_intervals", r), "∅");

    let regimens = crate::phenopackets::tests::rows_where(&t, "action_type", "therapeutic_regimen");
    let [by_class, by_reference] = regimens.as_slice() else {
        panic!("two regimens expected: {regimens:?}")
    };
    assert_eq!(at(&t, "term.id", *by_class), "NCIT:C10894");
    assert_eq!(at(&t, "regimen_reference", *by_class), "∅");
    assert_eq!(at(&t, "start_time.age", *by_class), "P45Y1M");
    assert_eq!(at(&t, "end_time.age", *by_class), "P45Y4M");
    assert_eq!(at(&t, "regimen_status", *by_class), "COMPLETED");
    assert_eq!(at(&t, "term", *by_reference), "∅");
    assert_eq!(at(&t, "regimen_reference.id", *by_reference), "NCT01234567");
    assert_eq!(
        at(&t, "regimen_reference.reference", *by_reference),
        "https://clinicaltrials.gov/study/NCT01234567"
    );
    assert_eq!(
        at(&t, "regimen_reference.description", *by_reference),
        "adjuvant trial arm B"
    );
    assert_eq!(
        at(&t, "start_time.timestamp", *by_reference),
        "2023-06-01T00:00:00Z"
    );
    assert_eq!(at(&t, "end_time", *by_reference), "∅");
    assert_eq!(at(&t, "regimen_status", *by_reference), "DISCONTINUED");
}
