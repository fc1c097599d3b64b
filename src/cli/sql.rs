//! `genofed sql`: run statements against a node, or open the interactive shell.

use std::path::{Path, PathBuf};

use arrow::datatypes::Schema;
use clap::Args;
use datafusion::prelude::{DataFrame, SessionContext};
use datafusion::sql::parser::{DFParser, Statement};
use genofed_engine::access::RemoteSession;
use genofed_engine::{Node, NodeConfig};

use super::request::PurposeArgs;
use super::{CliError, OutputFormat, output, progress, shell};

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// Node config (TOML). Default: `demo-data/node.toml` if `genofed demo` made one,
    /// else an empty node where `CREATE EXTERNAL TABLE` can register files.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// A statement to run (repeatable; run in order). Without any, opens a shell.
    #[arg(short = 'c', long = "command")]
    pub commands: Vec<String>,
    /// Run as this principal (a TOML principal file), under the node's policies: only
    /// queries, only what the principal's purpose is allowed to see. Needs `--purpose`.
    #[arg(
        long = "as",
        value_name = "PRINCIPAL_FILE",
        conflicts_with = "passport"
    )]
    pub principal: Option<PathBuf>,
    /// Run as the researcher of this GA4GH Passport (a file holding the JWT, `-` for
    /// stdin), verified against the node's `[passports]` issuers. Needs `--purpose`.
    #[arg(long, value_name = "TOKEN_FILE")]
    pub passport: Option<PathBuf>,
    #[command(flatten)]
    pub request: PurposeArgs,
    /// Send the statements to a node's Flight SQL endpoint (`grpc://host:port` or
    /// `grpc+tls://host:port`) with `--passport` and `--purpose`, instead of opening a
    /// node here.
    #[arg(long, value_name = "URL", conflicts_with_all = ["config", "principal"])]
    pub connect: Option<String>,
    /// CA certificate (PEM) to trust for a `grpc+tls` endpoint.
    #[arg(long, requires = "connect")]
    pub ca: Option<PathBuf>,
    /// With `--connect` to a coordinator: answer without peers that fail, and print each
    /// node's status on stderr.
    #[arg(long, requires = "connect")]
    pub partial: bool,
    /// With `--connect`: seconds to wait for an answer (and for each batch).
    #[arg(long, default_value_t = 300, requires = "connect")]
    pub timeout: u64,
}

/// Where statements run: the operator's session (everything), or a remote principal's.
pub enum Runner {
    Operator(SessionContext),
    Remote(RemoteSession),
}

impl Runner {
    async fn plan(&self, statement: Statement) -> Result<DataFrame, CliError> {
        Ok(match self {
            Runner::Operator(ctx) => {
                let plan = ctx.state().statement_to_plan(statement).await?;
                ctx.execute_logical_plan(plan).await?
            }
            Runner::Remote(session) => session.statement(statement).await.map_err(denied)?,
        })
    }
}

/// Loads the node named by `--config` (or the default one).
pub async fn open_node(config: Option<&Path>) -> Result<Node, CliError> {
    let default = super::default_demo_dir().join("node.toml");
    let config = match config {
        Some(path) => NodeConfig::from_file(path)?,
        None if default.exists() => NodeConfig::from_file(&default)?,
        None => NodeConfig::default(),
    };
    Ok(Node::open(config).await?)
}

pub async fn run(args: SqlArgs) -> Result<(), CliError> {
    if let Some(url) = &args.connect {
        return super::remote::run(&args, url).await;
    }
    let node = open_node(args.config.as_deref()).await?;
    let runner = match (&args.principal, &args.passport) {
        (None, None) if args.request.purpose.is_some() => {
            return Err(CliError::Usage(
                "`--purpose` applies to a principal: add `--as PRINCIPAL_FILE` or `--passport TOKEN_FILE`"
                    .into(),
            ));
        }
        (None, None) => Runner::Operator(node.operator_session()),
        (Some(file), _) => {
            let requester = args.request.requester(file, node.ontologies())?;
            Runner::Remote(node.remote_session(requester)?)
        }
        (None, Some(token)) => {
            let token = super::passport::read_token(token)?;
            let (purpose, facts) = args.request.resolve(node.ontologies())?;
            let requester =
                tokio::task::block_in_place(|| node.requester(Some(&token), purpose, facts))?;
            Runner::Remote(node.remote_session(requester)?)
        }
    };
    if args.commands.is_empty() {
        return shell::run(&runner, args.format).await;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for sql in &args.commands {
        execute(&runner, sql, args.format, &mut out).await?;
    }
    Ok(())
}

/// A denial as itself, other errors as they are.
fn denied(e: datafusion::error::DataFusionError) -> CliError {
    match genofed_engine::access::AccessDenied::find(&e) {
        Some(d) => CliError::Denied(d.clone()),
        None => e.into(),
    }
}

/// Runs every statement in `sql` in order, printing each result.
pub async fn execute(
    runner: &Runner,
    sql: &str,
    format: OutputFormat,
    out: &mut dyn std::io::Write,
) -> Result<(), CliError> {
    let statements = DFParser::parse_sql(sql)?;
    for statement in statements {
        let df = runner.plan(statement).await?;
        let schema: Schema = df.schema().as_arrow().clone();
        let bar = progress::spinner("running query");
        let batches = df.collect().await;
        let batches = match runner {
            Runner::Operator(_) => batches,
            Runner::Remote(_) => batches.map_err(genofed_engine::access::sanitize),
        }
        .map_err(denied);
        bar.finish_and_clear();
        output::write(out, format, &batches?, &schema)?;
        out.flush()?;
    }
    Ok(())
}
