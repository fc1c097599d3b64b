//! The SQL a coordinator sends a peer, built as a logical plan over the peer's table and
//! unparsed by DataFusion. A filter is pushed only if its SQL parses back to the same
//! expression: the unparser has known gaps, and a filter it would print wrongly must
//! stay at the coordinator rather than change the answer.

use std::sync::{Arc, LazyLock};

use arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, DFSchema, Result, TableReference};
use datafusion::execution::SessionState;
use datafusion::functions_aggregate::expr_fn::{count, max, min, sum};
use datafusion::logical_expr::builder::LogicalTableSource;
use datafusion::logical_expr::{Expr, LogicalPlanBuilder, col, lit};
use datafusion::sql::unparser::{Unparser, plan_to_sql};

/// An aggregate a peer computes per group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Partial {
    /// `count(*)`.
    CountRows,
    Count(String),
    Sum(String),
    Min(String),
    Max(String),
}

/// What a peer is asked for.
#[derive(Debug, Clone)]
pub enum Query {
    /// Columns (none: only the number of rows), filters and a limit.
    Scan {
        columns: Vec<String>,
        filters: Vec<Expr>,
        limit: Option<usize>,
    },
    /// Per-group partial aggregates of the filtered rows.
    Aggregate {
        groups: Vec<String>,
        aggregates: Vec<Partial>,
        filters: Vec<Expr>,
    },
}

/// Functions the peers know (genofed's own included), for reading SQL back.
static STATE: LazyLock<SessionState> =
    LazyLock::new(|| genofed_engine::new_session(Some(1)).state());

/// `expr` with its columns unqualified (the peer's table has another name).
pub fn unqualified(expr: &Expr) -> Result<Expr> {
    expr.clone()
        .transform(|e| match e {
            Expr::Column(c) if c.relation.is_some() => Ok(Transformed::yes(Expr::Column(
                Column::new_unqualified(c.name),
            ))),
            other => Ok(Transformed::no(other)),
        })
        .map(|t| t.data)
}

/// Whether `expr` (over `schema`, the peer table's columns) can be sent as SQL and
/// means the same there.
pub fn pushable(expr: &Expr, schema: &SchemaRef) -> bool {
    let Ok(expr) = unqualified(expr) else {
        return false;
    };
    let Ok(text) = Unparser::default().expr_to_sql(&expr) else {
        return false;
    };
    let Ok(df_schema) = DFSchema::try_from(schema.as_ref().clone()) else {
        return false;
    };
    match STATE.create_logical_expr(&text.to_string(), &df_schema) {
        Ok(back) => back == expr,
        Err(_) => false,
    }
}

/// The SQL of `query` on the peer's `dataset.table` with columns `schema`.
pub fn render(dataset: &str, table: &str, schema: &SchemaRef, query: &Query) -> Result<String> {
    let source = Arc::new(LogicalTableSource::new(schema.clone()));
    let name = TableReference::partial(dataset, table);
    let mut plan = LogicalPlanBuilder::scan(name, source, None)?;
    let filters = match query {
        Query::Scan { filters, .. } | Query::Aggregate { filters, .. } => filters,
    };
    if let Some(predicate) = filters
        .iter()
        .map(unqualified)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .reduce(Expr::and)
    {
        plan = plan.filter(predicate)?;
    }
    let plan = match query {
        Query::Scan { columns, limit, .. } => {
            let projection: Vec<Expr> = if columns.is_empty() {
                vec![lit(1i64).alias("row")]
            } else {
                columns
                    .iter()
                    .map(|c| col(Column::new_unqualified(c)))
                    .collect()
            };
            let plan = plan.project(projection)?;
            match limit {
                Some(n) => plan.limit(0, Some(*n))?,
                None => plan,
            }
        }
        Query::Aggregate {
            groups, aggregates, ..
        } => {
            let groups: Vec<Expr> = groups
                .iter()
                .map(|c| col(Column::new_unqualified(c)))
                .collect();
            let column = |c: &str| col(Column::new_unqualified(c));
            let aggs: Vec<Expr> = aggregates
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let e = match a {
                        Partial::CountRows => count(lit(1i64)),
                        Partial::Count(c) => count(column(c)),
                        Partial::Sum(c) => sum(column(c)),
                        Partial::Min(c) => min(column(c)),
                        Partial::Max(c) => max(column(c)),
                    };
                    e.alias(format!("p{i}"))
                })
                .collect();
            // The unparser may print a bare aggregate's expressions in another order:
            // a projection fixes the order of the answer's columns.
            let order: Vec<Expr> = groups
                .iter()
                .cloned()
                .chain((0..aggs.len()).map(|i| col(Column::new_unqualified(format!("p{i}")))))
                .collect();
            plan.aggregate(groups, aggs)?.project(order)?
        }
    };
    Ok(plan_to_sql(&plan.build()?)?.to_string())
}
