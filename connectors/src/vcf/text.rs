//! Parsing VCF text records straight into Arrow builders.

mod genotype;
mod gt_count;
mod info;

use std::collections::HashMap;

pub(crate) use self::gt_count::GtCounts;
use super::batch::BatchBuilder;
use super::header::Header;
use super::values::{parse_float, parse_int};
use crate::ErrorKind;
use crate::region::Region;
pub(crate) use crate::source::{LineSource, Range};

/// Parses record lines of one file into a [`BatchBuilder`].
pub(crate) struct TextParser {
    header: std::sync::Arc<Header>,
    info: info::InfoKeys,
    formats: HashMap<Vec<u8>, usize>,
    /// Cached FORMAT column of the previous record and its resolved keys.
    format_cache: Vec<u8>,
    format_keys: Vec<FormatKey>,
    filters: Vec<Vec<u8>>,
    genotypes: bool,
    /// Count each record's genotypes into `counts` (site-level aggregates in the scan).
    pub count_gt: bool,
    pub counts: GtCounts,
}

#[derive(Debug, Clone, Copy)]
enum FormatKey {
    Gt,
    Field(usize),
}

fn utf8<'a>(v: &'a [u8], what: &'static str) -> Result<&'a str, ErrorKind> {
    std::str::from_utf8(v).map_err(|_| ErrorKind::InvalidUtf8(what))
}

impl TextParser {
    pub fn new(header: std::sync::Arc<Header>, genotypes: bool) -> Self {
        let mut filters: Vec<Vec<u8>> = header
            .filters
            .iter()
            .map(|f| f.as_bytes().to_vec())
            .collect();
        filters.push(b"PASS".to_vec());
        let formats = header
            .formats
            .iter()
            .filter(|d| d.id != "GT")
            .enumerate()
            .map(|(i, d)| (d.id.as_bytes().to_vec(), i))
            .collect();
        Self {
            info: info::InfoKeys::new(&header),
            header,
            formats,
            format_cache: Vec::new(),
            format_keys: Vec::new(),
            filters,
            genotypes,
            count_gt: false,
            counts: GtCounts::default(),
        }
    }

    /// Parses one record line; returns `false` if the region excludes it.
    pub fn parse(
        &mut self,
        line: &[u8],
        region: &Region,
        b: &mut BatchBuilder,
    ) -> Result<bool, ErrorKind> {
        let mut cols = [&b""[..]; 8];
        let mut rest = line;
        let mut n = 0;
        let mut tail: Option<&[u8]> = None;
        loop {
            match memchr::memchr(b'\t', rest) {
                Some(i) if n < 7 => {
                    cols[n] = &rest[..i];
                    rest = &rest[i + 1..];
                    n += 1;
                }
                Some(i) => {
                    cols[7] = &rest[..i];
                    tail = Some(&rest[i + 1..]);
                    n = 8;
                    break;
                }
                None => {
                    cols[n] = rest;
                    n += 1;
                    break;
                }
            }
        }
        let n_samples = self.header.samples.len();
        let expected = if n_samples > 0 { 9 + n_samples } else { 8 };
        let found = match tail {
            _ if n < 8 => n,
            None => 8,
            Some(t) => 9 + bytecount::count(t, b'\t'),
        };
        if found != expected {
            return Err(ErrorKind::ColumnCount { expected, found });
        }
        let chrom = cols[0];
        if !region.contains_contig(chrom) {
            return Ok(false);
        }
        let pos = parse_int(cols[1])
            .filter(|p| *p > 0)
            .ok_or_else(|| invalid("POS", cols[1]))? as i64;
        if region.excludes_pos(pos) {
            return Ok(false);
        }
        let reference = cols[3];
        let end = match info::find_end(cols[7]) {
            Some(v) => parse_int(v).ok_or_else(|| invalid("INFO/END value", v))? as i64,
            None => pos + reference.len() as i64 - 1,
        };
        if end < region.start {
            return Ok(false);
        }
        let chrom = utf8(chrom, "CHROM")?;
        let reference = utf8(reference, "REF")?;
        let needs = b.needs;
        if self.genotypes {
            let samples = tail.unwrap_or_default();
            return self
                .parse_samples(samples, chrom, pos, end, reference, cols[4], b)
                .map(|_| true);
        }
        if needs.chrom {
            b.chrom.append_value(chrom);
        }
        if needs.pos {
            b.pos.append_value(pos);
        }
        if needs.end {
            b.end.append_value(end);
        }
        if needs.id {
            if cols[2] == b"." {
                b.id.append_null();
            } else {
                b.id.append_value(utf8(cols[2], "ID")?);
            }
        }
        if needs.ref_ {
            b.ref_.append_value(reference);
        }
        if needs.alt {
            append_list(&mut b.alt, cols[4], b',', "ALT")?;
        }
        if needs.qual {
            if cols[5] == b"." {
                b.qual.append_null();
            } else {
                b.qual
                    .append_value(parse_float(cols[5]).ok_or_else(|| invalid("QUAL", cols[5]))?);
            }
        }
        if needs.filter {
            self.append_filter(cols[6], b)?;
        }
        if needs.info {
            self.info.parse(cols[7], &mut b.info)?;
        }
        if self.count_gt {
            let samples = tail.unwrap_or_default();
            let (format, samples) = match memchr::memchr(b'\t', samples) {
                Some(i) => (&samples[..i], &samples[i + 1..]),
                None => (samples, &b""[..]),
            };
            self.resolve_format(format)?;
            let gt_index = self
                .format_keys
                .iter()
                .position(|k| matches!(k, FormatKey::Gt));
            self.counts = gt_count::count(samples, self.header.samples.len(), gt_index)?;
        }
        b.rows += 1;
        Ok(true)
    }

