//! Building blocks shared by many messages (`base.proto`).

use serde::Deserialize;

use crate::phenopackets::model::TimeElement;
use crate::phenopackets::proto;

/// A class (term, concept) of an ontology, e.g. `HP:0001250` "Seizure".
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct OntologyClass {
    /// A CURIE such as `HP:0001250`.
    pub id: Option<String>,
    /// The class label, e.g. "Seizure".
    pub label: Option<String>,
}

/// A reference to something outside the phenopacket, e.g. `PMID:30808312`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ExternalReference {
    pub id: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
}

/// How a phenotype was determined.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Evidence {
    #[serde(alias = "evidence_code")]
    pub evidence_code: Option<OntologyClass>,
    pub reference: Option<ExternalReference>,
}

/// A clinical procedure, e.g. a biopsy, and where and when it was performed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Procedure {
    pub code: Option<OntologyClass>,
    #[serde(alias = "body_site")]
    pub body_site: Option<OntologyClass>,
    pub performed: Option<TimeElement>,
}

/// A file (e.g. a VCF) and how the individuals of the message map to its samples.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct File {
    pub uri: Option<String>,
    /// Individual id → sample id in the file, in input order.
    #[serde(
        default,
        alias = "individual_to_file_identifiers",
        deserialize_with = "proto::string_map"
    )]
    pub individual_to_file_identifiers: Vec<(String, String)>,
    /// File attributes such as `genomeAssembly` or `fileFormat`, in input order.
    #[serde(
        default,
        alias = "file_attributes",
        deserialize_with = "proto::string_map"
    )]
    pub file_attributes: Vec<(String, String)>,
}

impl File {
    /// The sample id of `individual_id` in this file, if the file maps it.
    pub fn sample_of(&self, individual_id: &str) -> Option<&str> {
        self.individual_to_file_identifiers
            .iter()
            .find(|(individual, _)| individual == individual_id)
            .map(|(_, sample)| sample.as_str())
    }
}

crate::phenopackets::proto::messages!(OntologyClass, ExternalReference, Evidence, Procedure, File);
