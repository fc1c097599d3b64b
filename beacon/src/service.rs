//! [`Beacon`]: a node's Beacon, answering routes for a caller's policy session.

mod cohorts;
mod entities;
mod variants;

use std::sync::Arc;

use datafusion::error::DataFusionError;
use genofed_engine::access::{AccessDenied, Mode, RemoteSession};
use genofed_engine::{BeaconConfig, Node};
use serde_json::Value;
use tokio::sync::OnceCell;

use crate::budget::Budget;
use crate::entities::{Entity, Scope};
use crate::filters::Terms;
use crate::network::{Forward, Network};
use crate::response;
use crate::{BeaconError, EntryType, Granularity, Request, Route, filtering_terms, framework};

/// An HTTP status and a JSON body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

/// A node's Beacon v2 facade.
#[derive(Debug, Clone)]
pub struct Beacon {
    node: Arc<Node>,
    config: BeaconConfig,
    root: String,
    terms: Arc<OnceCell<Terms>>,
    budget: Option<Arc<Budget>>,
    genes: Option<Arc<crate::Genes>>,
    network: Option<Arc<Network>>,
}

fn failed(e: DataFusionError) -> BeaconError {
    match AccessDenied::find(&e) {
        Some(d) => BeaconError::Forbidden(d.to_string()),
        None => BeaconError::Internal(Box::new(e)),
    }
}

/// The most a table's decision lets a dataset answer with: records, counts, or (for a
/// dataset the caller may only discover) whether any exist.
fn allowed(mode: &Mode) -> Granularity {
    match mode {
        Mode::Read => Granularity::Record,
        Mode::CountOnly { .. } => Granularity::Count,
        Mode::Denied { .. } => Granularity::Boolean,
    }
}

impl Beacon {
    /// The Beacon of `node` (its `[beacon]` section), reached at `root` (the `/api`
    /// URL, unless the section sets `root_url`).
    pub fn new(node: Arc<Node>, root: &str) -> Result<Self, BeaconError> {
        let config = node.config().beacon.clone().ok_or_else(|| {
            BeaconError::NotFound("the node has no `[beacon]` section".to_string())
        })?;
        let root = config.root_url.clone().unwrap_or_else(|| root.to_string());
        let budget = config
            .budget
            .as_ref()
            .map(|b| Arc::new(Budget::new(b.queries, b.window_seconds)));
        let genes = match &config.genes {
            Some(path) => Some(Arc::new(crate::Genes::load(&node.config().resolve(path))?)),
            None => None,
        };
        let network = node
            .config()
            .federation
            .as_ref()
            .and_then(Network::new)
            .map(Arc::new);
        Ok(Self {
            node,
            config,
            root,
            terms: Arc::new(OnceCell::new()),
            budget,
            genes,
            network,
        })
    }

    pub fn config(&self) -> &BeaconConfig {
        &self.config
    }

    /// Whether `route` needs the caller's session (to query data, or to know which
    /// datasets it may discover).
    pub fn needs_session(route: &Route) -> bool {
        matches!(route, Route::Entry { .. } | Route::FilteringTerms)
    }

    /// The error response for `e`.
    pub fn error(&self, e: &BeaconError, request: &Request) -> Reply {
        let status = e.status();
        Reply {
            status,
            body: response::error(&self.config.id, request, status, &e.to_string()),
        }
    }

    /// Answers `route`; `session` is the caller's (required by entry routes).
    pub async fn answer(
        &self,
        route: &Route,
        request: &Request,
        session: Option<&RemoteSession>,
    ) -> Reply {
        match self.try_answer(route, request, session).await {
            Ok(body) => Reply { status: 200, body },
            Err(e) => self.error(&e, request),
        }
    }

    /// Answers `route` here and, at a coordinator, an entry query at its peers' Beacons
    /// too (`forward` is the request as they get it; `None` for a request a coordinator
    /// forwarded here, which this node answers alone).
    pub async fn answer_all(
        &self,
        route: &Route,
        request: &Request,
        session: Option<&RemoteSession>,
        forward: Option<&Forward>,
    ) -> Reply {
        let local = self.answer(route, request, session);
        match (&self.network, forward, route) {
            (Some(network), Some(f), Route::Entry { entry, nested, .. }) => {
                let (local, answers) = tokio::join!(local, network.ask(f));
                let entry = nested.unwrap_or(*entry);
                crate::network::merge(&self.config.id, entry, request, local, &answers)
            }
            _ => local.await,
        }
    }

    /// [`Self::terms`] inside a DataFusion plan's work.
    async fn plan_terms(&self) -> datafusion::error::Result<&Terms> {
        self.terms()
            .await
            .map_err(|e| DataFusionError::External(e.into()))
    }

