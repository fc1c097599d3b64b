//! Fetching a JSON Web Key Set over HTTPS (rustls on aws-lc, the Mozilla roots), with a
//! timeout, no redirects and a size limit.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ureq::Agent;
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};

use super::IssuerError;

/// Largest key set accepted.
const MAX_JWKS_BYTES: u64 = 1 << 20;

/// TLS for genofed's HTTP clients: rustls on aws-lc, the Mozilla (webpki) roots.
pub fn tls_config() -> TlsConfig {
    TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(RootCerts::WebPki)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build()
}

fn agent() -> &'static Agent {
    static AGENT: OnceLock<Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        let tls = tls_config();
        Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(5)))
            .max_redirects(0)
            .http_status_as_error(true)
            .tls_config(tls)
            .build()
            .into()
    })
}

/// GETs `url` and returns its body.
pub(crate) fn get(url: &str) -> Result<String, IssuerError> {
    let fail = |reason: String| IssuerError::Fetch {
        url: url.to_string(),
        reason,
    };
    let mut response = agent().get(url).call().map_err(|e| fail(e.to_string()))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_JWKS_BYTES)
        .read_to_string()
        .map_err(|e| fail(e.to_string()))
}
