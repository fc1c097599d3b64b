//! The `samples` table of a dataset: which individual each sample of its data files is.
//!
//! Links come from the phenopackets (`files[].individualToFileIdentifiers`) and from the
//! dataset config (`samples = { S00001 = "IND00001" }`), which wins for the samples it
//! names. Join it to `genotypes` (`sample_id`) and to the phenotype tables
//! (`individual_id`). There is one row per sample (a sample listed in several files is
//! one row, with every file's URI), so joins through it never repeat rows; a sample the
//! phenopackets link to two different individuals is an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, ListBuilder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use genofed_connectors::phenopackets::SampleLink;

/// The schema: `sample_id`, `individual_id`, `file_uris` (the URIs of the phenopacket
/// file entries the link came from; empty for config links), `source` (`phenopacket` or
/// `config`).
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("sample_id", DataType::Utf8, false),
        Field::new("individual_id", DataType::Utf8, false),
        Field::new(
            "file_uris",
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
            false,
        ),
        Field::new("source", DataType::Utf8, false),
    ]))
}

/// A sample the phenopackets link to two individuals.
#[derive(Debug, thiserror::Error)]
#[error(
    "sample `{sample}` is linked to individual `{first}` and to individual `{second}` by the phenopackets' `individualToFileIdentifiers`; fix them, or say which is right with `samples = {{ {sample} = \"…\" }}` in the dataset config"
)]
pub struct ConflictingLink {
    pub sample: String,
    pub first: String,
    pub second: String,
}

/// Why a dataset's `samples` table cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SamplesError {
    #[error(transparent)]
    Conflict(#[from] ConflictingLink),
    #[error("cannot build the samples table")]
    DataFusion(#[from] datafusion::error::DataFusionError),
}

/// The table from phenopacket links and config links, and its (sample, individual) pairs.
pub fn table(
    links: &[SampleLink],
    config: &BTreeMap<String, String>,
) -> Result<(MemTable, Vec<(String, String)>), SamplesError> {
    // sample -> (individual, file URIs), in sample order.
    let mut merged: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    for link in links {
        if config.contains_key(&link.file_sample_id) {
            continue;
        }
        let entry = merged
            .entry(&link.file_sample_id)
            .or_insert((&link.individual_id, Vec::new()));
        if entry.0 != link.individual_id {
            return Err(ConflictingLink {
                sample: link.file_sample_id.clone(),
                first: entry.0.to_string(),
                second: link.individual_id.clone(),
            }
            .into());
        }
        if let Some(uri) = link.file_uri.as_deref()
            && !entry.1.contains(&uri)
        {
            entry.1.push(uri);
        }
    }
    let mut sample = StringBuilder::new();
    let mut individual = StringBuilder::new();
    let mut uris = ListBuilder::new(StringBuilder::new());
    let mut source = StringBuilder::new();
    let mut pairs = Vec::with_capacity(merged.len() + config.len());
    for (s, (i, files)) in &merged {
        pairs.push((s.to_string(), i.to_string()));
        sample.append_value(s);
        individual.append_value(i);
        for f in files {
            uris.values().append_value(f);
        }
        uris.append(true);
        source.append_value("phenopacket");
    }
    for (s, i) in config {
        pairs.push((s.clone(), i.clone()));
        sample.append_value(s);
        individual.append_value(i);
        uris.append(true);
        source.append_value("config");
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(sample.finish()),
        Arc::new(individual.finish()),
        Arc::new(uris.finish()),
        Arc::new(source.finish()),
    ];
    let batch = RecordBatch::try_new(schema(), columns)
        .map_err(datafusion::error::DataFusionError::from)?;
    Ok((MemTable::try_new(schema(), vec![vec![batch]])?, pairs))
}
