//! The protobuf JSON mapping: scalars, field names, `oneof`s and document detection.

use std::path::Path;

use crate::phenopackets::model::{Sex, TimeElement};
use crate::phenopackets::{Document, parse_document};

fn packet(json: &str) -> crate::phenopackets::model::Phenopacket {
    match parse_document(Path::new("t.json"), json.as_bytes(), 1) {
        Ok(Document::Phenopacket(p)) => *p,
        Ok(other) => panic!("not a phenopacket: {other:?}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn protobuf_json_scalars() {
    let p = packet(
        r#"{"subject": {"sex": 2, "vitalStatus": {"survivalTimeInDays": "31"}},
            "phenotypicFeatures": null, "diseases": [{"excluded": null, "diseaseStage": null}],
            "measurements": [{"value": {"quantity": {"value": "NaN", "referenceRange": {"low": 1e2, "high": "-Infinity"}}}}],
            "interpretations": [{"diagnosis": {"genomicInterpretations": [{"variantInterpretation":
              {"variationDescriptor": {"vcfRecord": {"pos": 12345}}}}]}}],
            "medicalActions": [{"radiationTherapy": {"dosage": "60", "fractions": 30.0}}],
            "files": [{"uri": "u", "fileAttributes": null}]}"#,
    );
    let subject = p.subject.expect("subject");
    assert_eq!(subject.sex, Some(Sex::Male));
    assert_eq!(
        subject.vital_status.and_then(|v| v.survival_time_in_days),
        Some(31)
    );
    assert!(p.phenotypic_features.is_empty());
    assert!(!p.diseases[0].excluded);
    assert!(p.files[0].file_attributes.is_empty());
    let debug = format!("{:?}", p.measurements[0]);
    assert!(
        debug.contains("value: Some(NaN)") && debug.contains("low: Some(100.0)"),
        "{debug}"
    );
    assert!(debug.contains("high: Some(-inf)"), "{debug}");
    assert!(format!("{:?}", p.interpretations[0]).contains("pos: Some(12345)"));
    assert!(
        format!("{:?}", p.medical_actions[0]).contains("dosage: Some(60), fractions: Some(30)")
    );
}

#[test]
fn snake_case_field_names() {
    let p = packet(
        r#"{"meta_data": {"phenopacket_schema_version": "2.0", "external_references": [{"id": "PMID:1"}]},
            "subject": {"id": "s", "alternate_ids": ["x"], "date_of_birth": "2000-01-01T00:00:00Z",
              "time_at_last_encounter": {"gestational_age": {"weeks": 30}}, "karyotypic_sex": "XY"},
            "medical_actions": [{"therapeutic_regimen": {"ontology_class": {"id": "NCIT:C1"}, "regimen_status": 1}}],
            "biosamples": [{"sampled_tissue": {"id": "UBERON:1"}, "time_of_collection": {"age_range": {}}}]}"#,
    );
    let subject = p.subject.expect("subject");
    assert_eq!(subject.alternate_ids, ["x"]);
    let at_encounter = subject.time_at_last_encounter.expect("time");
    assert_eq!(at_encounter.days(), Some(-70.0));
    assert!(matches!(at_encounter, TimeElement::GestationalAge(_)));
    assert!(format!("{:?}", p.medical_actions[0]).contains("Started"));
    assert_eq!(
        p.meta_data
            .and_then(|m| m.phenopacket_schema_version)
            .as_deref(),
        Some("2.0")
    );
}

#[test]
fn documents_are_told_apart_by_their_fields() {
    let kind = |json: &str| match parse_document(Path::new("t.json"), json.as_bytes(), 1) {
        Ok(Document::Phenopacket(_)) => "phenopacket",
        Ok(Document::Cohort(_)) => "cohort",
        Ok(Document::Family(_)) => "family",
        Err(e) => panic!("{e}"),
    };
    assert_eq!(kind("{}"), "phenopacket");
    assert_eq!(kind(r#"{"id": "x", "metaData": {}}"#), "phenopacket");
    assert_eq!(kind(r#"{"id": "x", "members": []}"#), "cohort");
    assert_eq!(kind(r#"{"id": "x", "description": "d"}"#), "cohort");
    assert_eq!(kind(r#"{"id": "x", "proband": {}}"#), "family");
    assert_eq!(
        kind(r#"{"consanguinous_parents": true, "files": []}"#),
        "family"
    );
}

#[test]
fn empty_time_element_is_an_empty_struct() {
    let p = packet(r#"{"phenotypicFeatures": [{"onset": {}}]}"#);
    assert_eq!(p.phenotypic_features[0].onset, Some(TimeElement::Empty));
}

#[test]
fn out_of_range_integers_are_errors() {
    for json in [
        r#"{"subject": {"vitalStatus": {"survivalTimeInDays": 4294967296}}}"#,
        r#"{"subject": {"vitalStatus": {"survivalTimeInDays": 1e30}}}"#,
        r#"{"subject": {"vitalStatus": {"survivalTimeInDays": 2.5}}}"#,
        r#"{"subject": {"vitalStatus": {"survivalTimeInDays": "12a"}}}"#,
        r#"{"medicalActions": [{"radiationTherapy": {"dosage": -2147483649}}]}"#,
    ] {
        let e = parse_document(Path::new("t.json"), json.as_bytes(), 1).expect_err(json);
        assert!(e.to_string().contains("invalid phenopacket JSON"), "{e}");
    }
}

#[test]
fn a_field_given_twice_is_an_error() {
    for json in [
        r#"{"id": "a", "id": "b"}"#,
        r#"{"phenotypicFeatures": [], "phenotypic_features": []}"#,
        r#"{"subject": {"dateOfBirth": "2000-01-01T00:00:00Z", "date_of_birth": null}}"#,
    ] {
        let e = parse_document(Path::new("t.json"), json.as_bytes(), 1).expect_err(json);
        assert!(e.to_string().contains("duplicate field"), "{e}");
    }
}
