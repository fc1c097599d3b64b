//! One variant site (the eight fixed VCF columns) and how it is drawn.
//!
//! A [`Site`] is a reusable, allocation-free-after-warm-up description of a
//! record that both the VCF text encoder and the BCF encoder consume, so the
//! two outputs always carry identical data.

use super::header::{FilterId, InfoKey};
use super::rng::Rng;
use super::spectrum::{self, Kind, Reference};

/// Sentinel for a missing integer (`.`).
pub const MISSING_INT: i32 = i32::MIN;
/// Sentinel for "no more values" in a per-sample vector (shorter than the
/// field's width, e.g. haploid PL in a diploid site).
pub const END_INT: i32 = i32::MIN + 1;
/// BCF bit pattern of a missing float.
pub const MISSING_FLOAT_BITS: u32 = 0x7F80_0001;

/// FILTER column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    /// `.`
    Missing,
    /// `PASS`
    #[default]
    Pass,
    /// `q10`
    Q10,
    /// `q10;LowQual`
    Q10LowQual,
}

impl Filter {
    /// FILTER IDs of this value (empty for missing).
    pub fn ids(self) -> &'static [FilterId] {
        match self {
            Filter::Missing => &[],
            Filter::Pass => &[FilterId::Pass],
            Filter::Q10 => &[FilterId::Q10],
            Filter::Q10LowQual => &[FilterId::Q10, FilterId::LowQual],
        }
    }
}

/// A decimal float: its exact text and the `f32` a reader parses from it.
#[derive(Clone, Copy, Debug)]
pub struct Float {
    start: u32,
    len: u32,
    /// `f32` bits (`MISSING_FLOAT_BITS` for `.`).
    pub bits: u32,
}

/// An INFO value; ranges point into the site's value pools.
#[derive(Clone, Copy, Debug)]
pub enum InfoValue {
    /// Present flag.
    Flag,
    /// `ints[start..start + len]`.
    Int { start: u32, len: u32 },
    /// `floats[start..start + len]`.
    Float { start: u32, len: u32 },
    /// `strs[start..start + len]` (may contain commas for Number=. lists).
    Str { start: u32, len: u32 },
    /// A single character.
    Char(u8),
}

/// One variant site; all vectors are reused between records.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// 0-based contig index (header order).
    pub contig: usize,
    /// 1-based position.
    pub pos: u64,
    /// 1-based inclusive end (INFO/END for symbolic alleles, else POS + len(REF) - 1).
    pub end: u64,
    /// dbSNP-style identifier number (`rs<n>`), if any.
    pub rs: Option<u64>,
    alleles: Vec<u8>,
    allele_ends: Vec<u32>,
    /// QUAL.
    pub qual: Option<Float>,
    /// FILTER.
    pub filter: Filter,
    /// INFO fields in output order.
    pub info: Vec<(InfoKey, InfoValue)>,
    /// Integer pool (may hold [`MISSING_INT`]).
    pub ints: Vec<i32>,
    floats: Vec<Float>,
    float_text: Vec<u8>,
    /// String pool.
    pub strs: Vec<u8>,
    /// Population frequency of each ALT allele (drives genotype sampling).
    pub af: Vec<f64>,
    /// Mean per-sample read depth at this site.
    pub depth: u32,
    /// Variant class.
    pub kind: Kind,
}

impl Site {
    /// Number of alleles (REF + ALTs).
    pub fn n_alleles(&self) -> usize {
        self.allele_ends.len()
    }

    /// Allele `i` (0 = REF).
    pub fn allele(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.allele_ends[i - 1] as usize
        };
        &self.alleles[start..self.allele_ends[i] as usize]
    }

    /// The exact text of float `f`.
    pub fn float_text(&self, f: &Float) -> &[u8] {
        &self.float_text[f.start as usize..(f.start + f.len) as usize]
    }

    /// Floats of an INFO value range.
    pub fn floats(&self, start: u32, len: u32) -> &[Float] {
        &self.floats[start as usize..(start + len) as usize]
    }

    fn clear(&mut self) {
        self.alleles.clear();
        self.allele_ends.clear();
        self.info.clear();
        self.ints.clear();
        self.floats.clear();
        self.float_text.clear();
        self.strs.clear();
        self.af.clear();
        self.rs = None;
        self.qual = None;
        self.filter = Filter::Pass;
    }

    fn push_allele(&mut self, bytes: &[u8]) {
        self.alleles.extend_from_slice(bytes);
        self.allele_ends.push(self.alleles.len() as u32);
    }

    /// Appends a decimal `mantissa / 10^scale`; trailing zeros are stripped
    /// when `strip` is set (but at least one digit follows a kept point).
    pub(super) fn new_float(&mut self, mantissa: i64, scale: u32, strip: bool) -> Float {
        let start = self.float_text.len();
        super::text::push_decimal(&mut self.float_text, mantissa, scale, strip);
        let text = &self.float_text[start..];
        let bits = std::str::from_utf8(text)
            .ok()
            .and_then(|s| s.parse::<f32>().ok())
            .map_or(MISSING_FLOAT_BITS, f32::to_bits);
        Float {
            start: start as u32,
            len: (self.float_text.len() - start) as u32,
            bits,
        }
    }

    pub(super) fn missing_float(&mut self) -> Float {
        let start = self.float_text.len();
        self.float_text.push(b'.');
        Float {
            start: start as u32,
            len: 1,
            bits: MISSING_FLOAT_BITS,
        }
    }

    pub(super) fn info_ints(&mut self, key: InfoKey, values: &[i32]) {
        let start = self.ints.len() as u32;
        self.ints.extend_from_slice(values);
        self.info.push((
            key,
            InfoValue::Int {
                start,
                len: values.len() as u32,
            },
        ));
    }

    pub(super) fn info_str(&mut self, key: InfoKey, value: &[u8]) {
        let start = self.strs.len() as u32;
        self.strs.extend_from_slice(value);
        self.info.push((
            key,
            InfoValue::Str {
                start,
                len: value.len() as u32,
            },
        ));
    }

    pub(super) fn push_float(&mut self, f: Float) {
        self.floats.push(f);
    }

    pub(super) fn info_floats_begin(&self) -> u32 {
        self.floats.len() as u32
    }

    pub(super) fn info_floats_end(&mut self, key: InfoKey, start: u32) {
        let len = self.floats.len() as u32 - start;
        self.info.push((key, InfoValue::Float { start, len }));
    }
}

