//! `CREATE EXTERNAL TABLE ... STORED AS BAM|CRAM|SAM` support.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProviderFactory};
use datafusion::datasource::TableProvider;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::CreateExternalTable;

use super::file::OpenOptions;
use super::table::AlignmentTable;
use crate::crypt4gh::KeySource;

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
        let mut key: Option<KeySource> = None;
        let mut passphrase_env = None;
        let mut sender_pk: Option<std::path::PathBuf> = None;
        for (name, value) in &cmd.options {
            match name.trim_start_matches("format.") {
                "reference" => reference = Some(value.into()),
                "crypt4gh.key" => {
                    key = Some(KeySource {
                        key: value.into(),
                        ..KeySource::default()
                    })
                }
                "crypt4gh.passphrase_env" => passphrase_env = Some(value.clone()),
                "crypt4gh.sender_pk" => sender_pk = Some(value.into()),
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "unknown alignment table option `{other}` (known: `reference`, `crypt4gh.key`, `crypt4gh.passphrase_env`, `crypt4gh.sender_pk`)"
                    )));
                }
            }
        }
        if let Some(k) = key.as_mut() {
            k.passphrase_env = passphrase_env;
            k.sender_pk = sender_pk;
        } else if passphrase_env.is_some() || sender_pk.is_some() {
            return Err(DataFusionError::Plan(
                "`crypt4gh.passphrase_env` and `crypt4gh.sender_pk` need `crypt4gh.key`".into(),
            ));
        }
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
