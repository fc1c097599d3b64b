//! Pedigrees (`pedigree.proto`), in the PED file model.

use serde::Deserialize;

use crate::phenopackets::model::Sex;
use crate::phenopackets::proto::{self, proto_enum};

/// The relations between the members of a family.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Pedigree {
    #[serde(default, deserialize_with = "proto::repeated")]
    pub persons: Vec<Person>,
}

impl Pedigree {
    /// The person with the given individual id.
    pub fn person(&self, individual_id: &str) -> Option<&Person> {
        self.persons
            .iter()
            .find(|p| p.individual_id.as_deref() == Some(individual_id))
    }
}

/// One line of a PED file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    #[serde(alias = "family_id")]
    pub family_id: Option<String>,
    #[serde(alias = "individual_id")]
    pub individual_id: Option<String>,
    #[serde(alias = "paternal_id")]
    pub paternal_id: Option<String>,
    #[serde(alias = "maternal_id")]
    pub maternal_id: Option<String>,
    pub sex: Option<Sex>,
    #[serde(alias = "affected_status")]
    pub affected_status: Option<AffectedStatus>,
}

proto_enum! {
    /// Whether a person is affected by the condition studied.
    AffectedStatus("affected status") {
        Missing = 0 => "MISSING",
        Unaffected = 1 => "UNAFFECTED",
        Affected = 2 => "AFFECTED",
    }
}

crate::phenopackets::proto::messages!(Pedigree, Person);
