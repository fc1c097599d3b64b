//! `genofed generate`: write a synthetic, seeded dataset.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, progress};
use crate::generate::{GenerateOptions, generate};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Output directory (created if missing).
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// File stem.
    #[arg(long, default_value = "cohort")]
    pub name: String,
    /// Number of records across all contigs.
    #[arg(long, default_value_t = 2000)]
    pub records: usize,
    /// Number of samples (0 writes a sites-only file).
    #[arg(long, default_value_t = 50)]
    pub samples: usize,
    /// Random seed: the same seed and options give byte-identical files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Skip writing the BCF copy (faster for very large files).
    #[arg(long)]
    pub no_bcf: bool,
    /// Skip writing the uncompressed `.vcf` copy.
    #[arg(long)]
    pub no_plain: bool,
}

pub fn run(args: GenerateArgs) -> Result<(), CliError> {
    let mut opts = GenerateOptions {
        seed: args.seed,
        name: args.name,
        records: args.records,
        samples: args.samples,
        ..Default::default()
    };
    if args.no_bcf {
        opts.formats.bcf = false;
    }
    if args.no_plain {
        opts.formats.vcf = false;
    }
    std::fs::create_dir_all(&args.out)?;
    let bar = progress::counter(opts.records as u64, "generating records");
    let generated = generate(&opts, &args.out, &|n| bar.set_position(n))?;
    bar.finish_and_clear();
    for path in [
        &generated.vcf,
        &generated.vcf_gz,
        &generated.tbi,
        &generated.vcf_gz_csi,
        &generated.bcf,
        &generated.bcf_csi,
    ]
    .into_iter()
    .flatten()
    {
        println!("{}", path.display());
    }
    Ok(())
}
