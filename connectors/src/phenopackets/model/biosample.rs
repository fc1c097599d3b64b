//! Biosamples (`biosample.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{
    File, Measurement, OntologyClass, PhenotypicFeature, Procedure, TimeElement,
};
use crate::phenopackets::proto;

/// A unit of biological material, e.g. a biopsy, from which molecules were analysed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Biosample {
    pub id: Option<String>,
    #[serde(alias = "individual_id")]
    pub individual_id: Option<String>,
    #[serde(alias = "derived_from_id")]
    pub derived_from_id: Option<String>,
    pub description: Option<String>,
    #[serde(alias = "sampled_tissue")]
    pub sampled_tissue: Option<OntologyClass>,
    #[serde(alias = "sample_type")]
    pub sample_type: Option<OntologyClass>,
    #[serde(
        default,
        alias = "phenotypic_features",
        deserialize_with = "proto::repeated"
    )]
    pub phenotypic_features: Vec<PhenotypicFeature>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub measurements: Vec<Measurement>,
    pub taxonomy: Option<OntologyClass>,
    #[serde(alias = "time_of_collection")]
    pub time_of_collection: Option<TimeElement>,
    #[serde(alias = "histological_diagnosis")]
    pub histological_diagnosis: Option<OntologyClass>,
    #[serde(alias = "tumor_progression")]
    pub tumor_progression: Option<OntologyClass>,
    #[serde(alias = "tumor_grade")]
    pub tumor_grade: Option<OntologyClass>,
    #[serde(alias = "pathological_stage")]
    pub pathological_stage: Option<OntologyClass>,
    #[serde(
        default,
        alias = "pathological_tnm_finding",
        deserialize_with = "proto::repeated"
    )]
    pub pathological_tnm_finding: Vec<OntologyClass>,
    #[serde(
        default,
        alias = "diagnostic_markers",
        deserialize_with = "proto::repeated"
    )]
    pub diagnostic_markers: Vec<OntologyClass>,
    pub procedure: Option<Procedure>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub files: Vec<File>,
    #[serde(alias = "material_sample")]
    pub material_sample: Option<OntologyClass>,
    #[serde(alias = "sample_processing")]
    pub sample_processing: Option<OntologyClass>,
    #[serde(alias = "sample_storage")]
    pub sample_storage: Option<OntologyClass>,
}

crate::phenopackets::proto::messages!(Biosample);
