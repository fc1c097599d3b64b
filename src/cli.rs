//! Command-line interface: `genofed sql`, `genofed demo`, `genofed generate`,
//! `genofed ontology`, `genofed crypt4gh`, `genofed policy`, `genofed passport`,
//! `genofed serve`.

mod crypt4gh;
mod demo;
mod error;
mod federation_demo;
mod generate;
mod ontology;
mod output;
mod passport;
mod policy;
mod progress;
mod remote;
mod request;
mod serve;
mod shell;
mod sql;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use self::error::CliError;
pub use self::output::OutputFormat;

/// genofed: SQL over genomic files, governed by consent and identity.
#[derive(Debug, Parser)]
#[command(name = "genofed", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run SQL against a node's datasets (one-shot with -c, else an interactive shell).
    Sql(sql::SqlArgs),
    /// Generate a demo dataset and run a short tour of queries over it.
    Demo(demo::DemoArgs),
    /// Generate a synthetic, seeded VCF/BCF dataset (for tests and benchmarks).
    Generate(generate::GenerateArgs),
    /// Look up ontology terms, test subsumption, cache a store, and match DUO data use
    /// conditions against a research purpose.
    Ontology(ontology::OntologyArgs),
    /// Crypt4GH keys, encryption, decryption and header re-encryption (compatible with
    /// the GA4GH `crypt4gh` CLI).
    Crypt4gh(crypt4gh::Crypt4ghArgs),
    /// Cedar policies: the schema, DUO consent compiled into Cedar, validation.
    Policy(policy::PolicyArgs),
    /// GA4GH Passports: verify one against a node's trusted issuers; a test issuer.
    Passport(passport::PassportArgs),
    /// Serve the node over Arrow Flight SQL (and coordinate its `[federation]` peers).
    Serve(serve::ServeArgs),
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Sql(args) => sql::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Generate(args) => generate::run(args),
        Command::Ontology(args) => ontology::run(args),
        Command::Crypt4gh(args) => crypt4gh::run(args),
        Command::Policy(args) => policy::run(args).await,
        Command::Passport(args) => passport::run(args).await,
        Command::Serve(args) => serve::run(args).await,
    }
}

/// Where the demo and `genofed sql` without `--config` look for data.
pub fn default_demo_dir() -> PathBuf {
    PathBuf::from("demo-data")
}
