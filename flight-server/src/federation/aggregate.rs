//! Partial aggregates computed by the peers: a partial (or single) `AggregateExec`
//! grouping by plain columns over a [`RemoteExec`] scan, with only `count`, `sum`,
//! `min` and `max` of plain columns (no DISTINCT, no FILTER), becomes a `RemoteExec`
//! asking each peer for its per-group partial values; the coordinator's final aggregate
//! merges them. Each peer applies its own count-only rules (and `k`) to its own groups.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::error::Result;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::{Column, Literal};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::Partitioning;
use datafusion::physical_plan::aggregates::{AggregateExec, AggregateMode};
use datafusion::physical_plan::coalesce_partitions::CoalescePartitionsExec;
use datafusion::physical_plan::repartition::RepartitionExec;

use super::exec::{Out, RemoteExec};
use super::sql::{Partial, Query};

/// The physical optimizer rule.
#[derive(Debug, Default)]
pub struct PushAggregates;

impl PhysicalOptimizerRule for PushAggregates {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_down(|node| {
            let Some(agg) = node.downcast_ref::<AggregateExec>() else {
                return Ok(Transformed::no(node));
            };
            match rewrite(agg)? {
                Some(plan) => Ok(Transformed::yes(plan)),
                None => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "federation_aggregate_pushdown"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// The scan under an aggregate, through a round-robin repartition.
fn remote_input(agg: &AggregateExec) -> Option<&RemoteExec> {
    if let Some(r) = agg.input().downcast_ref::<RemoteExec>() {
        return Some(r);
    }
    let r = agg.input().downcast_ref::<RepartitionExec>()?;
    if !matches!(r.partitioning(), Partitioning::RoundRobinBatch(_)) {
        return None;
    }
    r.input().downcast_ref::<RemoteExec>()
}

fn rewrite(agg: &AggregateExec) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    let mode = *agg.mode();
    if !matches!(
        mode,
        AggregateMode::Partial | AggregateMode::Single | AggregateMode::SinglePartitioned
    ) || !agg.group_expr().is_single()
        || agg.filter_expr().iter().any(Option::is_some)
    {
        return Ok(None);
    }
    let Some(scan) = remote_input(agg) else {
        return Ok(None);
    };
    let Query::Scan {
        columns,
        filters,
        limit: None,
    } = scan.query()
    else {
        return Ok(None);
    };
    let source = |e: &Arc<dyn PhysicalExpr>| -> Option<Out> {
        let c = e.downcast_ref::<Column>()?;
        scan.out().get(c.index()).copied()
    };
    let remote_name = |o: Out| match o {
        Out::Remote(i) => columns.get(i).cloned(),
        _ => None,
    };
    let mut groups = Vec::new();
    let mut out = Vec::new();
    for (expr, _) in agg.group_expr().expr() {
        match source(expr) {
            Some(Out::Remote(i)) => {
                let Some(name) = columns.get(i) else {
                    return Ok(None);
                };
                out.push(Out::Remote(groups.len()));
                groups.push(name.clone());
            }
            Some(tag) => out.push(tag),
            None => return Ok(None),
        }
    }
    let mut aggregates = Vec::new();
    for a in agg.aggr_expr() {
        if a.is_distinct() || !a.order_bys().is_empty() || a.state_fields()?.len() != 1 {
            return Ok(None);
        }
        let args = a.expressions();
        let [arg] = args.as_slice() else {
            return Ok(None);
        };
        let column = || source(arg).and_then(remote_name);
        let partial = match a.fun().name() {
            "count"
                if arg
                    .downcast_ref::<Literal>()
                    .is_some_and(|l| !l.value().is_null()) =>
            {
                Partial::CountRows
            }
            "count" => match column() {
                Some(c) => Partial::Count(c),
                None => return Ok(None),
            },
            "sum" => match column() {
                Some(c) => Partial::Sum(c),
                None => return Ok(None),
            },
            "min" => match column() {
                Some(c) => Partial::Min(c),
                None => return Ok(None),
            },
            "max" => match column() {
                Some(c) => Partial::Max(c),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        aggregates.push(partial);
    }
    for i in 0..aggregates.len() {
        out.push(Out::Remote(groups.len() + i));
    }
    let query = Query::Aggregate {
        groups,
        aggregates,
        filters: filters.clone(),
    };
    let partial = match mode {
        AggregateMode::Partial => agg.schema(),
        _ => AggregateExec::try_new(
            AggregateMode::Partial,
            agg.group_expr().clone(),
            agg.aggr_expr().to_vec(),
            agg.filter_expr().to_vec(),
            agg.input().clone(),
            agg.input().schema(),
        )?
        .schema(),
    };
    let remote: Arc<dyn ExecutionPlan> = Arc::new(RemoteExec::new(
        scan.members().to_vec(),
        scan.remote_schema().clone(),
        query,
        out,
        partial,
    ));
    if mode == AggregateMode::Partial {
        return Ok(Some(remote));
    }
    let merged: Arc<dyn ExecutionPlan> = Arc::new(CoalescePartitionsExec::new(remote));
    Ok(Some(Arc::new(AggregateExec::try_new(
        AggregateMode::Final,
        agg.group_expr().as_final(),
        agg.aggr_expr().to_vec(),
        agg.filter_expr().to_vec(),
        merged,
        agg.input_schema(),
    )?)))
}
