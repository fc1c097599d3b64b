//! Genes, variant expressions and VCF records.

use crate::phenopackets::columns::{UInt64, Utf8, struct_column};
use crate::phenopackets::model::{Expression, GeneDescriptor, VcfRecord};

struct_column! {
    /// `Struct{value_id, symbol}`, e.g. `HGNC:3689`, `FGFR2`.
    GeneColumn for GeneDescriptor {
        value_id: Utf8 => |g| g.value_id.as_deref(),
        symbol: Utf8 => |g| g.symbol.as_deref(),
    }
}

struct_column! {
    /// `Struct{syntax, value, version}`, e.g. `hgvs.c`, `NM_000141.4:c.1694A>C`.
    ExpressionColumn for Expression {
        syntax: Utf8 => |e| e.syntax.as_deref(),
        value: Utf8 => |e| e.value.as_deref(),
        version: Utf8 => |e| e.version.as_deref(),
    }
}

struct_column! {
    /// `Struct{genome_assembly, chrom, pos, id, ref, alt, qual, filter, info}`.
    VcfRecordColumn for VcfRecord {
        genome_assembly: Utf8 => |r| r.genome_assembly.as_deref(),
        chrom: Utf8 => |r| r.chrom.as_deref(),
        pos: UInt64 => |r| r.pos,
        id: Utf8 => |r| r.id.as_deref(),
        reference = "ref": Utf8 => |r| r.reference.as_deref(),
        alt: Utf8 => |r| r.alt.as_deref(),
        qual: Utf8 => |r| r.qual.as_deref(),
        filter: Utf8 => |r| r.filter.as_deref(),
        info: Utf8 => |r| r.info.as_deref(),
    }
}
