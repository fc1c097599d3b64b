//! The `TableProvider` over one or more VCF/BCF files.

use std::path::Path;
use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::error::Result;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;

use super::exec::VcfScanExec;
use super::file::VcfFile;
use super::plan::plan;
use super::scan::ScanConfig;
use super::schema::{Col, Shape};
use crate::crypt4gh::PrivateKey;
use crate::region::Region;
use crate::{Error, ErrorKind, Location};

/// Rows per batch of the `variants` shape; `genotypes` batches are larger since their
/// rows are narrow.
const VARIANT_BATCH: usize = 8192;
const GENOTYPE_BATCH: usize = 16384;

/// VCF/BCF files exposed as one table of a given [`Shape`].
#[derive(Debug)]
pub struct VcfTable {
    files: Vec<Arc<VcfFile>>,
    shape: Shape,
    cols: Vec<Col>,
    schema: SchemaRef,
}

impl VcfTable {
    /// Opens the files (they must share INFO/FORMAT definitions and, for genotypes, samples).
    pub fn open<P: AsRef<Path>>(paths: &[P], shape: Shape) -> Result<Self, Error> {
        Self::open_with(paths, shape, None)
    }

    /// Like [`open`](Self::open), decrypting Crypt4GH files with `key`.
    pub fn open_with<P: AsRef<Path>>(
        paths: &[P],
        shape: Shape,
        key: Option<&PrivateKey>,
    ) -> Result<Self, Error> {
        let files = paths
            .iter()
            .map(|p| VcfFile::open_with(p, key).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_files(files, shape)
    }

    /// Builds a table from already opened files.
    pub fn from_files(files: Vec<Arc<VcfFile>>, shape: Shape) -> Result<Self, Error> {
        let Some(first) = files.first() else {
            return Err(Error::new(
                "",
                Location::File,
                ErrorKind::Unsupported("a table needs at least one file".into()),
            ));
        };
        let schema = shape.schema(&first.header);
        let cols = shape.columns(&first.header);
        for f in &files[1..] {
            let same_samples = shape == Shape::Variants || f.header.samples == first.header.samples;
            if shape.schema(&f.header) != schema || !same_samples {
                return Err(Error::new(
                    &f.path,
                    Location::File,
                    ErrorKind::Unsupported(format!(
                        "its INFO/FORMAT definitions or samples differ from `{}`; files of one table must agree",
                        first.path.display()
                    )),
                ));
            }
        }
        Ok(Self {
            files,
            shape,
            cols,
            schema,
        })
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    pub fn files(&self) -> &[Arc<VcfFile>] {
        &self.files
    }
}

#[async_trait]
impl TableProvider for VcfTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| {
                if Region::understands(f) {
                    TableProviderFilterPushDown::Inexact
                } else {
                    TableProviderFilterPushDown::Unsupported
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let (cols, schema) = match projection {
            Some(p) => (
                p.iter().map(|&i| self.cols[i]).collect(),
                Arc::new(self.schema.project(p)?),
            ),
            None => (self.cols.clone(), self.schema.clone()),
        };
        let (region, _) = Region::from_filters(filters);
        let target = state.config().target_partitions();
        let files = self.files.clone();
        // Planning reads only the loaded indexes, in memory: a restricted region is
        // planned here (at most 1,024 windows per contig, usually one), a whole scan on a
        // blocking thread.
        let planned = if region.is_restricted() {
            plan(&files, &region, target)?
        } else {
            let region = region.clone();
            tokio::task::spawn_blocking(move || plan(&files, &region, target))
                .await
                .map_err(|e| datafusion::error::DataFusionError::External(Box::new(e)))??
        };
        let batch_rows = match self.shape {
            Shape::Variants => VARIANT_BATCH,
            Shape::Genotypes => GENOTYPE_BATCH,
        };
        let cfg = ScanConfig {
            shape: self.shape,
            cols,
            schema,
            region,
            batch_rows,
            limit,
            site_aggs: Vec::new(),
            header: self.files[0].header.clone(),
            skip: None,
        };
        Ok(Arc::new(VcfScanExec::new(
            planned.partitions,
            planned.sorted,
            Arc::new(cfg),
        )))
    }
}
