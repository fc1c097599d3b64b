//! A borrowed view of one BAM record: fixed fields decoded, variable fields as slices.
//! CRAM and SAM records are re-encoded as BAM so that one decoder fills every table.

use crate::ErrorKind;

/// One BAM record (the bytes after `block_size`).
#[derive(Debug, Clone, Copy)]
pub struct BamRecord<'a> {
    pub ref_id: i32,
    /// 0-based leftmost position (`-1`: none).
    pub pos: i32,
    pub mapq: u8,
    pub flag: u16,
    pub next_ref_id: i32,
    pub next_pos: i32,
    pub tlen: i32,
    /// Read name without its NUL.
    pub name: &'a [u8],
    /// CIGAR operations, 4 bytes each (`len << 4 | op`, little-endian): the real ones,
    /// also for a record whose CIGAR did not fit BAM and is stored in a `CG` tag.
    pub cigar: &'a [u8],
    /// Whether `cigar` came from the `CG` tag (which is then not one of the tags).
    pub cigar_in_tag: bool,
    /// Bases, two per byte.
    pub seq: &'a [u8],
    pub l_seq: usize,
    pub qual: &'a [u8],
    /// Tags (`aux` data).
    pub aux: &'a [u8],
}

fn bad(what: &str) -> ErrorKind {
    ErrorKind::Unsupported(format!("corrupt BAM record: {what}"))
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    i32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl<'a> BamRecord<'a> {
    /// Decodes `b`, checking that every length fits in it.
    pub fn parse(b: &'a [u8]) -> Result<Self, ErrorKind> {
        if b.len() < 32 {
            return Err(bad("shorter than its 32 fixed bytes"));
        }
        let l_read_name = b[8] as usize;
        let n_cigar = u16::from_le_bytes([b[12], b[13]]) as usize;
        let l_seq = usize::try_from(i32_at(b, 16)).map_err(|_| bad("negative l_seq"))?;
        let name_end = 32 + l_read_name;
        let cigar_end = name_end + 4 * n_cigar;
        let seq_end = cigar_end + l_seq.div_ceil(2);
        let qual_end = seq_end + l_seq;
        if qual_end > b.len() {
            return Err(bad("its lengths run past the end of the record"));
        }
        if l_read_name == 0 || b[name_end - 1] != 0 {
            return Err(bad("read name is not NUL-terminated"));
        }
        let cigar = &b[name_end..cigar_end];
        let aux = &b[qual_end..];
        let long = crate::alignments::tags::long_cigar(cigar, l_seq, aux);
        Ok(Self {
            ref_id: i32_at(b, 0),
            pos: i32_at(b, 4),
            mapq: b[9],
            flag: u16::from_le_bytes([b[14], b[15]]),
            next_ref_id: i32_at(b, 20),
            next_pos: i32_at(b, 24),
            tlen: i32_at(b, 28),
            name: &b[32..name_end - 1],
            cigar: long.unwrap_or(cigar),
            cigar_in_tag: long.is_some(),
            seq: &b[cigar_end..seq_end],
            l_seq,
            qual: &b[seq_end..qual_end],
            aux,
        })
    }

    /// Checks what htslib checks when it reads a record: reference ids within the
    /// header's `n_refs` references (or -1), positions not below -1, and for a mapped
    /// record a CIGAR whose query length is the sequence length.
    pub fn check(&self, n_refs: usize) -> Result<(), ErrorKind> {
        let valid = |id: i32| id >= -1 && (id < 0 || (id as usize) < n_refs);
        if !valid(self.ref_id) || !valid(self.next_ref_id) {
            return Err(bad(&format!(
                "reference id {} / mate reference id {} outside the header's {n_refs} references",
                self.ref_id, self.next_ref_id
            )));
        }
        if self.pos < -1 || self.next_pos < -1 {
            return Err(bad("negative position"));
        }
        if self.flag & 0x4 == 0 && self.l_seq > 0 && !self.cigar.is_empty() {
            let query: u64 = self
                .cigar
                .chunks_exact(4)
                .map(|c| {
                    let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                    match v & 0xf {
                        0 | 1 | 4 | 7 | 8 => u64::from(v >> 4),
                        _ => 0,
                    }
                })
                .sum();
            if query != self.l_seq as u64 {
                return Err(bad(&format!(
                    "the CIGAR covers {query} bases of a {}-base sequence",
                    self.l_seq
                )));
            }
        }
        Ok(())
    }

    /// Bases of the reference the alignment spans (M, D, N, =, X).
    pub fn reference_span(&self) -> u64 {
        self.cigar
            .chunks_exact(4)
            .map(|c| {
                let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                match v & 0xf {
                    0 | 2 | 3 | 7 | 8 => u64::from(v >> 4),
                    _ => 0,
                }
            })
            .sum()
    }

    /// 1-based inclusive end on the reference: `pos + span - 1`, or `pos` for a record
    /// spanning nothing (unmapped, or no CIGAR), as htslib does. `None` without a position.
    pub fn end(&self) -> Option<i64> {
        if self.pos < 0 {
            return None;
        }
        let span = if self.flag & 0x4 != 0 {
            0
        } else {
            self.reference_span()
        };
        Some(i64::from(self.pos) + span.max(1) as i64)
    }
}
