//! Arrow builders for the projected columns of the `alignments` table; each record's
//! variable fields are decoded only for the columns that were asked for.

use std::fmt::Write;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Int32Builder, Int64Builder, MapBuilder, MapFieldNames, StringBuilder,
};
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use super::header::Header;
use super::record::BamRecord;
use super::schema::Col;
use super::tags::tags;
use crate::ErrorKind;

const BASES: &[u8; 16] = b"=ACMGRSVTWYHKDBN";

/// The two bases of each packed sequence byte.
static BASE_PAIRS: [[u8; 2]; 256] = base_pairs();

const fn base_pairs() -> [[u8; 2]; 256] {
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [BASES[i >> 4], BASES[i & 15]];
        i += 1;
    }
    t
}
const CIGAR_OPS: &[u8; 10] = b"MIDNSHP=XB";

enum Builder {
    Utf8(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Bool(BooleanBuilder),
    Map(Box<MapBuilder<StringBuilder, StringBuilder>>),
}

impl Builder {
    fn for_col(col: Col) -> Self {
        match col {
            Col::Qname | Col::Rname | Col::Cigar | Col::Rnext | Col::Seq | Col::Qual => {
                Builder::Utf8(StringBuilder::new())
            }
            Col::Flag | Col::Mapq => Builder::Int32(Int32Builder::new()),
            Col::Pos | Col::End | Col::Pnext | Col::Tlen => Builder::Int64(Int64Builder::new()),
            Col::FlagBit(_) => Builder::Bool(BooleanBuilder::new()),
            Col::Tags => Builder::Map(Box::new(MapBuilder::new(
                Some(MapFieldNames {
                    entry: "entries".into(),
                    key: "keys".into(),
                    value: "values".into(),
                }),
                StringBuilder::new(),
                StringBuilder::new(),
            ))),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Utf8(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Map(b) => Arc::new(b.finish()),
        }
    }
}

/// Rows of the projected columns being built.
pub struct AlignmentBatch {
    cols: Vec<Col>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    scratch: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for AlignmentBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlignmentBatch")
            .field("cols", &self.cols)
            .field("rows", &self.rows)
            .finish()
    }
}

fn utf8<'a>(b: &'a [u8], what: &'static str) -> Result<&'a str, ErrorKind> {
    std::str::from_utf8(b).map_err(|_| ErrorKind::InvalidUtf8(what))
}

impl AlignmentBatch {
    pub fn new(cols: Vec<Col>, schema: SchemaRef) -> Self {
        let builders = cols.iter().map(|c| Builder::for_col(*c)).collect();
        Self {
            cols,
            schema,
            builders,
            rows: 0,
            scratch: String::new(),
            bytes: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends one record. On error nothing is appended for it... except to the columns
    /// before the failing one: the caller must not emit the batch afterwards.
    pub fn append(&mut self, r: &BamRecord<'_>, header: &Header) -> Result<(), ErrorKind> {
        let cigar = r.cigar;
        for (col, b) in self.cols.iter().zip(self.builders.iter_mut()) {
            let s = &mut self.scratch;
            match (col, b) {
                (Col::Qname, Builder::Utf8(b)) => match r.name {
                    b"*" => b.append_null(),
                    n => b.append_value(utf8(n, "a read name")?),
                },
                (Col::Flag, Builder::Int32(b)) => b.append_value(i32::from(r.flag)),
                (Col::Mapq, Builder::Int32(b)) => b.append_value(i32::from(r.mapq)),
                (Col::FlagBit(bit), Builder::Bool(b)) => b.append_value(r.flag & bit.mask() != 0),
                (Col::Rname, Builder::Utf8(b)) => b.append_option(name(header, r.ref_id)?),
                (Col::Rnext, Builder::Utf8(b)) => b.append_option(name(header, r.next_ref_id)?),
                (Col::Pos, Builder::Int64(b)) => {
                    b.append_option((r.pos >= 0).then(|| i64::from(r.pos) + 1))
                }
                (Col::Pnext, Builder::Int64(b)) => {
                    b.append_option((r.next_pos >= 0).then(|| i64::from(r.next_pos) + 1))
                }
                (Col::End, Builder::Int64(b)) => b.append_option(r.end()),
                (Col::Tlen, Builder::Int64(b)) => b.append_value(i64::from(r.tlen)),
                (Col::Cigar, Builder::Utf8(b)) => {
                    if cigar.is_empty() {
                        b.append_null();
                    } else {
                        s.clear();
                        for c in cigar.chunks_exact(4) {
                            let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                            let op = CIGAR_OPS.get((v & 0xf) as usize).ok_or_else(|| {
                                ErrorKind::Unsupported(format!(
                                    "corrupt BAM record: CIGAR operation {}",
                                    v & 0xf
                                ))
                            })?;
                            let _ = write!(s, "{}{}", v >> 4, *op as char);
                        }
                        b.append_value(&*s);
                    }
                }
                (Col::Seq, Builder::Utf8(b)) => {
                    if r.l_seq == 0 {
                        b.append_null();
                    } else {
                        let out = &mut self.bytes;
                        out.clear();
                        for &byte in r.seq {
                            out.extend_from_slice(&BASE_PAIRS[byte as usize]);
                        }
                        out.truncate(r.l_seq);
                        b.append_value(utf8(out, "bases")?);
                    }
                }
                (Col::Qual, Builder::Utf8(b)) => {
                    if r.l_seq == 0 || r.qual[0] == 0xff {
                        b.append_null();
                    } else {
                        let out = &mut self.bytes;
                        out.clear();
                        out.extend(r.qual.iter().map(|q| q.saturating_add(33).min(126)));
                        b.append_value(utf8(out, "qualities")?);
                    }
                }
                (Col::Tags, Builder::Map(b)) => {
                    for tag in tags(r.aux) {
                        let tag = tag?;
                        if r.cigar_in_tag && &tag.key == b"CG" {
                            continue;
                        }
                        b.keys().append_value(utf8(&tag.key, "a tag name")?);
                        s.clear();
                        tag.write_value(s)?;
                        b.values().append_value(&*s);
                    }
                    b.append(true)
                        .map_err(|e| ErrorKind::Unsupported(e.to_string()))?;
                }
                _ => unreachable!("builder types follow the columns"),
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows so far as a batch; the builders start over.
    pub fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let rows = std::mem::take(&mut self.rows);
        RecordBatch::try_new_with_options(
            self.schema.clone(),
            columns,
            &RecordBatchOptions::new().with_row_count(Some(rows)),
        )
    }
}

fn name(header: &Header, id: i32) -> Result<Option<&str>, ErrorKind> {
    if id < 0 {
        return Ok(None);
    }
    header.name(id).map(Some).ok_or_else(|| {
        ErrorKind::Unsupported(format!(
            "corrupt BAM record: reference id {id} is not in the header ({} references)",
            header.references.len()
        ))
    })
}
