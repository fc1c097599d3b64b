//! Time elements, procedures and vital status.

use crate::phenopackets::columns::{
    Float64, Int32, OntologyColumn, Timestamp, UInt32, Utf8, struct_column,
};
use crate::phenopackets::model::{Age, Procedure, TimeElement, VitalStatus};

struct_column! {
    /// One struct for every `TimeElement`: a field per alternative, as given (only the one set
    /// is non-null), plus `days`, a number comparable across ages, age ranges and gestational
    /// ages (see [`TimeElement::days`]).
    TimeElementColumn for TimeElement {
        age: Utf8 => |t| match t {
            TimeElement::Age(age) => age.text(),
            _ => None,
        },
        age_range_start: Utf8 => |t| match t {
            TimeElement::AgeRange(range) => range.start.as_ref().and_then(Age::text),
            _ => None,
        },
        age_range_end: Utf8 => |t| match t {
            TimeElement::AgeRange(range) => range.end.as_ref().and_then(Age::text),
            _ => None,
        },
        gestational_weeks: Int32 => |t| match t {
            TimeElement::GestationalAge(g) => g.weeks,
            _ => None,
        },
        gestational_days: Int32 => |t| match t {
            TimeElement::GestationalAge(g) => g.days,
            _ => None,
        },
        ontology_class: OntologyColumn => |t| match t {
            TimeElement::OntologyClass(class) => Some(class),
            _ => None,
        },
        timestamp: Timestamp => |t| match t {
            TimeElement::Timestamp(timestamp) => Some(*timestamp),
            _ => None,
        },
        interval_start: Timestamp => |t| match t {
            TimeElement::Interval(interval) => interval.start,
            _ => None,
        },
        interval_end: Timestamp => |t| match t {
            TimeElement::Interval(interval) => interval.end,
            _ => None,
        },
        days: Float64 => |t| t.days(),
    }
}

struct_column! {
    /// `Struct{code, body_site, performed}`.
    ProcedureColumn for Procedure {
        code: OntologyColumn => |p| p.code.as_ref(),
        body_site: OntologyColumn => |p| p.body_site.as_ref(),
        performed: TimeElementColumn => |p| p.performed.as_ref(),
    }
}

struct_column! {
    /// `Struct{status, time_of_death, cause_of_death, survival_time_in_days}`.
    VitalStatusColumn for VitalStatus {
        status: Utf8 => |s| s.status.map(|status| status.as_str()),
        time_of_death: TimeElementColumn => |s| s.time_of_death.as_ref(),
        cause_of_death: OntologyColumn => |s| s.cause_of_death.as_ref(),
        survival_time_in_days: UInt32 => |s| s.survival_time_in_days,
    }
}
