//! Interpretations: diagnoses and the genes and variants behind them (`interpretation.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{GeneDescriptor, OntologyClass, VariationDescriptor, one_of};
use crate::phenopackets::proto::{self, proto_enum};

/// An interpretation of the phenopacket, e.g. a solved diagnosis.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Interpretation {
    pub id: Option<String>,
    #[serde(alias = "progress_status")]
    pub progress_status: Option<ProgressStatus>,
    pub diagnosis: Option<Diagnosis>,
    pub summary: Option<String>,
}

/// The disease diagnosed and the genomic findings supporting it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Diagnosis {
    pub disease: Option<OntologyClass>,
    #[serde(
        default,
        alias = "genomic_interpretations",
        deserialize_with = "proto::repeated"
    )]
    pub genomic_interpretations: Vec<GenomicInterpretation>,
}

/// The contribution of a gene or variant to the diagnosis.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "RawGenomicInterpretation")]
pub struct GenomicInterpretation {
    pub subject_or_biosample_id: Option<String>,
    pub interpretation_status: Option<InterpretationStatus>,
    /// `oneof call`.
    pub call: Option<GenomicCall>,
}

/// What a [`GenomicInterpretation`] is about.
#[derive(Debug, Clone, PartialEq)]
pub enum GenomicCall {
    Gene(GeneDescriptor),
    VariantInterpretation(Box<VariantInterpretation>),
}

/// A variant and its clinical classification.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct VariantInterpretation {
    #[serde(alias = "acmg_pathogenicity_classification")]
    pub acmg_pathogenicity_classification: Option<AcmgPathogenicityClassification>,
    #[serde(alias = "therapeutic_actionability")]
    pub therapeutic_actionability: Option<TherapeuticActionability>,
    #[serde(alias = "variation_descriptor")]
    pub variation_descriptor: Option<VariationDescriptor>,
}

proto_enum! {
    /// `Interpretation.ProgressStatus`.
    ProgressStatus("progress status") {
        UnknownProgress = 0 => "UNKNOWN_PROGRESS",
        InProgress = 1 => "IN_PROGRESS",
        Completed = 2 => "COMPLETED",
        Solved = 3 => "SOLVED",
        Unsolved = 4 => "UNSOLVED",
    }
}

proto_enum! {
    /// `GenomicInterpretation.InterpretationStatus`.
    InterpretationStatus("interpretation status") {
        UnknownStatus = 0 => "UNKNOWN_STATUS",
        Rejected = 1 => "REJECTED",
        Candidate = 2 => "CANDIDATE",
        Contributory = 3 => "CONTRIBUTORY",
        Causative = 4 => "CAUSATIVE",
    }
}

proto_enum! {
    /// ACMG pathogenicity class of a variant.
    AcmgPathogenicityClassification("ACMG pathogenicity classification") {
        NotProvided = 0 => "NOT_PROVIDED",
        Benign = 1 => "BENIGN",
        LikelyBenign = 2 => "LIKELY_BENIGN",
        UncertainSignificance = 3 => "UNCERTAIN_SIGNIFICANCE",
        LikelyPathogenic = 4 => "LIKELY_PATHOGENIC",
        Pathogenic = 5 => "PATHOGENIC",
    }
}

proto_enum! {
    /// Whether a variant is therapeutically actionable.
    TherapeuticActionability("therapeutic actionability") {
        UnknownActionability = 0 => "UNKNOWN_ACTIONABILITY",
        NotActionable = 1 => "NOT_ACTIONABLE",
        Actionable = 2 => "ACTIONABLE",
    }
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawGenomicInterpretation {
    #[serde(alias = "subject_or_biosample_id")]
    subject_or_biosample_id: Option<String>,
    #[serde(alias = "interpretation_status")]
    interpretation_status: Option<InterpretationStatus>,
    gene: Option<GeneDescriptor>,
    #[serde(alias = "variant_interpretation")]
    variant_interpretation: Option<Box<VariantInterpretation>>,
}

impl TryFrom<RawGenomicInterpretation> for GenomicInterpretation {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawGenomicInterpretation) -> Result<Self, Self::Error> {
        let call = one_of(
            "genomic interpretation",
            &["gene", "variantInterpretation"],
            [
                raw.gene.map(GenomicCall::Gene),
                raw.variant_interpretation
                    .map(GenomicCall::VariantInterpretation),
            ],
        )?;
        Ok(GenomicInterpretation {
            subject_or_biosample_id: raw.subject_or_biosample_id,
            interpretation_status: raw.interpretation_status,
            call,
        })
    }
}

crate::phenopackets::proto::messages!(
    Interpretation,
    Diagnosis,
    VariantInterpretation,
    RawGenomicInterpretation
);
