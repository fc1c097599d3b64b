//! ISO 8601 durations and RFC 3339 timestamps.

use crate::phenopackets::duration::parse_days;
use crate::phenopackets::timestamp::Timestamp;

#[test]
fn iso_durations() {
    let ok = [
        ("P45Y", 45.0 * 365.25),
        ("P45Y3M", 45.0 * 365.25 + 3.0 * 30.4375),
        ("P45Y3M2W1D", 45.0 * 365.25 + 3.0 * 30.4375 + 15.0),
        ("P3W", 21.0),
        ("P40Y10M05D", 40.0 * 365.25 + 10.0 * 30.4375 + 5.0),
        ("PT36H", 1.5),
        ("P1DT12H30M", 1.0 + 0.5 + 30.0 / 1440.0),
        ("PT90S", 90.0 / 86400.0),
        ("P0D", 0.0),
        ("P1.5Y", 1.5 * 365.25),
        ("P1,5M", 1.5 * 30.4375),
    ];
    for (text, days) in ok {
        let parsed = parse_days(text).unwrap_or_else(|| panic!("`{text}` is valid"));
        assert!((parsed - days).abs() < 1e-9, "{text}: {parsed} != {days}");
    }
    let bad = [
        "",
        "P",
        "PT",
        "45Y",
        "p1y",
        "P1y",
        "-P1Y",
        "P1Y2D3M",
        "P1M1Y",
        "P1Y1Y",
        "P1DT",
        "PT1D",
        "P1H",
        "P1.Y",
        "P.5Y",
        "P1Y ",
        " P1Y",
        "P1YT2HT3M",
        "P0003-04-00",
        "P1Q",
        "P١Y",
    ];
    for text in bad {
        assert_eq!(parse_days(text), None, "`{text}` is invalid");
    }
}

#[test]
fn timestamps() {
    let ok = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-02T10:17:36.000000100Z", 123_456_000_000),
        ("2018-03-01T00:00:00Z", 1_519_862_400_000_000),
        ("2018-03-01T02:00:00.5+02:00", 1_519_862_400_500_000),
        ("2018-02-28T19:30:00-04:30", 1_519_862_400_000_000),
        ("2000-02-29t00:00:00z", 951_782_400_000_000),
        ("1969-12-31T23:59:59.25Z", -750_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
    ];
    for (text, micros) in ok {
        assert_eq!(Timestamp::parse(text), Some(Timestamp(micros)), "{text}");
    }
    let bad = [
        "2018-03-01",
        "2018-03-01T00:00:00",
        "2018-03-01 00:00:00Z",
        "2018-13-01T00:00:00Z",
        "2019-02-29T00:00:00Z",
        "2018-03-01T24:00:00Z",
        "2018-03-01T00:00:60Z",
        "2018-03-01T00:00:00.Z",
        "2018-03-01T00:00:00.1234567890Z",
        "2018-03-01T00:00:00+0200",
        "0000-01-01T00:00:00Z",
        "2018-03-01T00:00:00Zjunk",
        "２018-03-01T00:00:00Z",
    ];
    for text in bad {
        assert_eq!(Timestamp::parse(text), None, "{text}");
    }
}
