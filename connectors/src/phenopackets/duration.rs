//! ISO 8601 durations (`Age.iso8601duration`) and their length in days.
//!
//! Accepted: `P` followed by any of `nY`, `nM`, `nW`, `nD` in this order, then optionally
//! `T` and any of `nH`, `nM`, `nS` in this order, with at least one component after `P`
//! and after `T`. Numbers are decimal digits with an optional fraction (`.` or `,`):
//! `P45Y3M`, `P45Y3M2W1D`, `P3W`, `PT36H`, `P1.5Y`. A year is 365.25 days and a month
//! 30.4375 days (a twelfth of that year). Anything else (`45Y`, `P`, `PT`, `P1D2Y`, `-P1Y`,
//! `p1y`, `P0003-04-00`) is rejected rather than guessed.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, Visitor};

/// Days in a year, averaged over the leap-year cycle.
pub const DAYS_PER_YEAR: f64 = 365.25;
/// Days in a month: a twelfth of [`DAYS_PER_YEAR`].
pub const DAYS_PER_MONTH: f64 = DAYS_PER_YEAR / 12.0;

/// A valid ISO 8601 duration as given, with its length in days.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// The duration as written in the input.
    pub text: String,
    /// Its length in days.
    pub days: f64,
}

impl Duration {
    /// Parses `text`, or returns `None` if it is not a valid duration.
    pub fn parse(text: &str) -> Option<Self> {
        parse_days(text).map(|days| Duration {
            text: text.to_owned(),
            days,
        })
    }
}

/// The length of an ISO 8601 duration in days, or `None` if `text` is not one.
pub fn parse_days(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let mut days = 0.0;
    let mut components = 0;
    components += sum(
        date,
        &[
            ('Y', DAYS_PER_YEAR),
            ('M', DAYS_PER_MONTH),
            ('W', 7.0),
            ('D', 1.0),
        ],
        &mut days,
    )?;
    if let Some(time) = time {
        let n = sum(
            time,
            &[('H', 1.0 / 24.0), ('M', 1.0 / 1440.0), ('S', 1.0 / 86400.0)],
            &mut days,
        )?;
        if n == 0 {
            return None;
        }
        components += n;
    }
    (components > 0 && days.is_finite()).then_some(days)
}

/// Adds the components of `part` (e.g. `45Y3M`) to `days`, the designators having to appear
/// in the order of `units`; returns the number of components.
fn sum(mut part: &str, units: &[(char, f64)], days: &mut f64) -> Option<usize> {
    let mut next_unit = 0;
    let mut count = 0;
    while !part.is_empty() {
        let end = part.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        let (number, rest) = part.split_at(end);
        let designator = rest.chars().next()?;
        let offset = units
            .get(next_unit..)?
            .iter()
            .position(|(d, _)| *d == designator)?;
        let (_, factor) = units.get(next_unit + offset)?;
        *days += number_value(number)? * factor;
        next_unit += offset + 1;
        count += 1;
        part = rest.get(designator.len_utf8()..)?;
    }
    Some(count)
}

/// A non-negative decimal number: digits, optionally followed by `.` or `,` and digits.
fn number_value(number: &str) -> Option<f64> {
    let (int, frac) = match number.split_once(['.', ',']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (number, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let value: f64 = match frac {
        Some(frac) => format!("{int}.{frac}").parse().ok()?,
        None => int.parse().ok()?,
    };
    value.is_finite().then_some(value)
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DurationVisitor)
    }
}

struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 duration such as `P45Y3M`")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Duration, E> {
        Duration::parse(v).ok_or_else(|| {
            E::custom(format_args!(
                "invalid ISO 8601 duration `{v}` (expected e.g. `P45Y3M`, `P3W2D` or `PT36H`)"
            ))
        })
    }
}
