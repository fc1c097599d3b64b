//! `[beacon]`: the node's Beacon v2 endpoint (who it says it is, where it listens).

use serde::Deserialize;

/// `[beacon]`: how the Beacon v2 facade describes the node and where `genofed serve`
/// listens for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeaconConfig {
    /// Address of the HTTP endpoint (`127.0.0.1:8080`; port 0 picks a free port). The
    /// Beacon API is under `/api`.
    #[serde(default = "default_http")]
    pub http: String,
    /// The Beacon's id, reverse domain name style (`org.example.beacon`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `prod`, `test`, `dev` or `staging`.
    #[serde(default)]
    pub environment: Environment,
    pub organization: Organization,
    /// The reference assembly of the node's variant files (`GRCh38`, `GRCh37`).
    #[serde(default = "default_assembly")]
    pub assembly: String,
    /// The URL clients reach the Beacon at (its `/api` root), for `/map`; defaults to
    /// `http://<http>/api`.
    pub root_url: Option<String>,
    /// The research purpose (a DUO term) of Beacon requests that declare none in the
    /// `x-genofed-purpose` header: discovery, answered under the datasets' consents.
    #[serde(default = "default_purpose")]
    pub purpose: String,
    /// Largest request body accepted, in bytes.
    #[serde(default = "default_body")]
    pub max_body_bytes: usize,
    /// Largest page of records (`limit`) a request may ask for.
    #[serde(default = "default_limit")]
    pub max_limit: u64,
    /// The gene table `geneId` queries look up (BED, or GFF3 by its `.gff3` extension),
    /// relative to the config file.
    pub genes: Option<std::path::PathBuf>,
    /// Each caller's query budget (none: unlimited).
    pub budget: Option<Budget>,
}

/// `budget = { queries = 1000, window_seconds = 3600 }`: at most `queries` data queries
/// (entry endpoints) per caller in each window; more are answered 429. A researcher is
/// known by its passport's subject; anonymous callers share one budget.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub queries: u64,
    pub window_seconds: u64,
}

/// A Beacon's environment (`/info`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Prod,
    Test,
    #[default]
    Dev,
    Staging,
}

impl Environment {
    pub fn name(self) -> &'static str {
        match self {
            Environment::Prod => "prod",
            Environment::Test => "test",
            Environment::Dev => "dev",
            Environment::Staging => "staging",
        }
    }
}

/// The organisation running the Beacon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// Its home page (service-info requires one).
    pub url: String,
    #[serde(default)]
    pub description: String,
    pub contact_url: Option<String>,
}

fn default_http() -> String {
    "127.0.0.1:8080".to_string()
}
fn default_assembly() -> String {
    "GRCh38".to_string()
}
fn default_purpose() -> String {
    "GRU".to_string()
}
fn default_body() -> usize {
    64 * 1024
}
fn default_limit() -> u64 {
    1000
}
