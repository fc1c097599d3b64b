//! Bad input: every error names the file, the JSON path, the line and the column.

use crate::phenopackets::tests::{error, fixtures};

/// `` `<fixtures>/<name>` `` as the error starts.
fn file(name: &str) -> String {
    format!("`{}`", fixtures().join(name).display())
}

#[test]
fn malformed_json() {
    assert_eq!(
        error("bad_malformed.json"),
        format!(
            "{} at JSON path `$.phenotypicFeatures` (line 6, column 5): invalid phenopacket JSON: expected `,` or `]`",
            file("bad_malformed.json")
        )
    );
}

#[test]
fn unknown_enum_value() {
    assert_eq!(
        error("bad_enum.json"),
        format!(
            "{} at JSON path `$.subject.sex` (line 3, column 43): invalid phenopacket JSON: unknown sex `MALEE`, expected one of `UNKNOWN_SEX`, `FEMALE`, `MALE`, `OTHER_SEX`",
            file("bad_enum.json")
        )
    );
}

#[test]
fn wrong_type() {
    assert_eq!(
        error("bad_type.json"),
        format!(
            "{} at JSON path `$.phenotypicFeatures[1].excluded` (line 6, column 77): invalid phenopacket JSON: invalid type: string \"yes\", expected a boolean",
            file("bad_type.json")
        )
    );
}

#[test]
fn unknown_field() {
    let e = error("bad_unknown_field.json");
    let expected = format!(
        "{} at JSON path `$.phenotypicFeatures[0].onsett` (line 5, column 63): invalid phenopacket JSON: unknown field `onsett`, expected one of",
        file("bad_unknown_field.json")
    );
    assert!(e.starts_with(&expected), "{e}");
}

#[test]
fn bad_iso_duration() {
    assert_eq!(
        error("bad_duration.json"),
        format!(
            "{} at JSON path `$.phenotypicFeatures[1].onset.age.iso8601duration` (line 6, column 116): invalid phenopacket JSON: invalid ISO 8601 duration `45Y` (expected e.g. `P45Y3M`, `P3W2D` or `PT36H`)",
            file("bad_duration.json")
        )
    );
}

#[test]
fn json_lines_error_names_the_line_of_the_record() {
    assert_eq!(
        error("bad_line.jsonl"),
        format!(
            "{} at JSON path `$.subject.timeAtLastEncounter.age.iso8601duration` (line 3, column 105): invalid phenopacket JSON: invalid ISO 8601 duration `P1Y2D3M` (expected e.g. `P45Y3M`, `P3W2D` or `PT36H`)",
            file("bad_line.jsonl")
        )
    );
}
