//! One JSON document: a Phenopacket, a Cohort or a Family, told apart by their fields.
//!
//! An object with `members` or `description` is a Cohort, one with `proband`, `relatives`,
//! `pedigree` or `consanguinousParents` a Family, and anything else a Phenopacket (`id`,
//! `files` and `metaData` are common to the three). Mixing the fields of two kinds is an
//! error, as is any field none of them has.

use serde::Deserialize;

use crate::phenopackets::model::{
    Biosample, Cohort, Disease, Family, File, Individual, Interpretation, Measurement,
    MedicalAction, MetaData, Pedigree, Phenopacket, PhenotypicFeature,
};

/// A Phenopacket, Cohort or Family read from one JSON object.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "AnyDocument")]
pub enum Document {
    Phenopacket(Box<Phenopacket>),
    Cohort(Box<Cohort>),
    Family(Box<Family>),
}

/// The union of the fields of the three kinds of document.
#[derive(Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "a Phenopacket, Cohort or Family JSON object"
)]
struct AnyDocument {
    id: Option<String>,
    files: Option<Vec<File>>,
    #[serde(alias = "meta_data")]
    meta_data: Option<MetaData>,
    // Phenopacket
    subject: Option<Individual>,
    #[serde(alias = "phenotypic_features")]
    phenotypic_features: Option<Vec<PhenotypicFeature>>,
    measurements: Option<Vec<Measurement>>,
    biosamples: Option<Vec<Biosample>>,
    interpretations: Option<Vec<Interpretation>>,
    diseases: Option<Vec<Disease>>,
    #[serde(alias = "medical_actions")]
    medical_actions: Option<Vec<MedicalAction>>,
    // Cohort
    description: Option<String>,
    members: Option<Vec<Phenopacket>>,
    // Family
    proband: Option<Phenopacket>,
    relatives: Option<Vec<Phenopacket>>,
    #[serde(alias = "consanguinous_parents")]
    consanguinous_parents: Option<bool>,
    pedigree: Option<Pedigree>,
}

/// The kinds of document.
#[derive(Clone, Copy)]
enum Kind {
    Phenopacket,
    Cohort,
    Family,
}

impl AnyDocument {
    /// Each kind with the first of its own fields that is present, if any.
    fn kinds(&self) -> [(Kind, Option<&'static str>); 3] {
        let first = |fields: &[(&'static str, bool)]| {
            fields
                .iter()
                .find(|(_, present)| *present)
                .map(|(name, _)| *name)
        };
        [
            (
                Kind::Phenopacket,
                first(&[
                    ("subject", self.subject.is_some()),
                    ("phenotypicFeatures", self.phenotypic_features.is_some()),
                    ("measurements", self.measurements.is_some()),
                    ("biosamples", self.biosamples.is_some()),
                    ("interpretations", self.interpretations.is_some()),
                    ("diseases", self.diseases.is_some()),
                    ("medicalActions", self.medical_actions.is_some()),
                ]),
            ),
            (
                Kind::Cohort,
                first(&[
                    ("members", self.members.is_some()),
                    ("description", self.description.is_some()),
                ]),
            ),
            (
                Kind::Family,
                first(&[
                    ("proband", self.proband.is_some()),
                    ("relatives", self.relatives.is_some()),
                    ("pedigree", self.pedigree.is_some()),
                    ("consanguinousParents", self.consanguinous_parents.is_some()),
                ]),
            ),
        ]
    }
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Phenopacket => "Phenopacket",
            Kind::Cohort => "Cohort",
            Kind::Family => "Family",
        }
    }
}

impl TryFrom<AnyDocument> for Document {
    type Error = serde::de::value::Error;

    fn try_from(any: AnyDocument) -> Result<Self, Self::Error> {
        let present: Vec<_> = any
            .kinds()
            .into_iter()
            .filter_map(|(kind, field)| field.map(|f| (kind, f)))
            .collect();
        if let [(a, fa), (b, fb), ..] = present.as_slice() {
            return Err(serde::de::Error::custom(format_args!(
                "the object has fields of both a {} (`{fa}`) and a {} (`{fb}`)",
                a.name(),
                b.name()
            )));
        }
        let kind = present.first().map_or(Kind::Phenopacket, |(kind, _)| *kind);
        let files = any.files.unwrap_or_default();
        Ok(match kind {
            Kind::Cohort => Document::Cohort(Box::new(Cohort {
                id: any.id,
                description: any.description,
                members: any.members.unwrap_or_default(),
                files,
                meta_data: any.meta_data,
            })),
            Kind::Family => Document::Family(Box::new(Family {
                id: any.id,
                proband: any.proband,
                relatives: any.relatives.unwrap_or_default(),
                consanguinous_parents: any.consanguinous_parents.unwrap_or(false),
                pedigree: any.pedigree,
                files,
                meta_data: any.meta_data,
            })),
            Kind::Phenopacket => Document::Phenopacket(Box::new(Phenopacket {
                id: any.id,
                subject: any.subject,
                phenotypic_features: any.phenotypic_features.unwrap_or_default(),
                measurements: any.measurements.unwrap_or_default(),
                biosamples: any.biosamples.unwrap_or_default(),
                interpretations: any.interpretations.unwrap_or_default(),
                diseases: any.diseases.unwrap_or_default(),
                medical_actions: any.medical_actions.unwrap_or_default(),
                files,
                meta_data: any.meta_data,
            })),
        })
    }
}

crate::phenopackets::proto::messages!(AnyDocument);
