//! `genofed sql`: run statements against a node, or open the interactive shell.

use std::path::{Path, PathBuf};

use arrow::datatypes::Schema;
use clap::Args;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::DFParser;
use genofed_engine::{Node, NodeConfig};

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
    let node = open_node(args.config.as_deref()).await?;
    let ctx = node.operator_session();
    if args.commands.is_empty() {
        return shell::run(&ctx, args.format).await;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for sql in &args.commands {
        execute(&ctx, sql, args.format, &mut out).await?;
    }
    Ok(())
}

/// Runs every statement in `sql` in order, printing each result.
pub async fn execute(
    ctx: &SessionContext,
    sql: &str,
    format: OutputFormat,
    out: &mut dyn std::io::Write,
) -> Result<(), CliError> {
    let statements = DFParser::parse_sql(sql)?;
    for statement in statements {
        let state = ctx.state();
        let plan = state.statement_to_plan(statement).await?;
        let df = ctx.execute_logical_plan(plan).await?;
        let schema: Schema = df.schema().as_arrow().clone();
        let bar = progress::spinner("running query");
        let batches = df.collect().await;
        bar.finish_and_clear();
        output::write(out, format, &batches?, &schema)?;
        out.flush()?;
    }
    Ok(())
}
