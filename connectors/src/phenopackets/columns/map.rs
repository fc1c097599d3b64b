//! Map columns.

use std::sync::Arc;

use arrow::array::{ArrayRef, MapArray, StructArray};
use arrow::datatypes::{DataType, Field, FieldRef, Fields};
use arrow::error::ArrowError;

use crate::phenopackets::columns::list::Offsets;
use crate::phenopackets::columns::{Column, Push, Utf8, take_nulls};

/// A `Map<Utf8, Utf8>` column, from key/value pairs in input order.
#[derive(Default)]
pub(crate) struct StrMap {
    offsets: Offsets,
    keys: Utf8,
    values: Utf8,
    valid: Vec<bool>,
}

impl StrMap {
    fn entries() -> Fields {
        Fields::from(vec![
            Field::new("keys", DataType::Utf8, false),
            Field::new("values", DataType::Utf8, true),
        ])
    }

    fn field() -> FieldRef {
        Arc::new(Field::new(
            "entries",
            DataType::Struct(Self::entries()),
            false,
        ))
    }
}

impl Column for StrMap {
    fn data_type() -> DataType {
        DataType::Map(Self::field(), false)
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        let offsets = self.offsets.finish()?;
        let nulls = take_nulls(&mut self.valid);
        let keys = self.keys.finish()?;
        let values = self.values.finish()?;
        let entries = StructArray::try_new(Self::entries(), vec![keys, values], None)?;
        Ok(Arc::new(MapArray::try_new(
            Self::field(),
            offsets,
            entries,
            nulls,
            false,
        )?))
    }
}

impl Push<&[(String, String)]> for StrMap {
    fn push(&mut self, value: Option<&[(String, String)]>) {
        let entries = value.unwrap_or_default();
        for (key, value) in entries {
            self.keys.push_value(key);
            self.values.push_value(value);
        }
        self.offsets.push(entries.len());
        self.valid.push(value.is_some());
    }
}

impl Push<&Vec<(String, String)>> for StrMap {
    fn push(&mut self, value: Option<&Vec<(String, String)>>) {
        self.push(value.map(Vec::as_slice));
    }
}
