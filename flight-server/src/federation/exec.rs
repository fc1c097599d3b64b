//! Reads a query's rows from peers: one partition per (peer, dataset) member, each a
//! Flight SQL call with the caller's passport and declaration, so each peer enforces its
//! own policies. A peer's failure names it; with partial results on, the failing peer is
//! left out and the query's [`Report`] says why.

use std::fmt;
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatchOptions, StringArray};
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use datafusion::common::Result;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};
use futures::{StreamExt, TryStreamExt};
use genofed_engine::access::Disclosed;

use super::sql::{self, Query};
use super::{Member, Report};
use crate::error::{ClientError, PeerError};

/// Where an output column comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Out {
    /// The member's peer name.
    Node,
    /// The member's dataset.
    Dataset,
    /// The peer's answer, this column.
    Remote(usize),
}

/// The plan node reading from peers.
#[derive(Debug)]
pub struct RemoteExec {
    members: Vec<Member>,
    remote: SchemaRef,
    query: Query,
    out: Vec<Out>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl RemoteExec {
    pub fn new(
        members: Vec<Member>,
        remote: SchemaRef,
        query: Query,
        out: Vec<Out>,
        schema: SchemaRef,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(schema.clone()),
            Partitioning::UnknownPartitioning(members.len().max(1)),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Self {
            members,
            remote,
            query,
            out,
            schema,
            properties,
        }
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }
    pub fn query(&self) -> &Query {
        &self.query
    }
    pub fn out(&self) -> &[Out] {
        &self.out
    }
    pub fn remote_schema(&self) -> &SchemaRef {
        &self.remote
    }
}

impl DisplayAs for RemoteExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "RemoteExec: ")?;
        for (i, m) in self.members.iter().enumerate() {
            let sql = sql::render(&m.dataset, &m.table, &self.remote, &self.query)
                .unwrap_or_else(|e| format!("<{e}>"));
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{}: {sql}", m.peer.name)?;
        }
        Ok(())
    }
}

/// The output batch of a peer's batch: tags added, columns cast to the planned types.
fn convert(
    batch: &RecordBatch,
    member: &Member,
    out: &[Out],
    schema: &SchemaRef,
) -> Result<RecordBatch, ClientError> {
    let rows = batch.num_rows();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(out.len());
    for (o, field) in out.iter().zip(schema.fields()) {
        let array: ArrayRef = match o {
            Out::Node => Arc::new(StringArray::from(vec![member.peer.name.as_str(); rows])),
            Out::Dataset => Arc::new(StringArray::from(vec![member.dataset.as_str(); rows])),
            Out::Remote(i) => {
                let Some(c) = batch.columns().get(*i) else {
                    return Err(ClientError::Protocol(format!(
                        "the answer has {} columns, {} expected",
                        batch.num_columns(),
                        i + 1
                    )));
                };
                if c.data_type() == field.data_type() {
                    c.clone()
                } else {
                    arrow::compute::cast(c, field.data_type())?
                }
            }
        };
        columns.push(array);
    }
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    Ok(RecordBatch::try_new_with_options(
        schema.clone(),
        columns,
        &options,
    )?)
}

impl ExecutionPlan for RemoteExec {
    fn name(&self) -> &str {
        "RemoteExec"
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
        vec![]
    }

    fn with_new_children(
        self: Arc<Self>,
        _children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let schema = self.schema.clone();
        let Some(member) = self.members.get(partition).cloned() else {
            // No member left (every one filtered out by its tags): no rows.
            return Ok(Box::pin(RecordBatchStreamAdapter::new(
                schema,
                futures::stream::empty(),
            )));
        };
        let report = context
            .session_config()
            .get_extension::<Report>()
            .unwrap_or_default();
        let node = member.peer.name.clone();
        if report.failed(&node) {
            // Its catalog could not be read when the session opened.
            return if report.partial() {
                Ok(Box::pin(RecordBatchStreamAdapter::new(
                    schema,
                    futures::stream::empty(),
                )))
            } else {
                Err(report.error(&node))
            };
        }
        let sql = sql::render(&member.dataset, &member.table, &self.remote, &self.query)?;
        tracing::debug!(node = %node, sql = %sql, "to peer");
        let out = self.out.clone();
        let client = member.client();
        let answer = futures::stream::once(async move {
            let mut client = client?;
            Ok::<_, ClientError>(client.query(&sql).await?.batches)
        })
        .try_flatten();
        let out_schema = schema.clone();
        let stream = futures::stream::unfold(Some((Box::pin(answer), 0u64)), move |state| {
            let (member, out, schema, report, node) = (
                member.clone(),
                out.clone(),
                out_schema.clone(),
                report.clone(),
                node.clone(),
            );
            async move {
                let (mut answer, rows) = state?;
                let failed = |e: ClientError| {
                    let e = PeerError {
                        node: node.clone(),
                        source: e,
                    };
                    tracing::warn!(error = %e, "peer failed");
                    e
                };
                match answer.next().await {
                    Some(Ok(batch)) => {
                        let n = batch.num_rows() as u64;
                        match convert(&batch, &member, &out, &schema) {
                            Ok(b) => Some((Ok(b), Some((answer, rows + n)))),
                            Err(e) => Some((Err(Disclosed::wrap(failed(e))), None)),
                        }
                    }
                    Some(Err(e)) => {
                        let e = failed(e);
                        if report.partial() {
                            report.fail(&node, e.source.to_string());
                            None
                        } else {
                            report.fail(&node, e.source.to_string());
                            Some((Err(Disclosed::wrap(e)), None))
                        }
                    }
                    None => {
                        report.rows(&node, rows);
                        None
                    }
                }
            }
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}
