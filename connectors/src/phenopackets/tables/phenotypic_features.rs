//! The `phenotypic_features` table: one row per feature of a subject or of a biosample.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    Bool, EvidenceColumn, ListOf, OntologyColumn, Push, TimeElementColumn, Utf8, table_columns,
};
use crate::phenopackets::model::PhenotypicFeature;

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        biosample_id: Utf8,
        kind = "type": OntologyColumn,
        excluded: Bool,
        severity: OntologyColumn,
        modifiers: ListOf<OntologyColumn>,
        onset: TimeElementColumn,
        resolution: TimeElementColumn,
        evidence: ListOf<EvidenceColumn>,
        description: Utf8,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        let ids = (packet.subject_id(), packet.id.as_deref());
        for feature in &packet.phenotypic_features {
            push(&mut c, ids, None, feature);
        }
        for biosample in &packet.biosamples {
            for feature in &biosample.phenotypic_features {
                push(&mut c, ids, biosample.id.as_deref(), feature);
            }
        }
    }
    c.finish()
}

fn push(
    c: &mut Columns,
    (individual_id, phenopacket_id): (Option<&str>, Option<&str>),
    biosample_id: Option<&str>,
    feature: &PhenotypicFeature,
) {
    c.individual_id.push(individual_id);
    c.phenopacket_id.push(phenopacket_id);
    c.biosample_id.push(biosample_id);
    c.kind.push(feature.kind.as_ref());
    c.excluded.push(Some(feature.excluded));
    c.severity.push(feature.severity.as_ref());
    c.modifiers.push(Some(&feature.modifiers));
    c.onset.push(feature.onset.as_ref());
    c.resolution.push(feature.resolution.as_ref());
    c.evidence.push(Some(&feature.evidence));
    c.description.push(feature.description.as_deref());
}
