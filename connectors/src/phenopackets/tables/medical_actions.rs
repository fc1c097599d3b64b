//! The `medical_actions` table: one row per medical action, whatever its kind.
//!
//! `action_type` says which kind it is; `term` is its main ontology class (a procedure's
//! `code`, a treatment's `agent`, a radiation therapy's `modality` or a regimen's
//! `ontologyClass`) and `body_site` that of a procedure or a radiation therapy. The other
//! columns are those of one kind, null for the others.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    DoseIntervalColumn, ExternalReferenceColumn, Int32, ListOf, OntologyColumn, Push,
    QuantityColumn, TimeElementColumn, Utf8, table_columns,
};
use crate::phenopackets::model::{Action, RegimenIdentifier};

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        action_type: Utf8,
        term: OntologyColumn,
        body_site: OntologyColumn,
        performed: TimeElementColumn,
        route_of_administration: OntologyColumn,
        dose_intervals: ListOf<DoseIntervalColumn>,
        drug_type: Utf8,
        cumulative_dose: QuantityColumn,
        dosage: Int32,
        fractions: Int32,
        regimen_reference: ExternalReferenceColumn,
        start_time: TimeElementColumn,
        end_time: TimeElementColumn,
        regimen_status: Utf8,
        treatment_target: OntologyColumn,
        treatment_intent: OntologyColumn,
        response_to_treatment: OntologyColumn,
        adverse_events: ListOf<OntologyColumn>,
        treatment_termination_reason: OntologyColumn,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        for action in &packet.medical_actions {
            c.individual_id.push(packet.subject_id());
            c.phenopacket_id.push(packet.id.as_deref());
            let kind = action.action.as_ref();
            c.action_type.push(kind.map(Action::kind));
            let (procedure, treatment, radiation, regimen) = match kind {
                Some(Action::Procedure(p)) => (Some(p), None, None, None),
                Some(Action::Treatment(t)) => (None, Some(t), None, None),
                Some(Action::RadiationTherapy(r)) => (None, None, Some(r), None),
                Some(Action::TherapeuticRegimen(r)) => (None, None, None, Some(r)),
                None => (None, None, None, None),
            };
            let identifier = regimen.and_then(|r| r.identifier.as_ref());
            let term = procedure
                .and_then(|p| p.code.as_ref())
                .or(treatment.and_then(|t| t.agent.as_ref()))
                .or(radiation.and_then(|r| r.modality.as_ref()))
                .or(match identifier {
                    Some(RegimenIdentifier::OntologyClass(class)) => Some(class),
                    _ => None,
                });
            c.term.push(term);
            c.body_site.push(
                procedure
                    .and_then(|p| p.body_site.as_ref())
                    .or(radiation.and_then(|r| r.body_site.as_ref())),
            );
            c.performed
                .push(procedure.and_then(|p| p.performed.as_ref()));
            c.route_of_administration
                .push(treatment.and_then(|t| t.route_of_administration.as_ref()));
            c.dose_intervals.push(treatment.map(|t| &t.dose_intervals));
            c.drug_type
                .push(treatment.and_then(|t| t.drug_type).map(|d| d.as_str()));
            c.cumulative_dose
                .push(treatment.and_then(|t| t.cumulative_dose.as_ref()));
            c.dosage.push(radiation.and_then(|r| r.dosage));
            c.fractions.push(radiation.and_then(|r| r.fractions));
            c.regimen_reference.push(match identifier {
                Some(RegimenIdentifier::ExternalReference(reference)) => Some(reference),
                _ => None,
            });
            c.start_time
                .push(regimen.and_then(|r| r.start_time.as_ref()));
            c.end_time.push(regimen.and_then(|r| r.end_time.as_ref()));
            c.regimen_status
                .push(regimen.and_then(|r| r.regimen_status).map(|s| s.as_str()));
            c.treatment_target.push(action.treatment_target.as_ref());
            c.treatment_intent.push(action.treatment_intent.as_ref());
            c.response_to_treatment
                .push(action.response_to_treatment.as_ref());
            c.adverse_events.push(Some(&action.adverse_events));
            c.treatment_termination_reason
                .push(action.treatment_termination_reason.as_ref());
        }
    }
    c.finish()
}
