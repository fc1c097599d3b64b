//! Quantities, measurement values and doses.

use crate::phenopackets::columns::{Float64, OntologyColumn, Timestamp, struct_column};
use crate::phenopackets::model::{DoseInterval, Quantity, ReferenceRange, Value};

struct_column! {
    /// `Struct{unit, low, high}`.
    ReferenceRangeColumn for ReferenceRange {
        unit: OntologyColumn => |r| r.unit.as_ref(),
        low: Float64 => |r| r.low,
        high: Float64 => |r| r.high,
    }
}

struct_column! {
    /// `Struct{unit, value, reference_range}`.
    QuantityColumn for Quantity {
        unit: OntologyColumn => |q| q.unit.as_ref(),
        value: Float64 => |q| q.value,
        reference_range: ReferenceRangeColumn => |q| q.reference_range.as_ref(),
    }
}

struct_column! {
    /// `Struct{quantity, ontology_class}`: a measurement's simple value.
    ValueColumn for Value {
        quantity: QuantityColumn => |v| match v {
            Value::Quantity(quantity) => Some(quantity),
            _ => None,
        },
        ontology_class: OntologyColumn => |v| match v {
            Value::OntologyClass(class) => Some(class),
            _ => None,
        },
    }
}

struct_column! {
    /// `Struct{quantity, schedule_frequency, interval_start, interval_end}`.
    DoseIntervalColumn for DoseInterval {
        quantity: QuantityColumn => |d| d.quantity.as_ref(),
        schedule_frequency: OntologyColumn => |d| d.schedule_frequency.as_ref(),
        interval_start: Timestamp => |d| d.interval.as_ref().and_then(|i| i.start),
        interval_end: Timestamp => |d| d.interval.as_ref().and_then(|i| i.end),
    }
}
