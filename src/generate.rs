//! Deterministic, seeded generator of realistic VCF data for tests,
//! benchmarks and demos.
//!
//! [`generate`] writes any combination of a plain `.vcf`, a BGZF-compressed
//! `.vcf.gz` with a tabix (`.tbi`) and/or CSI (`.csi`) index, and a BCF 2.2
//! file with a `.csi` index. All outputs are encoded from the same in-memory
//! records, so they carry identical data, and the same seed and options
//! always produce byte-identical files (compression runs on worker threads
//! but blocks are written in a fixed order).
//!
//! # What the data looks like
//!
//! * VCFv4.3 header with `##contig` lines (with lengths), FILTERs (`PASS`,
//!   `q10`, `LowQual`), a `<DEL>` ALT definition and INFO definitions that
//!   cover every type and `Number` (Integer 1/A/R/2/., Float A/G, Flag,
//!   String 1/., Character). Reserved keys use their VCF 4.3 definitions.
//! * Strictly increasing positions per contig, contigs in header order;
//!   records are split across contigs proportionally to contig length.
//! * REF bases come from a hashed pseudo-reference, so overlapping records
//!   agree. ~85 % SNVs (Ts/Tv ~ 2), ~12 % indels (REF up to 11 bp), ~3 %
//!   multi-allelic sites (2–3 ALTs, some `1/2` genotypes) and ~0.5 %
//!   symbolic `<DEL>` with `END`, `SVTYPE`, `SVLEN` and `CIPOS`.
//! * Allele frequencies follow the neutral `1/x` spectrum (most variants are
//!   rare); genotypes are drawn under Hardy–Weinberg, and `AC`/`AN`/`AF` are
//!   computed from the genotypes (or from a notional 5000 chromosomes for a
//!   sites-only file). Every listed ALT is observed at least once.
//! * ~40 % `rs` IDs, QUAL with one decimal (some `.`), FILTER mostly `PASS`
//!   with some `q10`, `q10;LowQual` and `.`.
//! * Missing data: INFO values `.` and `.` inside lists (`RPA=3,.`), missing
//!   (`./.`, `.|.`, ~2 %) genotypes, `.` FORMAT values and dropped trailing
//!   FORMAT fields. Phasing is chosen per site with a few samples disagreeing;
//!   "male" samples are haploid on `chrX`/`chrY` (`X`/`Y`).
//!
//! # FORMAT columns and cohort size
//!
//! Up to [`FULL_FORMAT_MAX_SAMPLES`] samples the FORMAT column is
//! `GT:GQ:DP:AD:PL:HQ:FT`, exercising per-sample Integer 1/R/G/2 and String
//! values. Larger cohorts get `GT` only, as in typical large-cohort releases,
//! which keeps 100k records x 2500 samples fast to generate.

mod bcf;
mod bgzf;
mod fasta;
mod fields;
mod genotype;
mod header;
mod index;
mod info;
mod phenopackets;
mod reads;
mod rng;
mod site;
mod spectrum;
mod text;
mod write;

use std::path::{Path, PathBuf};

pub use self::fasta::write_reference;
pub use self::phenopackets::{
    CohortFiles, DISEASES, HPO_TERMS, READ_GROUPS, individual_id, write_phenopackets,
};
pub use self::reads::write_reads;

/// Largest cohort that gets the full `GT:GQ:DP:AD:PL:HQ:FT` FORMAT set;
/// larger cohorts are written with `GT` only.
pub const FULL_FORMAT_MAX_SAMPLES: usize = 200;

/// Which output files to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatSet {
    /// Plain-text `<name>.vcf`.
    pub vcf: bool,
    /// `<name>.vcf.gz` with a tabix index `<name>.vcf.gz.tbi`.
    pub vcf_gz_tbi: bool,
    /// `<name>.vcf.gz` with a CSI index `<name>.vcf.gz.csi`.
    pub vcf_gz_csi: bool,
    /// `<name>.bcf` with a CSI index `<name>.bcf.csi`.
    pub bcf: bool,
}

impl FormatSet {
    /// Every output.
    pub const ALL: Self = Self {
        vcf: true,
        vcf_gz_tbi: true,
        vcf_gz_csi: true,
        bcf: true,
    };

    /// No output (useful as a starting point: `FormatSet { bcf: true, ..FormatSet::NONE }`).
    pub const NONE: Self = Self {
        vcf: false,
        vcf_gz_tbi: false,
        vcf_gz_csi: false,
        bcf: false,
    };

    /// Whether a `.vcf.gz` is written (either index flavour requested).
    pub fn vcf_gz(&self) -> bool {
        self.vcf_gz_tbi || self.vcf_gz_csi
    }
}

impl Default for FormatSet {
    fn default() -> Self {
        Self::ALL
    }
}

/// Generator settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// PRNG seed; the same seed and options give byte-identical output.
    pub seed: u64,
    /// File stem, e.g. `cohort` gives `cohort.vcf.gz`.
    pub name: String,
    /// Contigs `(name, length)` in header order.
    pub contigs: Vec<(String, u64)>,
    /// Total number of records, split across contigs by length.
    pub records: usize,
    /// Number of samples; 0 writes a sites-only VCF.
    pub samples: usize,
    /// Which files to write.
    pub formats: FormatSet,
}

impl Default for GenerateOptions {
    /// Seed 42, `cohort`, chr1 (5 Mb), chr2 (4 Mb), chrX (3 Mb),
    /// 2000 records, 50 samples, every output format.
    fn default() -> Self {
        Self {
            seed: 42,
            name: "cohort".to_string(),
            contigs: vec![
                ("chr1".to_string(), 5_000_000),
                ("chr2".to_string(), 4_000_000),
                ("chrX".to_string(), 3_000_000),
            ],
            records: 2_000,
            samples: 50,
            formats: FormatSet::ALL,
        }
    }
}

/// Paths of the written files and what they contain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// Plain VCF.
    pub vcf: Option<PathBuf>,
    /// BGZF-compressed VCF.
    pub vcf_gz: Option<PathBuf>,
    /// Tabix index of `vcf_gz`.
    pub tbi: Option<PathBuf>,
    /// CSI index of `vcf_gz`.
    pub vcf_gz_csi: Option<PathBuf>,
    /// BCF.
    pub bcf: Option<PathBuf>,
    /// CSI index of `bcf`.
    pub bcf_csi: Option<PathBuf>,
    /// Number of records written.
    pub records: usize,
    /// Number of samples.
    pub samples: usize,
}

/// Errors from [`generate`].
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The options cannot be satisfied.
    #[error("invalid generator options: {0}")]
    InvalidOptions(String),
    /// The output directory could not be created.
    #[error("failed to create output directory `{}`", path.display())]
    CreateDir {
        /// Directory.
        path: PathBuf,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// Writing an output file failed.
    #[error("failed to write `{}`", path.display())]
    Io {
        /// File being written.
        path: PathBuf,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// Building an index failed.
    #[error("failed to build index `{}`", path.display())]
    Index {
        /// Index file.
        path: PathBuf,
        /// Cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The compression thread pool could not be started or failed.
    #[error("bgzf compression pool failed")]
    Pool(#[source] std::io::Error),
}

/// Generates the requested files as `out_dir/<name>.*` (creating `out_dir`
/// if needed). `progress` is called with the number of records written so
/// far, periodically and once at the end.
pub fn generate(
    opts: &GenerateOptions,
    out_dir: &Path,
    progress: &dyn Fn(u64),
) -> Result<Generated, GenerateError> {
    write::run(opts, out_dir, progress)
}
