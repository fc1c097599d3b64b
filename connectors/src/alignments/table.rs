//! The `TableProvider` over one or more BAM/CRAM/SAM files.

use std::path::Path;
use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;

use super::exec::AlignmentScanExec;
use super::file::{AlignmentFile, OpenOptions};
use super::plan::plan;
use super::scan::ScanConfig;
use super::schema::{self, Col};
use crate::region::{Region, RegionColumns};
use crate::{Error, ErrorKind, Location};

const BATCH_ROWS: usize = 8192;

/// Alignment files exposed as one `alignments` table.
#[derive(Debug)]
pub struct AlignmentTable {
    files: Vec<Arc<AlignmentFile>>,
    cols: Vec<Col>,
    schema: SchemaRef,
}

impl AlignmentTable {
    /// Opens the files (any mix of BAM, CRAM and SAM).
    pub fn open<P: AsRef<Path>>(paths: &[P], options: &OpenOptions) -> Result<Self, Error> {
        let files = paths
            .iter()
            .map(|p| AlignmentFile::open(p, options).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_files(files)
    }

    /// Builds a table from already opened files.
    pub fn from_files(files: Vec<Arc<AlignmentFile>>) -> Result<Self, Error> {
        if files.is_empty() {
            return Err(Error::new(
                "",
                Location::File,
                ErrorKind::Unsupported("a table needs at least one file".into()),
            ));
        }
        Ok(Self {
            files,
            cols: schema::columns(),
            schema: schema::schema(),
        })
    }

    pub fn files(&self) -> &[Arc<AlignmentFile>] {
        &self.files
    }
}

#[async_trait]
impl TableProvider for AlignmentTable {
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
                if Region::understands_on(f, &RegionColumns::SAM) {
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
        let (region, _) = Region::from_filters_on(filters, &RegionColumns::SAM);
        let target = state.config().target_partitions();
        let files = self.files.clone();
        let partitions = {
            let region = region.clone();
            tokio::task::spawn_blocking(move || plan(&files, &region, target))
                .await
                .map_err(|e| DataFusionError::External(Box::new(e)))??
        };
        let cfg = ScanConfig {
            cols,
            schema,
            region,
            batch_rows: BATCH_ROWS,
            limit,
        };
        Ok(Arc::new(AlignmentScanExec::new(partitions, Arc::new(cfg))))
    }
}
