//! Table providers that expose genomic files as Apache DataFusion tables.
//!
//! The VCF/BCF connector reads plain `.vcf`, bgzipped `.vcf.gz` and `.bcf` files and offers
//! two shapes of table per file: [`vcf::Shape::Variants`] (one row per record) and
//! [`vcf::Shape::Genotypes`] (one row per record × sample). Scans push projections,
//! `chrom`/`pos`/`end` filters (through `.tbi`/`.csi` indexes) and limits into the reader and
//! split files into partitions so that every core inflates and parses.

pub mod alignments;
pub mod bgzf;
pub mod crypt4gh;
mod error;
mod input;
mod key_options;
pub mod phenopackets;
pub mod region;
pub(crate) mod source;
pub mod vcf;

pub use self::error::{Error, ErrorKind, Location};
pub use self::input::{Input, InputCursor, plaintext_name};
pub use self::region::{Region, RegionColumns};
