//! Scalar columns: strings, booleans, numbers and timestamps.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, PrimitiveBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Float64Type, Int32Type, TimeUnit, UInt32Type, UInt64Type,
};
use arrow::error::ArrowError;

use crate::phenopackets::columns::{Column, Push};
use crate::phenopackets::timestamp;

/// A `Utf8` column. Holding more than `i32::MAX` bytes of text is an error (rather than the
/// panic of Arrow's builder).
#[derive(Default)]
pub(crate) struct Utf8 {
    builder: StringBuilder,
    bytes: usize,
    overflow: bool,
}

impl Utf8 {
    /// Appends a value that must not be null (e.g. a map key).
    pub(crate) fn push_value(&mut self, value: &str) {
        self.bytes += value.len();
        if self.bytes > i32::MAX as usize {
            self.overflow = true;
            self.builder.append_value("");
        } else {
            self.builder.append_value(value);
        }
    }
}

impl Column for Utf8 {
    fn data_type() -> DataType {
        DataType::Utf8
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        if std::mem::take(&mut self.overflow) {
            return Err(ArrowError::ComputeError(format!(
                "too much text for one column ({} bytes, at most {})",
                std::mem::take(&mut self.bytes),
                i32::MAX
            )));
        }
        self.bytes = 0;
        Ok(Arc::new(self.builder.finish()))
    }
}

impl Push<&str> for Utf8 {
    fn push(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.push_value(value),
            None => self.builder.append_null(),
        }
    }
}

impl Push<&String> for Utf8 {
    fn push(&mut self, value: Option<&String>) {
        self.push(value.map(String::as_str));
    }
}

/// A `Boolean` column.
#[derive(Default)]
pub(crate) struct Bool(BooleanBuilder);

impl Column for Bool {
    fn data_type() -> DataType {
        DataType::Boolean
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.0.finish()))
    }
}

impl Push<bool> for Bool {
    fn push(&mut self, value: Option<bool>) {
        self.0.append_option(value);
    }
}

/// A column of a primitive Arrow type.
pub(crate) struct Primitive<T: ArrowPrimitiveType>(PrimitiveBuilder<T>);

pub(crate) type Int32 = Primitive<Int32Type>;
pub(crate) type UInt32 = Primitive<UInt32Type>;
pub(crate) type UInt64 = Primitive<UInt64Type>;
pub(crate) type Float64 = Primitive<Float64Type>;

impl<T: ArrowPrimitiveType> Default for Primitive<T> {
    fn default() -> Self {
        Primitive(PrimitiveBuilder::new())
    }
}

impl<T: ArrowPrimitiveType> Column for Primitive<T> {
    fn data_type() -> DataType {
        T::DATA_TYPE
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.0.finish()))
    }
}

impl<T: ArrowPrimitiveType> Push<T::Native> for Primitive<T> {
    fn push(&mut self, value: Option<T::Native>) {
        self.0.append_option(value);
    }
}

/// The time zone of timestamp columns: UTC, written as an offset like DataFusion's `now()`
/// (it needs no time zone database).
pub(crate) const TIME_ZONE: &str = "+00:00";

/// A `Timestamp(Microsecond, "+00:00")` column.
pub(crate) struct Timestamp(TimestampMicrosecondBuilder);

impl Default for Timestamp {
    fn default() -> Self {
        Timestamp(TimestampMicrosecondBuilder::new().with_timezone(TIME_ZONE))
    }
}

impl Column for Timestamp {
    fn data_type() -> DataType {
        DataType::Timestamp(TimeUnit::Microsecond, Some(TIME_ZONE.into()))
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        Ok(Arc::new(self.0.finish()))
    }
}

impl Push<timestamp::Timestamp> for Timestamp {
    fn push(&mut self, value: Option<timestamp::Timestamp>) {
        self.0.append_option(value.map(|t| t.0));
    }
}

impl Push<&timestamp::Timestamp> for Timestamp {
    fn push(&mut self, value: Option<&timestamp::Timestamp>) {
        self.0.append_option(value.map(|t| t.0));
    }
}
