//! Medical actions: procedures, treatments, radiation therapy and therapeutic regimens
//! (`medical_action.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{
    OntologyClass, Procedure, RadiationTherapy, TherapeuticRegimen, Treatment, one_of,
};
use crate::phenopackets::proto;

/// A medication, procedure or other action taken for clinical management.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "RawMedicalAction")]
pub struct MedicalAction {
    /// `oneof action`.
    pub action: Option<Action>,
    pub treatment_target: Option<OntologyClass>,
    pub treatment_intent: Option<OntologyClass>,
    pub response_to_treatment: Option<OntologyClass>,
    pub adverse_events: Vec<OntologyClass>,
    pub treatment_termination_reason: Option<OntologyClass>,
}

/// The kind of a [`MedicalAction`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Procedure(Procedure),
    Treatment(Treatment),
    RadiationTherapy(RadiationTherapy),
    TherapeuticRegimen(TherapeuticRegimen),
}

impl Action {
    /// `procedure`, `treatment`, `radiation_therapy` or `therapeutic_regimen`.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Procedure(_) => "procedure",
            Action::Treatment(_) => "treatment",
            Action::RadiationTherapy(_) => "radiation_therapy",
            Action::TherapeuticRegimen(_) => "therapeutic_regimen",
        }
    }
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawMedicalAction {
    procedure: Option<Procedure>,
    treatment: Option<Treatment>,
    #[serde(alias = "radiation_therapy")]
    radiation_therapy: Option<RadiationTherapy>,
    #[serde(alias = "therapeutic_regimen")]
    therapeutic_regimen: Option<TherapeuticRegimen>,
    #[serde(alias = "treatment_target")]
    treatment_target: Option<OntologyClass>,
    #[serde(alias = "treatment_intent")]
    treatment_intent: Option<OntologyClass>,
    #[serde(alias = "response_to_treatment")]
    response_to_treatment: Option<OntologyClass>,
    #[serde(
        default,
        alias = "adverse_events",
        deserialize_with = "proto::repeated"
    )]
    adverse_events: Vec<OntologyClass>,
    #[serde(alias = "treatment_termination_reason")]
    treatment_termination_reason: Option<OntologyClass>,
}

impl TryFrom<RawMedicalAction> for MedicalAction {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawMedicalAction) -> Result<Self, Self::Error> {
        let action = one_of(
            "medical action",
            &[
                "procedure",
                "treatment",
                "radiationTherapy",
                "therapeuticRegimen",
            ],
            [
                raw.procedure.map(Action::Procedure),
                raw.treatment.map(Action::Treatment),
                raw.radiation_therapy.map(Action::RadiationTherapy),
                raw.therapeutic_regimen.map(Action::TherapeuticRegimen),
            ],
        )?;
        Ok(MedicalAction {
            action,
            treatment_target: raw.treatment_target,
            treatment_intent: raw.treatment_intent,
            response_to_treatment: raw.response_to_treatment,
            adverse_events: raw.adverse_events,
            treatment_termination_reason: raw.treatment_termination_reason,
        })
    }
}

crate::phenopackets::proto::messages!(RawMedicalAction);
