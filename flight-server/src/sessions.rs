//! Sessions of callers: a caller is a passport and a declaration; its session (the
//! verified principal, every policy decision, and at a coordinator the peers' catalogs)
//! is built once and reused for `[server] session_seconds`, never past the passport's
//! expiry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use blake2::{Blake2b512, Digest};
use genofed_engine::Node;
use genofed_engine::access::RemoteSession;
use tonic::Status;
use tonic::metadata::MetadataMap;

use crate::federation::Federation;
use crate::{headers, status};

/// Who is calling: what a coordinator forwards to its peers.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Hash of the passport and the declaration headers: names the session.
    pub key: String,
    pub token: String,
    /// The declaration headers, as received.
    pub headers: Vec<(&'static str, String)>,
}

impl Caller {
    /// The caller of a request: its passport (required) and declaration headers.
    pub fn from_metadata(md: &MetadataMap) -> Result<Self, Status> {
        Self::read(md, true)
    }

    /// Whether the caller sent no passport (an anonymous Beacon request).
    pub fn is_anonymous(&self) -> bool {
        self.token.is_empty()
    }

    fn read(md: &MetadataMap, required: bool) -> Result<Self, Status> {
        let token = match headers::bearer(md).map_err(status::header)? {
            Some(t) => t,
            None if !required => String::new(),
            None => {
                return Err(Status::unauthenticated(
                    "a GA4GH Passport is required: send `authorization: Bearer <passport>`",
                ));
            }
        };
        let mut hash = Blake2b512::new();
        hash.update(if token.is_empty() {
            b"anonymous" as &[u8]
        } else {
            b"passport"
        });
        hash.update(token.as_bytes());
        let mut forwarded = Vec::new();
        for name in headers::DECLARATION_HEADERS
            .iter()
            .chain([&headers::PARTIAL])
        {
            if let Some(v) = md.get(*name).and_then(|v| v.to_str().ok()) {
                hash.update([0u8]);
                hash.update(name.as_bytes());
                hash.update([0u8]);
                hash.update(v.as_bytes());
                forwarded.push((*name, v.to_string()));
            }
        }
        let digest = hash.finalize();
        let key = digest[..24].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self {
            key,
            token,
            headers: forwarded,
        })
    }
}

/// A caller's session.
#[derive(Debug)]
pub struct Session {
    pub caller: Caller,
    pub remote: RemoteSession,
    /// Peers whose catalogs could not be read when the session opened.
    pub unavailable: Vec<(String, String)>,
    /// The caller asked for partial results (`x-genofed-partial-results: true`).
    pub partial: bool,
}

struct Entry {
    session: Arc<Session>,
    until: Instant,
}

/// The sessions of a node's callers.
pub struct Sessions {
    node: Arc<Node>,
    federation: Option<Arc<Federation>>,
    ttl: Duration,
    cache: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions").field("ttl", &self.ttl).finish()
    }
}

const MAX_SESSIONS: usize = 4096;

impl Sessions {
    pub fn new(node: Arc<Node>, federation: Option<Arc<Federation>>) -> Self {
        let ttl = Duration::from_secs(node.config().server.session_seconds);
        Self {
            node,
            federation,
            ttl,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn node(&self) -> &Arc<Node> {
        &self.node
    }

    /// The session of the request's caller: authenticated, with its declaration.
    pub async fn open(&self, md: &MetadataMap) -> Result<Arc<Session>, Status> {
        self.open_caller(md, true).await
    }

    /// [`Self::open`] for a caller that may send no passport (anonymous: the node's
    /// policies decide what anyone may discover or count).
    pub async fn open_or_anonymous(&self, md: &MetadataMap) -> Result<Arc<Session>, Status> {
        self.open_caller(md, false).await
    }

    async fn open_caller(&self, md: &MetadataMap, required: bool) -> Result<Arc<Session>, Status> {
        let caller = Caller::read(md, required)?;
        if let Some(hit) = self.cached(&caller.key) {
            return Ok(hit);
        }
        let declaration = headers::declaration(md)
            .map_err(status::header)?
            .ok_or_else(|| {
                Status::invalid_argument(format!(
                    "declare a research purpose: the `{}` header (GRU, HMB, DS, POA, CC or a DUO id)",
                    headers::PURPOSE
                ))
            })?;
        let node = self.node.clone();
        let token = caller.token.clone();
        // Verification may fetch an issuer's keys (blocking I/O).
        let (requester, expires) = tokio::task::spawn_blocking(move || {
            let (purpose, facts) = declaration
                .resolve(node.ontologies())
                .map_err(status::declaration)?;
            let token = (!token.is_empty()).then_some(token.as_str());
            node.authenticate(token, purpose, facts)
                .map_err(status::identity)
        })
        .await
        .map_err(|_| Status::internal("the passport check stopped"))??;
        let node = self.node.clone();
        let federation = self.federation.clone();
        let remote = tokio::task::spawn_blocking(move || {
            node.remote_session_with(requester, |b| match &federation {
                Some(f) => f.extend(b),
                None => b,
            })
        })
        .await
        .map_err(|_| Status::internal("the session set-up stopped"))?
        .map_err(status::engine)?;
        let unavailable = match &self.federation {
            Some(f) => f.attach(remote.context(), &caller).await,
            None => Vec::new(),
        };
        let partial = headers::partial(md).map_err(status::header)?;
        let session = Arc::new(Session {
            caller,
            remote,
            unavailable,
            partial,
        });
        let mut until = Instant::now() + self.ttl;
        if let Some(exp) = expires {
            let left = exp.saturating_sub(crate::ticket::now() as i64).max(0) as u64;
            until = until.min(Instant::now() + Duration::from_secs(left));
        }
        // A session missing a peer is not kept: the next request tries the peer again.
        if session.unavailable.is_empty() {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() >= MAX_SESSIONS {
                let now = Instant::now();
                cache.retain(|_, e| e.until > now);
                if cache.len() >= MAX_SESSIONS {
                    cache.clear();
                }
            }
            cache.insert(
                session.caller.key.clone(),
                Entry {
                    session: session.clone(),
                    until,
                },
            );
        }
        Ok(session)
    }

    fn cached(&self, key: &str) -> Option<Arc<Session>> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(key)
            .filter(|e| e.until > Instant::now())
            .map(|e| e.session.clone())
    }
}
