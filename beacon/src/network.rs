//! A coordinator's Beacon network: an entry query is sent to every peer that has a
//! Beacon (`[[federation.peers]] beacon = "http://…/api"`), with the caller's passport and
//! declaration, so each peer answers under its own policies; the answers are merged into
//! one response, one result set per dataset tagged with its node's `beaconId`, like a
//! Beacon Network aggregator. A peer that fails or is slower than its timeout is reported
//! in `info`, not fatal.

mod merge;
mod peer;

use std::sync::Arc;

use genofed_engine::FederationConfig;

pub use self::merge::merge;
pub use self::peer::{Answer, Forward, Outcome, Peer};

/// The header a forwarded request carries, so that a peer answers alone (no loops).
pub const HOP: &str = "x-genofed-beacon-hop";

/// The peers with a Beacon.
#[derive(Debug, Clone)]
pub struct Network {
    peers: Vec<Arc<Peer>>,
}

impl Network {
    /// The network of `config`'s peers that have a Beacon, if any do.
    pub fn new(config: &FederationConfig) -> Option<Self> {
        let peers: Vec<Arc<Peer>> = config
            .peers
            .iter()
            .filter_map(|p| {
                let url = p.beacon.clone()?;
                let seconds = p.timeout_seconds.unwrap_or(config.timeout_seconds);
                Some(Arc::new(Peer::new(&p.name, &url, seconds)))
            })
            .collect();
        (!peers.is_empty()).then_some(Self { peers })
    }

    /// Asks every peer at once; their answers, in the peers' order.
    pub async fn ask(&self, forward: &Forward) -> Vec<Answer> {
        let forward = Arc::new(forward.clone());
        let tasks: Vec<_> = self
            .peers
            .iter()
            .map(|p| {
                let (p, f) = (p.clone(), forward.clone());
                tokio::task::spawn_blocking(move || p.ask(&f))
            })
            .collect();
        let mut out = Vec::with_capacity(tasks.len());
        for (task, peer) in tasks.into_iter().zip(&self.peers) {
            out.push(task.await.unwrap_or_else(|e| Answer {
                node: peer.name.clone(),
                millis: 0,
                outcome: Outcome::Failed {
                    reason: format!("the request to it failed: {e}"),
                    timed_out: false,
                },
            }));
        }
        out
    }
}
