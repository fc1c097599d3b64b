//! The INFO column: genotype-derived counts (`AC`, `AN`, `AF`, `DP`) and
//! annotations (`DB`, `H2`, `AA`, `STRAND`, `RPA`, `GLX`, `CSQ`, SV keys),
//! with missing values sprinkled in (`DP=.`, `AA=.`, `RPA=3,.`, `GLX=..,.`).

use super::header::InfoKey;
use super::rng::Rng;
use super::site::{InfoValue, MISSING_INT, Site};
use super::spectrum::Kind;

/// Genotype-derived allele counts fed back into INFO.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// AC per ALT allele ([`MISSING_INT`] allowed).
    pub ac: Vec<i32>,
    /// AN.
    pub an: i32,
    /// Summed FORMAT/DP when available.
    pub dp: Option<i64>,
}

const EFFECTS_SNV: [&str; 7] = [
    "missense_variant",
    "synonymous_variant",
    "intron_variant",
    "upstream_gene_variant",
    "3_prime_UTR_variant",
    "splice_region_variant",
    "stop_gained",
];
const EFFECTS_NONCODING: [&str; 4] = [
    "intron_variant",
    "upstream_gene_variant",
    "downstream_gene_variant",
    "3_prime_UTR_variant",
];

/// A plausible consequence term for ALT allele 1 of `site`.
fn effect(rng: &mut Rng, site: &Site, kind: Kind) -> &'static str {
    match kind {
        Kind::Snv => EFFECTS_SNV[rng.index(EFFECTS_SNV.len())],
        Kind::SymbolicDel => {
            if rng.bernoulli(0.5) {
                "feature_truncation"
            } else {
                "transcript_ablation"
            }
        }
        Kind::Indel | Kind::Multi => {
            if rng.bernoulli(0.6) {
                return EFFECTS_NONCODING[rng.index(EFFECTS_NONCODING.len())];
            }
            let (r, a) = (site.allele(0).len(), site.allele(1).len());
            if r == a {
                "missense_variant"
            } else if !r.abs_diff(a).is_multiple_of(3) {
                "frameshift_variant"
            } else if r > a {
                "inframe_deletion"
            } else {
                "inframe_insertion"
            }
        }
    }
}

/// Draws the INFO column of each site.
#[derive(Debug)]
pub struct InfoGen {
    rng: Rng,
    samples: usize,
}

impl InfoGen {
    /// Creates an INFO generator for a cohort of `samples` samples.
    pub fn new(seed: u64, samples: usize) -> Self {
        Self {
            rng: Rng::stream(seed, 4),
            samples,
        }
    }

