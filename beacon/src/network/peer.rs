//! One peer's Beacon, asked over HTTP (blocking ureq calls, each on a blocking thread).

use std::time::{Duration, Instant};

use serde_json::Value;
use ureq::Agent;

/// Largest answer read from a peer.
const MAX_ANSWER_BYTES: u64 = 64 << 20;

/// A request as the coordinator forwards it: the path under `/api` with its query, the
/// JSON body of a POST, and the caller's headers (passport and declaration).
#[derive(Debug, Clone, Default)]
pub struct Forward {
    pub path_and_query: String,
    pub body: Option<Vec<u8>>,
    pub headers: Vec<(String, String)>,
}

/// What a peer said, or why it said nothing.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// An HTTP status and a JSON body.
    Replied {
        status: u16,
        body: Value,
    },
    Failed {
        reason: String,
        timed_out: bool,
    },
}

/// A peer's answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub node: String,
    pub millis: u64,
    pub outcome: Outcome,
}

/// A peer's Beacon.
#[derive(Debug)]
pub struct Peer {
    pub name: String,
    pub url: String,
    pub timeout: Duration,
    agent: Agent,
}

impl Peer {
    pub fn new(name: &str, url: &str, timeout_seconds: u64) -> Self {
        let timeout = Duration::from_secs(timeout_seconds.max(1));
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .tls_config(genofed_engine::genofed_policies::passport::tls_config())
            .build()
            .into();
        Self {
            name: name.to_string(),
            url: url.trim_end_matches('/').to_string(),
            timeout,
            agent,
        }
    }

    /// Sends `forward` and waits for the answer (at most the peer's timeout).
    pub fn ask(&self, forward: &Forward) -> Answer {
        let start = Instant::now();
        let outcome = match self.call(forward) {
            Ok((status, body)) => Outcome::Replied { status, body },
            Err(e) => e,
        };
        Answer {
            node: self.name.clone(),
            millis: start.elapsed().as_millis() as u64,
            outcome,
        }
    }

    fn call(&self, forward: &Forward) -> Result<(u16, Value), Outcome> {
        let url = format!("{}{}", self.url, forward.path_and_query);
        let failed = |e: ureq::Error| Outcome::Failed {
            timed_out: matches!(e, ureq::Error::Timeout(_)),
            reason: match e {
                ureq::Error::Timeout(_) => format!("no answer within {:?}", self.timeout),
                e => e.to_string(),
            },
        };
        let response = match &forward.body {
            Some(body) => {
                let mut r = self.agent.post(&url);
                for (k, v) in &forward.headers {
                    r = r.header(k, v);
                }
                r.header("content-type", "application/json").send(&body[..])
            }
            None => {
                let mut r = self.agent.get(&url);
                for (k, v) in &forward.headers {
                    r = r.header(k, v);
                }
                r.call()
            }
        };
        let mut response = response.map_err(failed)?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(failed)?;
        let body = serde_json::from_str(&text).map_err(|e| Outcome::Failed {
            reason: format!("its answer (HTTP {status}) is not JSON: {e}"),
            timed_out: false,
        })?;
        Ok((status, body))
    }
}
