//! `genofed policy`: the Cedar schema, DUO consent compiled into Cedar, and validation of
//! a node's policies (as the node does when it starts).

use std::path::PathBuf;

mod cases;
mod explain;

use clap::{Args, Subcommand};
use genofed_engine::{NodeConfig, load_ontologies, policies};

use super::CliError;
use super::request::PurposeArgs;

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
    /// Explain a principal's decisions: per dataset and table, each DUO term's outcome
    /// and the Cedar policies that decided.
    Explain {
        /// The node config.
        #[arg(long)]
        config: PathBuf,
        /// The principal (a TOML principal file).
        #[arg(long = "as", value_name = "PRINCIPAL_FILE")]
        principal: PathBuf,
        /// Only this dataset.
        #[arg(long)]
        dataset: Option<String>,
        #[command(flatten)]
        request: PurposeArgs,
    },
    /// Run a file of policy test cases (principal, purpose, table or query, expected
    /// decision); fails if any case does not get its expected decision.
    Test {
        /// The node config.
        #[arg(long)]
        config: PathBuf,
        /// The cases (TOML).
        file: PathBuf,
    },
}

pub async fn run(args: PolicyArgs) -> Result<(), CliError> {
    match args.action {
        Action::Explain {
            config,
            principal,
            dataset,
            request,
        } => {
            let node = genofed_engine::Node::open(NodeConfig::from_file(&config)?).await?;
            let requester = request.requester(&principal, node.ontologies())?;
            let mut out = std::io::stdout().lock();
            explain::explain(&node, requester, dataset.as_deref(), &mut out)
        }
        Action::Test { config, file } => {
            let node = genofed_engine::Node::open(NodeConfig::from_file(&config)?).await?;
            let mut out = std::io::stdout();
            let (_, failed) = cases::run(&node, &file, &mut out).await?;
            if failed > 0 {
                return Err(CliError::Usage(format!(
                    "{failed} policy test case(s) failed"
                )));
            }
            Ok(())
        }
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
                        // A consent group `cohort/g` becomes `cohort--g.cedar`.
                        let path = dir.join(format!("{}.cedar", name.replace('/', "--")));
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
