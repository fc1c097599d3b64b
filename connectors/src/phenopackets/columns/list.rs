//! List columns.

use std::sync::Arc;

use arrow::array::{ArrayRef, ListArray};
use arrow::buffer::{OffsetBuffer, ScalarBuffer};
use arrow::datatypes::{DataType, Field, FieldRef};
use arrow::error::ArrowError;

use crate::phenopackets::columns::{Column, Push, take_nulls};

/// Offsets of lists or maps being built.
#[derive(Default)]
pub(super) struct Offsets {
    ends: Vec<i32>,
    total: usize,
}

impl Offsets {
    pub(super) fn push(&mut self, len: usize) {
        self.total += len;
        // Checked in `finish`: more than `i32::MAX` items in all is an error.
        self.ends
            .push(i32::try_from(self.total).unwrap_or(i32::MAX));
    }

    pub(super) fn finish(&mut self) -> Result<OffsetBuffer<i32>, ArrowError> {
        if i32::try_from(self.total).is_err() {
            return Err(ArrowError::ComputeError(format!(
                "too many list items for one column ({}, at most {})",
                self.total,
                i32::MAX
            )));
        }
        let mut offsets = Vec::with_capacity(self.ends.len() + 1);
        offsets.push(0);
        offsets.append(&mut self.ends);
        self.total = 0;
        Ok(OffsetBuffer::new(ScalarBuffer::from(offsets)))
    }
}

/// A `List` column whose items are built by `B`.
#[derive(Default)]
pub(crate) struct ListOf<B> {
    offsets: Offsets,
    items: B,
    valid: Vec<bool>,
}

impl<B: Column> ListOf<B> {
    fn field() -> FieldRef {
        Arc::new(Field::new_list_field(B::data_type(), true))
    }

    /// Appends a (non-null) list of the given items.
    pub(crate) fn push_items<T>(&mut self, items: impl IntoIterator<Item = Option<T>>)
    where
        B: Push<T>,
    {
        let mut len = 0;
        for item in items {
            self.items.push(item);
            len += 1;
        }
        self.offsets.push(len);
        self.valid.push(true);
    }
}

impl<B: Column> Column for ListOf<B> {
    fn data_type() -> DataType {
        DataType::List(Self::field())
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        let offsets = self.offsets.finish()?;
        let nulls = take_nulls(&mut self.valid);
        let items = self.items.finish()?;
        Ok(Arc::new(ListArray::try_new(
            Self::field(),
            offsets,
            items,
            nulls,
        )?))
    }
}

impl<'a, B, T> Push<&'a [T]> for ListOf<B>
where
    B: Push<&'a T>,
{
    fn push(&mut self, value: Option<&'a [T]>) {
        let items = value.unwrap_or_default();
        for item in items {
            self.items.push(Some(item));
        }
        self.offsets.push(items.len());
        self.valid.push(value.is_some());
    }
}

impl<'a, B, T> Push<&'a Vec<T>> for ListOf<B>
where
    B: Push<&'a T>,
{
    fn push(&mut self, value: Option<&'a Vec<T>>) {
        self.push(value.map(Vec::as_slice));
    }
}
