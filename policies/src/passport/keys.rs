//! The keys of trusted issuers: static JWKS files, and URLs fetched on first use, again
//! after their refresh interval, and when a token names a key id not (yet) in the set.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::PublicKeyComponents as RsaPublicKeyComponents;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};

use super::config::{IssuerConfig, TokenKind};
use super::jwt::Jws;
use super::{IssuerError, PassportError, fetch};

/// A token naming an unknown key id triggers at most one refetch per this interval.
const MIN_REFETCH: Duration = Duration::from_secs(10);

/// RSA moduli shorter than this (bytes) are refused.
const MIN_RSA_BYTES: usize = 256;

struct Key {
    kid: Option<String>,
    alg: Algorithm,
    /// Parsed once, when the key set is loaded, rather than on every verification.
    key: ParsedPublicKey,
}

/// The usable signing keys of one JWKS: P-256 keys for ES256 and RSA keys (2048 bits or
/// more) for RS256. Other keys are skipped.
pub(crate) struct KeySet {
    keys: Vec<Key>,
}

fn b64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// The key of `jwk` as aws-lc parses it, with the algorithm it verifies, if genofed
/// accepts it.
fn usable(jwk: &Jwk) -> Option<(Algorithm, ParsedPublicKey)> {
    if matches!(&jwk.common.public_key_use, Some(u) if *u != PublicKeyUse::Signature) {
        return None;
    }
    let (alg, key) = match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => {
            let (x, y) = (b64(&p.x)?, b64(&p.y)?);
            if x.len() != 32 || y.len() != 32 {
                return None;
            }
            let point: Vec<u8> = [&[4u8][..], &x, &y].concat();
            let key = ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point).ok()?;
            (Algorithm::ES256, key)
        }
        AlgorithmParameters::RSA(p) => {
            let (n, e) = (b64(&p.n)?, b64(&p.e)?);
            let significant = n.iter().skip_while(|b| **b == 0).count();
            if significant < MIN_RSA_BYTES {
                return None;
            }
            let der = RsaPublicKeyComponents {
                n: &n[..],
                e: &e[..],
            }
            .as_der()
            .ok()?;
            let key = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der.as_ref()).ok()?;
            (Algorithm::RS256, key)
        }
        _ => return None,
    };
    match jwk.common.key_algorithm {
        None => Some((alg, key)),
        Some(KeyAlgorithm::ES256) if alg == Algorithm::ES256 => Some((alg, key)),
        Some(KeyAlgorithm::RS256) if alg == Algorithm::RS256 => Some((alg, key)),
        Some(_) => None,
    }
}

impl KeySet {
    /// Parses a JWKS; `origin` (a path or URL) names it in errors.
    pub fn parse(json: &str, origin: &str) -> Result<Self, IssuerError> {
        let bad = |reason: String| IssuerError::Jwks {
            origin: origin.to_string(),
            reason,
        };
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let list = value
            .get("keys")
            .and_then(|k| k.as_array())
            .ok_or_else(|| bad("it has no `keys` array".into()))?;
        let mut keys = Vec::new();
        for v in list {
            // Keys of other types (or malformed ones) are skipped, as JWKS consumers do.
            let Ok(jwk) = serde_json::from_value::<Jwk>(v.clone()) else {
                continue;
            };
            let Some((alg, key)) = usable(&jwk) else {
                continue;
            };
            keys.push(Key {
                kid: jwk.common.key_id.clone(),
                alg,
                key,
            });
        }
        Ok(Self { keys })
    }

    /// The key for `alg` with id `kid`; without a key id, the only key for `alg`.
    pub fn find(&self, kid: Option<&str>, alg: Algorithm) -> Option<&ParsedPublicKey> {
        let mut of_alg = self.keys.iter().filter(|k| k.alg == alg);
        match kid {
            Some(kid) => of_alg
                .find(|k| k.kid.as_deref() == Some(kid))
                .map(|k| &k.key),
            None => {
                let first = of_alg.next()?;
                of_alg.next().is_none().then_some(&first.key)
            }
        }
    }
}

struct Fetched {
    set: Arc<KeySet>,
    at: Instant,
    attempted: Instant,
}

/// A key set at a URL.
struct Remote {
    url: String,
    refresh: Duration,
    state: RwLock<Option<Fetched>>,
    fetching: Mutex<()>,
}

impl Remote {
    fn new(url: &str, refresh: Duration) -> Self {
        Self {
            url: url.to_string(),
            refresh,
            state: RwLock::new(None),
            fetching: Mutex::new(()),
        }
    }

