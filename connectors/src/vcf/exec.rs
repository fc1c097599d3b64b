//! The scan operator.

use std::fmt;
use std::sync::Arc;

use arrow::compute::SortOptions;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::expressions::Column;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchReceiverStreamBuilder;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};

use super::plan::ScanTask;
use arrow::datatypes::SchemaRef;

use super::file::Format;
use super::pushdown::SiteAgg;
use super::scan::{self, ScanConfig, SharedConfig};
use super::schema::{Col, Shape};

/// Scans VCF/BCF files: one partition per group of index chunks or byte ranges, each read
/// on its own blocking thread and streamed through a bounded channel.
pub struct VcfScanExec {
    partitions: Vec<Vec<ScanTask>>,
    sorted: bool,
    cfg: SharedConfig,
    properties: Arc<PlanProperties>,
}

impl fmt::Debug for VcfScanExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VcfScanExec")
            .field("partitions", &self.partitions.len())
            .finish()
    }
}

impl VcfScanExec {
    pub(crate) fn new(partitions: Vec<Vec<ScanTask>>, sorted: bool, cfg: SharedConfig) -> Self {
        let schema = cfg.schema.clone();
        let equivalences = if sorted {
            // Rows come ordered by (chrom, pos) in every partition; declare as much of that
            // ordering as the projection keeps (a leading prefix).
            let mut ordering = Vec::new();
            for name in ["chrom", "pos"] {
                match schema.index_of(name) {
                    Ok(i) => ordering.push(PhysicalSortExpr::new(
                        Arc::new(Column::new(name, i)),
                        SortOptions::default(),
                    )),
                    Err(_) => break,
                }
            }
            if ordering.is_empty() {
                EquivalenceProperties::new(schema)
            } else {
                EquivalenceProperties::new_with_orderings(schema, [ordering])
            }
        } else {
            EquivalenceProperties::new(schema)
        };
        let properties = PlanProperties::new(
            equivalences,
            Partitioning::UnknownPartitioning(partitions.len()),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Self {
            partitions,
            sorted,
            cfg,
            properties: Arc::new(properties),
        }
    }
}

impl VcfScanExec {
    pub fn shape(&self) -> Shape {
        self.cfg.shape
    }

    /// The projected columns, in output order.
    pub fn columns(&self) -> &[Col] {
        &self.cfg.cols
    }

    /// Whether every file is VCF text (site aggregates are computed for text only).
    pub fn reads_text_only(&self) -> bool {
        self.partitions
            .iter()
            .flatten()
            .all(|t| t.file.format != Format::Bcf)
    }

    pub fn is_site_aggregate(&self) -> bool {
        !self.cfg.site_aggs.is_empty()
    }

    /// This scan computing `aggs` per record grouped by `groups`, emitting the rows of the
    /// partial aggregate it replaces (`schema`, `properties`).
    pub(crate) fn with_site_aggregate(
        &self,
        groups: Vec<Col>,
        aggs: Vec<SiteAgg>,
        schema: SchemaRef,
        properties: Arc<PlanProperties>,
    ) -> Self {
        let cfg = ScanConfig {
            shape: self.cfg.shape,
            cols: groups,
            schema,
            region: self.cfg.region.clone(),
            batch_rows: self.cfg.batch_rows,
            limit: None,
            site_aggs: aggs,
        };
        Self {
            partitions: self.partitions.clone(),
            sorted: self.sorted,
            cfg: Arc::new(cfg),
            properties,
        }
    }
}

impl DisplayAs for VcfScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let files: usize = self.partitions.iter().map(Vec::len).sum();
        write!(
            f,
            "VcfScanExec: shape={:?}, partitions={}, tasks={}",
            self.cfg.shape,
            self.partitions.len(),
            files
        )?;
        if self.cfg.region.is_restricted() {
            let r = &self.cfg.region;
            write!(f, ", region={:?}:{}-{}", r.contigs, r.start, r.end)?;
        }
        if self.sorted {
            write!(f, ", sorted")?;
        }
        if !self.cfg.site_aggs.is_empty() {
            write!(f, ", site_aggregates={:?}", self.cfg.site_aggs)?;
        }
        if let Some(l) = self.cfg.limit {
            write!(f, ", limit={l}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for VcfScanExec {
    fn name(&self) -> &str {
        "VcfScanExec"
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
            DataFusionError::Internal(format!("VcfScanExec has no partition {partition}"))
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
