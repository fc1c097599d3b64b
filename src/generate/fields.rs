//! Per-sample FORMAT values beyond GT (GQ, DP, AD, PL, HQ, FT), derived from
//! the drawn genotype so they look like the output of a real caller.
//!
//! Missing data is sprinkled in three ways: single values written as `.`,
//! whole vectors written as `.`, and trailing fields dropped entirely (which
//! VCF allows), the latter recorded in [`SampleFields::n_fields`].

use super::genotype::{MISSING_ALLELE, NO_ALLELE};
use super::rng::Rng;
use super::site::{END_INT, MISSING_INT, Site};

/// Text of each per-sample filter code.
pub const FT_TEXT: [&[u8]; 5] = [b".", b"PASS", b"LowGQ", b"LowDP", b"LowGQ;LowDP"];

/// Number of FORMAT fields in the full layout.
pub const FULL_FIELDS: u8 = 7;

/// FORMAT values of every sample at one site; vectors are flat with a fixed
/// per-sample stride, padded with [`END_INT`].
#[derive(Clone, Debug, Default)]
pub struct SampleFields {
    /// How many leading FORMAT fields each sample writes (1 = GT only).
    pub n_fields: Vec<u8>,
    /// GQ per sample.
    pub gq: Vec<i32>,
    /// DP per sample.
    pub dp: Vec<i32>,
    /// AD, `ad_width` values per sample.
    pub ad: Vec<i32>,
    /// Values per sample in `ad`.
    pub ad_width: usize,
    /// PL, `pl_width` values per sample.
    pub pl: Vec<i32>,
    /// Values per sample in `pl`.
    pub pl_width: usize,
    /// HQ, two values per sample.
    pub hq: Vec<i32>,
    /// FT code per sample (index into [`FT_TEXT`]).
    pub ft: Vec<u8>,
}

impl SampleFields {
    /// Draws the fields for all samples; returns the summed DP.
    pub fn fill(&mut self, rng: &mut Rng, site: &Site, alleles: &[u8], max_ploidy: usize) -> i64 {
        let n = alleles.len() / 2;
        let n_alleles = site.n_alleles();
        self.ad_width = n_alleles;
        self.pl_width = if max_ploidy == 2 {
            n_alleles * (n_alleles + 1) / 2
        } else {
            n_alleles
        };
        self.n_fields.clear();
        self.gq.clear();
        self.dp.clear();
        self.ad.clear();
        self.pl.clear();
        self.hq.clear();
        self.ft.clear();
        let mean = i64::from(site.depth.max(2));
        let mut dp_sum = 0i64;

        for i in 0..n {
            let (a, b) = (alleles[2 * i], alleles[2 * i + 1]);
            let ploidy = if b == NO_ALLELE { 1 } else { 2 };
            if a == MISSING_ALLELE {
                // No call: either just `./.` or every field written as `.`.
                self.n_fields
                    .push(if rng.bernoulli(0.7) { 1 } else { FULL_FIELDS });
                self.gq.push(MISSING_INT);
                self.dp.push(MISSING_INT);
                push_missing_vector(&mut self.ad, self.ad_width);
                push_missing_vector(&mut self.pl, self.pl_width);
                self.hq.extend_from_slice(&[MISSING_INT, MISSING_INT]);
                self.ft.push(0);
                continue;
            }

            let dp = (mean / 2 + rng.below(mean as u64 + 1) as i64) as i32;
            let het = ploidy == 2 && a != b;
            let gq = if het {
                (dp * 2 + rng.below(30) as i32).min(99)
            } else {
                (dp * 3 + rng.below(20) as i32).min(99)
            };

            // AD: reads split over the called alleles, a little noise.
            let start = self.ad.len();
            self.ad.resize(start + self.ad_width, 0);
            let ad = &mut self.ad[start..];
            if het {
                let half = dp / 2;
                let jitter = rng.range(-i64::from(dp / 4), i64::from(dp / 4)) as i32;
                ad[usize::from(a)] += half + jitter;
                ad[usize::from(b)] += dp - half - jitter;
            } else {
                ad[usize::from(a)] += dp;
                if dp > 0 && rng.bernoulli(0.15) {
                    let other = if a == 0 { 1 } else { 0 };
                    ad[usize::from(a)] -= 1;
                    ad[other] += 1;
                }
            }

            // PL: 0 for the called genotype, growing with allele mismatches.
            let step = 10 + 3 * dp;
            let start = self.pl.len();
            if ploidy == 2 {
                for k in 0..n_alleles {
                    for j in 0..=k {
                        let d = mismatch(j, k, usize::from(a), usize::from(b));
                        let v = if d == 0 {
                            0
                        } else {
                            (d * step + rng.below(10) as i32).min(9999)
                        };
                        self.pl.push(v);
                    }
                }
            } else {
                for j in 0..n_alleles {
                    let v = if j == usize::from(a) {
                        0
                    } else {
                        (step + rng.below(10) as i32).min(9999)
                    };
                    self.pl.push(v);
                }
            }
            self.pl.resize(start + self.pl_width, END_INT);

            let hq0 = rng.range(10, 60) as i32;
            let hq1 = if ploidy == 2 {
                rng.range(10, 60) as i32
            } else {
                MISSING_INT
            };
            self.hq.extend_from_slice(&[hq0, hq1]);

            let ft = match (gq < 20, dp < 8) {
                (false, false) => 1,
                (true, false) => 2,
                (false, true) => 3,
                (true, true) => 4,
            };
            self.ft.push(ft);

            // Sprinkle single missing values and dropped trailing fields.
            let gq = if rng.bernoulli(0.01) { MISSING_INT } else { gq };
            let dp_out = if rng.bernoulli(0.01) { MISSING_INT } else { dp };
            self.gq.push(gq);
            self.dp.push(dp_out);
            let n_fields = if rng.bernoulli(0.03) {
                rng.range(1, i64::from(FULL_FIELDS) - 1) as u8
            } else {
                FULL_FIELDS
            };
            self.n_fields.push(n_fields);
            if dp_out != MISSING_INT && n_fields >= 3 {
                dp_sum += i64::from(dp_out);
            }
        }
        dp_sum
    }

    /// Sample `i`'s AD values.
    pub fn ad(&self, i: usize) -> &[i32] {
        &self.ad[i * self.ad_width..(i + 1) * self.ad_width]
    }

    /// Sample `i`'s PL values.
    pub fn pl(&self, i: usize) -> &[i32] {
        &self.pl[i * self.pl_width..(i + 1) * self.pl_width]
    }

    /// Sample `i`'s HQ values.
    pub fn hq(&self, i: usize) -> &[i32] {
        &self.hq[2 * i..2 * i + 2]
    }
}

fn push_missing_vector(v: &mut Vec<i32>, width: usize) {
    v.push(MISSING_INT);
    v.extend(std::iter::repeat_n(END_INT, width.saturating_sub(1)));
}

/// Allele mismatches between unordered genotypes `{j, k}` and `{a, b}`.
fn mismatch(j: usize, k: usize, a: usize, b: usize) -> i32 {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    if (j, k) == (a, b) {
        0
    } else if j == a || j == b || k == a || k == b {
        1
    } else {
        2
    }
}
