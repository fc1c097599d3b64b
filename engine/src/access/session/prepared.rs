//! Prepared plans: a front end that runs the same query shape many times (the Beacon's
//! sequence queries) builds it with typed placeholders (`$1`, `$2`...) for the values
//! that change. A session analyzes (policy rule included) and optimizes each distinct
//! plan once; each run then only fills in the values and plans the execution.
//!
//! Sound because a session's decisions are fixed for its life, and the policy rule reads
//! a plan's shape (tables, columns, expressions), never the values of its literals.
//! Prepared plans run in a snapshot of the session's state taken at the first one, so
//! the query time (`now()`) of a prepared plan is that of the snapshot.

use std::sync::{Arc, Mutex, OnceLock};

use datafusion::common::HashMap;
use datafusion::execution::{SessionState, TaskContext};

use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::plan_err;
use datafusion::error::DataFusionError;
use datafusion::logical_expr::LogicalPlan;
use datafusion::scalar::ScalarValue;

use super::{RemoteSession, admit, sanitize};

/// Distinct plans a session keeps; past it, the kept ones are dropped.
const MAX_PLANS: usize = 256;

/// A plan analyzed and optimized, and the types of its parameters `$1`, `$2`...
#[derive(Debug)]
struct Ready {
    plan: LogicalPlan,
    types: Vec<DataType>,
}

/// A session's analyzed and optimized plans, by the plan they were made from.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    plans: Mutex<HashMap<LogicalPlan, Arc<Ready>>>,
    /// Cloning a session's state (or making a task context) for each run costs more than
    /// planning a point query.
    state: OnceLock<(SessionState, Arc<TaskContext>)>,
}

impl Prepared {
    fn get(&self, plan: &LogicalPlan) -> Option<Arc<Ready>> {
        self.lock().get(plan).cloned()
    }

    fn keep(&self, plan: LogicalPlan, optimized: Arc<Ready>) {
        let mut plans = self.lock();
        if plans.len() >= MAX_PLANS {
            plans.clear();
        }
        plans.insert(plan, optimized);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<LogicalPlan, Arc<Ready>>> {
        self.plans.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

/// The types of `plan`'s parameters, which must be `$1`..`$n`, each typed.
fn parameter_types(plan: &LogicalPlan) -> Result<Vec<DataType>, DataFusionError> {
    let types = plan.get_parameter_types().map_err(sanitize)?;
    (1..=types.len())
        .map(|i| match types.get(&format!("${i}")) {
            Some(Some(t)) => Ok(t.clone()),
            Some(None) => plan_err!("parameter `${i}` has no type"),
            None => plan_err!("the plan's parameters are not `$1`..`${}`", types.len()),
        })
        .collect()
}

impl RemoteSession {
    /// Runs `plan`, a query whose placeholders `$1`, `$2`... take `values`, to
    /// completion. The first run of a plan analyzes and optimizes it as [`Self::plan`]
    /// does (same refusals, same policy rule); later runs of an equal plan reuse that.
    pub async fn run_prepared(
        &self,
        plan: LogicalPlan,
        values: Vec<ScalarValue>,
    ) -> Result<Vec<RecordBatch>, DataFusionError> {
        let (state, task) = self.prepared.state.get_or_init(|| {
            let state = self.ctx.state();
            let task = state.task_ctx();
            (state, task)
        });
        let ready = match self.prepared.get(&plan) {
            Some(p) => p,
            None => {
                admit(&plan)?;
                if matches!(plan, LogicalPlan::Explain(_)) {
                    return Err(
                        super::AccessDenied::new("EXPLAIN cannot be prepared".to_string())
                            .into_datafusion(),
                    );
                }
                let types = parameter_types(&plan)?;
                let optimized = state.optimize(&plan).map_err(sanitize)?;
                let ready = Arc::new(Ready {
                    plan: optimized,
                    types,
                });
                self.prepared.keep(plan, ready.clone());
                ready
            }
        };
        // A value of another type than its parameter's would be cast as rows reach it,
        // after the policy rule judged the plan: refused.
        let n = ready.types.len();
        if values.len() != n {
            return plan_err!(
                "the plan has {n} parameters, and {} values came",
                values.len()
            );
        }
        for (i, (t, v)) in ready.types.iter().zip(&values).enumerate() {
            if *t != v.data_type() {
                return plan_err!(
                    "parameter `${}` is {t}, and its value is {}",
                    i + 1,
                    v.data_type()
                );
            }
        }
        let filled = ready
            .plan
            .clone()
            .with_param_values(values)
            .map_err(sanitize)?;
        let physical = state
            .query_planner()
            .create_physical_plan(&filled, state)
            .await
            .map_err(sanitize)?;
        datafusion::physical_plan::collect(physical, task.clone())
            .await
            .map_err(sanitize)
    }

    /// Plans this session keeps prepared.
    pub fn prepared_plans(&self) -> usize {
        self.prepared.len()
    }
}
