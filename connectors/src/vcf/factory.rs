//! `CREATE EXTERNAL TABLE ... STORED AS VCF|BCF` support.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProviderFactory};
use datafusion::datasource::TableProvider;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::CreateExternalTable;

use super::schema::Shape;
use super::table::VcfTable;
use crate::key_options::{KEY_OPTIONS, KeyOptions};

/// Creates [`VcfTable`]s from `CREATE EXTERNAL TABLE name STORED AS VCF LOCATION 'path'`.
/// `OPTIONS ('shape' 'genotypes')` gives the per-sample shape (default `variants`);
/// `'crypt4gh.key' 'node.sec'` (and `'crypt4gh.passphrase_env' 'VAR'` for a protected key,
/// `'crypt4gh.sender_pk' 'writer.pub'` to trust only that writer's header packets)
/// decrypts Crypt4GH files.
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
        let mut keys = KeyOptions::default();
        for (name, value) in &cmd.options {
            let name = name.trim_start_matches("format.");
            if keys.take(name, value) {
                continue;
            }
            match name {
                "shape" => shape = value.parse().map_err(DataFusionError::Plan)?,
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "unknown VCF table option `{other}` (known: `shape`, {KEY_OPTIONS})"
                    )));
                }
            }
        }
        let key = keys.finish()?;
        if !cmd.schema.fields().is_empty() {
            return Err(DataFusionError::Plan(
                "VCF/BCF tables take their columns from the file header; omit the column list"
                    .into(),
            ));
        }
        let locations = cmd.locations.clone();
        let table = tokio::task::spawn_blocking(move || {
            let key = key.map(|k| k.load()).transpose()?;
            VcfTable::open_with(&locations, shape, key.as_ref())
        })
        .await
        .map_err(|e| DataFusionError::External(Box::new(e)))??;
        Ok(Arc::new(table))
    }
}
