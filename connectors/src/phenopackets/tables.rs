//! The Arrow tables of a [`PhenopacketSet`]: one [`RecordBatch`] per [`Table`].
//!
//! Every table has `individual_id` (the id of the phenopacket's subject) and
//! `phenopacket_id`, so that tables join on either.

mod biosamples;
mod complex_value;
mod diseases;
mod files;
mod individuals;
mod interpretations;
mod measurements;
mod medical_actions;
mod phenotypic_features;

use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;

/// A table made from phenopackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per phenopacket: the subject, its vital status, family and provenance.
    Individuals,
    /// One row per phenotypic feature, of the subject or of one of its biosamples.
    PhenotypicFeatures,
    /// One row per disease.
    Diseases,
    /// One row per biosample.
    Biosamples,
    /// One row per measurement, of the subject or of one of its biosamples.
    Measurements,
    /// One row per medical action (procedure, treatment, radiation therapy, regimen).
    MedicalActions,
    /// One row per genomic interpretation (or per interpretation without any).
    Interpretations,
    /// One row per (file, individual) pair.
    Files,
}

impl Table {
    /// Every table, in a stable order.
    pub const ALL: [Table; 8] = [
        Table::Individuals,
        Table::PhenotypicFeatures,
        Table::Diseases,
        Table::Biosamples,
        Table::Measurements,
        Table::MedicalActions,
        Table::Interpretations,
        Table::Files,
    ];

    /// The table's name, e.g. `phenotypic_features`.
    pub fn name(self) -> &'static str {
        match self {
            Table::Individuals => "individuals",
            Table::PhenotypicFeatures => "phenotypic_features",
            Table::Diseases => "diseases",
            Table::Biosamples => "biosamples",
            Table::Measurements => "measurements",
            Table::MedicalActions => "medical_actions",
            Table::Interpretations => "interpretations",
            Table::Files => "files",
        }
    }

    /// The table's schema, the same whatever the data.
    pub fn schema(self) -> SchemaRef {
        Arc::new(match self {
            Table::Individuals => individuals::Columns::schema(),
            Table::PhenotypicFeatures => phenotypic_features::Columns::schema(),
            Table::Diseases => diseases::Columns::schema(),
            Table::Biosamples => biosamples::Columns::schema(),
            Table::Measurements => measurements::Columns::schema(),
            Table::MedicalActions => medical_actions::Columns::schema(),
            Table::Interpretations => interpretations::Columns::schema(),
            Table::Files => files::Columns::schema(),
        })
    }
}

/// The tables of a [`PhenopacketSet`], one batch each.
#[derive(Debug, Clone)]
pub struct Tables {
    pub individuals: RecordBatch,
    pub phenotypic_features: RecordBatch,
    pub diseases: RecordBatch,
    pub biosamples: RecordBatch,
    pub measurements: RecordBatch,
    pub medical_actions: RecordBatch,
    pub interpretations: RecordBatch,
    pub files: RecordBatch,
}

impl Tables {
    /// The batch of `table`.
    pub fn get(&self, table: Table) -> &RecordBatch {
        match table {
            Table::Individuals => &self.individuals,
            Table::PhenotypicFeatures => &self.phenotypic_features,
            Table::Diseases => &self.diseases,
            Table::Biosamples => &self.biosamples,
            Table::Measurements => &self.measurements,
            Table::MedicalActions => &self.medical_actions,
            Table::Interpretations => &self.interpretations,
            Table::Files => &self.files,
        }
    }

    /// Every table with its batch, in the order of [`Table::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Table, &RecordBatch)> {
        Table::ALL.into_iter().map(|table| (table, self.get(table)))
    }
}

/// Builds every table of `set`. Fails only if a column outgrows Arrow's 32-bit offsets (more
/// than 2 GiB of text, or 2^31 list items, in one column).
pub fn tables(set: &PhenopacketSet) -> Result<Tables, ArrowError> {
    Ok(Tables {
        individuals: individuals::build(set)?,
        phenotypic_features: phenotypic_features::build(set)?,
        diseases: diseases::build(set)?,
        biosamples: biosamples::build(set)?,
        measurements: measurements::build(set)?,
        medical_actions: medical_actions::build(set)?,
        interpretations: interpretations::build(set)?,
        files: files::build(set)?,
    })
}
