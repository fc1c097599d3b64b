//! `CREATE EXTERNAL TABLE ... STORED AS BAM|CRAM|SAM` support.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProviderFactory};
use datafusion::datasource::TableProvider;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::CreateExternalTable;

use super::file::OpenOptions;
use super::table::AlignmentTable;
use crate::key_options::{KEY_OPTIONS, KeyOptions};

/// Creates [`AlignmentTable`]s from `CREATE EXTERNAL TABLE name STORED AS BAM LOCATION
/// 'path'` (also `CRAM`, `SAM`; the format is read from the file's content).
/// `OPTIONS ('reference' 'ref.fa')` names the FASTA (with `.fai`) CRAM files need;
/// `'crypt4gh.key'`, `'crypt4gh.passphrase_env'`, `'crypt4gh.sender_pk'` decrypt
/// Crypt4GH files as for VCF tables.
#[derive(Debug, Default)]
pub struct AlignmentTableFactory;

#[async_trait]
impl TableProviderFactory for AlignmentTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let mut reference = None;
        let mut keys = KeyOptions::default();
        for (name, value) in &cmd.options {
            let name = name.trim_start_matches("format.");
            if keys.take(name, value) {
                continue;
            }
            match name {
                "reference" => reference = Some(value.into()),
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "unknown alignment table option `{other}` (known: `reference`, {KEY_OPTIONS})"
                    )));
                }
            }
        }
        let key = keys.finish()?;
        if !cmd.schema.fields().is_empty() {
            return Err(DataFusionError::Plan(
                "alignment tables have fixed columns; omit the column list".into(),
            ));
        }
        let locations = cmd.locations.clone();
        let table = tokio::task::spawn_blocking(move || {
            let key = key.map(|k| k.load()).transpose()?;
            AlignmentTable::open(&locations, &OpenOptions { key, reference })
        })
        .await
        .map_err(|e| DataFusionError::External(Box::new(e)))??;
        Ok(Arc::new(table))
    }
}
