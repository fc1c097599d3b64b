//! Site-level aggregate pushdown: `GROUP BY` site columns over `genotypes` computed inside
//! the scan, one partial row per record instead of one row per genotype.
//!
//! A partial `AggregateExec` directly over a [`VcfScanExec`] of the `genotypes` shape of
//! VCF text files, grouping only by site columns (`chrom`, `pos`, `end`, `ref`, `alt`) and
//! computing only `count(*)`, `count(gt)` and `sum(gt_alt_count(gt))`, is replaced by the
//! scan emitting exactly the partial aggregate's rows (same schema, partitioning and
//! ordering). The final aggregate above is unchanged. Any other shape of plan is left alone.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::error::Result;
use datafusion::physical_expr::EquivalenceProperties;
use datafusion::physical_expr::ScalarFunctionExpr;
use datafusion::physical_expr::expressions::{Column, Literal};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::aggregates::{AggregateExec, AggregateMode};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::{ExecutionPlan, Partitioning, PlanProperties};

use super::exec::VcfScanExec;
use super::schema::{Col, Shape};
use super::text::GtCounts;

/// One aggregate computed per record in the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteAgg {
    /// `count(*)`: samples.
    CountRows,
    /// `count(gt)`: samples with a GT.
    CountCalled,
    /// `sum(gt_alt_count(gt))`: called alternate alleles (NULL when no sample has a GT).
    SumAltCount,
}

impl SiteAgg {
    pub(crate) fn value(self, c: &GtCounts) -> Option<i64> {
        match self {
            SiteAgg::CountRows => Some(c.rows),
            SiteAgg::CountCalled => Some(c.called),
            SiteAgg::SumAltCount => (c.called > 0).then_some(c.alt),
        }
    }
}

/// The physical optimizer rule; register it on the session state.
#[derive(Debug, Default)]
pub struct SiteAggregatePushdown;

impl PhysicalOptimizerRule for SiteAggregatePushdown {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_down(|node| {
            let Some(agg) = node.downcast_ref::<AggregateExec>() else {
                return Ok(Transformed::no(node));
            };
            match rewrite(agg) {
                Some(scan) => Ok(Transformed::yes(scan)),
                None => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "site_aggregate_pushdown"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

fn rewrite(agg: &AggregateExec) -> Option<Arc<dyn ExecutionPlan>> {
    if *agg.mode() != AggregateMode::Partial
        || !agg.group_expr().is_single()
        || agg.filter_expr().iter().any(Option::is_some)
    {
        return None;
    }
    // The scan, possibly behind the round-robin repartition added when it has fewer
    // partitions than the session wants.
    let (scan, round_robin) = match agg.input().downcast_ref::<VcfScanExec>() {
        Some(scan) => (scan, None),
        None => {
            let r = agg.input().downcast_ref::<RepartitionExec>()?;
            if !matches!(r.partitioning(), Partitioning::RoundRobinBatch(_)) {
                return None;
            }
            (
                r.input().downcast_ref::<VcfScanExec>()?,
                Some(r.partitioning().clone()),
            )
        }
    };
    // Site aggregates count every sample: not with samples left out.
    if scan.shape() != Shape::Genotypes
        || !scan.reads_text_only()
        || scan.is_site_aggregate()
        || scan.skips_samples()
    {
        return None;
    }
    let cols = scan.columns();
    let column = |e: &Arc<dyn datafusion::physical_expr::PhysicalExpr>| -> Option<Col> {
        let c = e.downcast_ref::<Column>()?;
        cols.get(c.index()).copied()
    };
    let mut groups = Vec::new();
    for (expr, _) in agg.group_expr().expr() {
        let col = column(expr)?;
        if !matches!(col, Col::Chrom | Col::Pos | Col::End | Col::Ref | Col::Alt) {
            return None;
        }
        groups.push(col);
    }
    let mut aggs = Vec::new();
    for a in agg.aggr_expr() {
        if a.is_distinct() {
            return None;
        }
        let args = a.expressions();
        let [arg] = args.as_slice() else { return None };
        let kind = match a.fun().name() {
            "count"
                if arg
                    .downcast_ref::<Literal>()
                    .is_some_and(|l| !l.value().is_null()) =>
            {
                SiteAgg::CountRows
            }
            "count" if column(arg) == Some(Col::Gt) => SiteAgg::CountCalled,
            "sum" => {
                let f = arg.downcast_ref::<ScalarFunctionExpr>()?;
                match f.args() {
                    [gt] if f.name() == "gt_alt_count" && column(gt) == Some(Col::Gt) => {
                        SiteAgg::SumAltCount
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        aggs.push(kind);
    }
    // The partial state of each of these is a single Int64 field.
    let schema = agg.schema();
    if schema.fields().len() != groups.len() + aggs.len()
        || schema.fields()[groups.len()..]
            .iter()
            .any(|f| f.data_type() != &arrow::datatypes::DataType::Int64)
    {
        return None;
    }
    match round_robin {
        None => Some(Arc::new(scan.with_site_aggregate(
            groups,
            aggs,
            schema,
            agg.properties().clone(),
        ))),
        Some(partitioning) => {
            let properties = PlanProperties::new(
                EquivalenceProperties::new(schema.clone()),
                Partitioning::UnknownPartitioning(scan.properties().partitioning.partition_count()),
                EmissionType::Incremental,
                Boundedness::Bounded,
            );
            let site = scan.with_site_aggregate(groups, aggs, schema, Arc::new(properties));
            Some(Arc::new(
                RepartitionExec::try_new(Arc::new(site), partitioning).ok()?,
            ))
        }
    }
}
