//! `[passports]` of a node's configuration: the audience and the trusted issuers.
//!
//! ```toml
//! [passports]
//! audience = "https://node-a.example.org"
//! clock_skew_seconds = 60                   # at most 300
//!
//! [[passports.issuers]]
//! issuer = "https://login.elixir-czech.org/oidc/"
//! jwks_url = "https://login.elixir-czech.org/oidc/jwk"
//! refresh_seconds = 3600
//!
//! [[passports.issuers]]
//! issuer = "https://dac.node-a.example.org/"
//! jwks_file = "keys/dac.jwks.json"         # relative to the config file
//! signs = ["visas"]
//! jku = ["https://dac.node-a.example.org/jwks"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::IssuerError;

/// Bona fide status values (ResearcherStatus visas) accepted by default: the
/// Registered Access definition of a bona fide researcher.
pub const REGISTERED_ACCESS_BONA_FIDE: &str = "https://doi.org/10.1038/s41431-018-0219-y";

/// The largest clock skew a node may allow.
pub const MAX_CLOCK_SKEW: u64 = 300;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassportConfig {
    /// This node's audience: a passport's `aud` must include it.
    pub audience: String,
    /// The issuers this node trusts, and nothing else.
    #[serde(default)]
    pub issuers: Vec<IssuerConfig>,
    /// Allowed clock difference for `exp`, `nbf` and `iat` (default 60, at most 300).
    #[serde(default = "default_skew")]
    pub clock_skew_seconds: u64,
    /// Largest accepted token (default 64 KiB).
    #[serde(default = "default_max_bytes")]
    pub max_token_bytes: usize,
    /// Most visas in one passport (default 100).
    #[serde(default = "default_max_visas")]
    pub max_visas: usize,
    /// ResearcherStatus visa values that make a researcher bona fide.
    #[serde(default = "default_bona_fide")]
    pub bona_fide: Vec<String>,
    /// How many verified passports (and visas) are kept, by token hash, until they expire.
    #[serde(default = "default_cache")]
    pub cache_entries: usize,
}

/// `[[passports.issuers]]`: one trusted issuer and where its keys are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerConfig {
    /// The `iss` claim, exactly.
    pub issuer: String,
    /// A JWKS file (relative paths against the config file's directory).
    pub jwks_file: Option<PathBuf>,
    /// A JWKS URL (https, or http on a loopback address), fetched on first use and again
    /// after `refresh_seconds`, or when a token names a key id it does not have (at most
    /// every 10 s).
    pub jwks_url: Option<String>,
    #[serde(default = "default_refresh")]
    pub refresh_seconds: u64,
    /// A JWKS given in code rather than in the file (tests, demos).
    #[serde(skip)]
    pub jwks_json: Option<String>,
    /// Key set URLs a token's `jku` header may name for this issuer.
    #[serde(default)]
    pub jku: Vec<String>,
    /// What this issuer is trusted to sign (default both).
    #[serde(default = "default_signs")]
    pub signs: Vec<TokenKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Passports,
    Visas,
}

fn default_skew() -> u64 {
    60
}
fn default_max_bytes() -> usize {
    64 * 1024
}
fn default_max_visas() -> usize {
    100
}
fn default_bona_fide() -> Vec<String> {
    vec![REGISTERED_ACCESS_BONA_FIDE.to_string()]
}
fn default_cache() -> usize {
    10_000
}
fn default_refresh() -> u64 {
    3600
}
fn default_signs() -> Vec<TokenKind> {
    vec![TokenKind::Passports, TokenKind::Visas]
}

impl PassportConfig {
    /// A configuration with defaults and no issuers.
    pub fn new(audience: impl Into<String>) -> Self {
        Self {
            audience: audience.into(),
            issuers: Vec::new(),
            clock_skew_seconds: default_skew(),
            max_token_bytes: default_max_bytes(),
            max_visas: default_max_visas(),
            bona_fide: default_bona_fide(),
            cache_entries: default_cache(),
        }
    }

    /// Trusts `key`'s issuer for passports and visas, with its JWKS given inline.
    pub fn trust(mut self, key: &super::IssuerKey) -> Self {
        self.issuers.push(IssuerConfig {
            issuer: key.issuer().to_string(),
            jwks_file: None,
            jwks_url: None,
            refresh_seconds: default_refresh(),
            jwks_json: Some(key.jwks_json()),
            jku: Vec::new(),
            signs: default_signs(),
        });
        self
    }

    /// Resolves relative `jwks_file`s against `base` (the config file's directory).
    pub fn resolve_paths(&mut self, base: &Path) {
        for i in &mut self.issuers {
            if let Some(f) = &mut i.jwks_file
                && f.is_relative()
            {
                *f = base.join(&*f);
            }
        }
    }

    /// Checks the configuration: unique issuers, one key source each, URLs that are https
    /// (or http on loopback), a bounded clock skew.
    pub fn check(&self) -> Result<(), IssuerError> {
        let bad = |m: String| Err(IssuerError::Config(m));
        if self.audience.trim().is_empty() {
            return bad("`audience` is empty".into());
        }
        if self.clock_skew_seconds > MAX_CLOCK_SKEW {
            return bad(format!(
                "`clock_skew_seconds` is {}, more than {MAX_CLOCK_SKEW}",
                self.clock_skew_seconds
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for i in &self.issuers {
            if !seen.insert(i.issuer.as_str()) {
                return bad(format!("issuer `{}` is listed twice", i.issuer));
            }
            let sources = usize::from(i.jwks_file.is_some())
                + usize::from(i.jwks_url.is_some())
                + usize::from(i.jwks_json.is_some());
            match sources {
                1 => {}
                _ => {
                    return bad(format!(
                        "issuer `{}` needs exactly one of `jwks_file` and `jwks_url`",
                        i.issuer
                    ));
                }
            }
            for url in i.jwks_url.iter().chain(&i.jku) {
                check_url(url).map_err(|m| {
                    IssuerError::Config(format!("issuer `{}`: `{url}` {m}", i.issuer))
                })?;
            }
            if i.signs.is_empty() {
                return bad(format!("issuer `{}` signs nothing", i.issuer));
            }
        }
        Ok(())
    }
}

/// Key sets are fetched over https, or over http from the local machine only.
fn check_url(url: &str) -> Result<(), &'static str> {
    if url.starts_with("https://") {
        return Ok(());
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return Err("is not an https URL");
    };
    let host = rest.split('/').next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    if matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        Ok(())
    } else {
        Err("is plain http to another machine; use https")
    }
}
