//! Biosample records.

use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;
use datafusion::logical_expr::{Expr, col};
use serde_json::{Value, json};

use super::{Page, term_columns};

/// Terms a biosample record carries: (column, page prefix, Beacon field).
const TERMS: &[(&str, &str, &str)] = &[
    ("sampled_tissue", "tissue", "sampleOriginType"),
    ("material_sample", "material", "biosampleStatus"),
    (
        "histological_diagnosis",
        "diagnosis",
        "histologicalDiagnosis",
    ),
    ("tumor_progression", "progression", "tumorProgression"),
    ("tumor_grade", "grade", "tumorGrade"),
    ("pathological_stage", "stage", "pathologicalStage"),
    ("sample_processing", "processing", "sampleProcessing"),
    ("sample_storage", "storage", "sampleStorage"),
];

/// What the two required terms say when the phenopacket does not.
const UNKNOWN: (&str, &str) = ("NCIT:C17998", "Unknown");

pub(super) fn columns() -> Vec<Expr> {
    let mut c = vec![
        col("biosample_id"),
        col("individual_id"),
        col("description"),
    ];
    for (column, prefix, _) in TERMS {
        c.extend(term_columns(column, prefix));
    }
    c
}

pub(super) fn records(batches: &[RecordBatch]) -> Result<Vec<Value>> {
    let page = Page::new(batches)?;
    let unknown = json!({ "id": UNKNOWN.0, "label": UNKNOWN.1 });
    let mut out = Vec::with_capacity(page.len());
    for r in 0..page.len() {
        let Some(id) = page.get("biosample_id", r) else {
            continue;
        };
        let mut v = json!({
            "id": id,
            "biosampleStatus": unknown,
            "sampleOriginType": unknown,
        });
        if let Some(i) = page.get("individual_id", r) {
            v["individualId"] = Value::from(i);
        }
        if let Some(d) = page.get("description", r) {
            v["notes"] = Value::from(d);
        }
        for (_, prefix, field) in TERMS {
            if let Some(t) = page.term(prefix, r) {
                v[*field] = t;
            }
        }
        out.push(v);
    }
    Ok(out)
}
