use std::path::PathBuf;

/// Why a passport was rejected. Every variant means "not authenticated" to a front end
/// (HTTP 401, gRPC `Unauthenticated`); messages name the token part (`passport`, or
/// `visa #N`) but never echo its contents beyond issuer, key id and algorithm.
#[derive(Debug, thiserror::Error)]
pub enum PassportError {
    #[error("the token is {len} bytes, more than the {max} this node accepts")]
    TooLarge { len: usize, max: usize },
    #[error("the passport carries {count} visas, more than the {max} this node accepts")]
    TooManyVisas { count: usize, max: usize },
    #[error("{part} is not a JWT: {reason}")]
    Malformed { part: String, reason: String },
    #[error("{part} is signed with algorithm `{alg}`; only ES256 and RS256 are accepted")]
    Algorithm { part: String, alg: String },
    #[error("{part} has `typ` `{typ}`, not `vnd.ga4gh.passport+jwt`")]
    NotAPassport { part: String, typ: String },
    #[error("{part} is issued by `{issuer}`, which this node does not trust to issue {kind}")]
    UnknownIssuer {
        part: String,
        issuer: String,
        kind: &'static str,
    },
    #[error("{part} names the key set `{jku}`, which is not allowlisted for issuer `{issuer}`")]
    UntrustedJku {
        part: String,
        issuer: String,
        jku: String,
    },
    #[error("{part}: issuer `{issuer}` has no {alg} key{}", kid_suffix(.kid))]
    NoKey {
        part: String,
        issuer: String,
        alg: &'static str,
        kid: Option<String>,
    },
    #[error("{part}: the keys of issuer `{issuer}` are unavailable")]
    Keys {
        part: String,
        issuer: String,
        #[source]
        source: IssuerError,
    },
    #[error("{part}: the signature does not verify with the keys of issuer `{issuer}`")]
    Signature { part: String, issuer: String },
    #[error("{part} expired at {exp} (now {now}, clock skew {skew} s)")]
    Expired {
        part: String,
        exp: i64,
        now: i64,
        skew: u64,
    },
    #[error("{part} is not valid before {nbf} (now {now}, clock skew {skew} s)")]
    NotYetValid {
        part: String,
        nbf: i64,
        now: i64,
        skew: u64,
    },
    #[error("{part} is issued in the future (iat {iat}, now {now}, clock skew {skew} s)")]
    IssuedInFuture {
        part: String,
        iat: i64,
        now: i64,
        skew: u64,
    },
    #[error("{part} is not for this node: its audience does not include `{expected}`")]
    Audience { part: String, expected: String },
}

fn kid_suffix(kid: &Option<String>) -> String {
    match kid {
        Some(k) => format!(" with key id `{k}`"),
        None => " (and the token names no key id)".to_string(),
    }
}

/// Errors of a node's passport configuration, of key sets, and of the test issuer.
#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    #[error("passport configuration: {0}")]
    Config(String),
    #[error("cannot read `{}`", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{origin}` is not a JSON Web Key Set: {reason}")]
    Jwks { origin: String, reason: String },
    #[error("cannot fetch `{url}`: {reason}")]
    Fetch { url: String, reason: String },
    #[error("key: {0}")]
    Key(String),
    #[error("cannot sign: {0}")]
    Sign(String),
}
