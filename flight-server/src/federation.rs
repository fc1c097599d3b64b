//! Federation: a coordinator's sessions see each peer's tables as
//! `<peer>.<dataset>.<table>` and the union of every peer's tables of one name as
//! `federated.<table>` (with `node` and `dataset` columns). Peers are asked with the
//! caller's passport and declaration, so each enforces its own policies, and are sent
//! the largest part of the plan the coordinator can hand over: filters, projections and
//! limits ([`RemoteTable`]), and per-group partial aggregates ([`PushAggregates`]),
//! which the coordinator finishes. Count-only tables can be counted across nodes
//! because every peer applies its own `k` to its own groups.

mod aggregate;
mod exec;
mod report;
pub mod sql;
mod table;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use arrow::datatypes::SchemaRef;
use datafusion::catalog::{
    CatalogProvider, MemoryCatalogProvider, MemorySchemaProvider, SchemaProvider,
};
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::SessionContext;
use genofed_engine::access::ReadOnlySchema;
use genofed_engine::{CATALOG, FEDERATED_SCHEMA, FederationConfig};
use tonic::transport::Channel;

pub use self::aggregate::PushAggregates;
pub use self::exec::{Out, RemoteExec};
pub use self::report::{NodeStatus, Report};
pub use self::table::RemoteTable;

use crate::client::{Client, channel};
use crate::error::ClientError;
use crate::sessions::Caller;

/// The columns a union adds before the peers' columns.
pub const TAG_COLUMNS: [&str; 2] = ["node", "dataset"];

/// A peer node.
#[derive(Debug)]
pub struct Peer {
    pub name: String,
    pub url: String,
    pub timeout: Duration,
    channel: Result<Channel, String>,
}

/// One peer's table, read as one caller.
#[derive(Debug, Clone)]
pub struct Member {
    pub peer: Arc<Peer>,
    pub dataset: String,
    pub table: String,
    pub caller: Arc<Caller>,
}

impl Member {
    /// A client of the member's peer with the caller's credentials.
    pub fn client(&self) -> Result<Client, ClientError> {
        self.peer.client(&self.caller)
    }
}

impl Peer {
    pub fn client(&self, caller: &Caller) -> Result<Client, ClientError> {
        let channel = self.channel.clone().map_err(|message| ClientError::Url {
            url: self.url.clone(),
            message,
        })?;
        let mut client = Client::new(channel).with_timeout(self.timeout);
        client.authorize(&caller.token, &caller.headers);
        Ok(client)
    }
}

/// A coordinator's peers.
#[derive(Debug)]
pub struct Federation {
    peers: Vec<Arc<Peer>>,
}

impl Federation {
    pub fn new(config: &FederationConfig) -> Self {
        let peers = config
            .peers
            .iter()
            .map(|p| {
                let timeout =
                    Duration::from_secs(p.timeout_seconds.unwrap_or(config.timeout_seconds));
                Arc::new(Peer {
                    name: p.name.clone(),
                    url: p.url.clone(),
                    timeout,
                    channel: channel(&p.url, p.ca.as_deref(), timeout).map_err(|e| e.to_string()),
                })
            })
            .collect();
        Self { peers }
    }

    pub fn peers(&self) -> &[Arc<Peer>] {
        &self.peers
    }

    /// Adds the aggregate pushdown to a session's state.
    pub fn extend(&self, builder: SessionStateBuilder) -> SessionStateBuilder {
        builder.with_physical_optimizer_rule(Arc::new(PushAggregates))
    }

    /// Reads every peer's tables as `caller` and registers them in `ctx`: each peer as
    /// a catalog, and the unions in `genofed.federated`. Returns the peers that could
    /// not be read, with the reason.
    pub async fn attach(&self, ctx: &SessionContext, caller: &Caller) -> Vec<(String, String)> {
        let caller = Arc::new(caller.clone());
        let lookups = self.peers.iter().map(|peer| {
            let caller = caller.clone();
            async move {
                let tables = match peer.client(&caller) {
                    Ok(mut c) => c.tables().await,
                    Err(e) => Err(e),
                };
                (peer.clone(), tables)
            }
        });
        let answers = futures::future::join_all(lookups).await;
        let mut unavailable = Vec::new();
        let mut unions: BTreeMap<String, Vec<(Member, SchemaRef)>> = BTreeMap::new();
        for (peer, tables) in answers {
            let tables = match tables {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(node = %peer.name, error = %e, "peer unavailable");
                    unavailable.push((peer.name.clone(), e.to_string()));
                    continue;
                }
            };
            let catalog = MemoryCatalogProvider::new();
            let mut schemas: BTreeMap<String, Arc<MemorySchemaProvider>> = BTreeMap::new();
            for (cat, dataset, table, schema) in tables {
                // A peer's own datasets only: not its information_schema, nor the
                // tables of a peer that is itself a coordinator.
                if cat != CATALOG || dataset == "information_schema" || dataset == FEDERATED_SCHEMA
                {
                    continue;
                }
                let member = Member {
                    peer: peer.clone(),
                    dataset: dataset.clone(),
                    table: table.clone(),
                    caller: caller.clone(),
                };
                let provider = RemoteTable::single(member.clone(), schema.clone());
                let s = schemas.entry(dataset.clone()).or_default();
                if s.register_table(table.clone(), Arc::new(provider)).is_err() {
                    continue;
                }
                unions.entry(table).or_default().push((member, schema));
            }
            for (name, s) in schemas {
                let _ = catalog.register_schema(
                    &name,
                    Arc::new(ReadOnlySchema(s as Arc<dyn SchemaProvider>)),
                );
            }
            ctx.register_catalog(peer.name.clone(), Arc::new(catalog));
        }
        let union = MemorySchemaProvider::new();
        for (table, members) in unions {
            let Some((_, first)) = members.first() else {
                continue;
            };
            let schema = first.clone();
            let same: Vec<Member> = members
                .iter()
                .filter(|(m, s)| {
                    let ok = same_columns(s, &schema);
                    if !ok {
                        tracing::warn!(node = %m.peer.name, dataset = %m.dataset, table = %table,
                            "left out of the union: its columns differ");
                    }
                    ok
                })
                .map(|(m, _)| m.clone())
                .collect();
            let _ = union.register_table(table, Arc::new(RemoteTable::union(same, schema)));
        }
        if let Some(catalog) = ctx.catalog(CATALOG) {
            let _ = catalog.register_schema(
                FEDERATED_SCHEMA,
                Arc::new(ReadOnlySchema(Arc::new(union) as Arc<dyn SchemaProvider>)),
            );
        }
        unavailable
    }
}

fn same_columns(a: &SchemaRef, b: &SchemaRef) -> bool {
    a.fields().len() == b.fields().len()
        && a.fields()
            .iter()
            .zip(b.fields())
            .all(|(x, y)| x.name() == y.name() && x.data_type() == y.data_type())
}
