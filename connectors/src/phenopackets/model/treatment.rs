//! Drug treatments and radiation therapy (`medical_action.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{OntologyClass, Quantity, TimeInterval};
use crate::phenopackets::proto::{self, proto_enum};

/// Treatment with an agent such as a drug.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Treatment {
    pub agent: Option<OntologyClass>,
    #[serde(alias = "route_of_administration")]
    pub route_of_administration: Option<OntologyClass>,
    #[serde(
        default,
        alias = "dose_intervals",
        deserialize_with = "proto::repeated"
    )]
    pub dose_intervals: Vec<DoseInterval>,
    #[serde(alias = "drug_type")]
    pub drug_type: Option<DrugType>,
    #[serde(alias = "cumulative_dose")]
    pub cumulative_dose: Option<Quantity>,
}

/// A dose given at some frequency over some interval, e.g. 50 mg three times daily.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct DoseInterval {
    pub quantity: Option<Quantity>,
    #[serde(alias = "schedule_frequency")]
    pub schedule_frequency: Option<OntologyClass>,
    pub interval: Option<TimeInterval>,
}

proto_enum! {
    /// How a drug was given (a simplified OHDSI DRUG_EXPOSURE type).
    DrugType("drug type") {
        UnknownDrugType = 0 => "UNKNOWN_DRUG_TYPE",
        Prescription = 1 => "PRESCRIPTION",
        EhrMedicationList = 2 => "EHR_MEDICATION_LIST",
        AdministrationRelatedToProcedure = 3 => "ADMINISTRATION_RELATED_TO_PROCEDURE",
    }
}

/// Radiation therapy: modality, site, total dose (Gy) and number of fractions.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct RadiationTherapy {
    pub modality: Option<OntologyClass>,
    #[serde(alias = "body_site")]
    pub body_site: Option<OntologyClass>,
    #[serde(default, deserialize_with = "proto::integer")]
    pub dosage: Option<i32>,
    #[serde(default, deserialize_with = "proto::integer")]
    pub fractions: Option<i32>,
}

crate::phenopackets::proto::messages!(Treatment, DoseInterval, RadiationTherapy);
