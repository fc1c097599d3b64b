//! Messages are JSON objects only. serde's derived `Deserialize` also accepts a JSON array
//! of the field values in declaration order (`{"type": ["HP:0001250", "Seizure"]}`), which
//! protobuf JSON parsers reject; [`messages!`] implements `Deserialize` for structs derived
//! with `#[serde(remote = "Self")]` so that only objects are accepted.

use serde::de::{Deserializer, Visitor};

/// A deserializer that reads structs from JSON objects only.
pub(crate) struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Implements `Deserialize` for structs whose derive has `#[serde(remote = "Self")]`,
/// reading them from JSON objects only.
macro_rules! messages {
    ($($ty:ident),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $ty::deserialize($crate::phenopackets::proto::ObjectOnly(d))
            }
        }
    )+};
}

pub(crate) use messages;
