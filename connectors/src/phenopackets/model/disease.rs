//! Diseases (`disease.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{OntologyClass, TimeElement};
use crate::phenopackets::proto;

/// A disease diagnosed (or explicitly excluded), e.g. `OMIM:101600` "Pfeiffer syndrome".
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Disease {
    pub term: Option<OntologyClass>,
    #[serde(default, deserialize_with = "proto::boolean")]
    pub excluded: bool,
    pub onset: Option<TimeElement>,
    pub resolution: Option<TimeElement>,
    #[serde(default, alias = "disease_stage", deserialize_with = "proto::repeated")]
    pub disease_stage: Vec<OntologyClass>,
    #[serde(
        default,
        alias = "clinical_tnm_finding",
        deserialize_with = "proto::repeated"
    )]
    pub clinical_tnm_finding: Vec<OntologyClass>,
    #[serde(alias = "primary_site")]
    pub primary_site: Option<OntologyClass>,
    pub laterality: Option<OntologyClass>,
}

crate::phenopackets::proto::messages!(Disease);
