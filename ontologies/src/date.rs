//! Calendar dates (proleptic Gregorian), enough for DUO's moratoria and time limits.

use std::fmt;
use std::str::FromStr;

/// A date; ordered, parsed from and shown as `YYYY-MM-DD`.
///
/// ```
/// use genofed_ontologies::Date;
/// let d: Date = "2026-01-31".parse().unwrap();
/// assert_eq!(d.add_months(1).to_string(), "2026-02-28");
/// assert!(d < "2026-02-01".parse().unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Today in UTC.
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    pub fn add_months(self, months: u32) -> Self {
        let total = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u8;
        Self {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A string that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date (expected YYYY-MM-DD)")]
pub struct DateError(pub String);

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_string());
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (
            parts.next().ok_or_else(err)?,
            parts.next().ok_or_else(err)?,
            parts.next().ok_or_else(err)?,
        );
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !digits(y) || !digits(m) || !digits(d) {
            return Err(err());
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| err());
        Self::new(num(y)? as i32, num(m)? as u8, num(d)? as u8).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 60, 19_000, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!("2024-02-29".parse::<Date>().map(|d| d.days()), Ok(19_782));
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "2023-02-29",
            "2023-13-01",
            "2023-1-01",
            "20230101",
            "x",
            "2023-01-00",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
    }

    #[test]
    fn months() {
        let d: Date = "2024-11-30".parse().unwrap();
        assert_eq!(d.add_months(3).to_string(), "2025-02-28");
        assert_eq!(d.add_months(12).to_string(), "2025-11-30");
    }
}
