//! The `biosamples` and `measurements` tables.

use crate::phenopackets::tests::{at, load, row_where};

#[test]
fn biosample() {
    let t = load(&["phenopacket.json"]).biosamples;
    assert_eq!(t.num_rows(), 1);
    let expect = [
        ("biosample_id", "biosample-1"),
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("derived_from_id", "biosample-0"),
        ("description", "left breast core needle biopsy"),
        ("sampled_tissue.id", "UBERON:0000310"),
        ("sampled_tissue.label", "breast"),
        ("sample_type.id", "OBI:0001479"),
        ("phenotypic_feature_count", "1"),
        ("measurement_count", "1"),
        ("taxonomy.id", "NCBITaxon:9606"),
        ("time_of_collection.age", "P44Y11M"),
        ("histological_diagnosis.id", "NCIT:C4017"),
        ("tumor_progression.label", "Primary Malignant Neoplasm"),
        ("tumor_grade.id", "NCIT:C28078"),
        ("pathological_stage.label", "Stage IIA"),
        ("pathological_tnm_finding[0].id", "NCIT:C48726"),
        ("pathological_tnm_finding[1].id", "NCIT:C48705"),
        ("diagnostic_markers[0].label", "HER2/Neu Positive"),
        ("procedure.code.id", "NCIT:C15189"),
        ("procedure.code.label", "Biopsy"),
        ("procedure.body_site.id", "UBERON:0000310"),
        ("procedure.performed.age", "P44Y11M"),
        ("files", "[file:///data/genomes/patient-1-tumor.vcf.gz]"),
        ("material_sample.id", "EFO:0009655"),
        ("sample_processing.id", "NCIT:C113844"),
        ("sample_storage.label", "Room Temperature"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, 0), value, "{path}");
    }
}

#[test]
fn measurements() {
    let t = load(&["phenopacket.json"]).measurements;
    assert_eq!(t.num_rows(), 3, "2 of the subject and 1 of its biosample");
    let platelets = row_where(&t, "assay.id", "LOINC:26515-7");
    let expect = [
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("biosample_id", "∅"),
        ("assay.label", "Platelets [#/volume] in Blood"),
        ("value.quantity.unit.id", "UCUM:/uL"),
        ("value.quantity.unit.label", "per microliter"),
        ("value.quantity.value", "24000.0"),
        ("value.quantity.reference_range.unit.id", "UCUM:/uL"),
        ("value.quantity.reference_range.low", "150000.0"),
        ("value.quantity.reference_range.high", "450000.0"),
        ("value.ontology_class", "∅"),
        ("complex_value", "∅"),
        ("time_observed.age", "P45Y2M"),
        ("procedure.code.id", "NCIT:C28221"),
        ("procedure.body_site", "∅"),
        ("description", "low platelets"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, platelets), value, "{path}");
    }

    let pressure = row_where(&t, "assay.id", "LOINC:35094-2");
    assert_eq!(at(&t, "value", pressure), "∅");
    assert_eq!(
        at(&t, "complex_value", pressure),
        concat!(
            r#"{"typedQuantities":["#,
            r#"{"type":{"id":"NCIT:C25298","label":"Systolic Blood Pressure"},"quantity":{"unit":{"id":"UCUM:mm[Hg]","label":"mmHg"},"value":120.0}},"#,
            r#"{"type":{"id":"NCIT:C25299","label":"Diastolic Blood Pressure"},"quantity":{"unit":{"id":"UCUM:mm[Hg]","label":"mmHg"},"value":80.0}}]}"#
        )
    );

    let receptor = row_where(&t, "assay.id", "LOINC:40557-1");
    assert_eq!(at(&t, "biosample_id", receptor), "biosample-1");
    assert_eq!(
        at(&t, "value.ontology_class.id", receptor),
        "LOINC:LA6576-8"
    );
    assert_eq!(at(&t, "value.ontology_class.label", receptor), "Positive");
    assert_eq!(at(&t, "value.quantity", receptor), "∅");
}

#[test]
fn measurement_from_json_lines() {
    let t = load(&["packets.jsonl"]).measurements;
    assert_eq!(t.num_rows(), 1);
    assert_eq!(
        at(&t, "value.quantity.value", 0),
        "101.5",
        "a double given as a string"
    );
    assert_eq!(at(&t, "time_observed.gestational_weeks", 0), "40");
    assert_eq!(at(&t, "time_observed.gestational_days", 0), "∅");
    assert_eq!(at(&t, "time_observed.days", 0), "0.0", "40 weeks is term");
}
