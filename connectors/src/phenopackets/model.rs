//! The Phenopacket schema v2 messages, read from their protobuf JSON form.
//!
//! Field names are accepted in lowerCamelCase (`phenotypicFeatures`, as protobuf printers
//! write them) and in the original snake_case (`phenotypic_features`). Unknown fields are
//! errors. Scalar fields that are absent (or `null`) are `None`; `repeated` fields are empty.
//! `oneof` groups are Rust enums, and setting two members of one group is an error.

mod base;
mod biosample;
mod disease;
mod individual;
mod interpretation;
mod measurement;
mod medical_action;
mod meta_data;
mod pedigree;
mod phenopacket;
mod phenotypic_feature;
mod therapeutic_regimen;
mod time_element;
mod treatment;
mod vrsatile;

pub use self::base::{Evidence, ExternalReference, File, OntologyClass, Procedure};
pub use self::biosample::Biosample;
pub use self::disease::Disease;
pub use self::individual::{Individual, KaryotypicSex, Sex, VitalStatus, VitalStatusStatus};
pub use self::interpretation::{
    AcmgPathogenicityClassification, Diagnosis, GenomicCall, GenomicInterpretation, Interpretation,
    InterpretationStatus, ProgressStatus, TherapeuticActionability, VariantInterpretation,
};
pub use self::measurement::{
    ComplexValue, Measurement, MeasurementValue, Quantity, ReferenceRange, TypedQuantity, Value,
};
pub use self::medical_action::{Action, MedicalAction};
pub use self::meta_data::{MetaData, Resource, Update};
pub use self::pedigree::{AffectedStatus, Pedigree, Person};
pub use self::phenopacket::{Cohort, Family, Phenopacket};
pub use self::phenotypic_feature::PhenotypicFeature;
pub use self::therapeutic_regimen::{RegimenIdentifier, RegimenStatus, TherapeuticRegimen};
pub use self::time_element::{Age, AgeRange, GestationalAge, TimeElement, TimeInterval};
pub use self::treatment::{DoseInterval, DrugType, RadiationTherapy, Treatment};
pub use self::vrsatile::{
    Expression, Extension, GeneDescriptor, MoleculeContext, VariationDescriptor, VcfRecord,
};

/// The one member of a `oneof` group that is set: `Ok(None)` if none is, an error if more
/// than one is.
pub(crate) fn one_of<T, E: serde::de::Error>(
    group: &str,
    names: &[&str],
    members: impl IntoIterator<Item = Option<T>>,
) -> Result<Option<T>, E> {
    let mut set = members.into_iter().flatten();
    let first = set.next();
    if set.next().is_some() {
        let names: Vec<String> = names.iter().map(|m| format!("`{m}`")).collect();
        return Err(E::custom(format_args!(
            "{group}: only one of {} may be set, found more than one",
            names.join(", ")
        )));
    }
    Ok(first)
}
