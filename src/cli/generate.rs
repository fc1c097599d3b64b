//! `genofed generate`: write a synthetic, seeded dataset.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, progress};
use crate::generate::{
    CohortFiles, GenerateOptions, generate, write_phenopackets, write_reads, write_reference,
};

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
    /// Also write one Phenopacket v2 per sample (`<name>.phenopackets/IND00001.json`, …),
    /// linked to the VCF samples.
    #[arg(long)]
    pub phenopackets: bool,
    /// Also write the reference (`<name>.fa` + `.fai`) and this many simulated read
    /// pairs aligned to it (`<name>.sam`; convert with `samtools sort`/`samtools view -C`).
    #[arg(long, default_value_t = 0)]
    pub reads: usize,
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
    if args.phenopackets {
        let vcf = generated
            .vcf_gz
            .as_ref()
            .or(generated.vcf.as_ref())
            .or(generated.bcf.as_ref());
        let uri = vcf
            .and_then(|p| p.file_name())
            .map_or_else(String::new, |n| format!("file://{}", n.to_string_lossy()));
        let reads = (args.reads > 0).then(|| format!("file://{}.sam", opts.name));
        let files = CohortFiles {
            vcf: &uri,
            reads: reads.as_deref(),
        };
        println!("{}", write_phenopackets(&opts, files, &args.out)?.display());
    }
    if args.reads > 0 {
        println!("{}", write_reference(&opts, &args.out)?.display());
        println!("{}", write_reads(&opts, args.reads, &args.out)?.display());
    }
    Ok(())
}
