//! Decoding BCF 2.1/2.2 records straight into Arrow builders.

mod typed;

use std::sync::Arc;

use self::typed::{Cursor, Kind};
use super::batch::BatchBuilder;
use super::header::{Header, ValueType};
use super::text::LineSource;
use crate::region::Region;
use crate::{Error, ErrorKind, Location};

/// Reads the BCF magic and header text; returns the header and the virtual position of
/// the first record.
pub(crate) fn read_header(source: &mut LineSource) -> Result<(Header, u64), Error> {
    let path = source.path().to_path_buf();
    let at = |kind| Error::new(&path, Location::File, kind);
    let magic = match source.take(5)? {
        Some((m, _)) => m.to_vec(),
        None => return Err(at(ErrorKind::NotBcf)),
    };
    if &magic[..3] != b"BCF" {
        return Err(at(ErrorKind::NotBcf));
    }
    if magic[3] != 2 || !(1..=2).contains(&magic[4]) {
        return Err(at(ErrorKind::BcfVersion(magic[3], magic[4])));
    }
    let len = match source.take(4)? {
        Some((l, _)) => u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize,
        None => return Err(at(ErrorKind::BgzfTruncated("the header ends early"))),
    };
    let text = match source.take(len)? {
        Some((t, _)) => t,
        None => return Err(at(ErrorKind::BgzfTruncated("the header ends early"))),
    };
    let text = text.strip_suffix(b"\0").unwrap_or(text);
    let text = std::str::from_utf8(text).map_err(|_| at(ErrorKind::InvalidUtf8("header")))?;
    let header =
        Header::parse(text).map_err(|e| Error::new(&path, Location::Line(e.line), e.kind))?;
    Ok((header, source.position_of_next()))
}

/// What a dictionary string id means for this header.
#[derive(Debug, Clone, Copy)]
enum Key {
    Info(usize),
    Format(usize),
    Gt,
    Other,
}

/// A record read by [`BcfDecoder::next`]: its position and whether it was kept (or why it
/// could not be decoded).
pub(crate) type Decoded = (u64, Result<bool, ErrorKind>);

/// Decodes BCF records of one file.
pub(crate) struct BcfDecoder {
    header: Arc<Header>,
    info_keys: Vec<Key>,
    format_keys: Vec<Key>,
    /// FORMAT ids other than GT, by `Key::Format` index (for error messages).
    format_ids: Vec<String>,
    genotypes: bool,
}

struct FormatField {
    key: Key,
    kind: Kind,
    count: usize,
    offset: usize,
}

impl BcfDecoder {
    pub fn new(header: Arc<Header>, genotypes: bool) -> Self {
        let info_keys = header
            .strings
            .iter()
            .map(|s| match s {
                Some(id) => header
                    .infos
                    .iter()
                    .position(|d| &d.id == id)
                    .map_or(Key::Other, Key::Info),
                None => Key::Other,
            })
            .collect();
        let formats: Vec<_> = header.formats.iter().filter(|d| d.id != "GT").collect();
        let format_keys = header
            .strings
            .iter()
            .map(|s| match s.as_deref() {
                Some("GT") => Key::Gt,
                Some(id) => formats
                    .iter()
                    .position(|d| d.id == id)
                    .map_or(Key::Other, Key::Format),
                None => Key::Other,
            })
            .collect();
        let format_ids = formats.iter().map(|d| d.id.clone()).collect();
        Self {
            header,
            info_keys,
            format_keys,
            format_ids,
            genotypes,
        }
    }