/// Draws sites along the contigs.
#[derive(Debug)]
pub struct SiteGen {
    rng: Rng,
    reference: Reference,
    min_af: f64,
}

impl SiteGen {
    /// Creates a site generator.
    pub fn new(seed: u64, samples: usize) -> Self {
        Self {
            rng: Rng::stream(seed, 1),
            reference: Reference::new(seed),
            min_af: spectrum::min_af(samples),
        }
    }

    /// Mutable access to the site RNG (used for position draws).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// Draws the fixed columns of a site at `pos` (everything except the
    /// genotype-dependent INFO fields, see [`SiteGen::finish_info`]).
    pub fn draw(&mut self, site: &mut Site, contig: usize, contig_len: u64, pos: u64) {
        site.clear();
        site.contig = contig;
        site.pos = pos;
        let kind = spectrum::draw_kind(&mut self.rng);
        site.kind = kind;
        self.draw_alleles(site, kind, contig_len);

        let rng = &mut self.rng;
        if rng.bernoulli(0.4) {
            site.rs = Some(rng.range(1_000, 2_000_000_000) as u64);
        }
        let common = site.af.iter().sum::<f64>();
        // QUAL: log-uniform-ish, higher for common variants, 4 % missing.
        site.qual = if rng.bernoulli(0.04) {
            None
        } else {
            let base = rng.log_uniform(3.0, 3000.0) * (1.0 + 20.0 * common);
            Some(site.new_float((base * 10.0).round() as i64, 1, false))
        };
        let qual_low = site.qual.is_some_and(|q| f32::from_bits(q.bits) < 10.0);
        let u = rng.uniform();
        site.filter = if u < 0.03 {
            Filter::Missing
        } else if u < 0.045 {
            Filter::Q10LowQual
        } else if qual_low || u < 0.08 {
            Filter::Q10
        } else {
            Filter::Pass
        };
        site.depth = rng.range(12, 45) as u32;
    }

    fn draw_alleles(&mut self, site: &mut Site, kind: Kind, contig_len: u64) {
        let (contig, pos) = (site.contig, site.pos);
        let rng = &mut self.rng;
        let r = self.reference;
        let ref_base = r.base(contig, pos);
        let mut buf = Vec::with_capacity(24);
        site.end = pos;
        match kind {
            Kind::Snv => {
                site.push_allele(&[ref_base]);
                site.push_allele(&[spectrum::snv_alt(rng, ref_base)]);
                site.af.push(spectrum::draw_af(rng, self.min_af));
            }
            Kind::Indel => {
                let len = spectrum::indel_len(rng);
                if rng.bernoulli(0.55) {
                    r.extend(&mut buf, contig, pos, len + 1);
                    site.push_allele(&buf);
                    site.push_allele(&[ref_base]);
                    site.end = pos + len;
                } else {
                    site.push_allele(&[ref_base]);
                    buf.push(ref_base);
                    buf.extend((0..len).map(|_| spectrum::random_base(rng)));
                    site.push_allele(&buf);
                }
                site.af.push(spectrum::draw_af(rng, self.min_af));
            }
            Kind::Multi => {
                if rng.bernoulli(0.67) {
                    // Multi-allelic SNV: two or three distinct ALT bases.
                    site.push_allele(&[ref_base]);
                    let first = spectrum::snv_alt(rng, ref_base);
                    site.push_allele(&[first]);
                    let others = spectrum::BASES
                        .iter()
                        .copied()
                        .filter(|&b| b != ref_base && b != first);
                    let n_extra = if rng.bernoulli(0.2) { 2 } else { 1 };
                    let skip = rng.index(2);
                    for b in others
                        .skip(if n_extra == 2 { 0 } else { skip })
                        .take(n_extra)
                    {
                        site.push_allele(&[b]);
                    }
                } else {
                    // Multi-allelic indel: a deletion and an insertion off one REF.
                    let del = rng.range(1, 4) as u64;
                    r.extend(&mut buf, contig, pos, del + 1);
                    site.push_allele(&buf);
                    let shorter = buf[..1 + rng.index(del as usize)].to_vec();
                    site.push_allele(&shorter);
                    let mut longer = buf.clone();
                    longer.push(spectrum::random_base(rng));
                    site.push_allele(&longer);
                    site.end = pos + del;
                }
                // Each further ALT is rarer than the previous one.
                let mut total = 0.0;
                for i in 1..site.n_alleles() {
                    let af = spectrum::draw_af(rng, self.min_af) / i as f64;
                    total += af;
                    site.af.push(af);
                }
                if total > 0.999 {
                    for af in &mut site.af {
                        *af *= 0.999 / total;
                    }
                }
            }
            Kind::SymbolicDel => {
                site.push_allele(&[ref_base]);
                site.push_allele(b"<DEL>");
                let len = rng.log_uniform(50.0, 5000.0) as u64;
                site.end = (pos + len).min(contig_len).max(pos + 1);
                site.af.push(spectrum::draw_af(rng, self.min_af));
            }
        }
    }
}
