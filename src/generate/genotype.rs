//! Genotype sampling under Hardy–Weinberg equilibrium.
//!
//! Every haplotype slot independently carries ALT allele `j` with the site's
//! population frequency `af[j]`. Sparse events (ALT alleles, missing calls,
//! phase flips) are placed by geometric skipping, so the cost per site is
//! proportional to the number of events rather than to the cohort size —
//! apart from one `memcpy` of the slot template.

use super::fields::SampleFields;
use super::info::Counts;
use super::rng::{Rng, Skipper};
use super::site::Site;

/// Second slot of a haploid sample.
pub const NO_ALLELE: u8 = 0xFE;
/// Missing allele (`.`).
pub const MISSING_ALLELE: u8 = 0xFF;

/// Per-site genotype calls for the whole cohort.
#[derive(Clone, Debug, Default)]
pub struct Calls {
    /// Two slots per sample: allele index, [`MISSING_ALLELE`] or [`NO_ALLELE`].
    pub alleles: Vec<u8>,
    /// Whether each sample's genotype is written phased (`|`).
    pub phased: Vec<bool>,
    /// Largest ploidy at this site (1 when every sample is haploid).
    pub max_ploidy: usize,
    /// Full FORMAT values (only filled for small cohorts).
    pub fields: SampleFields,
}

/// Draws genotypes for a fixed cohort.
#[derive(Debug)]
pub struct Genotyper {
    rng: Rng,
    n: usize,
    full: bool,
    template_diploid: Vec<u8>,
    template_sex_chrom: Vec<u8>,
    n_haploid: usize,
}

/// Which of `n` samples the genotyper makes "male" (haploid on sex chromosomes) for
/// `seed`: the same draws [`Genotyper::new`] makes.
pub fn male_samples(seed: u64, n: usize) -> Vec<bool> {
    let mut rng = Rng::stream(seed, 2);
    (0..n).map(|_| rng.bernoulli(0.5)).collect()
}

impl Genotyper {
    /// Creates a genotyper for `n` samples; roughly half the samples are
    /// "male" and haploid on sex chromosomes. `full` enables the complete
    /// FORMAT set (GQ, DP, AD, PL, HQ, FT) in addition to GT.
    pub fn new(seed: u64, n: usize, full: bool) -> Self {
        let mut rng = Rng::stream(seed, 2);
        let template_diploid = vec![0u8; 2 * n];
        let mut template_sex_chrom = template_diploid.clone();
        let mut n_haploid = 0;
        for i in 0..n {
            if rng.bernoulli(0.5) {
                template_sex_chrom[2 * i + 1] = NO_ALLELE;
                n_haploid += 1;
            }
        }
        Self {
            rng,
            n,
            full,
            template_diploid,
            template_sex_chrom,
            n_haploid,
        }
    }

    /// Samples the genotypes of `site` into `calls` and the resulting allele
    /// counts into `counts`. `haploid_males` selects the sex-chromosome
    /// template (haploid GT for male samples).
    pub fn sample(
        &mut self,
        site: &Site,
        haploid_males: bool,
        calls: &mut Calls,
        counts: &mut Counts,
    ) {
        let n = self.n;
        let rng = &mut self.rng;
        let template = if haploid_males {
            &self.template_sex_chrom
        } else {
            &self.template_diploid
        };
        calls.alleles.clear();
        calls.alleles.extend_from_slice(template);
        let n_haploid = if haploid_males { self.n_haploid } else { 0 };
        calls.max_ploidy = if n_haploid == n { 1 } else { 2 };

        // Phasing: one mode per site, ~1 % of samples disagree.
        let site_phased = rng.bernoulli(0.55);
        calls.phased.clear();
        calls.phased.resize(n, site_phased);
        Skipper::new(0.01).for_each(rng, n, |_, i| calls.phased[i] = !site_phased);

        // Missing genotypes: site-specific rate averaging ~2 %.
        let alleles = &mut calls.alleles;
        let mut missing_slots = 0usize;
        let miss_rate = rng.log_uniform(0.002, 0.06);
        Skipper::new(miss_rate).for_each(rng, n, |_, i| {
            alleles[2 * i] = MISSING_ALLELE;
            missing_slots += 1;
            if alleles[2 * i + 1] != NO_ALLELE {
                alleles[2 * i + 1] = MISSING_ALLELE;
                missing_slots += 1;
            }
        });
        let an = 2 * n - n_haploid - missing_slots;

        // ALT alleles, Hardy–Weinberg: independent per haplotype slot.
        let n_alt = site.af.len();
        counts.ac.clear();
        counts.ac.resize(n_alt, 0);
        let total: f64 = site.af.iter().sum();
        let ac = &mut counts.ac;
        Skipper::new(total).for_each(rng, 2 * n, |rng, s| {
            if alleles[s] != 0 {
                return;
            }
            let j = pick(rng, &site.af, total);
            alleles[s] = (j + 1) as u8;
            ac[j] += 1;
        });

        // A cohort call set only lists polymorphic sites: every ALT is seen.
        if an > 0 {
            for (j, count) in ac.iter_mut().enumerate() {
                let mut tries = 0;
                while *count == 0 && tries < 256 {
                    let s = rng.index(2 * n);
                    if alleles[s] == 0 {
                        alleles[s] = (j + 1) as u8;
                        *count += 1;
                    }
                    tries += 1;
                }
            }
        }
        counts.an = an as i32;
        counts.dp = None;

        if self.full {
            let dp = calls
                .fields
                .fill(rng, site, &calls.alleles, calls.max_ploidy);
            counts.dp = Some(dp);
        }
    }
}

fn pick(rng: &mut Rng, af: &[f64], total: f64) -> usize {
    if af.len() == 1 {
        return 0;
    }
    let mut u = rng.uniform() * total;
    for (j, &p) in af.iter().enumerate() {
        if u < p {
            return j;
        }
        u -= p;
    }
    af.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardy_weinberg_counts_are_consistent() {
        let mut g = Genotyper::new(9, 1000, false);
        let mut site = Site::default();
        site.af.push(0.3);
        let mut calls = Calls::default();
        let mut counts = Counts::default();
        g.sample(&site, false, &mut calls, &mut counts);
        let called = calls
            .alleles
            .iter()
            .filter(|&&a| a != MISSING_ALLELE && a != NO_ALLELE)
            .count();
        let alt = calls.alleles.iter().filter(|&&a| a == 1).count();
        assert_eq!(counts.an as usize, called);
        assert_eq!(counts.ac[0] as usize, alt);
        let af = alt as f64 / called as f64;
        assert!((0.25..0.35).contains(&af), "{af}");
    }

    #[test]
    fn haploid_template() {
        let mut g = Genotyper::new(9, 200, false);
        let mut site = Site::default();
        site.af.push(0.001);
        let mut calls = Calls::default();
        let mut counts = Counts::default();
        g.sample(&site, true, &mut calls, &mut counts);
        assert!(calls.alleles.contains(&NO_ALLELE));
        assert!(counts.ac[0] >= 1);
    }
}
