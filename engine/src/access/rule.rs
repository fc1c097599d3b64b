//! The analyzer rule: every scan of a dataset table gets the requester's decision.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema, Result, plan_err};
use datafusion::logical_expr::{Expr, Filter, LogicalPlan, Projection, TableScan};
use datafusion::optimizer::AnalyzerRule;

use super::aggregate::{CountOnly, enforce};
use super::consent;
use super::decisions::{Access, Mode};
use super::denied::AccessDenied;
use crate::CATALOG;

/// Schema metadata marking the projection a guarded scan sits under: a plan analyzed
/// twice is guarded once.
const GUARD: &str = "genofed.guard";

/// Applies a requester's [`Access`] to every scan of a logical plan; see [`super`].
#[derive(Debug, Clone)]
pub struct PolicyRule {
    access: Arc<Access>,
    key: [u8; 32],
}

impl PolicyRule {
    /// The rule for `access`; `key` keys the `hash` mask's pseudonyms.
    pub fn new(access: Arc<Access>, key: [u8; 32]) -> Self {
        Self { access, key }
    }

    fn guard(
        &self,
        scan: TableScan,
        config: &ConfigOptions,
        count_only: &mut CountOnly,
    ) -> Result<Transformed<LogicalPlan>> {
        let resolved = scan.table_name.clone().resolve(
            &config.catalog.default_catalog,
            &config.catalog.default_schema,
        );
        let skip = |scan| Ok(Transformed::no(LogicalPlan::TableScan(scan)));
        if resolved.catalog.as_ref() != CATALOG {
            return skip(scan);
        }
        let (dataset, table) = (resolved.schema.as_ref(), resolved.table.as_ref());
        let Some(ds) = self.access.datasets.get(dataset) else {
            // `public` (empty for remote principals) and `information_schema`.
            return skip(scan);
        };
        if !ds.discover {
            return plan_err!("table '{}' not found", scan.table_name);
        }
        let Some(access) = ds.tables.get(table) else {
            return Err(AccessDenied::new(format!(
                "`{dataset}.{table}` has no decision: tables the node did not open are closed"
            ))
            .into_datafusion());
        };
        let k = match &access.mode {
            Mode::Denied { reason } => {
                return Err(AccessDenied::new(reason.clone()).into_datafusion());
            }
            Mode::Read => None,
            Mode::CountOnly { k } => Some(*k),
        };
        let qualifier = scan.table_name.clone();
        let schema = scan.projected_schema.clone();
        let has = |name: &str| schema.has_column(&Column::new(Some(qualifier.clone()), name));
        if let Some(k) = k {
            let key = access.key.clone().filter(|c| has(c));
            if access.key.is_some() && key.is_none() {
                return Err(AccessDenied::new(format!(
                    "`{dataset}.{table}` may only be counted, and this scan leaves out its \
                     participant column"
                ))
                .into_datafusion());
            }
            count_only.insert(qualifier.clone(), key, k);
        }
        let mut plan = LogicalPlan::TableScan(scan);
        if let Some(excluded) = &access.excluded {
            let key = access.key.as_deref().filter(|c| has(c)).ok_or_else(|| {
                AccessDenied::new(format!(
                    "`{dataset}.{table}`: this scan leaves out the participant column the \
                     consent filter needs"
                ))
                .into_datafusion()
            })?;
            let column = Expr::Column(Column::new(Some(qualifier.clone()), key));
            plan = LogicalPlan::Filter(Filter::try_new(
                consent::admits(column, excluded.clone()),
                Arc::new(plan),
            )?);
        }
        let mut exprs = Vec::with_capacity(schema.fields().len());
        for (q, field) in schema.iter() {
            let column = Expr::Column(Column::new(q.cloned(), field.name()));
            let expr = match access.masks.get(field.name()) {
                None => column,
                Some(mask) => mask
                    .apply(column, field, &self.key)
                    .map_err(|why| {
                        AccessDenied::new(format!("`{dataset}.{table}`: {why}")).into_datafusion()
                    })?
                    .alias_qualified(q.cloned(), field.name()),
            };
            exprs.push(expr);
        }
        let projected = Projection::try_new(exprs.clone(), Arc::new(plan.clone()))?;
        let fields = projected
            .schema
            .iter()
            .map(|(q, f)| (q.cloned(), f.clone()))
            .collect();
        let marked = DFSchema::new_with_metadata(
            fields,
            HashMap::from([(GUARD.to_string(), format!("{dataset}.{table}"))]),
        )?;
        let guarded = Projection::try_new_with_schema(exprs, Arc::new(plan), Arc::new(marked))?;
        Ok(Transformed::new(
            LogicalPlan::Projection(guarded),
            true,
            TreeNodeRecursion::Jump,
        ))
    }
}

fn is_guard(plan: &LogicalPlan) -> bool {
    matches!(plan, LogicalPlan::Projection(p) if p.schema.metadata().contains_key(GUARD))
}

impl AnalyzerRule for PolicyRule {
    fn analyze(&self, plan: LogicalPlan, config: &ConfigOptions) -> Result<LogicalPlan> {
        let mut count_only = CountOnly::default();
        let plan = plan
            .transform_down_with_subqueries(|p| match p {
                p if is_guard(&p) => Ok(Transformed::new(p, false, TreeNodeRecursion::Jump)),
                LogicalPlan::TableScan(scan) => self.guard(scan, config, &mut count_only),
                p => Ok(Transformed::no(p)),
            })?
            .data;
        if count_only.is_empty() {
            return Ok(plan);
        }
        enforce(plan, &count_only)
    }

    fn name(&self) -> &str {
        "genofed_policy"
    }
}