    /// Appends the INFO fields; `counts` come from the genotypes (or from a
    /// notional 5000 chromosomes when the file is sites-only).
    pub fn fill(&mut self, site: &mut Site, counts: &Counts) {
        let n_alt = site.n_alleles() - 1;
        let sites_only = self.samples == 0;
        let rng = &mut self.rng;

        // AC / AN / AF.
        let mut ac = counts.ac.clone();
        if sites_only && n_alt > 1 && rng.bernoulli(0.1) {
            ac[n_alt - 1] = MISSING_INT;
        }
        site.info_ints(InfoKey::Ac, &ac);
        site.info_ints(InfoKey::An, &[counts.an]);
        let start = site.info_floats_begin();
        for &c in &counts.ac {
            let f = if counts.an > 0 && c != MISSING_INT {
                let af = f64::from(c) / f64::from(counts.an);
                site.new_float((af * 1e6).round() as i64, 6, true)
            } else {
                site.missing_float()
            };
            site.push_float(f);
        }
        site.info_floats_end(InfoKey::Af, start);

        // DP: summed depth, occasionally missing or absent.
        let u = rng.uniform();
        if u < 0.02 {
            site.info_ints(InfoKey::Dp, &[MISSING_INT]);
        } else if u < 0.93 {
            let dp = counts.dp.unwrap_or_else(|| {
                i64::from(site.depth) * self.samples.max(1000) as i64 + rng.range(-500, 500)
            });
            site.info_ints(InfoKey::Dp, &[dp.clamp(0, i64::from(i32::MAX)) as i32]);
        }

        if site.rs.is_some() {
            if rng.bernoulli(0.95) {
                site.info.push((InfoKey::Db, InfoValue::Flag));
            }
            if rng.bernoulli(0.15) {
                site.info.push((InfoKey::H2, InfoValue::Flag));
            }
        }

        let kind = site.kind;
        if rng.bernoulli(0.6) {
            if rng.bernoulli(0.05) {
                site.info_str(InfoKey::Aa, b".");
            } else {
                let derived = kind != Kind::SymbolicDel && rng.bernoulli(0.1);
                let allele = usize::from(derived);
                let aa = site.allele(allele)[..1].to_vec();
                site.info_str(InfoKey::Aa, &aa);
            }
        }
        if rng.bernoulli(0.3) {
            let c = if rng.bernoulli(0.5) { b'+' } else { b'-' };
            site.info.push((InfoKey::Strand, InfoValue::Char(c)));
        }

        if matches!(kind, Kind::Indel | Kind::Multi)
            && site.allele(0).len() + site.allele(1).len() > 2
            && rng.bernoulli(0.8)
        {
            let mut rpa: Vec<i32> = Vec::with_capacity(n_alt + 1);
            let base = rng.range(1, 12) as i32;
            for i in 0..=n_alt {
                let len = site.allele(i).len() as i32;
                rpa.push(base + len - 1);
            }
            if rng.bernoulli(0.1) {
                let i = rng.index(rpa.len());
                rpa[i] = MISSING_INT;
            }
            site.info_ints(InfoKey::Rpa, &rpa);
        }

        if rng.bernoulli(0.2) {
            let n_gt = (n_alt + 1) * (n_alt + 2) / 2;
            let start = site.info_floats_begin();
            let called = rng.index(n_gt);
            let missing_at = if rng.bernoulli(0.05) {
                Some(rng.index(n_gt))
            } else {
                None
            };
            for g in 0..n_gt {
                let f = if missing_at == Some(g) {
                    site.missing_float()
                } else if g == called {
                    site.new_float(0, 2, false)
                } else {
                    site.new_float(-rng.range(1, 4000), 2, false)
                };
                site.push_float(f);
            }
            site.info_floats_end(InfoKey::Glx, start);
        }

        if rng.bernoulli(0.35) {
            let gene = site.pos / 40_000 + 1 + 1000 * site.contig as u64;
            let mut csq = Vec::with_capacity(64);
            for i in 0..rng.range(1, 3) {
                if i > 0 {
                    csq.push(b',');
                }
                super::text::push_str(&mut csq, "GENE");
                super::text::push_u64(&mut csq, gene + i as u64);
                csq.push(b'|');
                super::text::push_str(&mut csq, effect(rng, site, kind));
            }
            site.info_str(InfoKey::Csq, &csq);
        }

        if kind == Kind::SymbolicDel {
            site.info_str(InfoKey::Svtype, b"DEL");
            let len = (site.end - site.pos) as i32;
            site.info_ints(InfoKey::Svlen, &[-len]);
            site.info_ints(InfoKey::End, &[site.end as i32]);
            let ci = rng.range(5, 50) as i32;
            site.info_ints(InfoKey::Cipos, &[-ci, ci]);
        }
    }
}

/// Allele counts for a sites-only file: AN from a notional 5000 chromosomes
/// (a few missing), AC binomial-ish around AF * AN, at least 1.
pub fn notional_counts(rng: &mut Rng, site: &Site, counts: &mut Counts) {
    counts.an = 5000 - rng.below(60) as i32;
    counts.ac.clear();
    let mut left = counts.an;
    for &af in &site.af {
        let expected = af * f64::from(counts.an);
        let noise = (expected.sqrt() * (rng.uniform() * 2.0 - 1.0)).round();
        let ac = ((expected + noise).round() as i32).clamp(1, left.max(1));
        left = (left - ac).max(0);
        counts.ac.push(ac);
    }
    counts.dp = None;
}
