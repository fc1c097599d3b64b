//! Population-genetic ingredients: the allele-frequency spectrum, the mix of
//! variant classes and a hashed pseudo-reference to draw REF/ALT bases from.

use super::rng::{Rng, mix64};

/// Class of a generated site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// Single-nucleotide variant (~85 %).
    #[default]
    Snv,
    /// Small insertion or deletion, REF up to 11 bases (~12 %).
    Indel,
    /// Multi-allelic site with two or three ALT alleles (~3 %).
    Multi,
    /// Symbolic `<DEL>` structural variant with INFO/END (~0.5 %).
    SymbolicDel,
}

/// Draws a variant class with realistic proportions.
pub fn draw_kind(rng: &mut Rng) -> Kind {
    let u = rng.uniform();
    if u < 0.845 {
        Kind::Snv
    } else if u < 0.965 {
        Kind::Indel
    } else if u < 0.995 {
        Kind::Multi
    } else {
        Kind::SymbolicDel
    }
}

/// Smallest allele frequency the spectrum produces for a cohort of
/// `samples` diploid individuals (`1 / (2 * max(samples, 1000))`).
pub fn min_af(samples: usize) -> f64 {
    1.0 / (2.0 * samples.max(1000) as f64)
}

/// Draws an allele frequency from the neutral `1/x` site-frequency spectrum
/// on `[min_af, 1)`: most variants are rare, a few are common.
pub fn draw_af(rng: &mut Rng, min_af: f64) -> f64 {
    (min_af.ln() * rng.uniform_open0()).exp().min(0.999)
}

/// Hashed pseudo-reference genome: the base at a coordinate is a pure
/// function of (seed, contig, position), so overlapping records agree on REF.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    seed: u64,
}

/// The four nucleotides.
pub const BASES: [u8; 4] = *b"ACGT";

impl Reference {
    /// Creates a reference for `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed: mix64(seed ^ 0x7265_6665_7265_6e63),
        }
    }

    /// Base at 1-based `pos` of contig number `contig` (~40 % GC).
    pub fn base(&self, contig: usize, pos: u64) -> u8 {
        let h = mix64(self.seed ^ ((contig as u64) << 40) ^ pos);
        match h % 10 {
            0..=2 => b'A',
            3 | 4 => b'C',
            5 | 6 => b'G',
            _ => b'T',
        }
    }

    /// Appends the `len` reference bases starting at `pos`.
    pub fn extend(&self, out: &mut Vec<u8>, contig: usize, pos: u64, len: u64) {
        out.extend((0..len).map(|i| self.base(contig, pos + i)));
    }
}

/// An SNV alternate base; transitions are twice as likely as each
/// transversion (Ts/Tv ~ 2).
pub fn snv_alt(rng: &mut Rng, reference: u8) -> u8 {
    let (transition, transversions) = match reference {
        b'A' => (b'G', [b'C', b'T']),
        b'G' => (b'A', [b'C', b'T']),
        b'C' => (b'T', [b'A', b'G']),
        _ => (b'C', [b'A', b'G']),
    };
    if rng.bernoulli(0.67) {
        transition
    } else {
        transversions[rng.index(2)]
    }
}

/// Indel length in 1..=10, skewed towards short events.
pub fn indel_len(rng: &mut Rng) -> u64 {
    let mut len = 1;
    while len < 10 && rng.bernoulli(0.45) {
        len += 1;
    }
    len
}

/// A random base (for inserted sequence).
pub fn random_base(rng: &mut Rng) -> u8 {
    BASES[rng.index(4)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectrum_is_skewed_to_rare() {
        let mut rng = Rng::new(11);
        let min = min_af(50);
        let afs: Vec<f64> = (0..10_000).map(|_| draw_af(&mut rng, min)).collect();
        assert!(afs.iter().all(|&af| af >= min * 0.999 && af < 1.0));
        let rare = afs.iter().filter(|&&af| af < 0.05).count();
        assert!(rare > 5_000, "{rare}");
    }

    #[test]
    fn reference_is_stable_and_snv_differs() {
        let r = Reference::new(5);
        assert_eq!(r.base(0, 100), r.base(0, 100));
        let mut rng = Rng::new(1);
        for pos in 1..1000 {
            let b = r.base(1, pos);
            assert!(BASES.contains(&b));
            assert_ne!(snv_alt(&mut rng, b), b);
        }
    }
}
