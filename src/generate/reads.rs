//! Simulated paired-end reads as a coordinate-sorted SAM file, aligned to the generated
//! reference ([`super::write_reference`]). Tests and benchmarks convert it to BAM/CRAM and
//! index it with samtools.
//!
//! Pairs of 100 bp reads from ~300 bp fragments, one read group per sample (`S00001`…),
//! with what real aligners write: mismatches, indels, soft clips (CIGAR, `MD`, `NM`),
//! mapping qualities from 0 to 60 and some 255, duplicates, QC failures, secondary and
//! supplementary (hard-clipped) alignments, pairs with one mate unmapped (placed at its
//! mate) and unplaced unmapped pairs at the end; tags of every SAM type (`A`, `i`, `f`,
//! `Z`, `H`, `B`).

mod read;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use self::read::{Aligned, simulate};
use super::header::sample_name;
use super::rng::Rng;
use super::spectrum::Reference;
use super::{GenerateError, GenerateOptions};

const READ_LEN: usize = 100;

/// One SAM line with its sort key.
struct Line {
    key: (usize, u64),
    text: String,
}

struct Mate<'a> {
    qname: &'a str,
    flag: u16,
    contig: Option<usize>,
    a: Option<&'a Aligned>,
    mapq: u8,
    mate_contig: Option<usize>,
    mate_pos: u64,
    tlen: i64,
    seq: &'a [u8],
    qual: &'a str,
    tags: String,
}

fn quality(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .map(|_| (33 + 2 + rng.index(40) as u8) as char)
        .collect()
}

fn mapq(rng: &mut Rng) -> u8 {
    let x = rng.uniform();
    if x < 0.01 {
        255
    } else if x < 0.16 {
        rng.index(60) as u8
    } else {
        60
    }
}

/// Extra tags on some reads, one of each SAM type.
fn extra_tags(rng: &mut Rng, tags: &mut String) {
    if rng.bernoulli(0.1) {
        let _ = write!(tags, "\tXF:f:{}", rng.index(100) as f32 / 4.0);
        let _ = write!(
            tags,
            "\tZB:B:s,{},{},{}",
            rng.range(-300, 300),
            rng.range(-300, 300),
            rng.range(-300, 300)
        );
        let _ = write!(tags, "\tZC:B:C,{},{}", rng.index(256), rng.index(256));
        tags.push_str("\tXH:H:1AE301");
        tags.push_str("\tXT:A:U");
    }
}

impl Mate<'_> {
    fn line(&self, names: &[(String, u64)]) -> Line {
        let rname = self.contig.map_or("*", |c| names[c].0.as_str());
        let pos = match (self.a, self.contig) {
            (Some(a), _) => a.pos,
            (None, Some(_)) => self.mate_pos,
            (None, None) => 0,
        };
        let rnext = match (self.mate_contig, self.contig) {
            (None, _) => "*",
            (Some(m), Some(c)) if m == c => "=",
            (Some(m), _) => names[m].0.as_str(),
        };
        let cigar = self.a.map_or("*", |a| a.cigar.as_str());
        let seq = if self.seq.is_empty() {
            "*".into()
        } else {
            String::from_utf8_lossy(self.seq).into_owned()
        };
        let qual = if self.seq.is_empty() { "*" } else { self.qual };
        let pnext = if self.mate_contig.is_some() {
            self.mate_pos
        } else {
            0
        };
        let text = format!(
            "{}\t{}\t{rname}\t{pos}\t{}\t{cigar}\t{rnext}\t{pnext}\t{}\t{seq}\t{qual}{}\n",
            self.qname, self.flag, self.mapq, self.tlen, self.tags
        );
        Line {
            key: (self.contig.unwrap_or(usize::MAX), pos),
            text,
        }
    }
}

