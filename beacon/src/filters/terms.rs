//! The ontology terms present in each dataset's phenotypic tables: what filters are
//! looked up in, and what `/filtering_terms` lists.

use std::collections::BTreeMap;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::TableReference;
use datafusion::dataframe::DataFrame;
use datafusion::error::Result;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions::expr_fn::coalesce;
use datafusion::logical_expr::{Expr, col, lit};
use datafusion::prelude::SessionContext;

/// A column holding ontology terms of individuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Where {
    /// Observed phenotypic features (`excluded` ones are not).
    Feature,
    /// Diseases (not `excluded`).
    Disease,
    /// The tissue a biosample was taken from.
    Tissue,
    /// A biosample's histological diagnosis.
    Diagnosis,
}

impl Where {
    pub const ALL: [Where; 4] = [
        Where::Feature,
        Where::Disease,
        Where::Tissue,
        Where::Diagnosis,
    ];

    /// The table and its struct column.
    pub fn column(self) -> (&'static str, &'static str) {
        match self {
            Where::Feature => ("phenotypic_features", "type"),
            Where::Disease => ("diseases", "term"),
            Where::Tissue => ("biosamples", "sampled_tissue"),
            Where::Diagnosis => ("biosamples", "histological_diagnosis"),
        }
    }

    fn id(self) -> Expr {
        get_field(col(format!("\"{}\"", self.column().1)), "id")
    }

    /// The rows of the column's table that hold a term.
    fn rows(self, df: DataFrame) -> Result<DataFrame> {
        match self {
            Where::Feature | Where::Disease => present(df),
            Where::Tissue | Where::Diagnosis => Ok(df),
        }
    }
}

/// The terms (id → label) in each column of each dataset.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub datasets: BTreeMap<String, BTreeMap<Where, BTreeMap<String, String>>>,
    /// The values of the custom filters' columns (`affectedStatus` → `AFFECTED`, …) and
    /// of `sex`, in each dataset's `individuals`.
    pub values: BTreeMap<String, BTreeMap<&'static str, Vec<String>>>,
}

impl Terms {
    /// Reads the terms of `datasets` with `ctx` (the node's own session: they are read
    /// once, whoever asks later).
    pub async fn load(ctx: &SessionContext, datasets: &[String]) -> Result<Self> {
        let mut out = Terms::default();
        for dataset in datasets {
            if let Ok(df) = ctx
                .table(TableReference::partial(dataset.as_str(), "individuals"))
                .await
            {
                let values = out.values.entry(dataset.clone()).or_default();
                let mut fields = vec![("sex", col("sex"))];
                fields.extend(
                    super::FIELDS
                        .iter()
                        .filter(|f| super::alphanumeric::CATEGORICAL.contains(&f.0))
                        .map(|&(id, c)| (id, super::alphanumeric::column(c))),
                );
                for (id, e) in fields {
                    let df = df.clone().aggregate(vec![e.alias("v")], vec![])?;
                    let mut found: Vec<String> = Vec::new();
                    for batch in df.collect().await? {
                        found.extend(utf8(batch.column(0))?.into_iter().flatten());
                    }
                    found.sort();
                    values.insert(id, found);
                }
            }
            let entry = out.datasets.entry(dataset.clone()).or_default();
            for w in Where::ALL {
                let (table, column) = w.column();
                let Ok(df) = ctx
                    .table(TableReference::partial(dataset.as_str(), table))
                    .await
                else {
                    continue;
                };
                let struct_col = col(format!("\"{column}\""));
                let df = w.rows(df)?.aggregate(
                    vec![
                        get_field(struct_col.clone(), "id").alias("id"),
                        get_field(struct_col, "label").alias("label"),
                    ],
                    vec![],
                )?;
                let found = entry.entry(w).or_default();
                for batch in df.collect().await? {
                    let ids = utf8(batch.column(0))?;
                    let labels = utf8(batch.column(1))?;
                    for (id, label) in ids.into_iter().zip(labels) {
                        if let Some(id) = id {
                            let label = label.unwrap_or_default();
                            let slot = found.entry(id).or_default();
                            if slot.is_empty() {
                                *slot = label;
                            }
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whether one of `datasets` holds `id` (only those a caller may discover: whether
    /// a filter is known must not tell of the others).
    pub fn contains(&self, id: &str, datasets: &[&str]) -> bool {
        datasets
            .iter()
            .filter_map(|d| self.datasets.get(*d))
            .flat_map(|d| d.values())
            .any(|t| t.contains_key(id))
    }

    /// The label of `id` in the data, if any.
    pub fn label(&self, id: &str) -> Option<&str> {
        self.datasets
            .values()
            .flat_map(|d| d.values())
            .find_map(|t| t.get(id).map(String::as_str))
    }

    /// The individuals of `dataset` with any of `ids` in a term column (one row each
    /// time a column holds one): a plan of `individual_id`.
    pub async fn individuals(
        &self,
        ctx: &SessionContext,
        dataset: &str,
        ids: &[String],
    ) -> Result<DataFrame> {
        let mut parts = Vec::new();
        if let Some(columns) = self.datasets.get(dataset) {
            for (w, present) in columns {
                let hits: Vec<Expr> = ids
                    .iter()
                    .filter(|i| present.contains_key(*i))
                    .map(|i| lit(i.clone()))
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                let table = ctx
                    .table(TableReference::partial(dataset, w.column().0))
                    .await?;
                let df = w
                    .rows(table)?
                    .filter(w.id().in_list(hits, false))?
                    .select(vec![col("individual_id")])?;
                parts.push(df);
            }
        }
        let mut parts = parts.into_iter();
        match parts.next() {
            Some(first) => parts.try_fold(first, |acc, df| acc.union(df)),
            // The term is not in this dataset: no one.
            None => ctx
                .table(TableReference::partial(dataset, "individuals"))
                .await?
                .filter(lit(false))?
                .select(vec![col("individual_id")]),
        }
    }
}

/// The rows of a features or diseases table that are not `excluded`.
pub fn present(df: DataFrame) -> Result<DataFrame> {
    df.filter(!coalesce(vec![col("excluded"), lit(false)]))
}

/// A string column's values.
pub fn utf8(array: &dyn Array) -> Result<Vec<Option<String>>> {
    let array = datafusion::arrow::compute::cast(array, &DataType::Utf8)?;
    Ok(array
        .as_string::<i32>()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}
