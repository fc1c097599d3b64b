//! BCF 2.2 binary encoding of the header and of one record.
//!
//! Encoding follows the BCF2 specification and htslib's conventions: the
//! smallest integer type that holds every non-sentinel value, missing values
//! as the type's `missing` pattern, short per-sample vectors padded with the
//! `end-of-vector` pattern, and the first GT allele never carrying the phase
//! bit.

use super::fields::FT_TEXT;
use super::genotype::{Calls, MISSING_ALLELE, NO_ALLELE};
use super::header::{FormatKey, Header};
use super::site::{END_INT, InfoValue, MISSING_INT, Site};

const TYPE_NULL: u8 = 0;
const TYPE_INT8: u8 = 1;
const TYPE_INT16: u8 = 2;
const TYPE_INT32: u8 = 3;
const TYPE_FLOAT: u8 = 5;
const TYPE_CHAR: u8 = 7;

/// Appends the BCF magic and the NUL-terminated header text.
pub fn write_header(out: &mut Vec<u8>, text: &[u8]) {
    out.extend_from_slice(b"BCF\x02\x02");
    out.extend_from_slice(&((text.len() + 1) as u32).to_le_bytes());
    out.extend_from_slice(text);
    out.push(0);
}

/// Reusable encoder for BCF records.
#[derive(Debug, Default)]
pub struct Encoder {
    shared: Vec<u8>,
    indiv: Vec<u8>,
    scratch: Vec<i32>,
}

impl Encoder {
    /// Appends one encoded record (`l_shared`, `l_indiv`, shared, indiv).
    pub fn encode(
        &mut self,
        out: &mut Vec<u8>,
        site: &Site,
        calls: Option<&Calls>,
        header: &Header,
    ) {
        let dict = &header.dictionary;
        let shared = &mut self.shared;
        shared.clear();
        let n_allele = site.n_alleles() as u32;
        let n_info = site.info.len() as u32;
        let n_sample = calls.map_or(0, |c| c.phased.len()) as u32;
        let n_fmt = if n_sample > 0 {
            header.format.len() as u32
        } else {
            0
        };

        shared.extend_from_slice(&(site.contig as i32).to_le_bytes());
        shared.extend_from_slice(&((site.pos - 1) as i32).to_le_bytes());
        shared.extend_from_slice(&((site.end - site.pos + 1) as i32).to_le_bytes());
        let qual = site
            .qual
            .map_or(super::site::MISSING_FLOAT_BITS, |q| q.bits);
        shared.extend_from_slice(&qual.to_le_bytes());
        shared.extend_from_slice(&(n_info | (n_allele << 16)).to_le_bytes());
        shared.extend_from_slice(&(n_sample | (n_fmt << 24)).to_le_bytes());

        // ID
        match site.rs {
            Some(rs) => {
                let mut id = Vec::with_capacity(12);
                id.extend_from_slice(b"rs");
                super::text::push_u64(&mut id, rs);
                push_string(shared, &id);
            }
            None => push_string(shared, b""),
        }
        for i in 0..site.n_alleles() {
            push_string(shared, site.allele(i));
        }

        // FILTER
        let filters = site.filter.ids();
        self.scratch.clear();
        self.scratch
            .extend(filters.iter().map(|&f| dict.filter(f) as i32));
        push_int_vector(shared, &self.scratch);

        // INFO
        for (key, value) in &site.info {
            push_int_scalar(shared, dict.info(*key) as i32);
            match *value {
                InfoValue::Flag => shared.push(TYPE_NULL),
                InfoValue::Int { start, len } => {
                    push_int_vector(shared, &site.ints[start as usize..(start + len) as usize]);
                }
                InfoValue::Float { start, len } => {
                    let floats = site.floats(start, len);
                    push_descriptor(shared, floats.len(), TYPE_FLOAT);
                    for f in floats {
                        shared.extend_from_slice(&f.bits.to_le_bytes());
                    }
                }
                InfoValue::Str { start, len } => {
                    push_string(shared, &site.strs[start as usize..(start + len) as usize]);
                }
                InfoValue::Char(c) => push_string(shared, &[c]),
            }
        }

        self.indiv.clear();
        if let Some(calls) = calls.filter(|_| n_fmt > 0) {
            for &key in header.format {
                push_int_scalar(&mut self.indiv, dict.format(key) as i32);
                self.encode_format(key, calls);
            }
        }

        out.extend_from_slice(&(self.shared.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.indiv.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.shared);
        out.extend_from_slice(&self.indiv);
    }

    fn encode_format(&mut self, key: FormatKey, calls: &Calls) {
        let indiv = &mut self.indiv;
        let f = &calls.fields;
        let kept = |i: usize, k: usize| f.n_fields.get(i).is_none_or(|&n| usize::from(n) > k);
        match key {
            FormatKey::Gt => {
                let width = calls.max_ploidy;
                push_descriptor(indiv, width, TYPE_INT8);
                for (pair, &phased) in calls.alleles.chunks_exact(2).zip(&calls.phased) {
                    indiv.push(gt_byte(pair[0], false));
                    if width == 2 {
                        indiv.push(if pair[1] == NO_ALLELE {
                            0x81
                        } else {
                            gt_byte(pair[1], phased)
                        });
                    }
                }
            }
            FormatKey::Gq | FormatKey::Dp => {
                let (values, k) = if key == FormatKey::Gq {
                    (&f.gq, 1)
                } else {
                    (&f.dp, 2)
                };
                self.scratch.clear();
                for (i, &v) in values.iter().enumerate() {
                    self.scratch.push(if kept(i, k) { v } else { MISSING_INT });
                }
                push_per_sample_ints(indiv, &self.scratch, 1);
            }
            FormatKey::Ad | FormatKey::Pl | FormatKey::Hq => {
                let (values, width, k) = match key {
                    FormatKey::Ad => (&f.ad, f.ad_width, 3),
                    FormatKey::Pl => (&f.pl, f.pl_width, 4),
                    _ => (&f.hq, 2, 5),
                };
                self.scratch.clear();
                for (i, chunk) in values.chunks_exact(width.max(1)).enumerate() {
                    if kept(i, k) {
                        self.scratch.extend_from_slice(chunk);
                    } else {
                        self.scratch.push(MISSING_INT);
                        self.scratch
                            .extend(std::iter::repeat_n(END_INT, width.saturating_sub(1)));
                    }
                }
                push_per_sample_ints(indiv, &self.scratch, width);
            }
            FormatKey::Ft => {
                let text = |i: usize, code: u8| -> &'static [u8] {
                    if kept(i, 6) {
                        FT_TEXT[usize::from(code)]
                    } else {
                        b"."
                    }
                };
                // Like htslib, leave room for at least one NUL terminator.
                let width = 1 + f
                    .ft
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| text(i, c).len())
                    .max()
                    .unwrap_or(1);
                push_descriptor(indiv, width, TYPE_CHAR);
                for (i, &c) in f.ft.iter().enumerate() {
                    let t = text(i, c);
                    indiv.extend_from_slice(t);
                    indiv.extend(std::iter::repeat_n(0u8, width - t.len()));
                }
            }
        }
    }
}

