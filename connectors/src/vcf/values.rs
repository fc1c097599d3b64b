//! Builders for typed INFO/FORMAT values and the `info`/`format` struct columns.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Float32Builder, Int32Builder, ListBuilder, StringBuilder, StructArray,
};
use arrow::datatypes::Fields;

use super::header::{FieldDef, ValueType};
use crate::ErrorKind;

/// Builds one INFO or FORMAT field's column.
pub(crate) enum ValueBuilder {
    Int(Int32Builder),
    Float(Float32Builder),
    Flag(BooleanBuilder),
    Str(StringBuilder),
    IntList(ListBuilder<Int32Builder>),
    FloatList(ListBuilder<Float32Builder>),
    StrList(ListBuilder<StringBuilder>),
}

/// Parses a VCF Integer.
pub(crate) fn parse_int(v: &[u8]) -> Option<i32> {
    let (neg, digits) = match v.first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + d as i64;
    }
    let n = if neg { -n } else { n };
    i32::try_from(n).ok()
}

/// Parses a VCF Float.
pub(crate) fn parse_float(v: &[u8]) -> Option<f32> {
    std::str::from_utf8(v).ok()?.parse().ok()
}

impl ValueBuilder {
    pub fn new(def: &FieldDef, cap: usize) -> Self {
        let list = def.is_list();
        match (def.ty, list) {
            (ValueType::Flag, _) => Self::Flag(BooleanBuilder::with_capacity(cap)),
            (ValueType::Integer, false) => Self::Int(Int32Builder::with_capacity(cap)),
            (ValueType::Float, false) => Self::Float(Float32Builder::with_capacity(cap)),
            (_, false) => Self::Str(StringBuilder::with_capacity(cap, cap * 4)),
            (ValueType::Integer, true) => {
                Self::IntList(ListBuilder::with_capacity(Int32Builder::new(), cap))
            }
            (ValueType::Float, true) => {
                Self::FloatList(ListBuilder::with_capacity(Float32Builder::new(), cap))
            }
            (_, true) => Self::StrList(ListBuilder::with_capacity(StringBuilder::new(), cap)),
        }
    }

    /// Appends a missing value (a flag that is absent is `false`).
    pub fn append_null(&mut self) {
        match self {
            Self::Int(b) => b.append_null(),
            Self::Float(b) => b.append_null(),
            Self::Flag(b) => b.append_value(false),
            Self::Str(b) => b.append_null(),
            Self::IntList(b) => b.append_null(),
            Self::FloatList(b) => b.append_null(),
            Self::StrList(b) => b.append_null(),
        }
    }

    /// Appends a flag that is present.
    pub fn append_flag(&mut self) -> Result<(), ()> {
        match self {
            Self::Flag(b) => {
                b.append_value(true);
                Ok(())
            }
            _ => Err(()),
        }
    }

    /// Appends a value written as VCF text (`.` is missing, lists are comma separated).
    /// Returns a description of the problem on bad input.
    pub fn append_text(&mut self, v: &[u8]) -> Result<(), ValueError> {
        if v == b"." {
            self.append_null();
            return Ok(());
        }
        match self {
            Self::Int(b) => b.append_value(parse_int(v).ok_or(ValueError::Invalid)?),
            Self::Float(b) => b.append_value(parse_float(v).ok_or(ValueError::Invalid)?),
            Self::Flag(_) => return Err(ValueError::FlagWithValue),
            Self::Str(b) => {
                if memchr::memchr(b',', v).is_some() {
                    return Err(ValueError::Count(v.split(|&c| c == b',').count()));
                }
                b.append_value(std::str::from_utf8(v).map_err(|_| ValueError::Utf8)?)
            }
            Self::IntList(b) => {
                for item in v.split(|&c| c == b',') {
                    if item == b"." {
                        b.values().append_null();
                    } else {
                        b.values()
                            .append_value(parse_int(item).ok_or(ValueError::Invalid)?);
                    }
                }
                b.append(true);
            }
            Self::FloatList(b) => {
                for item in v.split(|&c| c == b',') {
                    if item == b"." {
                        b.values().append_null();
                    } else {
                        b.values()
                            .append_value(parse_float(item).ok_or(ValueError::Invalid)?);
                    }
                }
                b.append(true);
            }
            Self::StrList(b) => {
                for item in v.split(|&c| c == b',') {
                    if item == b"." {
                        b.values().append_null();
                    } else {
                        b.values()
                            .append_value(std::str::from_utf8(item).map_err(|_| ValueError::Utf8)?);
                    }
                }
                b.append(true);
            }
        }
        Ok(())
    }

    /// Integer values from BCF (`None` = missing); `list` is false for scalars.
    pub fn append_ints(&mut self, values: &[Option<i32>]) -> Result<(), ValueError> {
        match self {
            Self::Int(b) => match values {
                [] => b.append_null(),
                [v] => b.append_option(*v),
                _ => return Err(ValueError::Count(values.len())),
            },
            Self::Float(b) => match values {
                [] => b.append_null(),
                [v] => b.append_option(v.map(|x| x as f32)),
                _ => return Err(ValueError::Count(values.len())),
            },
            Self::Flag(b) => b.append_value(true),
            Self::IntList(b) => {
                if values.iter().all(Option::is_none) && values.len() <= 1 {
                    b.append_null();
                } else {
                    b.values().extend(values.iter().copied());
                    b.append(true);
                }
            }
            Self::FloatList(b) => {
                b.values()
                    .extend(values.iter().map(|v| v.map(|x| x as f32)));
                b.append(true);
            }
            Self::Str(_) | Self::StrList(_) => return Err(ValueError::Invalid),
        }
        Ok(())
    }