    fn current(&self, kid: Option<&str>, alg: Algorithm) -> Option<Arc<KeySet>> {
        let guard = self.state.read().unwrap_or_else(|e| e.into_inner());
        let f = guard.as_ref()?;
        let fresh = f.at.elapsed() < self.refresh;
        let known = f.set.find(kid, alg).is_some();
        // Stale or lacking the key: refetch, unless one was just attempted.
        ((fresh && known) || f.attempted.elapsed() < MIN_REFETCH).then(|| f.set.clone())
    }

    fn key_set(&self, kid: Option<&str>, alg: Algorithm) -> Result<Arc<KeySet>, IssuerError> {
        if let Some(set) = self.current(kid, alg) {
            return Ok(set);
        }
        let _one_at_a_time = self.fetching.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = self.current(kid, alg) {
            return Ok(set);
        }
        let fetched = fetch::get(&self.url).and_then(|body| KeySet::parse(&body, &self.url));
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match fetched {
            Ok(set) => {
                let set = Arc::new(set);
                *state = Some(Fetched {
                    set: set.clone(),
                    at: now,
                    attempted: now,
                });
                Ok(set)
            }
            Err(e) => match state.as_mut() {
                Some(f) => {
                    tracing::warn!(url = %self.url, error = %e, "key set refresh failed; keeping the previous keys");
                    f.attempted = now;
                    Ok(f.set.clone())
                }
                None => Err(e),
            },
        }
    }
}

enum Source {
    Static(Arc<KeySet>),
    Remote(Remote),
}

impl Source {
    fn key_set(&self, kid: Option<&str>, alg: Algorithm) -> Result<Arc<KeySet>, IssuerError> {
        match self {
            Source::Static(s) => Ok(s.clone()),
            Source::Remote(r) => r.key_set(kid, alg),
        }
    }
}

/// One trusted issuer.
pub(crate) struct TrustedIssuer {
    pub signs: Vec<TokenKind>,
    keys: Source,
    jku: HashMap<String, Remote>,
    jwks_url: Option<String>,
}

impl TrustedIssuer {
    pub fn new(config: &IssuerConfig) -> Result<Self, IssuerError> {
        let refresh = Duration::from_secs(config.refresh_seconds.max(1));
        let keys = if let Some(path) = &config.jwks_file {
            let text = std::fs::read_to_string(path).map_err(|source| IssuerError::Read {
                path: path.clone(),
                source,
            })?;
            Source::Static(Arc::new(KeySet::parse(&text, &path.display().to_string())?))
        } else if let Some(json) = &config.jwks_json {
            Source::Static(Arc::new(KeySet::parse(json, &config.issuer)?))
        } else if let Some(url) = &config.jwks_url {
            Source::Remote(Remote::new(url, refresh))
        } else {
            return Err(IssuerError::Config(format!(
                "issuer `{}` has no key set",
                config.issuer
            )));
        };
        let jku = config
            .jku
            .iter()
            .map(|u| (u.clone(), Remote::new(u, refresh)))
            .collect();
        Ok(Self {
            signs: config.signs.clone(),
            keys,
            jku,
            jwks_url: config.jwks_url.clone(),
        })
    }

    /// Checks `jws`'s signature with this issuer's key: from the `jku` it names (only if
    /// allowlisted; nothing is fetched otherwise), else from the issuer's key set.
    pub fn verify<C>(
        &self,
        jws: &Jws<'_, C>,
        issuer: &str,
        part: &str,
    ) -> Result<(), PassportError> {
        let (jku, kid, alg) = (
            jws.header.jku.as_deref(),
            jws.header.kid.as_deref(),
            jws.alg(),
        );
        let set = match jku {
            Some(url) if self.jwks_url.as_deref() != Some(url) => {
                let remote = self
                    .jku
                    .get(url)
                    .ok_or_else(|| PassportError::UntrustedJku {
                        part: part.to_string(),
                        issuer: issuer.to_string(),
                        jku: url.chars().take(200).collect(),
                    })?;
                remote.key_set(kid, alg)
            }
            _ => self.keys.key_set(kid, alg),
        }
        .map_err(|source| PassportError::Keys {
            part: part.to_string(),
            issuer: issuer.to_string(),
            source,
        })?;
        let key = set.find(kid, alg).ok_or_else(|| PassportError::NoKey {
            part: part.to_string(),
            issuer: issuer.to_string(),
            alg: if alg == Algorithm::ES256 {
                "ES256"
            } else {
                "RS256"
            },
            kid: kid.map(|k| k.chars().take(100).collect()),
        })?;
        jws.verify(key, part, issuer)
    }
}
