//! Phenopacket tables for DataFusion: every table is built in memory once, when the
//! dataset opens (loading is fast: about 30 µs per phenopacket), and scanned from there.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProviderFactory};
use datafusion::datasource::{MemTable, TableProvider};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::CreateExternalTable;

use crate::crypt4gh::PrivateKey;
use crate::key_options::{KEY_OPTIONS, KeyOptions};
use crate::phenopackets::{PhenopacketSet, SampleLink, Table, load, sample_links, tables};
use crate::{Error, ErrorKind, Location};

/// The tables of a set of phenopackets, and their sample links.
#[derive(Debug)]
pub struct PhenopacketTables {
    tables: Vec<(Table, Arc<MemTable>)>,
    links: Vec<SampleLink>,
    packets: usize,
}

impl PhenopacketTables {
    /// Loads the phenopackets under `paths` and builds every table.
    pub fn open(paths: &[PathBuf], key: Option<&PrivateKey>) -> Result<Self, Error> {
        let set = load(paths, key)?;
        Self::from_set(&set)
    }

    pub fn from_set(set: &PhenopacketSet) -> Result<Self, Error> {
        let built = tables(set)
            .map_err(|e| Error::new("", Location::File, ErrorKind::Unsupported(e.to_string())))?;
        let mut out = Vec::new();
        for (table, batch) in built.iter() {
            let mem =
                MemTable::try_new(table.schema(), vec![vec![batch.clone()]]).map_err(|e| {
                    Error::new("", Location::File, ErrorKind::Unsupported(e.to_string()))
                })?;
            out.push((table, Arc::new(mem)));
        }
        Ok(Self {
            tables: out,
            links: sample_links(set),
            packets: set.len(),
        })
    }

    /// Each table with its name ([`Table::name`]).
    pub fn tables(&self) -> impl Iterator<Item = (Table, Arc<MemTable>)> + '_ {
        self.tables.iter().map(|(t, m)| (*t, m.clone()))
    }

    /// One table.
    pub fn table(&self, table: Table) -> Option<Arc<MemTable>> {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, m)| m.clone())
    }

    /// The (file, sample, individual) links the phenopackets declare.
    pub fn sample_links(&self) -> &[SampleLink] {
        &self.links
    }

    /// How many phenopackets were loaded.
    pub fn len(&self) -> usize {
        self.packets
    }

    pub fn is_empty(&self) -> bool {
        self.packets == 0
    }
}

/// `CREATE EXTERNAL TABLE t STORED AS PHENOPACKETS LOCATION 'dir/'
/// OPTIONS ('table' 'phenotypic_features')`: one table of the phenopackets under the
/// location (default `individuals`); `crypt4gh.*` options as for VCF tables.
#[derive(Debug, Default)]
pub struct PhenopacketTableFactory;

#[async_trait]
impl TableProviderFactory for PhenopacketTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let mut which = Table::Individuals;
        let mut keys = KeyOptions::default();
        for (name, value) in &cmd.options {
            let name = name.trim_start_matches("format.");
            if keys.take(name, value) {
                continue;
            }
            match name {
                "table" => {
                    which = Table::ALL
                        .into_iter()
                        .find(|t| t.name() == value)
                        .ok_or_else(|| {
                            let names: Vec<_> = Table::ALL.iter().map(|t| t.name()).collect();
                            DataFusionError::Plan(format!(
                                "unknown phenopacket table `{value}` (known: {})",
                                names.join(", ")
                            ))
                        })?
                }
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "unknown phenopacket table option `{other}` (known: `table`, {KEY_OPTIONS})"
                    )));
                }
            }
        }
        let key = keys.finish()?;
        if !cmd.schema.fields().is_empty() {
            return Err(DataFusionError::Plan(
                "phenopacket tables have fixed columns; omit the column list".into(),
            ));
        }
        let locations: Vec<PathBuf> = cmd.locations.iter().map(PathBuf::from).collect();
        let tables = tokio::task::spawn_blocking(move || {
            let key = key.map(|k| k.load()).transpose()?;
            PhenopacketTables::open(&locations, key.as_ref())
        })
        .await
        .map_err(|e| DataFusionError::External(Box::new(e)))??;
        let table = tables
            .table(which)
            .ok_or_else(|| DataFusionError::Internal("phenopacket table missing".into()))?;
        Ok(table)
    }
}
