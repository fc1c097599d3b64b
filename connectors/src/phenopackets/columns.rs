//! Arrow column builders for the tables: scalars, lists, maps and the struct types shared by
//! several tables (ontology classes, time elements, quantities, procedures, ...).
//!
//! A builder implements [`Column`] (its Arrow type, and turning what was pushed into an
//! array) and [`Push<T>`] for the values it takes. Struct builders are declared with
//! [`struct_column!`] and tables with [`table_columns!`], so that the declared Arrow types
//! and the arrays built always agree.

mod list;
mod map;
mod ontology;
mod quantity;
mod scalar;
mod time;
mod variant;

pub(crate) use self::list::ListOf;
pub(crate) use self::map::StrMap;
pub(crate) use self::ontology::{EvidenceColumn, ExternalReferenceColumn, OntologyColumn};
pub(crate) use self::quantity::{DoseIntervalColumn, QuantityColumn, ValueColumn};
pub(crate) use self::scalar::{Bool, Float64, Int32, Timestamp, UInt32, UInt64, Utf8};
pub(crate) use self::time::{ProcedureColumn, TimeElementColumn, VitalStatusColumn};
pub(crate) use self::variant::{ExpressionColumn, GeneColumn, VcfRecordColumn};

use arrow::array::ArrayRef;
use arrow::buffer::NullBuffer;
use arrow::datatypes::DataType;
use arrow::error::ArrowError;

/// A column being built.
pub(crate) trait Column: Default {
    /// The Arrow type of the column.
    fn data_type() -> DataType;
    /// The values pushed so far, as an array; the builder is left empty.
    fn finish(&mut self) -> Result<ArrayRef, ArrowError>;
}

/// A column taking values of type `T`; `None` is a null.
pub(crate) trait Push<T>: Column {
    fn push(&mut self, value: Option<T>);
}

/// The validity of the values pushed so far, `None` if all are valid; `valid` is left empty.
pub(crate) fn take_nulls(valid: &mut Vec<bool>) -> Option<NullBuffer> {
    let nulls = NullBuffer::from(std::mem::take(valid));
    (nulls.null_count() > 0).then_some(nulls)
}

/// The name of a column or struct field: the identifier, or the literal given with `=`.
macro_rules! column_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $name:literal) => {
        $name
    };
}

/// Declares a struct column built from values of type `$item`: each field is a column
/// builder fed by an expression of `$v: &$item` returning an `Option`.
macro_rules! struct_column {
    (
        $(#[$meta:meta])*
        $name:ident for $item:ty {
            $($field:ident $(= $rename:literal)?: $ty:ty => |$v:ident| $get:expr,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Default)]
        pub(crate) struct $name {
            $($field: $ty,)+
            valid: Vec<bool>,
        }

        impl $name {
            fn fields() -> arrow::datatypes::Fields {
                arrow::datatypes::Fields::from(vec![$(
                    arrow::datatypes::Field::new(
                        $crate::phenopackets::columns::column_name!($field $($rename)?),
                        <$ty as $crate::phenopackets::columns::Column>::data_type(),
                        true,
                    ),
                )+])
            }
        }

        impl $crate::phenopackets::columns::Column for $name {
            fn data_type() -> arrow::datatypes::DataType {
                arrow::datatypes::DataType::Struct(Self::fields())
            }

            fn finish(&mut self) -> Result<arrow::array::ArrayRef, arrow::error::ArrowError> {
                let nulls = $crate::phenopackets::columns::take_nulls(&mut self.valid);
                let arrays = vec![$(self.$field.finish()?,)+];
                let array = arrow::array::StructArray::try_new(Self::fields(), arrays, nulls)?;
                Ok(std::sync::Arc::new(array))
            }
        }

        impl<'a> $crate::phenopackets::columns::Push<&'a $item> for $name {
            fn push(&mut self, value: Option<&'a $item>) {
                $(self.$field.push(value.and_then(|$v| $get));)+
                self.valid.push(value.is_some());
            }
        }
    };
}

/// Declares the columns of a table: each is a column builder, public to the table's code.
macro_rules! table_columns {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($field:ident $(= $rename:literal)?: $ty:ty,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Default)]
        pub(crate) struct $name {
            $(pub(crate) $field: $ty,)+
        }

        impl $name {
            /// The schema of the table.
            pub(crate) fn schema() -> arrow::datatypes::Schema {
                arrow::datatypes::Schema::new(vec![$(
                    arrow::datatypes::Field::new(
                        $crate::phenopackets::columns::column_name!($field $($rename)?),
                        <$ty as $crate::phenopackets::columns::Column>::data_type(),
                        true,
                    ),
                )+])
            }

            /// The rows pushed so far, as a batch.
            pub(crate) fn finish(
                mut self,
            ) -> Result<arrow::record_batch::RecordBatch, arrow::error::ArrowError> {
                use $crate::phenopackets::columns::Column;
                let columns = vec![$(self.$field.finish()?,)+];
                arrow::record_batch::RecordBatch::try_new(
                    std::sync::Arc::new(Self::schema()),
                    columns,
                )
            }
        }
    };
}

pub(crate) use {column_name, struct_column, table_columns};
