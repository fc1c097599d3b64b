//! The `samples` table of a dataset: which individual each sample of its data files is.
//!
//! Links come from the phenopackets (`files[].individualToFileIdentifiers`) and from the
//! dataset config (`samples = { S00001 = "IND00001" }`), which wins for the samples it
//! names. Join it to `genotypes` (`sample_id`) and to the phenotype tables
//! (`individual_id`).

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use genofed_connectors::phenopackets::SampleLink;

/// The schema: `sample_id`, `individual_id`, `file_uri` (the phenopacket file entry the
/// link came from; null for config links), `source` (`phenopacket` or `config`).
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("sample_id", DataType::Utf8, false),
        Field::new("individual_id", DataType::Utf8, false),
        Field::new("file_uri", DataType::Utf8, true),
        Field::new("source", DataType::Utf8, false),
    ]))
}

/// The table from phenopacket links and config links.
pub fn table(
    links: &[SampleLink],
    config: &BTreeMap<String, String>,
) -> datafusion::error::Result<MemTable> {
    let mut sample = StringBuilder::new();
    let mut individual = StringBuilder::new();
    let mut uri = StringBuilder::new();
    let mut source = StringBuilder::new();
    for link in links {
        if config.contains_key(&link.file_sample_id) {
            continue;
        }
        sample.append_value(&link.file_sample_id);
        individual.append_value(&link.individual_id);
        uri.append_option(link.file_uri.as_deref());
        source.append_value("phenopacket");
    }
    for (s, i) in config {
        sample.append_value(s);
        individual.append_value(i);
        uri.append_null();
        source.append_value("config");
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(sample.finish()),
        Arc::new(individual.finish()),
        Arc::new(uri.finish()),
        Arc::new(source.finish()),
    ];
    let batch = RecordBatch::try_new(schema(), columns)?;
    MemTable::try_new(schema(), vec![vec![batch]])
}
