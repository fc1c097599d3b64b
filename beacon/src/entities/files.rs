//! `runs` and `analyses` from the data files phenopackets list (`files` table): an
//! alignment or reads file of a sample (BAM, CRAM, SAM, FASTQ) is a sequencing run, a
//! variant file (VCF, BCF) is an analysis. One record per (file, individual).
//!
//! The file's format is the `files` table's `file_format` (its `fileAttributes.fileFormat`,
//! else its URI's extension), the record id its `file_key` (`<file name>:<sample>`). Record
//! fields come from `fileAttributes` keys named as the Beacon fields (`runDate`,
//! `platform`, `libraryStrategy`, `libraryLayout`, `librarySelection`; `analysisDate`,
//! `pipelineName`, `pipelineRef`, `variantCaller`, `aligner`); a missing date is the
//! date the phenopacket was created (`metaData.created`), and a missing `pipelineName`
//! is `unspecified`. The file's URI is not shown (it names the node's storage).

use std::collections::BTreeMap;

use datafusion::arrow::array::RecordBatch;
use datafusion::dataframe::DataFrame;
use datafusion::error::Result;
use datafusion::functions::core::expr_fn::{coalesce, get_field};
use datafusion::logical_expr::{Expr, col, lit};
use datafusion::prelude::SessionContext;
use serde_json::{Map, Value, json};

use super::Page;
use super::individuals::{keep, related};
use crate::EntryType;

/// Formats of runs and of analyses.
const RUN_FORMATS: &[&str] = &["BAM", "CRAM", "SAM", "FASTQ", "FQ"];
const ANALYSIS_FORMATS: &[&str] = &["VCF", "BCF", "GVCF"];

/// `fileAttributes` keys copied into run and analysis records (text fields).
const RUN_FIELDS: &[&str] = &["platform", "libraryStrategy", "librarySelection"];
const ANALYSIS_FIELDS: &[&str] = &["pipelineRef", "variantCaller", "aligner"];

/// Column of `fileAttributes[key]`.
fn attribute_column(key: &str) -> String {
    format!("attr_{key}")
}

fn attribute(key: &str) -> Expr {
    get_field(col("file_attributes"), key)
}

/// Every attribute key a record reads.
fn keys(entry: EntryType) -> Vec<&'static str> {
    let mut k = vec!["genomeAssembly"];
    if entry == EntryType::Run {
        k.extend(RUN_FIELDS);
        k.extend(["runDate", "libraryLayout"]);
    } else {
        k.extend(ANALYSIS_FIELDS);
        k.extend(["analysisDate", "pipelineName"]);
    }
    k
}

/// The rows of `files` that are runs (or analyses). Only plain predicates, so that
/// count-only tables can be counted (by their `file_key`).
pub(super) fn rows(files: DataFrame, entry: EntryType) -> Result<DataFrame> {
    let formats = if entry == EntryType::Run {
        RUN_FORMATS
    } else {
        ANALYSIS_FORMATS
    };
    let list = formats.iter().map(|f| lit(*f)).collect();
    files.filter(col("file_format").in_list(list, false))
}

/// The run's or analysis' biosample: the file's, else the sample name in the file.
pub(super) fn biosample() -> Expr {
    coalesce(vec![
        col("biosample_id"),
        col("file_sample_id"),
        col("individual_id"),
    ])
}

pub(super) fn columns(entry: EntryType) -> Vec<Expr> {
    let mut c = vec![
        col("file_key"),
        col("individual_id"),
        col("phenopacket_id"),
        biosample().alias("biosample"),
        col("file_format"),
    ];
    c.extend(
        keys(entry)
            .into_iter()
            .map(|k| attribute(k).alias(attribute_column(k))),
    );
    c
}

/// `YYYY-MM-DD` if `text` starts with one.
fn date(text: &str) -> Option<&str> {
    let d = text.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then_some(d)
}

pub(super) async fn records(
    ctx: &SessionContext,
    dataset: &str,
    entry: EntryType,
    batches: &[RecordBatch],
) -> Result<(Vec<Value>, Vec<String>)> {
    let page = Page::new(batches)?;
    // The record's date field, and the attribute it is read from.
    let date_key = if entry == EntryType::Run {
        "runDate"
    } else {
        "analysisDate"
    };
    // When each phenopacket was created, for records without a date of their own.
    let ids: Vec<String> = (0..page.len())
        .filter(|r| {
            page.get(&attribute_column(date_key), *r)
                .and_then(date)
                .is_none()
        })
        .filter_map(|r| page.get("individual_id", r).map(str::to_string))
        .collect();
    let mut warnings = Vec::new();
    let created = related(ctx, dataset, "individuals", &ids, |df| {
        df.select(vec![
            col("phenopacket_id"),
            datafusion::logical_expr::cast(
                col("created"),
                datafusion::arrow::datatypes::DataType::Utf8,
            )
            .alias("created"),
        ])
    })
    .await;
    let created = keep(created, dataset, "individuals", &mut warnings)?;
    let mut created_on: BTreeMap<&str, &str> = BTreeMap::new();
    if let Some(c) = &created {
        for r in 0..c.len() {
            if let (Some(p), Some(d)) = (
                c.get("phenopacket_id", r),
                c.get("created", r).and_then(date),
            ) {
                created_on.insert(p, d);
            }
        }
    }
    let mut undated = 0;
    let mut out = Vec::with_capacity(page.len());
    for r in 0..page.len() {
        let Some(id) = page.get("file_key", r) else {
            continue;
        };
        let attr = |key: &str| page.get(&attribute_column(key), r);
        let when = attr(date_key).and_then(date).or_else(|| {
            page.get("phenopacket_id", r)
                .and_then(|p| created_on.get(p).copied())
        });
        let Some(when) = when else {
            undated += 1;
            continue;
        };
        let mut v = json!({ "id": id, date_key: when });
        if let Some(b) = page.get("biosample", r) {
            v["biosampleId"] = Value::from(b);
        }
        if let Some(i) = page.get("individual_id", r) {
            v["individualId"] = Value::from(i);
        }
        if entry == EntryType::Run {
            for key in RUN_FIELDS {
                if let Some(x) = attr(key) {
                    v[*key] = Value::from(x);
                }
            }
            if let Some(l) = attr("libraryLayout").filter(|l| ["PAIRED", "SINGLE"].contains(l)) {
                v["libraryLayout"] = Value::from(l);
            }
        } else {
            v["pipelineName"] = Value::from(attr("pipelineName").unwrap_or("unspecified"));
            for key in ANALYSIS_FIELDS {
                if let Some(x) = attr(key) {
                    v[*key] = Value::from(x);
                }
            }
        }
        let mut info = Map::new();
        if let Some(f) = page.get("file_format", r) {
            info.insert("fileFormat".into(), Value::from(f));
        }
        if let Some(a) = attr("genomeAssembly") {
            info.insert("genomeAssembly".into(), Value::from(a));
        }
        if !info.is_empty() {
            v["info"] = Value::Object(info);
        }
        out.push(v);
    }
    if undated > 0 {
        warnings.push(format!(
            "dataset `{dataset}`: {undated} {} are not shown: neither the file nor its phenopacket has a date",
            entry.path()
        ));
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates() {
        assert_eq!(date("2026-01-01T00:00:00Z"), Some("2026-01-01"));
        assert_eq!(date("2026-01-01"), Some("2026-01-01"));
        assert_eq!(date("2026/01/01"), None);
        assert_eq!(date("20260101"), None);
        assert_eq!(date("2026-01-0é"), None);
    }
}