    /// Float values from BCF (`None` = missing).
    pub fn append_floats(&mut self, values: &[Option<f32>]) -> Result<(), ValueError> {
        match self {
            Self::Float(b) => match values {
                [] => b.append_null(),
                [v] => b.append_option(*v),
                _ => return Err(ValueError::Count(values.len())),
            },
            Self::FloatList(b) => {
                if values.iter().all(Option::is_none) && values.len() <= 1 {
                    b.append_null();
                } else {
                    b.values().extend(values.iter().copied());
                    b.append(true);
                }
            }
            Self::Flag(b) => b.append_value(true),
            _ => return Err(ValueError::Invalid),
        }
        Ok(())
    }

    pub fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Int(b) => Arc::new(b.finish()),
            Self::Float(b) => Arc::new(b.finish()),
            Self::Flag(b) => Arc::new(b.finish()),
            Self::Str(b) => Arc::new(b.finish()),
            Self::IntList(b) => Arc::new(b.finish()),
            Self::FloatList(b) => Arc::new(b.finish()),
            Self::StrList(b) => Arc::new(b.finish()),
        }
    }
}

/// Why a value could not be appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueError {
    Invalid,
    Utf8,
    FlagWithValue,
    Count(usize),
}

impl ValueError {
    /// Turns the problem into an error naming the field (`INFO/DP`) and the value.
    pub fn into_kind(self, what: &str, key: &str, value: &[u8]) -> ErrorKind {
        let what = format!("{what}/{key}");
        let value = String::from_utf8_lossy(value).into_owned();
        match self {
            ValueError::Invalid => ErrorKind::InvalidValue {
                what: format!("{what} value"),
                value,
            },
            ValueError::Utf8 => ErrorKind::InvalidUtf8(if what.starts_with("INFO") {
                "INFO"
            } else {
                "FORMAT"
            }),
            ValueError::FlagWithValue => ErrorKind::InvalidValue {
                what: format!("{what} flag (flags take no value)"),
                value,
            },
            ValueError::Count(found) => ErrorKind::ValueCount {
                what,
                expected: 1,
                found,
            },
        }
    }
}

/// The columns of an `info` or `format` struct: one builder per declared key, filled
/// record by record (or sample by sample).
pub(crate) struct FieldSet {
    pub defs: Vec<FieldDef>,
    fields: Fields,
    builders: Vec<ValueBuilder>,
    seen: Vec<bool>,
    /// Keys whose values are built (all, unless a projection asked for single keys).
    wanted: Vec<bool>,
    rows: usize,
}

impl FieldSet {
    pub fn new(defs: Vec<FieldDef>, fields: Fields, cap: usize) -> Self {
        let builders = defs.iter().map(|d| ValueBuilder::new(d, cap)).collect();
        let seen = vec![false; defs.len()];
        let wanted = vec![true; defs.len()];
        Self {
            defs,
            fields,
            builders,
            seen,
            wanted,
            rows: 0,
        }
    }

    /// Builds only the keys marked in `wanted`.
    pub fn restrict(&mut self, wanted: Vec<bool>) {
        self.wanted = wanted;
    }

    /// Whether key `i` is built.
    pub fn wanted(&self, i: usize) -> bool {
        self.wanted[i]
    }

    /// The builder for key `i`, or `None` if the key was already set in this row.
    pub fn slot(&mut self, i: usize) -> Option<&mut ValueBuilder> {
        if std::mem::replace(&mut self.seen[i], true) {
            return None;
        }
        Some(&mut self.builders[i])
    }

    /// Ends the row: wanted keys not set become missing.
    pub fn end_row(&mut self) {
        for ((seen, b), wanted) in self
            .seen
            .iter_mut()
            .zip(&mut self.builders)
            .zip(&self.wanted)
        {
            if !std::mem::replace(seen, false) && *wanted {
                b.append_null();
            }
        }
        self.rows += 1;
    }

    /// Finishes the wanted keys' columns (and the row count).
    pub fn finish_parts(&mut self) -> (usize, Vec<Option<ArrayRef>>) {
        let rows = std::mem::take(&mut self.rows);
        let parts = self
            .builders
            .iter_mut()
            .zip(&self.wanted)
            .map(|(b, w)| w.then(|| b.finish()))
            .collect();
        (rows, parts)
    }

    /// The struct of all keys from [`Self::finish_parts`] (every key must be wanted).
    pub fn assemble(&self, rows: usize, parts: &[Option<ArrayRef>]) -> ArrayRef {
        let arrays: Vec<ArrayRef> = parts.iter().flatten().cloned().collect();
        if arrays.is_empty() {
            return Arc::new(StructArray::new_empty_fields(rows, None));
        }
        Arc::new(StructArray::new(self.fields.clone(), arrays, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_integers_strictly() {
        assert_eq!(parse_int(b"-12"), Some(-12));
        assert_eq!(parse_int(b"2147483647"), Some(i32::MAX));
        assert_eq!(parse_int(b"2147483648"), None);
        assert_eq!(parse_int(b"1.5"), None);
        assert_eq!(parse_int(b""), None);
    }
}
