//! Measurements (`measurement.proto`).

use serde::Deserialize;

use crate::phenopackets::model::{OntologyClass, Procedure, TimeElement, one_of};
use crate::phenopackets::proto;

/// A measurement such as a laboratory value, e.g. platelets (`LOINC:26515-7`) 24000/µL.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "RawMeasurement")]
pub struct Measurement {
    pub description: Option<String>,
    pub assay: Option<OntologyClass>,
    /// `oneof measurement_value`.
    pub value: Option<MeasurementValue>,
    pub time_observed: Option<TimeElement>,
    pub procedure: Option<Procedure>,
}

/// The value of a [`Measurement`].
#[derive(Debug, Clone, PartialEq)]
pub enum MeasurementValue {
    Value(Value),
    ComplexValue(ComplexValue),
}

/// A simple value: a quantity or an ontology class (`oneof value`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawValue")]
pub enum Value {
    Quantity(Quantity),
    OntologyClass(OntologyClass),
    /// `{}`: no alternative set.
    Empty,
}

/// A number with its unit and normal range.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct Quantity {
    pub unit: Option<OntologyClass>,
    #[serde(default, deserialize_with = "proto::double")]
    pub value: Option<f64>,
    #[serde(alias = "reference_range")]
    pub reference_range: Option<ReferenceRange>,
}

/// The normal range of a [`Quantity`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ReferenceRange {
    pub unit: Option<OntologyClass>,
    #[serde(default, deserialize_with = "proto::double")]
    pub low: Option<f64>,
    #[serde(default, deserialize_with = "proto::double")]
    pub high: Option<f64>,
}

/// Several typed quantities forming one value, e.g. systolic and diastolic blood pressure.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct ComplexValue {
    #[serde(
        default,
        alias = "typed_quantities",
        deserialize_with = "proto::repeated"
    )]
    pub typed_quantities: Vec<TypedQuantity>,
}

/// One component of a [`ComplexValue`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TypedQuantity {
    #[serde(rename = "type")]
    pub kind: Option<OntologyClass>,
    pub quantity: Option<Quantity>,
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawMeasurement {
    description: Option<String>,
    assay: Option<OntologyClass>,
    value: Option<Value>,
    #[serde(alias = "complex_value")]
    complex_value: Option<ComplexValue>,
    #[serde(alias = "time_observed")]
    time_observed: Option<TimeElement>,
    procedure: Option<Procedure>,
}

impl TryFrom<RawMeasurement> for Measurement {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawMeasurement) -> Result<Self, Self::Error> {
        let value = one_of(
            "measurement",
            &["value", "complexValue"],
            [
                raw.value.map(MeasurementValue::Value),
                raw.complex_value.map(MeasurementValue::ComplexValue),
            ],
        )?;
        Ok(Measurement {
            description: raw.description,
            assay: raw.assay,
            value,
            time_observed: raw.time_observed,
            procedure: raw.procedure,
        })
    }
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawValue {
    quantity: Option<Quantity>,
    #[serde(alias = "ontology_class")]
    ontology_class: Option<OntologyClass>,
}

impl TryFrom<RawValue> for Value {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawValue) -> Result<Self, Self::Error> {
        let value = one_of(
            "value",
            &["quantity", "ontologyClass"],
            [
                raw.quantity.map(Value::Quantity),
                raw.ontology_class.map(Value::OntologyClass),
            ],
        )?;
        Ok(value.unwrap_or(Value::Empty))
    }
}

crate::phenopackets::proto::messages!(
    Quantity,
    ReferenceRange,
    ComplexValue,
    TypedQuantity,
    RawMeasurement,
    RawValue
);
