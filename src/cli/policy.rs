//! `genofed policy`: the Cedar schema, DUO consent compiled into Cedar, and validation of
//! a node's policies (as the node does when it starts).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use genofed_engine::{NodeConfig, load_ontologies, policies};

use super::CliError;

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Print genofed's Cedar schema (for `cedar validate --schema …`).
    Schema,
    /// Compile each dataset's DUO consent (`[datasets.x.consent]`) into Cedar policies:
    /// to stdout, or one `<dataset>.cedar` per dataset in `--out`.
    Compile {
        /// The node config.
        #[arg(long)]
        config: PathBuf,
        /// Only this dataset.
        #[arg(long)]
        dataset: Option<String>,
        /// Write `<dataset>.cedar` files here instead of printing.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Validate the node's policies (generated from consent, and its `[policies]`
    /// directory) and FILES against the schema, in Cedar's strict mode.
    Validate {
        /// The node config.
        #[arg(long)]
        config: PathBuf,
        /// More `.cedar` files to validate with them.
        files: Vec<PathBuf>,
    },
}

pub fn run(args: PolicyArgs) -> Result<(), CliError> {
    match args.action {
        Action::Schema => {
            print!("{}", genofed_engine::genofed_policies::SCHEMA);
            Ok(())
        }
        Action::Compile {
            config,
            dataset,
            out,
        } => {
            let config = NodeConfig::from_file(&config)?;
            if let Some(d) = &dataset
                && !config.datasets.contains_key(d)
            {
                return Err(CliError::Usage(format!("no dataset `{d}` in the config")));
            }
            let store = load_ontologies(&config)?;
            let compiled = policies::compiled(&config, &store)?;
            for (name, text) in compiled {
                if dataset.as_ref().is_some_and(|d| d != &name) {
                    continue;
                }
                match &out {
                    Some(dir) => {
                        std::fs::create_dir_all(dir)?;
                        let path = dir.join(format!("{name}.cedar"));
                        std::fs::write(&path, text)?;
                        println!("{}", path.display());
                    }
                    None => print!("{text}"),
                }
            }
            Ok(())
        }
        Action::Validate { config, files } => {
            let config = NodeConfig::from_file(&config)?;
            let store = load_ontologies(&config)?;
            let loaded = policies::load(&config, &store, &files)?;
            for s in &loaded.sources {
                println!("valid: {}", s.name.display());
            }
            println!(
                "{} policies validate against the schema (strict)",
                loaded.policies.policies().count()
            );
            Ok(())
        }
    }
}
