//! The consent barrier: the rows of excluded participants leave the plan directly above
//! the scan, before any expression of the query sees them. A `Filter` would not do: the
//! optimizer merges the query's own predicates into it (`consent AND predicate`), and a
//! predicate evaluated on a withheld row can fail, and so tell that the row exists. The
//! barrier is a plan node the optimizer pushes nothing through but predicates on
//! site-level columns (`chrom`, `pos`, `end`, for index pushdown); it runs as
//! [`ConsentFilterExec`]. Plans show it by table and column, never with the
//! participants.

use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{Array, AsArray, BooleanArray, RecordBatch};
use datafusion::arrow::compute::{cast, filter_record_batch};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DFSchemaRef, Result, exec_err, internal_err};
use datafusion::execution::context::QueryPlanner;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{
    Expr, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};
use futures::StreamExt;
use genofed_connectors::vcf::VcfScanExec;

/// Site-level columns: the same for every participant, so predicates on them may pass
/// the barrier (region pushdown through the indexes).
const SITE_COLUMNS: &[&str] = &["chrom", "pos", "end"];

/// The excluded participants (compared by identity: one set per session and table).
#[derive(Debug, Clone)]
pub struct Excluded(pub Arc<HashSet<String>>);

impl PartialEq for Excluded {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Excluded {}

impl Hash for Excluded {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.0) as usize).hash(state);
    }
}

impl PartialOrd for Excluded {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (Arc::as_ptr(&self.0) as usize).partial_cmp(&(Arc::as_ptr(&other.0) as usize))
    }
}

/// The logical node above a guarded scan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct ConsentBarrier {
    pub input: LogicalPlan,
    /// `<dataset>.<table>`, for plans.
    pub table: String,
    /// The participant column (unqualified), when rows are filtered.
    pub key: Option<String>,
    pub excluded: Option<Excluded>,
    /// The scan below leaves the excluded participants out itself (a VCF genotypes scan
    /// skips their samples), so the participant column need not be read.
    pub in_scan: bool,
    /// A seal: nothing is pushed through (above the aggregates of count-only tables, so
    /// that no predicate of the query runs on their rows).
    pub seal: bool,
}

impl ConsentBarrier {
    /// The barrier above a guarded scan.
    pub fn above_scan(
        input: LogicalPlan,
        table: String,
        key: Option<String>,
        excluded: Option<Arc<HashSet<String>>>,
    ) -> Self {
        Self {
            input,
            table,
            key,
            excluded: excluded.map(Excluded),
            in_scan: false,
            seal: false,
        }
    }

    /// A seal above `input`.
    pub fn seal(input: LogicalPlan, table: String) -> Self {
        Self {
            input,
            table,
            key: None,
            excluded: None,
            in_scan: false,
            seal: true,
        }
    }

    fn filters(&self) -> bool {
        self.excluded.as_ref().is_some_and(|e| !e.0.is_empty())
    }
}

impl UserDefinedLogicalNodeCore for ConsentBarrier {
    fn name(&self) -> &str {
        "ConsentBarrier"
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<Expr> {
        Vec::new()
    }

    fn prevent_predicate_push_down_columns(&self) -> HashSet<String> {
        let all = || {
            self.input
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        };
        if self.seal {
            return all();
        }
        if !self.filters() {
            return HashSet::new();
        }
        self.input
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| !SITE_COLUMNS.contains(&n.as_str()))
            .collect()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.seal {
            return write!(f, "ConsentSeal: count-only {}", self.table);
        }
        write!(f, "ConsentBarrier: table={}", self.table)?;
        if let (true, Some(key)) = (self.filters(), &self.key) {
            write!(f, ", consent filter on {key}")?;
        }
        Ok(())
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<Expr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> Result<Self> {
        let Some(input) = inputs.pop() else {
            return internal_err!("ConsentBarrier needs one input");
        };
        Ok(Self {
            input,
            ..self.clone()
        })
    }

    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let mut needed = output_columns.to_vec();
        if let (true, false, Some(key)) = (self.filters(), self.in_scan, &self.key) {
            let index = self.input.schema().index_of_column_by_name(None, key)?;
            if !needed.contains(&index) {
                needed.push(index);
                needed.sort_unstable();
            }
        }
        Some(vec![needed])
    }

    fn supports_limit_pushdown(&self) -> bool {
        // A limit below the barrier would count withheld rows.
        false
    }
}

/// Drops the rows of excluded participants (`filter`: the participant column and the
/// excluded ids); as a seal, passes every row on. Either way it takes none of its
/// parents' filters (the default of `ExecutionPlan::gather_filters_for_pushdown`), so
/// that no predicate of the query joins the filter below it.
#[derive(Debug)]
pub struct ConsentFilterExec {
    input: Arc<dyn ExecutionPlan>,
    table: String,
    filter: Option<(usize, Arc<HashSet<String>>)>,
    properties: Arc<PlanProperties>,
}

