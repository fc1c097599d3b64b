//! The scan operator.

use std::fmt;
use std::sync::Arc;

use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchReceiverStreamBuilder;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};

use super::plan::ScanTask;
use super::scan::{self, ScanConfig};

/// Scans BAM/CRAM/SAM files: one partition per group of tasks, each read on its own
/// blocking thread and streamed through a bounded channel.
pub struct AlignmentScanExec {
    partitions: Vec<Vec<ScanTask>>,
    cfg: Arc<ScanConfig>,
    properties: Arc<PlanProperties>,
}

impl fmt::Debug for AlignmentScanExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignmentScanExec")
            .field("partitions", &self.partitions.len())
            .finish()
    }
}

impl AlignmentScanExec {
    pub(crate) fn new(partitions: Vec<Vec<ScanTask>>, cfg: Arc<ScanConfig>) -> Self {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(cfg.schema.clone()),
            Partitioning::UnknownPartitioning(partitions.len()),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Self {
            partitions,
            cfg,
            properties: Arc::new(properties),
        }
    }
}

impl DisplayAs for AlignmentScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let tasks: usize = self.partitions.iter().map(Vec::len).sum();
        write!(
            f,
            "AlignmentScanExec: partitions={}, tasks={}",
            self.partitions.len(),
            tasks
        )?;
        let r = &self.cfg.region;
        if r.is_restricted() {
            write!(f, ", region={:?}:{}-{}", r.contigs, r.start, r.end)?;
        }
        if let Some(l) = self.cfg.limit {
            write!(f, ", limit={l}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for AlignmentScanExec {
    fn name(&self) -> &str {
        "AlignmentScanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
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
        _context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let tasks = self.partitions.get(partition).cloned().ok_or_else(|| {
            DataFusionError::Internal(format!("AlignmentScanExec has no partition {partition}"))
        })?;
        let cfg = self.cfg.clone();
        let mut builder = RecordBatchReceiverStreamBuilder::new(cfg.schema.clone(), 2);
        let tx = builder.tx();
        builder.spawn_blocking(move || {
            let mut emit = |batch| tx.blocking_send(Ok(batch)).is_ok();
            scan::run(&tasks, &cfg, &mut emit).map_err(DataFusionError::from)
        });
        Ok(builder.build())
    }
}
