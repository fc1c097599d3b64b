//! The `diseases` table: one row per disease of a subject.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    Bool, ListOf, OntologyColumn, Push, TimeElementColumn, Utf8, table_columns,
};

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        term: OntologyColumn,
        excluded: Bool,
        onset: TimeElementColumn,
        resolution: TimeElementColumn,
        disease_stage: ListOf<OntologyColumn>,
        clinical_tnm_finding: ListOf<OntologyColumn>,
        primary_site: OntologyColumn,
        laterality: OntologyColumn,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        for disease in &packet.diseases {
            c.individual_id.push(packet.subject_id());
            c.phenopacket_id.push(packet.id.as_deref());
            c.term.push(disease.term.as_ref());
            c.excluded.push(Some(disease.excluded));
            c.onset.push(disease.onset.as_ref());
            c.resolution.push(disease.resolution.as_ref());
            c.disease_stage.push(Some(&disease.disease_stage));
            c.clinical_tnm_finding
                .push(Some(&disease.clinical_tnm_finding));
            c.primary_site.push(disease.primary_site.as_ref());
            c.laterality.push(disease.laterality.as_ref());
        }
    }
    c.finish()
}
