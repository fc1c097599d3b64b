//! `CREATE EXTERNAL TABLE ... STORED AS VCF|BCF` support.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProviderFactory};
use datafusion::datasource::TableProvider;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::CreateExternalTable;

use super::schema::Shape;
use super::table::VcfTable;

/// Creates [`VcfTable`]s from `CREATE EXTERNAL TABLE name STORED AS VCF LOCATION 'path'`.
/// `OPTIONS ('shape' 'genotypes')` gives the per-sample shape (default `variants`).
#[derive(Debug, Default)]
pub struct VcfTableFactory;

#[async_trait]
impl TableProviderFactory for VcfTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let mut shape = Shape::Variants;
        for (key, value) in &cmd.options {
            match key.trim_start_matches("format.") {
                "shape" => shape = value.parse().map_err(DataFusionError::Plan)?,
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "unknown VCF table option `{other}` (known: `shape`)"
                    )));
                }
            }
        }
        if !cmd.schema.fields().is_empty() {
            return Err(DataFusionError::Plan(
                "VCF/BCF tables take their columns from the file header; omit the column list"
                    .into(),
            ));
        }
        let locations = cmd.locations.clone();
        let table = tokio::task::spawn_blocking(move || VcfTable::open(&locations, shape))
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)))??;
        Ok(Arc::new(table))
    }
}
