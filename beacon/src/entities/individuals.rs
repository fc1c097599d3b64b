//! Individual records: the subject, with its observed phenotypic features and diseases.

use std::collections::BTreeMap;

use datafusion::arrow::array::RecordBatch;
use datafusion::common::TableReference;
use datafusion::error::Result;
use datafusion::logical_expr::{Expr, col, lit};
use datafusion::prelude::SessionContext;
use serde_json::{Map, Value, json};

use super::{Page, term_columns};
use crate::filters::sex_term;

pub(super) fn columns() -> Vec<Expr> {
    vec![
        col("individual_id"),
        col("sex"),
        col("karyotypic_sex"),
        col("phenopacket_id"),
        col("cohort_id"),
        col("family_id"),
    ]
}

/// Karyotypes the Beacon model names (the same spellings as Phenopackets').
const KARYOTYPES: &[&str] = &[
    "UNKNOWN_KARYOTYPE",
    "XX",
    "XY",
    "XO",
    "XXY",
    "XXX",
    "XXYY",
    "XXXY",
    "XXXX",
    "XYY",
    "OTHER_KARYOTYPE",
];

pub(super) async fn records(
    ctx: &SessionContext,
    dataset: &str,
    batches: &[RecordBatch],
) -> Result<(Vec<Value>, Vec<String>)> {
    let page = Page::new(batches)?;
    let ids: Vec<String> = (0..page.len())
        .filter_map(|r| page.get("individual_id", r).map(str::to_string))
        .collect();
    let mut warnings = Vec::new();
    let features = related(ctx, dataset, "phenotypic_features", &ids, |df| {
        let mut cols = vec![col("individual_id"), col("excluded")];
        cols.extend(term_columns("type", "feature"));
        cols.extend(term_columns("severity", "severity"));
        df.select(cols)
    })
    .await;
    let features = keep(features, dataset, "phenotypic_features", &mut warnings)?;
    let diseases = related(ctx, dataset, "diseases", &ids, |df| {
        let mut cols = vec![col("individual_id")];
        cols.extend(term_columns("term", "disease"));
        crate::filters::present(df)?.select(cols)
    })
    .await;
    let diseases = keep(diseases, dataset, "diseases", &mut warnings)?;

    let mut by_id: BTreeMap<&str, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    if let Some(f) = &features {
        for r in 0..f.len() {
            let (Some(who), Some(t)) = (f.get("individual_id", r), f.term("feature", r)) else {
                continue;
            };
            let mut v = json!({ "featureType": t });
            if f.get("excluded", r) == Some("true") {
                v["excluded"] = Value::Bool(true);
            }
            if let Some(s) = f.term("severity", r) {
                v["severity"] = s;
            }
            by_id.entry(who).or_default().0.push(v);
        }
    }
    if let Some(d) = &diseases {
        for r in 0..d.len() {
            if let (Some(who), Some(t)) = (d.get("individual_id", r), d.term("disease", r)) {
                by_id
                    .entry(who)
                    .or_default()
                    .1
                    .push(json!({ "diseaseCode": t }));
            }
        }
    }
    let mut out = Vec::with_capacity(page.len());
    for r in 0..page.len() {
        let Some(id) = page.get("individual_id", r) else {
            continue;
        };
        let (sex_id, sex_label) = page
            .get("sex", r)
            .and_then(sex_term)
            .unwrap_or(("NCIT:C17998", "unknown"));
        let mut v = json!({ "id": id, "sex": { "id": sex_id, "label": sex_label } });
        if let Some(k) = page
            .get("karyotypic_sex", r)
            .filter(|k| KARYOTYPES.contains(k))
        {
            v["karyotypicSex"] = Value::from(k);
        }
        if let Some((features, diseases)) = by_id.remove(id) {
            if !features.is_empty() {
                v["phenotypicFeatures"] = Value::Array(features);
            }
            if !diseases.is_empty() {
                v["diseases"] = Value::Array(diseases);
            }
        }
        let mut info = Map::new();
        for (key, column) in [
            ("phenopacketId", "phenopacket_id"),
            ("cohortId", "cohort_id"),
            ("familyId", "family_id"),
        ] {
            if let Some(x) = page.get(column, r) {
                info.insert(key.into(), Value::from(x));
            }
        }
        if !info.is_empty() {
            v["info"] = Value::Object(info);
        }
        out.push(v);
    }
    Ok((out, warnings))
}

/// The rows of `table` about `ids`, shaped by `select`.
pub(super) async fn related(
    ctx: &SessionContext,
    dataset: &str,
    table: &str,
    ids: &[String],
    select: impl FnOnce(datafusion::dataframe::DataFrame) -> Result<datafusion::dataframe::DataFrame>,
) -> Result<Option<Page>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let Ok(df) = ctx.table(TableReference::partial(dataset, table)).await else {
        return Ok(None);
    };
    let list = ids.iter().map(|i| lit(i.clone())).collect();
    let df = select(df.filter(col("individual_id").in_list(list, false))?)?;
    Ok(Some(Page::new(&df.collect().await?)?))
}

/// A related table the caller may not read leaves its part out, with a warning.
pub(super) fn keep(
    result: Result<Option<Page>>,
    dataset: &str,
    table: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Page>> {
    match result {
        Err(e) => match genofed_engine::access::AccessDenied::find(&e) {
            Some(denied) => {
                warnings.push(format!(
                    "dataset `{dataset}`: what `{table}` says is not shown: {denied}"
                ));
                Ok(None)
            }
            None => Err(e),
        },
        ok => ok,
    }
}
