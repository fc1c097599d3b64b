//! `genofed serve`: the node's Arrow Flight SQL endpoint (and, with `[federation]`,
//! a coordinator of its peers; with `[beacon]`, its Beacon v2 API on a second port).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use genofed_flight_server::Server;

use super::CliError;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Node config (TOML).
    #[arg(long)]
    pub config: PathBuf,
    /// Listen here instead of `[server] flight` (port 0: any free port).
    #[arg(long, value_name = "HOST:PORT")]
    pub flight: Option<String>,
    /// Serve the Beacon v2 API here instead of `[beacon] http` (needs a `[beacon]`
    /// section; port 0: any free port).
    #[arg(long, value_name = "HOST:PORT")]
    pub beacon: Option<String>,
    /// Log format on stderr (`RUST_LOG` sets the level, default `info`).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Logs to stderr through `tracing`.
pub fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

pub async fn run(args: ServeArgs) -> Result<(), CliError> {
    init_logs(args.log_format);
    let node = Arc::new(super::sql::open_node(Some(&args.config)).await?);
    let name = node.config().node.name.clone();
    let beacon = node.config().beacon.is_some();
    let mut server = match &args.flight {
        Some(address) => Server::bind_to(node, address).await?,
        None => Server::bind(node).await?,
    };
    if beacon || args.beacon.is_some() {
        server = server.with_beacon(args.beacon.as_deref()).await?;
    }
    // The readiness line: scripts and tests wait for it (the port may have been 0).
    let http = server
        .beacon_url()
        .map(|u| format!(" and Beacon v2 at {u}"))
        .unwrap_or_default();
    println!(
        "genofed: node `{name}` serves Flight SQL at {}{http}",
        server.url()
    );
    std::io::stdout().flush()?;
    server.serve(shutdown_signal()).await?;
    tracing::info!(node = %name, "stopped");
    Ok(())
}
