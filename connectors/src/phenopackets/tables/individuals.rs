//! The `individuals` table: one row per phenopacket, describing its subject.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::columns::{
    Bool, ExternalReferenceColumn, ListOf, OntologyColumn, Push, TimeElementColumn, Timestamp,
    Utf8, VitalStatusColumn, table_columns,
};
use crate::phenopackets::model::Person;
use crate::phenopackets::{GroupKind, PhenopacketSet, Role};

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        alternate_ids: ListOf<Utf8>,
        date_of_birth: Timestamp,
        time_at_last_encounter: TimeElementColumn,
        vital_status: VitalStatusColumn,
        sex: Utf8,
        karyotypic_sex: Utf8,
        gender: OntologyColumn,
        taxonomy: OntologyColumn,
        cohort_id: Utf8,
        family_id: Utf8,
        family_role: Utf8,
        consanguinous_parents: Bool,
        paternal_id: Utf8,
        maternal_id: Utf8,
        affected_status: Utf8,
        created: Timestamp,
        created_by: Utf8,
        submitted_by: Utf8,
        phenopacket_schema_version: Utf8,
        external_references: ListOf<ExternalReferenceColumn>,
        source_path: Utf8,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        let source = &entry.source;
        let subject = packet.subject.as_ref();
        c.individual_id.push(packet.subject_id());
        c.phenopacket_id.push(packet.id.as_deref());
        c.alternate_ids.push(subject.map(|s| &s.alternate_ids));
        c.date_of_birth.push(subject.and_then(|s| s.date_of_birth));
        c.time_at_last_encounter
            .push(subject.and_then(|s| s.time_at_last_encounter.as_ref()));
        c.vital_status
            .push(subject.and_then(|s| s.vital_status.as_ref()));
        c.sex.push(subject.and_then(|s| s.sex).map(|s| s.as_str()));
        c.karyotypic_sex
            .push(subject.and_then(|s| s.karyotypic_sex).map(|s| s.as_str()));
        c.gender.push(subject.and_then(|s| s.gender.as_ref()));
        c.taxonomy.push(subject.and_then(|s| s.taxonomy.as_ref()));

        c.cohort_id.push(source.cohort_id());
        c.family_id.push(source.family_id());
        let role = matches!(source.role, Role::Proband | Role::Relative).then(|| source.role);
        c.family_role.push(role.map(Role::as_str));
        let family = source
            .group
            .as_deref()
            .filter(|g| g.kind == GroupKind::Family);
        c.consanguinous_parents
            .push(family.map(|g| g.consanguinous_parents));
        let person: Option<&Person> = source
            .group
            .as_ref()
            .and_then(|g| g.pedigree.as_ref())
            .zip(packet.subject_id())
            .and_then(|(pedigree, id)| pedigree.person(id));
        c.paternal_id
            .push(person.and_then(|p| p.paternal_id.as_deref()));
        c.maternal_id
            .push(person.and_then(|p| p.maternal_id.as_deref()));
        c.affected_status
            .push(person.and_then(|p| p.affected_status).map(|s| s.as_str()));

        // A member without its own metaData inherits its Cohort's or Family's.
        let meta = packet
            .meta_data
            .as_ref()
            .or_else(|| source.group.as_ref().and_then(|g| g.meta_data.as_ref()));
        c.created.push(meta.and_then(|m| m.created));
        c.created_by
            .push(meta.and_then(|m| m.created_by.as_deref()));
        c.submitted_by
            .push(meta.and_then(|m| m.submitted_by.as_deref()));
        c.phenopacket_schema_version
            .push(meta.and_then(|m| m.phenopacket_schema_version.as_deref()));
        c.external_references
            .push(meta.map(|m| &m.external_references));
        c.source_path
            .push(Some(source.path.to_string_lossy().as_ref()));
    }
    c.finish()
}