    /// The terms in the node's phenotypic tables, read once.
    async fn terms(&self) -> Result<&Terms, BeaconError> {
        self.terms
            .get_or_try_init(|| async {
                let names: Vec<String> = self.node.config().datasets.keys().cloned().collect();
                Terms::load(&self.node.operator_session(), &names).await
            })
            .await
            .map_err(|e| BeaconError::Internal(Box::new(e)))
    }

    async fn try_answer(
        &self,
        route: &Route,
        request: &Request,
        session: Option<&RemoteSession>,
    ) -> Result<Value, BeaconError> {
        let c = &self.config;
        let caller = || {
            session.ok_or_else(|| BeaconError::Unauthorized("this endpoint needs a caller".into()))
        };
        Ok(match route {
            Route::Info => framework::info(c),
            Route::ServiceInfo => framework::service_info(c),
            Route::Configuration => framework::configuration(c),
            Route::Map => framework::map(c, &self.root),
            Route::EntryTypes => framework::entry_types_response(c),
            Route::FilteringTerms => {
                let session = caller()?;
                let datasets: Vec<&str> = session
                    .access()
                    .datasets
                    .iter()
                    .filter(|(_, d)| d.discover)
                    .map(|(n, _)| n.as_str())
                    .collect();
                filtering_terms::response(c, self.terms().await?, &datasets)
            }
            Route::Entry { entry, id, nested } => {
                let session = caller()?;
                if request.limit > c.max_limit {
                    return Err(BeaconError::bad(format!(
                        "`limit` {} is above this beacon's maximum, {}",
                        request.limit, c.max_limit
                    )));
                }
                if let Some(b) = &self.budget {
                    b.spend(&session.access().requester.principal)
                        .map_err(BeaconError::TooMany)?;
                }
                let id = id.as_deref();
                let scope = |id: Option<&str>| Scope {
                    id: id.map(str::to_string),
                    ..Scope::default()
                };
                use EntryType::*;
                let entity = |e: &EntryType| {
                    Entity::of(*e).ok_or_else(|| BeaconError::NotFound("no such endpoint".into()))
                };
                match (entry, id, nested) {
                    (Dataset, id, None) => self.datasets(session, request, id)?,
                    (Cohort, id, None) => self.cohorts(session, request, id).await?,
                    (Dataset | Cohort, Some(ds), Some(GenomicVariant)) => {
                        self.variants(session, request, None, Some(ds), None)
                            .await?
                    }
                    (Dataset | Cohort, Some(ds), Some(e)) => {
                        self.entities(session, request, entity(e)?, Scope::default(), Some(ds))
                            .await?
                    }
                    (GenomicVariant, id, None) => {
                        self.variants(session, request, id, None, None).await?
                    }
                    (Individual, Some(i), Some(GenomicVariant)) => {
                        self.variants(session, request, None, None, Some(i)).await?
                    }
                    (e, id, None) => {
                        self.entities(session, request, entity(e)?, scope(id), None)
                            .await?
                    }
                    (Individual, Some(i), Some(e)) => {
                        let scope = Scope {
                            individual: Some(i.to_string()),
                            ..Scope::default()
                        };
                        self.entities(session, request, entity(e)?, scope, None)
                            .await?
                    }
                    (Biosample, Some(b), Some(e)) => {
                        let scope = Scope {
                            biosample: Some(b.to_string()),
                            ..Scope::default()
                        };
                        self.entities(session, request, entity(e)?, scope, None)
                            .await?
                    }
                    _ => return Err(BeaconError::NotFound("no such endpoint".into())),
                }
            }
        })
    }

    /// The datasets the caller may discover, or only `only` (404 if it may not).
    fn discoverable<'a>(
        &self,
        session: &'a RemoteSession,
        only: Option<&str>,
    ) -> Result<Vec<&'a str>, BeaconError> {
        let names: Vec<&str> = session
            .access()
            .datasets
            .iter()
            .filter(|(n, d)| d.discover && only.is_none_or(|o| o == n.as_str()))
            .map(|(n, _)| n.as_str())
            .collect();
        match only {
            Some(o) if names.is_empty() => Err(BeaconError::NotFound(format!("no dataset `{o}`"))),
            _ => Ok(names),
        }
    }

    /// The description the node's config gives `dataset`, if any.
    fn description(&self, dataset: &str) -> Option<String> {
        self.node
            .config()
            .datasets
            .get(dataset)
            .map(|d| d.description.clone())
            .filter(|d| !d.is_empty())
    }

    /// Rows per page and pages skipped, as the request asks.
    fn page(&self, request: &Request) -> (usize, usize) {
        let limit = match request.limit {
            0 => self.config.max_limit,
            n => n,
        };
        (request.skip.saturating_mul(limit) as usize, limit as usize)
    }
}
