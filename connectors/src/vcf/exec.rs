//! The scan operator.

use std::fmt;
use std::sync::Arc;

use arrow::compute::SortOptions;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::ScalarFunctionExpr;
use datafusion::physical_expr::expressions::{Column, Literal};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::stream::{
    RecordBatchReceiverStreamBuilder, RecordBatchStreamAdapter,
};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};
use datafusion::scalar::ScalarValue;

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
            for col in [Col::Chrom, Col::Pos] {
                match cfg.cols.iter().position(|c| *c == col) {
                    Some(i) => ordering.push(PhysicalSortExpr::new(
                        Arc::new(Column::new(schema.field(i).name(), i)),
                        SortOptions::default(),
                    )),
                    None => break,
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

    /// Whether the scan leaves some samples' rows out.
    pub fn skips_samples(&self) -> bool {
        self.cfg.skip.is_some()
    }

    /// This genotypes scan without the rows of the `excluded` samples (a consent filter
    /// inside the scan: the rows are never built). `None` for a variants scan or one
    /// computing site aggregates.
    pub fn without_samples(&self, excluded: &std::collections::HashSet<String>) -> Option<Self> {
        if self.cfg.shape != Shape::Genotypes || !self.cfg.site_aggs.is_empty() {
            return None;
        }
        let mut skip: Vec<bool> = match &self.cfg.skip {
            Some(k) => k.to_vec(),
            None => vec![false; self.cfg.header.samples.len()],
        };
        for (s, id) in self.cfg.header.samples.iter().enumerate() {
            if excluded.contains(id) {
                skip[s] = true;
            }
        }
        let cfg = ScanConfig {
            skip: Some(skip.into()),
            ..(*self.cfg).clone()
        };
        Some(Self {
            partitions: self.partitions.clone(),
            sorted: self.sorted,
            cfg: Arc::new(cfg),
            properties: self.properties.clone(),
        })
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
            cols: groups,
            schema,
            limit: None,
            site_aggs: aggs,
            ..(*self.cfg).clone()
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
        if self.cfg.skip.is_some() {
            write!(f, ", consent filter")?;
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

    /// Takes over a projection of plain columns and `info['KEY']` / `format['KEY']`
    /// accesses, so that only the requested INFO/FORMAT keys are parsed.
    fn try_swapping_with_projection(
        &self,
        projection: &ProjectionExec,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        if self.is_site_aggregate() {
            return Ok(None);
        }
        let header = &self.cfg.header;
        let out = projection.schema();
        let mut cols = Vec::new();
        let mut any_key = false;
        for pe in projection.expr() {
            if let Some(c) = pe.expr.downcast_ref::<Column>() {
                let Some(col) = self.cfg.cols.get(c.index()) else {
                    return Ok(None);
                };
                cols.push(*col);
                continue;
            }
            let Some(f) = pe.expr.downcast_ref::<ScalarFunctionExpr>() else {
                return Ok(None);
            };
            let [base, key] = f.args() else {
                return Ok(None);
            };
            let (Some(base), Some(key)) =
                (base.downcast_ref::<Column>(), key.downcast_ref::<Literal>())
            else {
                return Ok(None);
            };
            let key = match key.value() {
                ScalarValue::Utf8(Some(k))
                | ScalarValue::Utf8View(Some(k))
                | ScalarValue::LargeUtf8(Some(k)) => k,
                _ => return Ok(None),
            };
            let col = match (f.name(), self.cfg.cols.get(base.index())) {
                ("get_field", Some(Col::Info)) => {
                    match header.infos.iter().position(|d| &d.id == key) {
                        Some(i) => Col::InfoKey(i),
                        None => return Ok(None),
                    }
                }
                ("get_field", Some(Col::Format)) => {
                    match header
                        .formats
                        .iter()
                        .filter(|d| d.id != "GT")
                        .position(|d| &d.id == key)
                    {
                        Some(i) => Col::FormatKey(i),
                        None => return Ok(None),
                    }
                }
                _ => return Ok(None),
            };
            // The field must be exactly what the projection would have produced.
            let expected = out.field(cols.len());
            if expected.data_type() != super::schema::field(col, header).data_type() {
                return Ok(None);
            }
            any_key = true;
            cols.push(col);
        }
        if !any_key {
            return Ok(None);
        }
        let cfg = ScanConfig {
            cols,
            schema: out.clone(),
            site_aggs: Vec::new(),
            ..(*self.cfg).clone()
        };
        Ok(Some(Arc::new(VcfScanExec::new(
            self.partitions.clone(),
            self.sorted,
            Arc::new(cfg),
        ))))
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
        if scan::is_point_read(&tasks) {
            // A few cached blocks: read on the caller's thread when first polled, without
            // a thread hand-off that costs more than the read.
            let schema = cfg.schema.clone();
            let read = futures::stream::once(async move {
                let mut batches = Vec::new();
                scan::run(&tasks, &cfg, &mut |b| {
                    batches.push(Ok(b));
                    true
                })?;
                Ok::<_, DataFusionError>(futures::stream::iter(batches))
            });
            return Ok(Box::pin(RecordBatchStreamAdapter::new(
                schema,
                futures::TryStreamExt::try_flatten(read),
            )));
        }
        let mut builder = RecordBatchReceiverStreamBuilder::new(cfg.schema.clone(), 2);
        let tx = builder.tx();
        builder.spawn_blocking(move || {
            let mut emit = |batch| tx.blocking_send(Ok(batch)).is_ok();
            scan::run(&tasks, &cfg, &mut emit).map_err(DataFusionError::from)
        });
        Ok(builder.build())
    }
}
