//! Errors in inline documents: JSON paths of structural errors, `oneof` conflicts, and JSON
//! Lines specifics.

use std::path::Path;

use crate::error::{ErrorKind, Location};
use crate::phenopackets::{Document, Format, PhenopacketSet, parse, parse_document};

/// The error of parsing `json` as one document, as (JSON path, message).
fn fail(json: &str) -> (String, String) {
    let e = parse_document(Path::new("x.json"), json.as_bytes(), 1).expect_err("invalid");
    assert_eq!(e.path, Path::new("x.json"));
    let shown = e.to_string();
    let Location::JsonPath { path, .. } = e.location else {
        panic!("no JSON path: {shown}")
    };
    let ErrorKind::Json(message) = e.kind else {
        panic!("not a JSON error: {shown}")
    };
    (path, message)
}

#[test]
fn structural_errors_have_paths() {
    let (path, message) = fail(r#"[{"id": "p"}]"#);
    assert_eq!(path, "$");
    assert_eq!(
        message,
        "invalid type: sequence, expected a Phenopacket, Cohort or Family JSON object"
    );

    let (path, message) = fail(r#"{"subject": {"taxonomy": ["NCBITaxon:9606", "human"]}}"#);
    assert_eq!(path, "$.subject.taxonomy");
    assert_eq!(
        message,
        "invalid type: sequence, expected struct OntologyClass"
    );

    let (path, message) = fail(r#"{"id": "p"} {"id": "q"}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("$", "trailing characters")
    );

    let (path, message) = fail(r#"{"subject": {"id": "a"}, "members": []}"#);
    assert_eq!(path, "$");
    assert_eq!(
        message,
        "the object has fields of both a Phenopacket (`subject`) and a Cohort (`members`)"
    );

    let (path, _) = fail(r#"{"members": [{"subject": {"id": "a", "sex": "X"}}]}"#);
    assert_eq!(path, "$.members[0].subject.sex");

    let (path, _) = fail(
        r#"{"proband": {"subject": {"id": "a"}}, "relatives": [{}, {"diseases": [{"term": 1}]}]}"#,
    );
    assert_eq!(path, "$.relatives[1].diseases[0].term");

    let (path, message) = fail(r#"{"subject": {"vitalStatus": {"survivalTimeInDays": -3}}}"#);
    assert_eq!(path, "$.subject.vitalStatus.survivalTimeInDays");
    assert_eq!(message, "integer `-3` is out of range for u32");

    let (path, message) = fail(r#"{"subject": {"dateOfBirth": "2018-02-30T00:00:00Z"}}"#);
    assert_eq!(path, "$.subject.dateOfBirth");
    assert_eq!(
        message,
        "invalid timestamp `2018-02-30T00:00:00Z` (expected RFC 3339, e.g. `2018-03-01T00:00:00Z`)"
    );

    let (path, message) =
        fail(r#"{"files": [{"uri": "u", "individualToFileIdentifiers": {"a b": 7}}]}"#);
    assert_eq!(path, "$.files[0].individualToFileIdentifiers[\"a b\"]");
    assert_eq!(message, "invalid type: integer `7`, expected a string");
}

#[test]
fn oneof_conflicts_are_errors() {
    let (path, message) = fail(
        r#"{"phenotypicFeatures": [{"onset": {"age": {"iso8601duration": "P1Y"}, "timestamp": "2020-01-01T00:00:00Z"}}]}"#,
    );
    assert_eq!(path, "$.phenotypicFeatures[0].onset");
    assert_eq!(
        message,
        "time element: only one of `gestationalAge`, `age`, `ageRange`, `ontologyClass`, `timestamp`, `interval` may be set, found more than one"
    );
    let (path, _) = fail(r#"{"medicalActions": [{"procedure": {}, "treatment": {}}]}"#);
    assert_eq!(path, "$.medicalActions[0]");
    let (path, _) = fail(r#"{"measurements": [{"value": {"quantity": {}, "ontologyClass": {}}}]}"#);
    assert_eq!(path, "$.measurements[0].value");
}

#[test]
fn errors_after_raw_vrs_variation_keep_their_path() {
    let json = r#"{"interpretations": [{"diagnosis": {"genomicInterpretations": [{"variantInterpretation": {
        "variationDescriptor": {"variation": {"allele": {"a": [1, {"b": null}]}}, "moleculeContext": "dna"}}}]}}]}"#;
    let (path, message) = fail(json);
    assert_eq!(
        path,
        "$.interpretations[0].diagnosis.genomicInterpretations[0].variantInterpretation.variationDescriptor.moleculeContext"
    );
    assert!(
        message.starts_with("unknown molecule context `dna`"),
        "{message}"
    );
}

#[test]
fn a_bad_line_adds_nothing() {
    let mut set = PhenopacketSet::new();
    let text = b"{\"subject\": {\"id\": \"a\"}}\n{\"subject\": {\"id\": 5}}\n";
    let e = set
        .read(Path::new("x.jsonl"), text, Format::JsonLines)
        .expect_err("invalid");
    assert_eq!(
        e.location,
        Location::JsonPath {
            path: "$.subject.id".into(),
            line: 2,
            column: 20
        }
    );
    assert!(set.is_empty());
}

#[test]
fn json_lines_accepts_blank_lines_crlf_and_bom() {
    let text = b"\xEF\xBB\xBF{\"id\": \"a\"}\r\n\r\n   \n{\"id\": \"b\"}";
    let documents = parse(Path::new("x.jsonl"), text, Format::JsonLines).expect("valid");
    assert_eq!(documents.len(), 2);
    assert!(matches!(&documents[1], Document::Phenopacket(p) if p.id.as_deref() == Some("b")));
    let e = parse(Path::new("x.json"), b"", Format::Json).expect_err("empty");
    assert_eq!(
        e.to_string(),
        "`x.json` at JSON path `$` (line 1, column 0): invalid phenopacket JSON: EOF while parsing a value"
    );
}