/// Writes `<out_dir>/<name>.sam` with `pairs` read pairs; returns its path.
pub fn write_reads(
    opts: &GenerateOptions,
    pairs: usize,
    out_dir: &Path,
) -> Result<PathBuf, GenerateError> {
    let path = out_dir.join(format!("{}.sam", opts.name));
    let io = |source| GenerateError::Io {
        path: path.clone(),
        source,
    };
    let groups = opts.samples.clamp(1, super::phenopackets::READ_GROUPS);
    let reference = Reference::new(opts.seed);
    let mut rng = Rng::stream(opts.seed, 7);
    let total: u64 = opts.contigs.iter().map(|(_, l)| *l).sum();
    let mut lines = Vec::with_capacity(pairs * 2 + pairs / 50);
    for n in 0..pairs {
        let qname = format!("read{:08}", n + 1);
        let rg = sample_name(rng.index(groups));
        let mut x = rng.below(total.max(1));
        let contig = opts
            .contigs
            .iter()
            .position(|(_, l)| {
                let hit = x < *l;
                x = x.saturating_sub(*l);
                hit
            })
            .unwrap_or(0);
        let len = opts.contigs[contig].1;
        let frag = (300 + rng.range(-60, 60)).max(READ_LEN as i64 + 20) as u64;
        if len < frag + 10 {
            continue;
        }
        let start = 1 + rng.below(len - frag);
        let left = simulate(&mut rng, &reference, contig, start, READ_LEN);
        let right_start = start + frag - READ_LEN as u64;
        let right = simulate(&mut rng, &reference, contig, right_start, READ_LEN);
        let q1 = quality(&mut rng, READ_LEN);
        let q2 = quality(&mut rng, READ_LEN);
        // SAM stores reverse-strand reads as they align to the forward strand.
        let right_seq = right.seq.clone();
        // Read 1 is the forward (left) read half of the time.
        let left_first = rng.bernoulli(0.5);
        let (lf, rf) = if left_first {
            (0x40, 0x80)
        } else {
            (0x80, 0x40)
        };
        let mut extra = 0u16;
        if rng.bernoulli(0.03) {
            extra |= 0x400;
        }
        if rng.bernoulli(0.01) {
            extra |= 0x200;
        }
        let tags = |a: &Aligned, rng: &mut Rng| {
            let mut t = format!(
                "\tNM:i:{}\tMD:Z:{}\tAS:i:{}\tRG:Z:{rg}",
                a.nm,
                a.md,
                READ_LEN as i64 - 5 * i64::from(a.nm)
            );
            if rng.bernoulli(0.3) {
                let _ = write!(t, "\tXS:i:{}", rng.index(READ_LEN));
            }
            extra_tags(rng, &mut t);
            t
        };
        let kind = rng.uniform();
        if kind < 0.005 {
            // Both unmapped, unplaced: at the end of the file.
            for (flag, seq, q) in [(77u16, &left.seq, &q1), (141, &right.seq, &q2)] {
                let m = Mate {
                    qname: &qname,
                    flag,
                    contig: None,
                    a: None,
                    mapq: 0,
                    mate_contig: None,
                    mate_pos: 0,
                    tlen: 0,
                    seq,
                    qual: q,
                    tags: format!("\tRG:Z:{rg}"),
                };
                lines.push(m.line(&opts.contigs));
            }
            continue;
        }
        if kind < 0.025 {
            // The right mate did not map: it is placed at the left one.
            let l = Mate {
                qname: &qname,
                flag: 0x1 | 0x8 | 0x20 | lf | extra,
                contig: Some(contig),
                a: Some(&left),
                mapq: mapq(&mut rng),
                mate_contig: Some(contig),
                mate_pos: left.pos,
                tlen: 0,
                seq: &left.seq,
                qual: &q1,
                tags: tags(&left, &mut rng),
            };
            let r = Mate {
                qname: &qname,
                flag: 0x1 | 0x4 | 0x10 | rf | extra,
                contig: Some(contig),
                a: None,
                mapq: 0,
                mate_contig: Some(contig),
                mate_pos: left.pos,
                tlen: 0,
                seq: &right_seq,
                qual: &q2,
                tags: format!("\tRG:Z:{rg}"),
            };
            lines.push(l.line(&opts.contigs));
            lines.push(r.line(&opts.contigs));
            continue;
        }
        let tlen = (right.pos + right.span) as i64 - left.pos as i64;
        let mq = mapq(&mut rng);
        let l = Mate {
            qname: &qname,
            flag: 0x1 | 0x2 | 0x20 | lf | extra,
            contig: Some(contig),
            a: Some(&left),
            mapq: mq,
            mate_contig: Some(contig),
            mate_pos: right.pos,
            tlen,
            seq: &left.seq,
            qual: &q1,
            tags: tags(&left, &mut rng),
        };
        let r = Mate {
            qname: &qname,
            flag: 0x1 | 0x2 | 0x10 | rf | extra,
            contig: Some(contig),
            a: Some(&right),
            mapq: mapq(&mut rng),
            mate_contig: Some(contig),
            mate_pos: left.pos,
            tlen: -tlen,
            seq: &right_seq,
            qual: &q2,
            tags: tags(&right, &mut rng),
        };
        lines.push(l.line(&opts.contigs));
        lines.push(r.line(&opts.contigs));
        if rng.bernoulli(0.01) {
            // A secondary alignment of the left read elsewhere on the contig.
            let at = 1 + rng.below(len - READ_LEN as u64);
            let mut sec = simulate(&mut rng, &reference, contig, at, READ_LEN);
            sec.seq = left.seq.clone();
            let s = Mate {
                qname: &qname,
                flag: 0x1 | 0x100 | lf,
                mapq: 0,
                a: Some(&sec),
                tlen: 0,
                tags: format!("\tRG:Z:{rg}"),
                ..l
            };
            lines.push(s.line(&opts.contigs));
        } else if rng.bernoulli(0.005) {
            // A supplementary (chimeric) part of the right read, hard-clipped.
            let at = 1 + rng.below(len - 40);
            let mut sup = simulate(&mut rng, &reference, contig, at, 30);
            sup.cigar = format!("70H{}", sup.cigar);
            let seq = sup.seq.clone();
            let q = quality(&mut rng, seq.len());
            let s = Mate {
                qname: &qname,
                flag: 0x1 | 0x800 | rf,
                a: Some(&sup),
                mapq: 20,
                tlen: 0,
                seq: &seq,
                qual: &q,
                tags: format!("\tNM:i:{}\tMD:Z:{}\tRG:Z:{rg}", sup.nm, sup.md),
                ..r
            };
            lines.push(s.line(&opts.contigs));
        }
    }
    lines.sort_by_key(|l| l.key);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
    let mut header = String::from("@HD\tVN:1.6\tSO:coordinate\n");
    for (name, len) in &opts.contigs {
        let _ = writeln!(header, "@SQ\tSN:{name}\tLN:{len}");
    }
    for g in 0..groups {
        let s = sample_name(g);
        let _ = writeln!(header, "@RG\tID:{s}\tSM:{s}\tPL:ILLUMINA\tLB:lib1");
    }
    header.push_str("@PG\tID:genofed-generate\tPN:genofed\tVN:0.1.0\n");
    out.write_all(header.as_bytes()).map_err(io)?;
    for l in &lines {
        out.write_all(l.text.as_bytes()).map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(path)
}
