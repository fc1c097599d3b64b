//! Phenotypic features (`phenotypic_feature.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{Evidence, OntologyClass, TimeElement};
use crate::phenopackets::proto;

/// A phenotype observed (or explicitly excluded) in an individual or a biosample.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct PhenotypicFeature {
    pub description: Option<String>,
    /// The phenotype, e.g. `HP:0001250` "Seizure".
    #[serde(rename = "type")]
    pub kind: Option<OntologyClass>,
    /// `true` if the phenotype was looked for and found absent.
    #[serde(default, deserialize_with = "proto::boolean")]
    pub excluded: bool,
    pub severity: Option<OntologyClass>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub modifiers: Vec<OntologyClass>,
    pub onset: Option<TimeElement>,
    pub resolution: Option<TimeElement>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub evidence: Vec<Evidence>,
}

crate::phenopackets::proto::messages!(PhenotypicFeature);
