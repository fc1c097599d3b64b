//! The protobuf JSON mapping (proto3) for the field types serde does not handle as protobuf
//! does: `repeated` and `map` fields may be `null`, integers may be JSON strings, doubles may
//! be strings (`"NaN"`, `"Infinity"`), enums are names or numbers, and messages are
//! objects (never arrays).

mod enums;
mod numbers;
mod object;

pub(crate) use self::enums::{EnumVisitor, proto_enum};
pub(crate) use self::numbers::{double, integer};
pub(crate) use self::object::{ObjectOnly, messages};

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

/// A `repeated` field: absent or `null` is the empty list.
pub(crate) fn repeated<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A `bool` field: absent or `null` is `false`.
pub(crate) fn boolean<'de, D>(d: D) -> Result<bool, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// A `map<string, string>` field, keeping the order of the JSON object; `null` is empty.
pub(crate) fn string_map<'de, D>(d: D) -> Result<Vec<(String, String)>, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_option(StringMapVisitor)
}

struct StringMapVisitor;

impl<'de> Visitor<'de> for StringMapVisitor {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object with string values")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D>(self, d: D) -> Result<Self::Value, D::Error>
    where
        D: Deserializer<'de>,
    {
        d.deserialize_map(self)
    }

    fn visit_map<A>(self, mut map: A) -> Result<Self::Value, A::Error>
    where
        A: MapAccess<'de>,
    {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((key, value)) = map.next_entry::<String, String>()? {
            entries.push((key, value));
        }
        Ok(entries)
    }
}
