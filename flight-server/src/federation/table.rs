//! A peer's table at the coordinator (`<peer>.<dataset>.<table>`), or the union of one
//! table name across every peer and dataset (`federated.<table>`, with `node` and
//! `dataset` columns first).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::{DFSchema, Result};
use datafusion::datasource::TableType;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;

use super::exec::{Out, RemoteExec};
use super::sql::{self, Query};
use super::{Member, TAG_COLUMNS};

/// A table read from peers.
#[derive(Debug)]
pub struct RemoteTable {
    members: Vec<Member>,
    /// The peers' columns.
    remote: SchemaRef,
    /// A union: `node` and `dataset` columns first.
    tagged: bool,
    schema: SchemaRef,
}

impl RemoteTable {
    /// One peer's table.
    pub fn single(member: Member, remote: SchemaRef) -> Self {
        Self {
            members: vec![member],
            schema: remote.clone(),
            remote,
            tagged: false,
        }
    }

    /// The union of `members` (same columns), with `node` and `dataset` columns.
    pub fn union(members: Vec<Member>, remote: SchemaRef) -> Self {
        let mut fields = vec![
            Arc::new(Field::new(TAG_COLUMNS[0], DataType::Utf8, false)),
            Arc::new(Field::new(TAG_COLUMNS[1], DataType::Utf8, false)),
        ];
        fields.extend(remote.fields().iter().cloned());
        Self {
            members,
            schema: Arc::new(Schema::new(fields)),
            remote,
            tagged: true,
        }
    }

    fn is_tag(&self, name: &str) -> bool {
        self.tagged && TAG_COLUMNS.contains(&name)
    }

    /// What a filter touches: only tags (decided here), only peer columns (sent), both.
    fn kind(&self, filter: &Expr) -> Kind {
        let columns = filter.column_refs();
        let tags = columns.iter().filter(|c| self.is_tag(&c.name)).count();
        match (tags, columns.len()) {
            (0, _) => Kind::Remote,
            (t, n) if t == n => Kind::Tags,
            _ => Kind::Mixed,
        }
    }

    /// The members a tag-only filter admits: the filter evaluated on their tags.
    fn admitted(&self, filters: &[&Expr], state: &dyn Session) -> Result<Vec<Member>> {
        if filters.is_empty() {
            return Ok(self.members.clone());
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new(TAG_COLUMNS[0], DataType::Utf8, false),
            Field::new(TAG_COLUMNS[1], DataType::Utf8, false),
        ]));
        let df_schema = DFSchema::try_from(schema.as_ref().clone())?;
        let nodes: ArrayRef = Arc::new(StringArray::from_iter_values(
            self.members.iter().map(|m| m.peer.name.as_str()),
        ));
        let datasets: ArrayRef = Arc::new(StringArray::from_iter_values(
            self.members.iter().map(|m| m.dataset.as_str()),
        ));
        let batch = RecordBatch::try_new(schema, vec![nodes, datasets])?;
        let mut keep = vec![true; self.members.len()];
        for f in filters {
            let expr = state.create_physical_expr(sql::unqualified(f)?, &df_schema)?;
            let values = expr.evaluate(&batch)?.into_array(batch.num_rows())?;
            let values = arrow::compute::cast(&values, &DataType::Boolean)?;
            let values = values
                .as_any()
                .downcast_ref::<arrow::array::BooleanArray>()
                .cloned()
                .unwrap_or_else(|| arrow::array::BooleanArray::from(vec![false; keep.len()]));
            for (i, k) in keep.iter_mut().enumerate() {
                *k &= values.is_valid(i) && values.value(i);
            }
        }
        Ok(self
            .members
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(m, _)| m.clone())
            .collect())
    }
}

enum Kind {
    Tags,
    Remote,
    Mixed,
}

#[async_trait]
impl TableProvider for RemoteTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        if self.tagged {
            TableType::View
        } else {
            TableType::Base
        }
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| match self.kind(f) {
                Kind::Tags => TableProviderFilterPushDown::Exact,
                Kind::Remote if sql::pushable(f, &self.remote) => {
                    TableProviderFilterPushDown::Exact
                }
                _ => TableProviderFilterPushDown::Unsupported,
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let mut tags = Vec::new();
        let mut remote = Vec::new();
        for f in filters {
            match self.kind(f) {
                Kind::Tags => tags.push(f),
                Kind::Remote => remote.push(sql::unqualified(f)?),
                // Not offered as pushable: DataFusion keeps it above the scan.
                Kind::Mixed => {}
            }
        }
        let members = self.admitted(&tags, state)?;
        let indices: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.schema.fields().len()).collect(),
        };
        let mut columns = Vec::new();
        let mut out = Vec::new();
        for &i in &indices {
            let name = self.schema.field(i).name();
            if self.tagged && i < 2 {
                out.push(if i == 0 { Out::Node } else { Out::Dataset });
            } else {
                out.push(Out::Remote(columns.len()));
                columns.push(name.clone());
            }
        }
        let schema = Arc::new(self.schema.project(&indices)?);
        let query = Query::Scan {
            columns,
            filters: remote,
            limit,
        };
        Ok(Arc::new(RemoteExec::new(
            members,
            self.remote.clone(),
            query,
            out,
            schema,
        )))
    }
}
