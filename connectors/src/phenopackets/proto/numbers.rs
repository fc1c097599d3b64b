//! Integers and doubles as the protobuf JSON mapping writes them: `int64`/`uint64` are JSON
//! strings (`"pos": "12345"`), every integer type may be a string or a number, and doubles
//! may be numbers or strings, including `"NaN"`, `"Infinity"` and `"-Infinity"`.

use std::{fmt, marker::PhantomData, str::FromStr};

use serde::de::{Deserializer, Error, Visitor};

/// An optional integer field of type `T` (`i32`, `u32`, `u64`, ...); `null` is absent.
pub(crate) fn integer<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    d.deserialize_any(IntegerVisitor(PhantomData))
}

/// An optional double field; `null` is absent.
pub(crate) fn double<'de, D>(d: D) -> Result<Option<f64>, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_any(DoubleVisitor)
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64>> IntegerVisitor<T> {
    fn range<E: Error>(value: impl fmt::Display) -> E {
        E::custom(format_args!(
            "integer `{value}` is out of range for {}",
            std::any::type_name::<T>()
        ))
    }
}

impl<'de, T> Visitor<'de> for IntegerVisitor<T>
where
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer (a JSON number or a string of digits)")
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        T::try_from(v).map(Some).map_err(|_| Self::range(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        T::try_from(v).map(Some).map_err(|_| Self::range(v))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        // Protobuf parsers accept `1.0` or `1e3` for integer fields, but not `1.5`.
        if v.fract() != 0.0 || !v.is_finite() {
            return Err(E::custom(format_args!("`{v}` is not an integer")));
        }
        // Beyond these bounds the casts below would saturate.
        if !(-9.223_372_036_854_775e18..1.844_674_407_370_955e19).contains(&v) {
            return Err(Self::range(v));
        }
        if v < 0.0 {
            self.visit_i64(v as i64)
        } else {
            self.visit_u64(v as u64)
        }
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.parse::<T>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(E::custom(format_args!("invalid integer `{v}`"))),
        }
    }
}

struct DoubleVisitor;

impl<'de> Visitor<'de> for DoubleVisitor {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number (a JSON number or a numeric string)")
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        match v {
            "NaN" => Ok(Some(f64::NAN)),
            "Infinity" => Ok(Some(f64::INFINITY)),
            "-Infinity" => Ok(Some(f64::NEG_INFINITY)),
            _ => match v.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(E::custom(format_args!("invalid number `{v}`"))),
            },
        }
    }
}
