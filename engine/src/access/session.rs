//! A remote principal's session: the datasets it may discover, the policy rule, no
//! statements that change or reveal the node, and errors without row values.

use std::sync::Arc;

use datafusion::error::DataFusionError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{DataFrame, SQLOptions, SessionContext};

use super::decisions::Access;
use super::denied::AccessDenied;

mod prepared;

/// Table functions a remote principal may call: none reads files.
pub(crate) const TABLE_FUNCTIONS: &[&str] = &["generate_series", "range"];

/// A session running queries as a remote principal.
#[derive(Clone)]
pub struct RemoteSession {
    ctx: SessionContext,
    access: Arc<Access>,
    prepared: Arc<prepared::Prepared>,
}

impl std::fmt::Debug for RemoteSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteSession")
            .field("requester", &self.access.requester.describe())
            .finish()
    }
}

/// SQL a remote principal may run: queries and `EXPLAIN` only.
fn options() -> SQLOptions {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
}

impl RemoteSession {
    pub(crate) fn new(ctx: SessionContext, access: Arc<Access>) -> Self {
        Self {
            ctx,
            access,
            prepared: Arc::default(),
        }
    }

    /// The decisions this session enforces.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// The DataFusion session (its analyzer holds the policy rule): for front ends that
    /// build plans with the DataFrame API. Its schemas are read-only and it has no table
    /// factories, but SQL should go through [`Self::sql`], which refuses statements.
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Plans a query. DDL, DML, `COPY`, `SET` and other statements are refused, and so
    /// are `EXPLAIN VERBOSE` and `EXPLAIN ANALYZE`.
    pub async fn sql(&self, sql: &str) -> Result<DataFrame, DataFusionError> {
        let plan = self
            .ctx
            .state()
            .create_logical_plan(sql)
            .await
            .map_err(sanitize)?;
        self.plan(plan).await
    }

    /// Plans one parsed statement, under the same rules as [`Self::sql`].
    pub async fn statement(
        &self,
        statement: datafusion::sql::parser::Statement,
    ) -> Result<DataFrame, DataFusionError> {
        let plan = self
            .ctx
            .state()
            .statement_to_plan(statement)
            .await
            .map_err(sanitize)?;
        self.plan(plan).await
    }

    /// Runs a logical plan built by a front end, under the same rules as [`Self::sql`].
    pub async fn plan(&self, plan: LogicalPlan) -> Result<DataFrame, DataFusionError> {
        admit(&plan)?;
        let df = self
            .ctx
            .execute_logical_plan(plan)
            .await
            .map_err(sanitize)?;
        // Analyze now, so that a denial is an error of planning, not of the stream. The
        // frame keeps the unanalyzed plan: it is analyzed (once) when it runs.
        self.ctx
            .state()
            .optimize(df.logical_plan())
            .map_err(sanitize)?;
        Ok(df)
    }

    /// Runs a query to completion.
    pub async fn collect(
        &self,
        sql: &str,
    ) -> Result<Vec<datafusion::arrow::record_batch::RecordBatch>, DataFusionError> {
        self.sql(sql).await?.collect().await.map_err(sanitize)
    }

    /// Runs a query as a stream whose errors are sanitized.
    pub async fn stream(&self, sql: &str) -> Result<SendableRecordBatchStream, DataFusionError> {
        use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
        use futures::StreamExt;
        let stream = self
            .sql(sql)
            .await?
            .execute_stream()
            .await
            .map_err(sanitize)?;
        let schema = stream.schema();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            stream.map(|r| r.map_err(sanitize)),
        )))
    }
}

/// Refuses what a remote principal may not run: statements, `EXPLAIN VERBOSE` and
/// `EXPLAIN ANALYZE`.
fn admit(plan: &LogicalPlan) -> Result<(), DataFusionError> {
    options().verify_plan(plan).map_err(refused)?;
    match plan {
        LogicalPlan::Explain(e) if e.verbose => Err(AccessDenied::new(
            "EXPLAIN VERBOSE shows the scans' statistics: use EXPLAIN".to_string(),
        )
        .into_datafusion()),
        LogicalPlan::Analyze(_) => Err(AccessDenied::new(
            "EXPLAIN ANALYZE shows the scans' row counts: use EXPLAIN".to_string(),
        )
        .into_datafusion()),
        _ => Ok(()),
    }
}

fn refused(e: DataFusionError) -> DataFusionError {
    AccessDenied::new(format!(
        "only queries may run here ({})",
        e.strip_backtrace()
            .trim_start_matches("Error during planning: ")
    ))
    .into_datafusion()
}

/// The error a remote principal sees: planning errors (about their own query) and
/// denials as they are; any other error (which may quote a row's value, or a path of
/// the node) replaced by a generic one, the cause printed on the node's stderr.
pub fn sanitize(e: DataFusionError) -> DataFusionError {
    if let Some(denied) = AccessDenied::find(&e) {
        // Without the analyzer's context around it.
        return denied.clone().into_datafusion();
    }
    if super::Disclosed::find(&e).is_some() {
        return e;
    }
    let planning = matches!(
        e.find_root(),
        DataFusionError::Plan(_)
            | DataFusionError::SchemaError(..)
            | DataFusionError::SQL(..)
            | DataFusionError::NotImplemented(_)
            | DataFusionError::Configuration(_)
    );
    if planning {
        return e;
    }
    eprintln!("genofed: a remote query failed: {e}");
    DataFusionError::Execution(
        "the query failed while running (the node's log has the cause)".to_string(),
    )
}
