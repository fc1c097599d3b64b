//! The `biosamples` table: one row per biosample.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    ListOf, OntologyColumn, ProcedureColumn, Push, TimeElementColumn, UInt32, Utf8, table_columns,
};

table_columns! {
    Columns {
        biosample_id: Utf8,
        individual_id: Utf8,
        phenopacket_id: Utf8,
        derived_from_id: Utf8,
        description: Utf8,
        sampled_tissue: OntologyColumn,
        sample_type: OntologyColumn,
        phenotypic_feature_count: UInt32,
        measurement_count: UInt32,
        taxonomy: OntologyColumn,
        time_of_collection: TimeElementColumn,
        histological_diagnosis: OntologyColumn,
        tumor_progression: OntologyColumn,
        tumor_grade: OntologyColumn,
        pathological_stage: OntologyColumn,
        pathological_tnm_finding: ListOf<OntologyColumn>,
        diagnostic_markers: ListOf<OntologyColumn>,
        procedure: ProcedureColumn,
        files: ListOf<Utf8>,
        material_sample: OntologyColumn,
        sample_processing: OntologyColumn,
        sample_storage: OntologyColumn,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        for b in &packet.biosamples {
            c.biosample_id.push(b.id.as_deref());
            // The biosample's own `individualId` if given, else the subject's id.
            c.individual_id
                .push(b.individual_id.as_deref().or(packet.subject_id()));
            c.phenopacket_id.push(packet.id.as_deref());
            c.derived_from_id.push(b.derived_from_id.as_deref());
            c.description.push(b.description.as_deref());
            c.sampled_tissue.push(b.sampled_tissue.as_ref());
            c.sample_type.push(b.sample_type.as_ref());
            c.phenotypic_feature_count
                .push(u32::try_from(b.phenotypic_features.len()).ok());
            c.measurement_count
                .push(u32::try_from(b.measurements.len()).ok());
            c.taxonomy.push(b.taxonomy.as_ref());
            c.time_of_collection.push(b.time_of_collection.as_ref());
            c.histological_diagnosis
                .push(b.histological_diagnosis.as_ref());
            c.tumor_progression.push(b.tumor_progression.as_ref());
            c.tumor_grade.push(b.tumor_grade.as_ref());
            c.pathological_stage.push(b.pathological_stage.as_ref());
            c.pathological_tnm_finding
                .push(Some(&b.pathological_tnm_finding));
            c.diagnostic_markers.push(Some(&b.diagnostic_markers));
            c.procedure.push(b.procedure.as_ref());
            c.files.push_items(b.files.iter().map(|f| f.uri.as_deref()));
            c.material_sample.push(b.material_sample.as_ref());
            c.sample_processing.push(b.sample_processing.as_ref());
            c.sample_storage.push(b.sample_storage.as_ref());
        }
    }
    c.finish()
}