    fn string(&self, i: i32) -> Result<&str, ErrorKind> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.header.strings.get(i))
            .and_then(|s| s.as_deref())
            .ok_or_else(|| ErrorKind::Bcf(format!("string id {i} is not in the header dictionary")))
    }

    /// Reads the next record from `source`: `None` at the end of the data, else its
    /// position and whether it was kept.
    pub fn next(
        &mut self,
        source: &mut LineSource,
        region: &Region,
        b: &mut BatchBuilder,
    ) -> Result<Option<Decoded>, Error> {
        let Some((lens, at)) = source.take(8)? else {
            return Ok(None);
        };
        let shared = u32::from_le_bytes([lens[0], lens[1], lens[2], lens[3]]) as usize;
        let indiv = u32::from_le_bytes([lens[4], lens[5], lens[6], lens[7]]) as usize;
        let Some((record, _)) = source.take(shared + indiv)? else {
            return Err(source.truncated(at));
        };
        Ok(Some((
            at,
            self.decode(&record[..shared], &record[shared..], region, b),
        )))
    }

    fn decode(
        &self,
        shared: &[u8],
        indiv: &[u8],
        region: &Region,
        b: &mut BatchBuilder,
    ) -> Result<bool, ErrorKind> {
        let mut c = Cursor::new(shared);
        let chrom_id = c.i32()?;
        let chrom = usize::try_from(chrom_id)
            .ok()
            .and_then(|i| self.header.contig_dict.get(i))
            .and_then(|s| s.as_deref())
            .ok_or_else(|| ErrorKind::Bcf(format!("contig id {chrom_id} is not in the header")))?;
        if !region.contains_contig(chrom.as_bytes()) {
            return Ok(false);
        }
        let pos = c.i32()? as i64 + 1;
        let rlen = c.i32()? as i64;
        let end = pos + rlen - 1;
        if region.excludes_pos(pos) || end < region.start {
            return Ok(false);
        }
        let qual = c.f32()?;
        let n_allele_info = c.u32()?;
        let n_fmt_sample = c.u32()?;
        let (n_allele, n_info) = (
            (n_allele_info >> 16) as usize,
            (n_allele_info & 0xffff) as usize,
        );
        let (n_fmt, n_sample) = (
            (n_fmt_sample >> 24) as usize,
            (n_fmt_sample & 0xff_ffff) as usize,
        );
        if n_sample != self.header.samples.len() && (n_fmt > 0 || n_sample > 0) {
            return Err(ErrorKind::ColumnCount {
                expected: 9 + self.header.samples.len(),
                found: 9 + n_sample,
            });
        }
        let id = c.string()?;
        let mut alleles = Vec::with_capacity(n_allele);
        for _ in 0..n_allele {
            alleles.push(c.string()?);
        }
        let reference = alleles.first().copied().unwrap_or("");
        let alts = alleles.get(1..).unwrap_or_default();
        let needs = b.needs;
        if self.genotypes {
            return self
                .decode_samples(indiv, n_fmt, chrom, pos, end, reference, alts, b)
                .map(|_| true);
        }
        let (fty, fcount) = c.descriptor()?;
        let filters = c.ints(fty, fcount)?;
        if needs.filter {
            if filters.is_empty() {
                b.filter.append_null();
            } else {
                for f in &filters {
                    let name = self.string(f.unwrap_or(-1))?;
                    b.filter.values().append_value(name);
                }
                b.filter.append(true);
            }
        }
        if needs.info {
            for _ in 0..n_info {
                let (kty, kcount) = c.descriptor()?;
                let key = c
                    .ints(kty, kcount)?
                    .first()
                    .copied()
                    .flatten()
                    .unwrap_or(-1);
                let (vty, vcount) = c.descriptor()?;
                let slot_idx = match usize::try_from(key)
                    .ok()
                    .and_then(|k| self.info_keys.get(k))
                {
                    Some(Key::Info(i)) => *i,
                    _ => {
                        return Err(ErrorKind::UndeclaredInfo(
                            self.string(key).unwrap_or("?").to_string(),
                        ));
                    }
                };
                if !b.info.wanted(slot_idx) {
                    c.skip(vty, vcount)?;
                    continue;
                }
                let def_ty = self.header.infos[slot_idx].ty;
                let Some(slot) = b.info.slot(slot_idx) else {
                    return Err(ErrorKind::Bcf(format!(
                        "duplicate INFO key `{}`",
                        self.header.infos[slot_idx].id
                    )));
                };
                let what = &self.header.infos[slot_idx].id;
                match (def_ty, vty) {
                    (ValueType::Flag, _) => {
                        c.skip(vty, vcount)?;
                        let _ = slot.append_flag();
                    }
                    (_, Kind::Char) => {
                        let s = c.chars(vcount)?;
                        let v = if s.is_empty() { &b"."[..] } else { s };
                        slot.append_text(v)
                            .map_err(|e| e.into_kind("INFO", what, v))?;
                    }
                    (_, Kind::Float) => {
                        let v = c.floats(vcount)?;
                        slot.append_floats(&v)
                            .map_err(|e| e.into_kind("INFO", what, b"(float)"))?;
                    }
                    (_, Kind::Missing) => slot.append_null(),
                    (_, _) => {
                        let v = c.ints(vty, vcount)?;
                        slot.append_ints(&v)
                            .map_err(|e| e.into_kind("INFO", what, b"(integer)"))?;
                    }
                }
            }
            b.info.end_row();
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
            if id.is_empty() || id == "." {
                b.id.append_null();
            } else {
                b.id.append_value(id);
            }
        }
        if needs.ref_ {
            b.ref_.append_value(reference);
        }
        if needs.alt {
            append_alts(b, alts);
        }
        if needs.qual {
            b.qual.append_option(qual);
        }
        b.rows += 1;
        Ok(true)
    }

    #[allow(clippy::too_many_arguments)]
    fn decode_samples(
        &self,
        indiv: &[u8],
        n_fmt: usize,
        chrom: &str,
        pos: i64,
        end: i64,
        reference: &str,
        alts: &[&str],
        b: &mut BatchBuilder,
    ) -> Result<(), ErrorKind> {
        let needs = b.needs;
        let n = self.header.samples.len();
        let mut fields = Vec::with_capacity(n_fmt);
        let mut c = Cursor::new(indiv);
        for _ in 0..n_fmt {
            let (kty, kcount) = c.descriptor()?;
            let key = c
                .ints(kty, kcount)?
                .first()
                .copied()
                .flatten()
                .unwrap_or(-1);
            let key_kind = match usize::try_from(key)
                .ok()
                .and_then(|k| self.format_keys.get(k))
            {
                Some(k @ (Key::Gt | Key::Format(_))) => *k,
                _ => {
                    return Err(ErrorKind::UndeclaredFormat(
                        self.string(key).unwrap_or("?").to_string(),
                    ));
                }
            };
            let (vty, count) = c.descriptor()?;
            let offset = c.position();
            c.advance(vty.width() * count * n)?;
            fields.push(FormatField {
                key: key_kind,
                kind: vty,
                count,
                offset,
            });
        }
        for (s, sample_id) in self.header.samples.iter().enumerate() {
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
                append_alts(b, alts);
            }
            if needs.sample_id {
                b.sample_id.append_value(sample_id);
            }
            let mut seen_gt = false;
            for f in &fields {
                let w = f.kind.width() * f.count;
                let data = &indiv[f.offset + s * w..f.offset + (s + 1) * w];
                match f.key {
                    Key::Gt if needs.gt || needs.phased => {
                        seen_gt =
                            typed::append_gt(data, f.kind, f.count, needs.gt, needs.phased, b)?;
                    }
                    Key::Format(i) if needs.format && b.format.wanted(i) => {
                        let def = &self.format_ids[i];
                        let Some(slot) = b.format.slot(i) else {
                            continue;
                        };
                        let mut cur = Cursor::new(data);
                        match f.kind {
                            Kind::Char => {
                                let v = cur.chars(f.count)?;
                                let v = if v.is_empty() { &b"."[..] } else { v };
                                slot.append_text(v)
                                    .map_err(|e| e.into_kind("FORMAT", def, v))?;
                            }
                            Kind::Float => {
                                let v = cur.floats(f.count)?;
                                slot.append_floats(&v)
                                    .map_err(|e| e.into_kind("FORMAT", def, b"(float)"))?;
                            }
                            Kind::Missing => slot.append_null(),
                            k => {
                                let v = cur.ints(k, f.count)?;
                                slot.append_ints(&v)
                                    .map_err(|e| e.into_kind("FORMAT", def, b"(integer)"))?;
                            }
                        }
                    }
                    _ => {}
                }
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
            b.rows += 1;
        }
        Ok(())
    }
}

fn append_alts(b: &mut BatchBuilder, alts: &[&str]) {
    if alts.is_empty() || alts == ["."] {
        b.alt.append_null();
    } else {
        for a in alts {
            b.alt.values().append_value(a);
        }
        b.alt.append(true);
    }
}
