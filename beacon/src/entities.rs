//! Entry types backed by a dataset's phenotypic tables: `individuals`, `biosamples`, and
//! `runs` and `analyses` (from the files phenopackets list). Each has a table, its id
//! column, and records built from a page of its rows (and, for individuals, their
//! features and diseases).

mod biosamples;
mod files;
mod individuals;

use datafusion::common::TableReference;
use datafusion::dataframe::DataFrame;
use datafusion::error::Result;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::logical_expr::{Expr, col, lit};
use datafusion::prelude::SessionContext;
use serde_json::{Map, Value};

use crate::EntryType;
use crate::filters::terms_utf8 as utf8;

/// An entry type over one table of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    pub entry: EntryType,
    pub table: &'static str,
    /// The column of record ids.
    pub id: &'static str,
}

pub const INDIVIDUALS: Entity = Entity {
    entry: EntryType::Individual,
    table: "individuals",
    id: "individual_id",
};

pub const BIOSAMPLES: Entity = Entity {
    entry: EntryType::Biosample,
    table: "biosamples",
    id: "biosample_id",
};

/// Sequencing runs: the reads files of a sample.
pub const RUNS: Entity = Entity {
    entry: EntryType::Run,
    table: "files",
    id: "file_key",
};

/// Analyses: the variant files of a sample.
pub const ANALYSES: Entity = Entity {
    entry: EntryType::Analysis,
    table: "files",
    id: "file_key",
};

/// What rows of the entity a route asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `/individuals/{id}`.
    pub id: Option<String>,
    /// `/individuals/{id}/biosamples`.
    pub individual: Option<String>,
    /// `/biosamples/{id}/runs`.
    pub biosample: Option<String>,
}

impl Entity {
    pub fn of(entry: EntryType) -> Option<Entity> {
        [INDIVIDUALS, BIOSAMPLES, RUNS, ANALYSES]
            .into_iter()
            .find(|e| e.entry == entry)
    }

    /// The entity's rows in `dataset` within `scope`.
    pub async fn rows(
        &self,
        ctx: &SessionContext,
        dataset: &str,
        scope: &Scope,
    ) -> Result<DataFrame> {
        let mut df = ctx
            .table(TableReference::partial(dataset, self.table))
            .await?;
        if matches!(self.entry, EntryType::Run | EntryType::Analysis) {
            df = files::rows(df, self.entry)?;
        }
        if let Some(id) = &scope.id {
            df = df.filter(col(self.id).eq(lit(id.clone())))?;
        }
        if let Some(i) = &scope.individual {
            df = df.filter(col("individual_id").eq(lit(i.clone())))?;
        }
        if let Some(b) = &scope.biosample {
            let column = match self.entry {
                EntryType::Run | EntryType::Analysis => files::biosample(),
                _ => col("biosample_id"),
            };
            df = df.filter(column.eq(lit(b.clone())))?;
        }
        Ok(df)
    }

    /// The columns records are made of (struct fields flattened).
    pub fn columns(&self) -> Vec<Expr> {
        match self.entry {
            EntryType::Individual => individuals::columns(),
            EntryType::Run | EntryType::Analysis => files::columns(self.entry),
            _ => biosamples::columns(),
        }
    }

    /// Records of a page of [`Self::columns`] rows; `ctx` reads their related rows.
    pub async fn records(
        &self,
        ctx: &SessionContext,
        dataset: &str,
        page: &[datafusion::arrow::array::RecordBatch],
    ) -> Result<(Vec<Value>, Vec<String>)> {
        match self.entry {
            EntryType::Individual => individuals::records(ctx, dataset, page).await,
            EntryType::Run | EntryType::Analysis => {
                files::records(ctx, dataset, self.entry, page).await
            }
            _ => Ok((biosamples::records(page)?, Vec::new())),
        }
    }
}

/// `<column>.id` and `<column>.label` as `<prefix>_id`, `<prefix>_label`.
pub(crate) fn term_columns(column: &str, prefix: &str) -> [Expr; 2] {
    let c = col(format!("\"{column}\""));
    [
        get_field(c.clone(), "id").alias(format!("{prefix}_id")),
        get_field(c, "label").alias(format!("{prefix}_label")),
    ]
}

/// The text columns of a page, by name.
pub(crate) struct Page {
    columns: Vec<(String, Vec<Option<String>>)>,
    rows: usize,
}

impl Page {
    pub fn new(batches: &[datafusion::arrow::array::RecordBatch]) -> Result<Self> {
        let mut columns: Vec<(String, Vec<Option<String>>)> = Vec::new();
        let mut rows = 0;
        for (i, batch) in batches.iter().enumerate() {
            rows += batch.num_rows();
            for (j, field) in batch.schema().fields().iter().enumerate() {
                let values = utf8(batch.column(j))?;
                if i == 0 {
                    columns.push((field.name().clone(), values));
                } else {
                    columns[j].1.extend(values);
                }
            }
        }
        Ok(Self { columns, rows })
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    /// The value of `column` in `row`.
    pub fn get(&self, column: &str, row: usize) -> Option<&str> {
        self.columns
            .iter()
            .find(|(n, _)| n == column)
            .and_then(|(_, v)| v.get(row)?.as_deref())
    }

    /// `{id, label}` from `<prefix>_id`, `<prefix>_label`.
    pub fn term(&self, prefix: &str, row: usize) -> Option<Value> {
        let id = self.get(&format!("{prefix}_id"), row)?;
        let mut t = Map::new();
        t.insert("id".into(), Value::from(id));
        if let Some(l) = self
            .get(&format!("{prefix}_label"), row)
            .filter(|l| !l.is_empty())
        {
            t.insert("label".into(), Value::from(l));
        }
        Some(Value::Object(t))
    }
}
