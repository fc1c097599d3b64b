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

use datafusion::arrow::record_batch::RecordBatch;
use datafusion::error::DataFusionError;
use datafusion::logical_expr::LogicalPlan;
use datafusion::scalar::ScalarValue;

use super::{RemoteSession, admit, sanitize};

/// Distinct plans a session keeps; past it, the kept ones are dropped.
const MAX_PLANS: usize = 256;

/// A session's analyzed and optimized plans, by the plan they were made from.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    plans: Mutex<HashMap<LogicalPlan, Arc<LogicalPlan>>>,
    /// Cloning a session's state (or making a task context) for each run costs more than
    /// planning a point query.
    state: OnceLock<(SessionState, Arc<TaskContext>)>,
}

impl Prepared {
    fn get(&self, plan: &LogicalPlan) -> Option<Arc<LogicalPlan>> {
        self.lock().get(plan).cloned()
    }

    fn keep(&self, plan: LogicalPlan, optimized: Arc<LogicalPlan>) {
        let mut plans = self.lock();
        if plans.len() >= MAX_PLANS {
            plans.clear();
        }
        plans.insert(plan, optimized);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<LogicalPlan, Arc<LogicalPlan>>> {
        self.plans.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
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
        let optimized = match self.prepared.get(&plan) {
            Some(p) => p,
            None => {
                admit(&plan)?;
                if matches!(plan, LogicalPlan::Explain(_)) {
                    return Err(
                        super::AccessDenied::new("EXPLAIN cannot be prepared".to_string())
                            .into_datafusion(),
                    );
                }
                let optimized = Arc::new(state.optimize(&plan).map_err(sanitize)?);
                self.prepared.keep(plan, optimized.clone());
                optimized
            }
        };
        let filled = Arc::unwrap_or_clone(optimized)
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
