//! The top-level messages: Phenopacket, Family and Cohort (`phenopackets.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{
    Biosample, Disease, File, Individual, Interpretation, Measurement, MedicalAction, MetaData,
    Pedigree, PhenotypicFeature,
};
use crate::phenopackets::proto;

/// A phenotypic description of one individual (the subject) with its biosamples,
/// measurements, diagnoses, treatments and files.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Phenopacket {
    pub id: Option<String>,
    pub subject: Option<Individual>,
    #[serde(
        default,
        alias = "phenotypic_features",
        deserialize_with = "proto::repeated"
    )]
    pub phenotypic_features: Vec<PhenotypicFeature>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub measurements: Vec<Measurement>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub biosamples: Vec<Biosample>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub interpretations: Vec<Interpretation>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub diseases: Vec<Disease>,
    #[serde(
        default,
        alias = "medical_actions",
        deserialize_with = "proto::repeated"
    )]
    pub medical_actions: Vec<MedicalAction>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub files: Vec<File>,
    #[serde(alias = "meta_data")]
    pub meta_data: Option<MetaData>,
}

impl Phenopacket {
    /// The id of the subject, if there is one.
    pub fn subject_id(&self) -> Option<&str> {
        self.subject.as_ref().and_then(|s| s.id.as_deref())
    }
}

/// A proband, their relatives, and the pedigree relating them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Family {
    pub id: Option<String>,
    pub proband: Option<Phenopacket>,
    pub relatives: Vec<Phenopacket>,
    pub consanguinous_parents: bool,
    pub pedigree: Option<Pedigree>,
    /// Files about several members, e.g. a multi-sample VCF.
    pub files: Vec<File>,
    pub meta_data: Option<MetaData>,
}

/// A group of individuals related in some phenotypic or genotypic aspect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cohort {
    pub id: Option<String>,
    pub description: Option<String>,
    pub members: Vec<Phenopacket>,
    /// Files about several members, e.g. a multi-sample VCF.
    pub files: Vec<File>,
    pub meta_data: Option<MetaData>,
}

crate::phenopackets::proto::messages!(Phenopacket);
