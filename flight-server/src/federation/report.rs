//! What each peer did for one query: its rows, or why it failed. With partial results
//! on, a failing peer is left out and the report says so (sent after the batches as the
//! stream's last app metadata, and logged).

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

/// One peer's outcome.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum NodeStatus {
    Ok { rows: u64 },
    Failed { error: String },
}

/// The per-node report of one query.
#[derive(Debug, Default)]
pub struct Report {
    partial: bool,
    nodes: Mutex<BTreeMap<String, NodeStatus>>,
}

impl Report {
    /// A report; `unavailable` peers (whose catalogs could not be read) start failed.
    pub fn new(partial: bool, unavailable: &[(String, String)]) -> Self {
        let nodes = unavailable
            .iter()
            .map(|(n, e)| (n.clone(), NodeStatus::Failed { error: e.clone() }))
            .collect();
        Self {
            partial,
            nodes: Mutex::new(nodes),
        }
    }

    /// Whether failing peers are left out rather than failing the query.
    pub fn partial(&self) -> bool {
        self.partial
    }

    /// `rows` more rows from `node` (a node answers with several partitions).
    pub fn rows(&self, node: &str, rows: u64) {
        let mut nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
        match nodes
            .entry(node.to_string())
            .or_insert(NodeStatus::Ok { rows: 0 })
        {
            NodeStatus::Ok { rows: r } => *r += rows,
            NodeStatus::Failed { .. } => {}
        }
    }

    /// Whether `node` has failed in this query.
    pub fn failed(&self, node: &str) -> bool {
        let nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
        matches!(nodes.get(node), Some(NodeStatus::Failed { .. }))
    }

    /// The error of a failed `node`, for the query.
    pub fn error(&self, node: &str) -> datafusion::error::DataFusionError {
        let nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
        let message = match nodes.get(node) {
            Some(NodeStatus::Failed { error }) => error.clone(),
            _ => "failed".to_string(),
        };
        genofed_engine::access::Disclosed::wrap(crate::error::PeerError {
            node: node.to_string(),
            source: crate::error::ClientError::Status(tonic::Status::unavailable(message)),
        })
    }

    pub fn fail(&self, node: &str, error: String) {
        let mut nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
        nodes.insert(node.to_string(), NodeStatus::Failed { error });
    }

    /// `{"nodes": {"<name>": {"status": "ok", "rows": n} | {"status": "failed", "error": …}}}`
    pub fn summary(&self) -> String {
        let nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
        serde_json::json!({ "nodes": &*nodes }).to_string()
    }
}
