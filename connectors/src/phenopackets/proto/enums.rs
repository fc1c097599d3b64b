//! Protobuf enums in JSON: the value name (`"MALE"`) or its number (`2`). Unknown names and
//! numbers are errors.

use std::fmt;

use serde::de::{Error, Visitor};

/// Declares a protobuf enum: its variants, their JSON names and numbers, and a
/// `Deserialize` accepting either.
macro_rules! proto_enum {
    (
        $(#[$meta:meta])*
        $name:ident ($what:literal) {
            $($variant:ident = $number:literal => $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// The value names, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text,)+];

            /// The name of this value, as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            fn from_number(number: i64) -> Option<Self> {
                match number {
                    $($number => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any($crate::phenopackets::proto::EnumVisitor {
                    what: $what,
                    names: Self::NAMES,
                    from_name: Self::from_name,
                    from_number: Self::from_number,
                })
            }
        }
    };
}

pub(crate) use proto_enum;

/// Reads an enum declared with [`proto_enum!`].
pub(crate) struct EnumVisitor<T> {
    pub what: &'static str,
    pub names: &'static [&'static str],
    pub from_name: fn(&str) -> Option<T>,
    pub from_number: fn(i64) -> Option<T>,
}

impl<T> EnumVisitor<T> {
    fn unknown<E: Error>(&self, value: impl fmt::Display) -> E {
        E::custom(format_args!(
            "unknown {} `{value}`, expected one of {}",
            self.what,
            Expected(self.names)
        ))
    }
}

struct Expected(&'static [&'static str]);

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl<'de, T> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a {} (one of {}, or its number)",
            self.what,
            Expected(self.names)
        )
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        (self.from_name)(v).ok_or_else(|| self.unknown(v))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        i64::try_from(v)
            .ok()
            .and_then(self.from_number)
            .ok_or_else(|| self.unknown(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        (self.from_number)(v).ok_or_else(|| self.unknown(v))
    }
}