impl ConsentFilterExec {
    fn new(
        input: Arc<dyn ExecutionPlan>,
        table: String,
        filter: Option<(usize, Arc<HashSet<String>>)>,
    ) -> Self {
        let properties = Arc::new(input.properties().as_ref().clone());
        Self {
            input,
            table,
            filter,
            properties,
        }
    }
}

impl DisplayAs for ConsentFilterExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        match self.filter {
            Some(_) => write!(f, "ConsentFilterExec: table={}", self.table),
            None => write!(f, "ConsentSealExec: count-only {}", self.table),
        }
    }
}

fn admitted(batch: &RecordBatch, key: usize, excluded: &HashSet<String>) -> Result<RecordBatch> {
    let column = batch.column(key);
    let strings = match column.data_type() {
        DataType::Utf8 => column.clone(),
        DataType::Utf8View | DataType::LargeUtf8 | DataType::Dictionary(..) => {
            cast(column, &DataType::Utf8)?
        }
        other => return exec_err!("the participant column is {other}, not text"),
    };
    let strings = strings.as_string::<i32>();
    // A NULL participant id is not an excluded participant.
    let keep: BooleanArray = (0..strings.len())
        .map(|i| Some(strings.is_null(i) || !excluded.contains(strings.value(i))))
        .collect();
    Ok(filter_record_batch(batch, &keep)?)
}

impl ExecutionPlan for ConsentFilterExec {
    fn name(&self) -> &str {
        "ConsentFilterExec"
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let Some(input) = children.pop() else {
            return internal_err!("ConsentFilterExec needs one input");
        };
        Ok(Arc::new(Self::new(
            input,
            self.table.clone(),
            self.filter.clone(),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let stream = self.input.execute(partition, context)?;
        let Some((key, excluded)) = self.filter.clone() else {
            return Ok(stream);
        };
        let schema: SchemaRef = stream.schema();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            stream.map(move |b| b.and_then(|b| admitted(&b, key, &excluded))),
        )))
    }
}

/// `plan` with its VCF genotypes scan skipping `excluded` samples, if the scan is
/// there below nodes that only drop or move rows (the region filter a scan's inexact
/// pushdown leaves above it, repartitioning).
fn skip_in_scan(
    plan: &Arc<dyn ExecutionPlan>,
    excluded: &std::collections::HashSet<String>,
) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    use datafusion::physical_plan::filter::FilterExec;
    use datafusion::physical_plan::repartition::RepartitionExec;
    if let Some(scan) = plan.downcast_ref::<VcfScanExec>() {
        return Ok(scan
            .without_samples(excluded)
            .map(|s| Arc::new(s) as Arc<dyn ExecutionPlan>));
    }
    let passes = plan.downcast_ref::<FilterExec>().is_some()
        || plan.downcast_ref::<RepartitionExec>().is_some();
    let children = plan.children();
    let (true, [child]) = (passes, children.as_slice()) else {
        return Ok(None);
    };
    match skip_in_scan(child, excluded)? {
        Some(c) => Ok(Some(
            datafusion::physical_plan::execution_plan::replace_children_if_necessary(
                plan.clone(),
                vec![c],
            )?,
        )),
        None => Ok(None),
    }
}

/// Plans [`ConsentBarrier`] nodes.
#[derive(Debug)]
struct BarrierPlanner;

#[async_trait]
impl ExtensionPlanner for BarrierPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session: &dyn Session,
        _ctx: &datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        let Some(barrier) = node.as_any().downcast_ref::<ConsentBarrier>() else {
            return Ok(None);
        };
        let [input] = physical_inputs else {
            return internal_err!("ConsentBarrier needs one input");
        };
        match (&barrier.key, &barrier.excluded) {
            (Some(key), Some(excluded)) if !excluded.0.is_empty() => {
                if let Some(filtered) = skip_in_scan(input, &excluded.0)? {
                    return Ok(Some(filtered));
                }
                if barrier.in_scan {
                    return internal_err!(
                        "the consent filter of `{}` was to be applied in its scan",
                        barrier.table
                    );
                }
                let index = input.schema().index_of(key)?;
                Ok(Some(Arc::new(ConsentFilterExec::new(
                    input.clone(),
                    barrier.table.clone(),
                    Some((index, excluded.0.clone())),
                ))))
            }
            _ if barrier.seal => Ok(Some(Arc::new(ConsentFilterExec::new(
                input.clone(),
                barrier.table.clone(),
                None,
            )))),
            _ => Ok(Some(input.clone())),
        }
    }
}

/// The query planner of remote sessions: the default one, which also plans barriers.
#[derive(Debug)]
pub struct RemotePlanner;

#[async_trait]
impl QueryPlanner for RemotePlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session: &dyn Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(BarrierPlanner)])
            .create_physical_plan(logical_plan, session)
            .await
    }
}
