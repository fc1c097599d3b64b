//! Registering each dataset's tables under a schema named after the dataset.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::catalog::{CatalogProvider, MemorySchemaProvider, SchemaProvider};
use genofed_connectors::alignments::{AlignmentTable, OpenOptions};
use genofed_connectors::crypt4gh::KeySource;
use genofed_connectors::phenopackets::PhenopacketTables;
use genofed_connectors::vcf::{Shape, VcfFile, VcfTable};

use crate::{EngineError, NodeConfig};

/// (sample, individual) links of each dataset.
pub(crate) type Links = BTreeMap<String, Vec<(String, String)>>;

/// Opens every dataset of `config` and registers its tables in `catalog`; returns each
/// dataset's sample links.
pub(crate) fn register_datasets(
    config: &NodeConfig,
    catalog: &dyn CatalogProvider,
) -> Result<Links, EngineError> {
    let mut all_links = Links::new();
    for (name, ds) in &config.datasets {
        let wrap = |source: genofed_connectors::Error| EngineError::Dataset {
            dataset: name.clone(),
            source: Box::new(source),
        };
        let key = ds
            .crypt4gh
            .as_ref()
            .map(|c| {
                KeySource {
                    key: config.resolve(&c.key),
                    passphrase_env: c.passphrase_env.clone(),
                    passphrase: c.passphrase.clone(),
                    sender_pk: c.sender_pk.as_ref().map(|p| config.resolve(p)),
                }
                .load()
            })
            .transpose()
            .map_err(wrap)?;
        let files = ds
            .vcf
            .iter()
            .map(|p| VcfFile::open_with(config.resolve(p), key.as_ref()).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(wrap)?;
        let schema = MemorySchemaProvider::new();
        if !files.is_empty() {
            let variants = VcfTable::from_files(files.clone(), Shape::Variants).map_err(wrap)?;
            schema.register_table("variants".into(), Arc::new(variants))?;
            if files.iter().all(|f| !f.header.samples.is_empty()) {
                let genotypes = VcfTable::from_files(files, Shape::Genotypes).map_err(wrap)?;
                schema.register_table("genotypes".into(), Arc::new(genotypes))?;
            }
        }
        if !ds.alignments.is_empty() {
            let options = OpenOptions {
                key: key.clone(),
                reference: ds.reference.as_ref().map(|r| config.resolve(r)),
            };
            let paths: Vec<_> = ds.alignments.iter().map(|p| config.resolve(p)).collect();
            let table = AlignmentTable::open(&paths, &options).map_err(wrap)?;
            schema.register_table("alignments".into(), Arc::new(table))?;
        }
        let mut links = Vec::new();
        if !ds.phenopackets.is_empty() {
            let paths: Vec<_> = ds.phenopackets.iter().map(|p| config.resolve(p)).collect();
            let tables = PhenopacketTables::open(&paths, key.as_ref()).map_err(wrap)?;
            for (table, mem) in tables.tables() {
                schema.register_table(table.name().into(), mem)?;
            }
            links = tables.sample_links().to_vec();
        }
        if !links.is_empty() || !ds.samples.is_empty() {
            let (samples, pairs) =
                crate::samples::table(&links, &ds.samples).map_err(|source| {
                    EngineError::Samples {
                        dataset: name.clone(),
                        source,
                    }
                })?;
            schema.register_table("samples".into(), Arc::new(samples))?;
            all_links.insert(name.clone(), pairs);
        }
        catalog.register_schema(name, Arc::new(schema) as Arc<dyn SchemaProvider>)?;
    }
    Ok(all_links)
}
