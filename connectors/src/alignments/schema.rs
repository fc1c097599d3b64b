//! The Arrow schema of the `alignments` table.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};

/// A column of the `alignments` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Qname,
    Flag,
    Rname,
    Pos,
    End,
    Mapq,
    Cigar,
    Rnext,
    Pnext,
    Tlen,
    Seq,
    Qual,
    Tags,
    /// One bit of FLAG as a boolean column (`is_paired` … `is_supplementary`).
    FlagBit(FlagBit),
}

/// The twelve FLAG bits of the SAM specification, in bit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagBit {
    Paired,
    ProperPair,
    Unmapped,
    MateUnmapped,
    Reverse,
    MateReverse,
    First,
    Last,
    Secondary,
    QcFail,
    Duplicate,
    Supplementary,
}

impl FlagBit {
    pub const ALL: [FlagBit; 12] = [
        FlagBit::Paired,
        FlagBit::ProperPair,
        FlagBit::Unmapped,
        FlagBit::MateUnmapped,
        FlagBit::Reverse,
        FlagBit::MateReverse,
        FlagBit::First,
        FlagBit::Last,
        FlagBit::Secondary,
        FlagBit::QcFail,
        FlagBit::Duplicate,
        FlagBit::Supplementary,
    ];

    /// The bit's value in FLAG (`0x1` … `0x800`).
    pub fn mask(self) -> u16 {
        1 << (self as u16)
    }

    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            FlagBit::Paired => "is_paired",
            FlagBit::ProperPair => "is_proper_pair",
            FlagBit::Unmapped => "is_unmapped",
            FlagBit::MateUnmapped => "is_mate_unmapped",
            FlagBit::Reverse => "is_reverse",
            FlagBit::MateReverse => "is_mate_reverse",
            FlagBit::First => "is_first",
            FlagBit::Last => "is_last",
            FlagBit::Secondary => "is_secondary",
            FlagBit::QcFail => "is_qc_fail",
            FlagBit::Duplicate => "is_duplicate",
            FlagBit::Supplementary => "is_supplementary",
        }
    }
}

/// Every column, in table order.
pub fn columns() -> Vec<Col> {
    use Col::*;
    let mut cols = vec![
        Qname, Flag, Rname, Pos, End, Mapq, Cigar, Rnext, Pnext, Tlen, Seq, Qual, Tags,
    ];
    cols.extend(self::FlagBit::ALL.map(Col::FlagBit));
    cols
}

/// The type of the `tags` column: SAM tag → value as SAM text without its type
/// (`NM` → `0`, `MD` → `10A5`, `ZB` → `c,1,2,3`).
pub fn tags_type() -> DataType {
    let entries = Fields::from(vec![
        Field::new("keys", DataType::Utf8, false),
        Field::new("values", DataType::Utf8, true),
    ]);
    DataType::Map(
        Arc::new(Field::new("entries", DataType::Struct(entries), false)),
        false,
    )
}

/// The field of one column.
pub fn field(col: Col) -> Field {
    match col {
        Col::Qname => Field::new("qname", DataType::Utf8, true),
        Col::Flag => Field::new("flag", DataType::Int32, false),
        Col::Rname => Field::new("rname", DataType::Utf8, true),
        Col::Pos => Field::new("pos", DataType::Int64, true),
        Col::End => Field::new("end", DataType::Int64, true),
        Col::Mapq => Field::new("mapq", DataType::Int32, false),
        Col::Cigar => Field::new("cigar", DataType::Utf8, true),
        Col::Rnext => Field::new("rnext", DataType::Utf8, true),
        Col::Pnext => Field::new("pnext", DataType::Int64, true),
        Col::Tlen => Field::new("tlen", DataType::Int64, false),
        Col::Seq => Field::new("seq", DataType::Utf8, true),
        Col::Qual => Field::new("qual", DataType::Utf8, true),
        Col::Tags => Field::new("tags", tags_type(), false),
        Col::FlagBit(b) => Field::new(b.name(), DataType::Boolean, false),
    }
}

/// The schema of the whole table.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(
        columns().into_iter().map(field).collect::<Vec<_>>(),
    ))
}
