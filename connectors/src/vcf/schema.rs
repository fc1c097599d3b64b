//! Arrow schemas of the `variants` and `genotypes` tables, typed from the header.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};

use super::header::{FieldDef, Header, ValueType};

/// The two table shapes a VCF/BCF file is exposed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// One row per record.
    Variants,
    /// One row per record × sample.
    Genotypes,
}

impl std::str::FromStr for Shape {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "variants" => Ok(Self::Variants),
            "genotypes" => Ok(Self::Genotypes),
            _ => Err(format!(
                "unknown table shape `{s}` (expected `variants` or `genotypes`)"
            )),
        }
    }
}

/// A column of either shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Chrom,
    Pos,
    End,
    Id,
    Ref,
    Alt,
    Qual,
    Filter,
    Info,
    SampleId,
    Gt,
    Phased,
    Format,
    /// One INFO key (index into the header's INFO definitions), from `info['KEY']`.
    InfoKey(usize),
    /// One FORMAT key (index into the FORMAT definitions other than GT), from `format['KEY']`.
    FormatKey(usize),
}

impl Shape {
    /// The columns of this shape for a header (`info`/`format` only when the header
    /// declares INFO/FORMAT keys besides GT).
    pub fn columns(self, header: &Header) -> Vec<Col> {
        use Col::*;
        match self {
            Shape::Variants => {
                let mut c = vec![Chrom, Pos, End, Id, Ref, Alt, Qual, Filter];
                if !header.infos.is_empty() {
                    c.push(Info);
                }
                c
            }
            Shape::Genotypes => {
                let mut c = vec![Chrom, Pos, End, Ref, Alt, SampleId, Gt, Phased];
                if header.formats.iter().any(|f| f.id != "GT") {
                    c.push(Format);
                }
                c
            }
        }
    }

    /// The Arrow schema of this shape for a header.
    pub fn schema(self, header: &Header) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns(header)
            .into_iter()
            .map(|c| field(c, header))
            .collect();
        Arc::new(Schema::new(fields))
    }
}

fn list_of(t: DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t, true)))
}

/// The field of one column (before any renaming by a projection).
pub fn field(col: Col, header: &Header) -> Field {
    match col {
        Col::Chrom => Field::new("chrom", DataType::Utf8, false),
        Col::Pos => Field::new("pos", DataType::Int64, false),
        Col::End => Field::new("end", DataType::Int64, false),
        Col::Id => Field::new("id", DataType::Utf8, true),
        Col::Ref => Field::new("ref", DataType::Utf8, false),
        Col::Alt => Field::new("alt", list_of(DataType::Utf8), true),
        Col::Qual => Field::new("qual", DataType::Float32, true),
        Col::Filter => Field::new("filter", list_of(DataType::Utf8), true),
        Col::Info => Field::new("info", DataType::Struct(info_fields(&header.infos)), false),
        Col::SampleId => Field::new("sample_id", DataType::Utf8, false),
        Col::Gt => Field::new("gt", list_of(DataType::Int32), true),
        Col::Phased => Field::new("phased", DataType::Boolean, true),
        Col::Format => Field::new(
            "format",
            DataType::Struct(format_fields(&header.formats)),
            false,
        ),
        Col::InfoKey(i) => {
            let d = &header.infos[i];
            Field::new(&d.id, value_type(d), d.ty != ValueType::Flag)
        }
        Col::FormatKey(i) => match header.formats.iter().filter(|d| d.id != "GT").nth(i) {
            Some(d) => Field::new(&d.id, value_type(d), true),
            None => Field::new(format!("format_{i}"), DataType::Null, true),
        },
    }
}

/// The Arrow type of one INFO/FORMAT value.
pub fn value_type(def: &FieldDef) -> DataType {
    let scalar = match def.ty {
        ValueType::Integer => DataType::Int32,
        ValueType::Float => DataType::Float32,
        ValueType::Flag => return DataType::Boolean,
        ValueType::Character | ValueType::String => DataType::Utf8,
    };
    if def.is_list() {
        list_of(scalar)
    } else {
        scalar
    }
}

/// Struct fields of the `info` column.
pub fn info_fields(defs: &[FieldDef]) -> Fields {
    defs.iter()
        .map(|d| Field::new(&d.id, value_type(d), d.ty != ValueType::Flag))
        .collect()
}

/// Struct fields of the `format` column (every FORMAT key but GT).
pub fn format_fields(defs: &[FieldDef]) -> Fields {
    defs.iter()
        .filter(|d| d.id != "GT")
        .map(|d| Field::new(&d.id, value_type(d), true))
        .collect()
}
