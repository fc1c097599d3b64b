//! One simulated read against the reference: bases with sequencing errors, small
//! indels and soft clips, and the CIGAR, MD and NM that describe them.

use super::super::rng::Rng;
use super::super::spectrum::Reference;

/// A read aligned at `pos` (1-based).
#[derive(Debug, Clone, Default)]
pub struct Aligned {
    pub pos: u64,
    pub seq: Vec<u8>,
    pub cigar: String,
    pub md: String,
    pub nm: u32,
    /// Reference bases spanned.
    pub span: u64,
}

const BASES: &[u8; 4] = b"ACGT";

fn push_op(cigar: &mut String, len: usize, op: char) {
    if len > 0 {
        cigar.push_str(&len.to_string());
        cigar.push(op);
    }
}

/// Simulates `len` read bases starting at reference `pos` of `contig`, with a 1 %
/// substitution rate, an indel in ~10 % of reads and a soft clip in ~5 %.
pub fn simulate(
    rng: &mut Rng,
    reference: &Reference,
    contig: usize,
    pos: u64,
    len: usize,
) -> Aligned {
    let mut out = Aligned {
        pos,
        ..Aligned::default()
    };
    let clip = if rng.bernoulli(0.05) {
        5 + rng.index(16)
    } else {
        0
    };
    let clip_left = clip > 0 && rng.bernoulli(0.5);
    let aligned = len - clip;
    // An indel somewhere in the middle third.
    let indel = rng.bernoulli(0.1).then(|| {
        let at = aligned / 3 + rng.index(aligned / 3);
        let size = 1 + rng.index(3);
        (at, size, rng.bernoulli(0.5))
    });
    if clip_left {
        for _ in 0..clip {
            out.seq.push(BASES[rng.index(4)]);
        }
        push_op(&mut out.cigar, clip, 'S');
    }
    let mut r = pos;
    let mut run = 0usize; // matching bases since the last MD event
    let mut m = 0usize; // length of the current M operation
    let mut i = 0usize;
    while i < aligned {
        if let Some((at, size, insertion)) = indel
            && i == at
        {
            push_op(&mut out.cigar, m, 'M');
            m = 0;
            if insertion && i + size < aligned {
                for _ in 0..size {
                    out.seq.push(BASES[rng.index(4)]);
                }
                push_op(&mut out.cigar, size, 'I');
                out.nm += size as u32;
                i += size;
                continue;
            } else if !insertion {
                push_op(&mut out.cigar, size, 'D');
                out.md.push_str(&run.to_string());
                out.md.push('^');
                for k in 0..size as u64 {
                    out.md.push(reference.base(contig, r + k) as char);
                }
                run = 0;
                out.nm += size as u32;
                r += size as u64;
            }
        }
        let base = reference.base(contig, r);
        if rng.bernoulli(0.01) {
            let other =
                BASES[(BASES.iter().position(|b| *b == base).unwrap_or(0) + 1 + rng.index(3)) % 4];
            out.seq.push(other);
            out.md.push_str(&run.to_string());
            out.md.push(base as char);
            run = 0;
            out.nm += 1;
        } else {
            out.seq.push(base);
            run += 1;
        }
        m += 1;
        r += 1;
        i += 1;
    }
    push_op(&mut out.cigar, m, 'M');
    out.md.push_str(&run.to_string());
    if clip > 0 && !clip_left {
        for _ in 0..clip {
            out.seq.push(BASES[rng.index(4)]);
        }
        push_op(&mut out.cigar, clip, 'S');
    }
    out.span = r - pos;
    out
}
