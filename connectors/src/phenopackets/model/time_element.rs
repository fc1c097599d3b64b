//! Times and ages (`TimeElement` and its alternatives).

use serde::Deserialize;

use crate::phenopackets::duration::Duration;
use crate::phenopackets::model::{OntologyClass, one_of};
use crate::phenopackets::timestamp::Timestamp;

/// Days from conception to birth at term (40 weeks), the origin of gestational ages.
pub const TERM_DAYS: f64 = 280.0;

/// When something happened: one of several representations (`oneof element`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawTimeElement")]
pub enum TimeElement {
    GestationalAge(GestationalAge),
    Age(Age),
    AgeRange(AgeRange),
    OntologyClass(OntologyClass),
    Timestamp(Timestamp),
    Interval(TimeInterval),
    /// `{}`: no alternative set.
    Empty,
}

impl TimeElement {
    /// A comparable number of days relative to birth: the length of an age, the start of an
    /// age range, or for a gestational age `weeks * 7 + days - 280` (negative before a birth at
    /// term). `None` for ontology classes, timestamps and intervals.
    pub fn days(&self) -> Option<f64> {
        match self {
            TimeElement::Age(age) => age.days(),
            TimeElement::AgeRange(range) => range.start.as_ref().and_then(Age::days),
            TimeElement::GestationalAge(g) => {
                let days = f64::from(g.weeks.unwrap_or(0)) * 7.0 + f64::from(g.days.unwrap_or(0));
                Some(days - TERM_DAYS)
            }
            TimeElement::OntologyClass(_)
            | TimeElement::Timestamp(_)
            | TimeElement::Interval(_)
            | TimeElement::Empty => None,
        }
    }
}

/// A gestational age in completed weeks and days.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct GestationalAge {
    #[serde(default, deserialize_with = "crate::phenopackets::proto::integer")]
    pub weeks: Option<i32>,
    #[serde(default, deserialize_with = "crate::phenopackets::proto::integer")]
    pub days: Option<i32>,
}

/// An age as an ISO 8601 duration, e.g. `P45Y3M`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Age {
    pub iso8601duration: Option<Duration>,
}

impl Age {
    /// The age in days.
    pub fn days(&self) -> Option<f64> {
        self.iso8601duration.as_ref().map(|d| d.days)
    }

    /// The ISO 8601 duration as given.
    pub fn text(&self) -> Option<&str> {
        self.iso8601duration.as_ref().map(|d| d.text.as_str())
    }
}

/// A range of ages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AgeRange {
    pub start: Option<Age>,
    pub end: Option<Age>,
}

/// A span between two timestamps.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TimeInterval {
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
struct RawTimeElement {
    #[serde(alias = "gestational_age")]
    gestational_age: Option<GestationalAge>,
    age: Option<Age>,
    #[serde(alias = "age_range")]
    age_range: Option<AgeRange>,
    #[serde(alias = "ontology_class")]
    ontology_class: Option<OntologyClass>,
    timestamp: Option<Timestamp>,
    interval: Option<TimeInterval>,
}

impl TryFrom<RawTimeElement> for TimeElement {
    type Error = serde::de::value::Error;

    fn try_from(raw: RawTimeElement) -> Result<Self, Self::Error> {
        const NAMES: &[&str] = &[
            "gestationalAge",
            "age",
            "ageRange",
            "ontologyClass",
            "timestamp",
            "interval",
        ];
        let element = one_of(
            "time element",
            NAMES,
            [
                raw.gestational_age.map(TimeElement::GestationalAge),
                raw.age.map(TimeElement::Age),
                raw.age_range.map(TimeElement::AgeRange),
                raw.ontology_class.map(TimeElement::OntologyClass),
                raw.timestamp.map(TimeElement::Timestamp),
                raw.interval.map(TimeElement::Interval),
            ],
        )?;
        Ok(element.unwrap_or(TimeElement::Empty))
    }
}

crate::phenopackets::proto::messages!(GestationalAge, Age, AgeRange, TimeInterval, RawTimeElement);
