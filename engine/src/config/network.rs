//! `[server]` (the node's Flight SQL endpoint) and `[federation]` (the peers a
//! coordinator queries).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `[server]`: how `genofed serve` listens.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// Address of the Flight SQL endpoint (`127.0.0.1:50051`; port 0 picks a free port,
    /// printed when the server is ready).
    #[serde(default = "default_flight")]
    pub flight: String,
    /// TLS certificate and key (PEM). Without them the endpoint is plain gRPC: keep it on
    /// loopback or behind a TLS proxy.
    pub tls: Option<TlsConfig>,
    /// Memory the node's queries may hold at once, in MiB (a DataFusion memory pool
    /// shared by every query; sorts and joins that would exceed it fail).
    #[serde(default = "default_memory")]
    pub memory_limit_mb: usize,
    /// How long a query's ticket may be redeemed after it was issued.
    #[serde(default = "default_ticket")]
    pub ticket_seconds: u64,
    /// How long a caller's session (its passport checks and decisions) is reused.
    #[serde(default = "default_session")]
    pub session_seconds: u64,
    /// Inflated BGZF blocks of small region reads (point and short range queries) kept
    /// in memory, in MiB, shared by every file of the process; 0 keeps none. Blocks of
    /// encrypted files are kept decrypted.
    #[serde(default = "default_block_cache")]
    pub block_cache_mb: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            flight: default_flight(),
            tls: None,
            memory_limit_mb: default_memory(),
            ticket_seconds: default_ticket(),
            session_seconds: default_session(),
            block_cache_mb: default_block_cache(),
        }
    }
}

fn default_flight() -> String {
    "127.0.0.1:50051".to_string()
}
fn default_memory() -> usize {
    4096
}
fn default_ticket() -> u64 {
    300
}
fn default_session() -> u64 {
    60
}
fn default_block_cache() -> usize {
    genofed_connectors::bgzf::DEFAULT_CACHE_BYTES >> 20
}

/// A certificate chain and its private key, PEM files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// `[federation]`: the peer nodes whose tables this node (a coordinator) queries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederationConfig {
    /// Default time a peer may take to answer (to plan a query, and between batches).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    #[serde(default)]
    pub peers: Vec<PeerConfig>,
}

fn default_timeout() -> u64 {
    30
}

/// One peer node.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerConfig {
    /// The peer's catalog name here: its tables are `<name>.<dataset>.<table>`.
    pub name: String,
    /// `grpc://host:port`, or `grpc+tls://host:port`.
    pub url: String,
    /// This peer's timeout, if not the federation's.
    pub timeout_seconds: Option<u64>,
    /// CA certificate (PEM) to trust for a `grpc+tls` peer, beside the system's roots.
    pub ca: Option<PathBuf>,
    /// The peer's Beacon v2 API (`http://host:port/api`): with it, this node's Beacon
    /// asks the peer too (a Beacon network).
    pub beacon: Option<String>,
}

impl FederationConfig {
    pub(super) fn resolve_paths(&mut self, base: &Path) {
        for p in &mut self.peers {
            if let Some(ca) = &mut p.ca {
                *ca = base.join(&*ca);
            }
        }
    }

    /// Checks names and URLs: `Err` holds the message.
    pub(super) fn check(&self, datasets: &[&str]) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.peers {
            let name = p.name.as_str();
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                return Err(format!(
                    "peer `{name}`: names are letters, digits, `_` and `-`"
                ));
            }
            if matches!(name, "genofed" | "datafusion" | "information_schema") {
                return Err(format!("peer `{name}`: the name is reserved"));
            }
            if !seen.insert(name) {
                return Err(format!("peer `{name}` is listed twice"));
            }
            if let Some(b) = &p.beacon
                && !(b.starts_with("http://") || b.starts_with("https://"))
            {
                return Err(format!(
                    "peer `{name}`: beacon `{b}` must start with `http://` or `https://`"
                ));
            }
            if !(p.url.starts_with("grpc://") || p.url.starts_with("grpc+tls://")) {
                return Err(format!(
                    "peer `{name}`: url `{}` must start with `grpc://` or `grpc+tls://`",
                    p.url
                ));
            }
        }
        if datasets.contains(&crate::FEDERATED_SCHEMA) && !self.peers.is_empty() {
            return Err(format!(
                "dataset `{}`: the name is the federation's union schema",
                crate::FEDERATED_SCHEMA
            ));
        }
        Ok(())
    }
}
