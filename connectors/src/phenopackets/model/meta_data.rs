//! Provenance: who made the phenopacket, when, and with which ontologies (`meta_data.proto`).

use serde::Deserialize;

use crate::phenopackets::model::ExternalReference;
use crate::phenopackets::proto;
use crate::phenopackets::timestamp::Timestamp;

/// Provenance of a phenopacket, cohort or family.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct MetaData {
    pub created: Option<Timestamp>,
    #[serde(alias = "created_by")]
    pub created_by: Option<String>,
    #[serde(alias = "submitted_by")]
    pub submitted_by: Option<String>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub resources: Vec<Resource>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub updates: Vec<Update>,
    #[serde(alias = "phenopacket_schema_version")]
    pub phenopacket_schema_version: Option<String>,
    #[serde(
        default,
        alias = "external_references",
        deserialize_with = "proto::repeated"
    )]
    pub external_references: Vec<ExternalReference>,
}

/// An ontology or other resource used in the phenopacket, e.g. the HPO.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub version: Option<String>,
    #[serde(alias = "namespace_prefix")]
    pub namespace_prefix: Option<String>,
    #[serde(alias = "iri_prefix")]
    pub iri_prefix: Option<String>,
}

/// A change made to the record.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Update {
    pub timestamp: Option<Timestamp>,
    #[serde(alias = "updated_by")]
    pub updated_by: Option<String>,
    pub comment: Option<String>,
}

crate::phenopackets::proto::messages!(MetaData, Resource, Update);
