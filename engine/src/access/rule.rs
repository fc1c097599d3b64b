//! The analyzer rule: every scan of a dataset table gets the requester's decision.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNodeRecursion};
use datafusion::common::{Column, Result, plan_err};
use datafusion::logical_expr::{Expr, Extension, LogicalPlan, Projection, TableScan};
use datafusion::optimizer::AnalyzerRule;

use super::aggregate::{CountOnly, Scan, enforce};
use super::barrier::ConsentBarrier;
use super::decisions::{Access, Mode};
use super::denied::AccessDenied;
use crate::CATALOG;
use genofed_connectors::vcf::VcfTable;

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
            let key = access.key.clone().filter(|c| has(c)).ok_or_else(|| {
                AccessDenied::new(format!(
                    "`{dataset}.{table}` may only be counted, and this scan leaves out its \
                     participant column"
                ))
                .into_datafusion()
            })?;
            count_only.insert(
                qualifier.clone(),
                Scan {
                    table: format!("{dataset}.{table}"),
                    key,
                    k,
                    individuals: access.individuals.clone(),
                },
            );
        }
        if access.excluded.is_some() && !access.key.as_deref().is_some_and(has) {
            return Err(AccessDenied::new(format!(
                "`{dataset}.{table}`: this scan leaves out the participant column the \
                 consent filter needs"
            ))
            .into_datafusion());
        }
        let in_scan = table == "genotypes"
            && datafusion::datasource::source_as_provider(&scan.source).is_ok_and(|p| {
                let any: &dyn std::any::Any = p.as_ref();
                any.is::<VcfTable>()
            });
        let mut barrier = ConsentBarrier::above_scan(
            LogicalPlan::TableScan(scan),
            format!("{dataset}.{table}"),
            access.key.clone(),
            access.excluded.clone(),
        );
        barrier.in_scan = in_scan;
        let mut plan = LogicalPlan::Extension(Extension {
            node: Arc::new(barrier),
        });
        if !access.masks.is_empty() {
            let mut exprs = Vec::with_capacity(schema.fields().len());
            for (q, field) in schema.iter() {
                let column = Expr::Column(Column::new(q.cloned(), field.name()));
                let expr = match access.masks.get(field.name()) {
                    None => column,
                    Some(mask) => mask
                        .apply(column, field, &self.key)
                        .map_err(|why| {
                            AccessDenied::new(format!("`{dataset}.{table}`: {why}"))
                                .into_datafusion()
                        })?
                        .alias_qualified(q.cloned(), field.name()),
                };
                exprs.push(expr);
            }
            plan = LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(plan))?);
        }
        Ok(Transformed::new(plan, true, TreeNodeRecursion::Jump))
    }
}

/// A plan node the rule made: what is below it is guarded already (a plan analyzed twice
/// is guarded once).
pub(crate) fn is_guard(plan: &LogicalPlan) -> bool {
    matches!(plan, LogicalPlan::Extension(e) if e.node.as_any().is::<ConsentBarrier>())
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