/// GT allele byte: `(allele + 1) << 1 | phased`, 0 for a missing allele.
fn gt_byte(a: u8, phased: bool) -> u8 {
    let base = if a == MISSING_ALLELE { 0 } else { (a + 1) << 1 };
    base | u8::from(phased)
}

/// Type descriptor byte, with the overflow count for lengths >= 15.
fn push_descriptor(out: &mut Vec<u8>, n: usize, ty: u8) {
    if n < 15 {
        out.push(((n as u8) << 4) | ty);
    } else {
        out.push(0xF0 | ty);
        push_int_scalar(out, n as i32);
    }
}

fn push_string(out: &mut Vec<u8>, s: &[u8]) {
    push_descriptor(out, s.len(), TYPE_CHAR);
    out.extend_from_slice(s);
}

/// Smallest integer type holding every non-sentinel value of `values`.
fn int_type(values: &[i32]) -> u8 {
    let (mut min, mut max) = (i32::MAX, i32::MIN);
    for &v in values {
        if v == MISSING_INT || v == END_INT {
            continue;
        }
        min = min.min(v);
        max = max.max(v);
    }
    // All-missing vectors (min > max) use int8 as well.
    if min > max || (min >= -120 && max <= 127) {
        TYPE_INT8
    } else if min >= -32760 && max <= 32767 {
        TYPE_INT16
    } else {
        TYPE_INT32
    }
}

fn push_values(out: &mut Vec<u8>, values: &[i32], ty: u8) {
    for &v in values {
        match ty {
            TYPE_INT8 => out.push(match v {
                MISSING_INT => 0x80,
                END_INT => 0x81,
                _ => v as i8 as u8,
            }),
            TYPE_INT16 => {
                let x: i16 = match v {
                    MISSING_INT => i16::MIN,
                    END_INT => i16::MIN + 1,
                    _ => v as i16,
                };
                out.extend_from_slice(&x.to_le_bytes());
            }
            _ => out.extend_from_slice(&v.to_le_bytes()),
        }
    }
}

/// A typed integer vector (size 0 encodes as the NULL type).
fn push_int_vector(out: &mut Vec<u8>, values: &[i32]) {
    if values.is_empty() {
        out.push(TYPE_NULL);
        return;
    }
    let ty = int_type(values);
    push_descriptor(out, values.len(), ty);
    push_values(out, values, ty);
}

fn push_int_scalar(out: &mut Vec<u8>, v: i32) {
    push_int_vector(out, &[v]);
}

/// Per-sample integer field: one descriptor (count = `width`), then
/// `width` values for every sample.
fn push_per_sample_ints(out: &mut Vec<u8>, values: &[i32], width: usize) {
    let ty = int_type(values);
    push_descriptor(out, width, ty);
    push_values(out, values, ty);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_ints() {
        let mut out = Vec::new();
        push_int_vector(&mut out, &[3, MISSING_INT]);
        assert_eq!(out, [0x21, 3, 0x80]);
        out.clear();
        push_int_vector(&mut out, &[300]);
        assert_eq!(out, [0x12, 0x2c, 0x01]);
        out.clear();
        push_int_vector(&mut out, &[-121]);
        assert_eq!(out[0], 0x12);
        out.clear();
        push_string(&mut out, &[b'x'; 20]);
        assert_eq!(&out[..3], &[0xF7, 0x11, 20]);
    }

    #[test]
    fn gt_bytes() {
        assert_eq!(gt_byte(0, false), 0x02);
        assert_eq!(gt_byte(1, true), 0x05);
        assert_eq!(gt_byte(MISSING_ALLELE, true), 0x01);
    }
}
