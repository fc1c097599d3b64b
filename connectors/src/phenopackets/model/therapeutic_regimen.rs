//! Therapeutic regimens (`medical_action.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{ExternalReference, OntologyClass, TimeElement, one_of};
use crate::phenopackets::proto::proto_enum;

/// A therapeutic regimen, identified by a reference or an ontology class.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "RawTherapeuticRegimen")]
pub struct TherapeuticRegimen {
    /// `oneof identifier`.
    pub identifier: Option<RegimenIdentifier>,
    pub start_time: Option<TimeElement>,
    pub end_time: Option<TimeElement>,
    pub regimen_status: Option<RegimenStatus>,
}

/// How a [`TherapeuticRegimen`] is identified.
#[derive(Debug, Clone, PartialEq)]
pub enum RegimenIdentifier {
    ExternalReference(ExternalReference),
    OntologyClass(OntologyClass),
}

proto_enum! {
    /// `TherapeuticRegimen.RegimenStatus`.
    RegimenStatus("regimen status") {
        UnknownStatus = 0 => "UNKNOWN_STATUS",
        Started = 1 => "STARTED",
        Completed = 2 => "COMPLETED",
        Discontinued = 3 => "DISCONTINUED",
    }
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawTherapeuticRegimen {
    #[serde(alias = "external_reference")]
    external_reference: Option<ExternalReference>,
    #[serde(alias = "ontology_class")]
    ontology_class: Option<OntologyClass>,
    #[serde(alias = "start_time")]
    start_time: Option<TimeElement>,
    #[serde(alias = "end_time")]
    end_time: Option<TimeElement>,
    #[serde(alias = "regimen_status")]
    regimen_status: Option<RegimenStatus>,
}

impl TryFrom<RawTherapeuticRegimen> for TherapeuticRegimen {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawTherapeuticRegimen) -> Result<Self, Self::Error> {
        let identifier = one_of(
            "therapeutic regimen",
            &["externalReference", "ontologyClass"],
            [
                raw.external_reference
                    .map(RegimenIdentifier::ExternalReference),
                raw.ontology_class.map(RegimenIdentifier::OntologyClass),
            ],
        )?;
        Ok(TherapeuticRegimen {
            identifier,
            start_time: raw.start_time,
            end_time: raw.end_time,
            regimen_status: raw.regimen_status,
        })
    }
}

crate::phenopackets::proto::messages!(RawTherapeuticRegimen);