    fn append_filter(&self, v: &[u8], b: &mut BatchBuilder) -> Result<(), ErrorKind> {
        if v == b"." {
            b.filter.append_null();
            return Ok(());
        }
        for f in v.split(|&c| c == b';') {
            if !self.filters.iter().any(|k| k == f) {
                return Err(ErrorKind::UndeclaredFilter(
                    String::from_utf8_lossy(f).into_owned(),
                ));
            }
            b.filter.values().append_value(utf8(f, "FILTER")?);
        }
        b.filter.append(true);
        Ok(())
    }

    fn resolve_format(&mut self, format: &[u8]) -> Result<(), ErrorKind> {
        if format == self.format_cache.as_slice() {
            return Ok(());
        }
        self.format_keys.clear();
        for key in format.split(|&c| c == b':') {
            if key == b"GT" {
                self.format_keys.push(FormatKey::Gt);
            } else if let Some(&i) = self.formats.get(key) {
                self.format_keys.push(FormatKey::Field(i));
            } else {
                return Err(ErrorKind::UndeclaredFormat(
                    String::from_utf8_lossy(key).into_owned(),
                ));
            }
        }
        self.format_cache.clear();
        self.format_cache.extend_from_slice(format);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn parse_samples(
        &mut self,
        columns: &[u8],
        chrom: &str,
        pos: i64,
        end: i64,
        reference: &str,
        alt: &[u8],
        b: &mut BatchBuilder,
    ) -> Result<(), ErrorKind> {
        let needs = b.needs;
        let (format, mut samples) = match memchr::memchr(b'\t', columns) {
            Some(i) => (&columns[..i], &columns[i + 1..]),
            None => (columns, &b""[..]),
        };
        if needs.gt || needs.phased || needs.format {
            self.resolve_format(format)?;
        }
        // ALT is the same for every sample: split and check it once.
        let alts: Option<Vec<&str>> = match (needs.alt, alt) {
            (false, _) | (true, b".") => None,
            (true, _) => Some(utf8(alt, "ALT")?.split(',').collect()),
        };
        let header = self.header.clone();
        for (s, sample_id) in header.samples.iter().enumerate() {
            let (sample, next) = match memchr::memchr(b'\t', samples) {
                Some(i) => (&samples[..i], &samples[i + 1..]),
                None => (samples, &b""[..]),
            };
            samples = next;
            if b.skips(s) {
                continue;
            }
            if needs.chrom {
                b.chrom.append_value(chrom);
            }
            if needs.pos {
                b.pos.append_value(pos);
            }
            if needs.end {
                b.end.append_value(end);
            }
            if needs.ref_ {
                b.ref_.append_value(reference);
            }
            if needs.alt {
                match &alts {
                    Some(alts) => {
                        for a in alts {
                            b.alt.values().append_value(a);
                        }
                        b.alt.append(true);
                    }
                    None => b.alt.append_null(),
                }
            }
            if needs.sample_id {
                b.sample_id.append_value(sample_id);
            }
            if needs.gt || needs.phased || needs.format {
                self.parse_sample(sample, b)?;
            }
            b.rows += 1;
        }
        Ok(())
    }

    fn parse_sample(&mut self, sample: &[u8], b: &mut BatchBuilder) -> Result<(), ErrorKind> {
        let needs = b.needs;
        let mut seen_gt = false;
        let mut fields = sample.split(|&c| c == b':');
        for key in &self.format_keys {
            let Some(value) = fields.next() else { break };
            match *key {
                FormatKey::Gt => {
                    seen_gt = true;
                    genotype::append(value, needs.gt, needs.phased, b)?;
                    if !needs.format {
                        break;
                    }
                }
                FormatKey::Field(i) => {
                    if !needs.format {
                        continue;
                    }
                    if !b.format.wanted(i) {
                        continue;
                    }
                    if let Some(slot) = b.format.slot(i) {
                        slot.append_text(value)
                            .map_err(|e| e.into_kind("FORMAT", &b.format.defs[i].id, value))?;
                    }
                }
            }
        }
        if fields.next().is_some() && needs.format {
            return Err(ErrorKind::ValueCount {
                what: "sample fields (more than FORMAT declares)".into(),
                expected: self.format_keys.len(),
                found: sample.split(|&c| c == b':').count(),
            });
        }
        if !seen_gt {
            if needs.gt {
                b.gt.append_null();
            }
            if needs.phased {
                b.phased.append_null();
            }
        }
        if needs.format {
            b.format.end_row();
        }
        Ok(())
    }
}

fn invalid(what: &str, v: &[u8]) -> ErrorKind {
    ErrorKind::InvalidValue {
        what: what.to_string(),
        value: String::from_utf8_lossy(v).into_owned(),
    }
}

fn append_list(
    list: &mut arrow::array::ListBuilder<arrow::array::StringBuilder>,
    v: &[u8],
    sep: u8,
    what: &'static str,
) -> Result<(), ErrorKind> {
    if v == b"." {
        list.append_null();
        return Ok(());
    }
    for item in v.split(|&c| c == sep) {
        list.values().append_value(utf8(item, what)?);
    }
    list.append(true);
    Ok(())
}
