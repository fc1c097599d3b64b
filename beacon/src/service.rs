//! [`Beacon`]: a node's Beacon, answering routes for a caller's policy session.

use std::sync::Arc;

use datafusion::error::DataFusionError;
use genofed_engine::access::{AccessDenied, Mode, RemoteSession};
use genofed_engine::{BeaconConfig, Node};
use serde_json::{Value, json};

use crate::response::{self, ResultSet};
use crate::variants::{VariantQuery, plan, records};
use crate::{BeaconError, EntryType, Granularity, Request, Route, contigs, framework};

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
}

fn failed(e: DataFusionError) -> BeaconError {
    match AccessDenied::find(&e) {
        Some(d) => BeaconError::Forbidden(d.to_string()),
        None => BeaconError::Internal(Box::new(e)),
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
        Ok(Self { node, config, root })
    }

    pub fn config(&self) -> &BeaconConfig {
        &self.config
    }

    /// Whether `route` queries data (and needs the caller's session).
    pub fn needs_session(route: &Route) -> bool {
        matches!(route, Route::Entry { .. })
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

    async fn try_answer(
        &self,
        route: &Route,
        request: &Request,
        session: Option<&RemoteSession>,
    ) -> Result<Value, BeaconError> {
        let c = &self.config;
        Ok(match route {
            Route::Info => framework::info(c),
            Route::ServiceInfo => framework::service_info(c),
            Route::Configuration => framework::configuration(c),
            Route::Map => framework::map(c, &self.root),
            Route::EntryTypes => framework::entry_types_response(c),
            Route::FilteringTerms => framework::filtering_terms(c),
            Route::Entry { entry, id, nested } => {
                let session = session.ok_or_else(|| {
                    BeaconError::Unauthorized("this endpoint needs a caller".into())
                })?;
                if request.limit > c.max_limit {
                    return Err(BeaconError::bad(format!(
                        "`limit` {} is above this beacon's maximum, {}",
                        request.limit, c.max_limit
                    )));
                }
                match (entry, id.as_deref(), nested) {
                    (EntryType::Dataset, id, None) => self.datasets(session, request, id)?,
                    (EntryType::Dataset, Some(ds), Some(EntryType::GenomicVariant)) => {
                        self.variants(session, request, None, Some(ds)).await?
                    }
                    (EntryType::GenomicVariant, id, None) => {
                        self.variants(session, request, id, None).await?
                    }
                    _ => return Err(BeaconError::NotFound("no such endpoint".into())),
                }
            }
        })
    }

    /// Datasets the caller may discover, as collections.
    fn datasets(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let config = self.node.config();
        let mut out = Vec::new();
        for (name, access) in &session.access().datasets {
            if !access.discover || id.is_some_and(|i| i != name) {
                continue;
            }
            let mut d = json!({"id": name, "name": name});
            if let Some(ds) = config.datasets.get(name)
                && !ds.description.is_empty()
            {
                d["description"] = Value::from(ds.description.clone());
            }
            out.push(d);
        }
        if let Some(i) = id
            && out.is_empty()
        {
            return Err(BeaconError::NotFound(format!("no dataset `{i}`")));
        }
        Ok(response::collections(
            &self.config.id,
            EntryType::Dataset,
            request,
            out,
        ))
    }

    /// `g_variants` across the datasets the caller may query (or one dataset).
    async fn variants(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
        only: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let query = VariantQuery::parse(&request.parameters)?;
        let id = id.map(crate::variants::VariantId::parse).transpose()?;
        let mut notes: Vec<String> = request
            .filters
            .iter()
            .map(|f| {
                format!(
                    "filter `{}` is not supported for g_variants and was not applied",
                    f.id()
                )
            })
            .collect();
        let assembly_ok = query
            .assembly_id
            .as_deref()
            .is_none_or(|a| contigs::same_assembly(a, &self.config.assembly));
        if !assembly_ok {
            notes.push(format!(
                "this beacon's variants are on {}, not `{}`",
                self.config.assembly,
                query.assembly_id.clone().unwrap_or_default()
            ));
        }
        let mut sets = Vec::new();
        let mut returned = request.granularity;
        if let Some(ds) = only
            && !session
                .access()
                .datasets
                .get(ds)
                .is_some_and(|d| d.discover)
        {
            return Err(BeaconError::NotFound(format!("no dataset `{ds}`")));
        }
        for (name, access) in &session.access().datasets {
            if !access.discover || only.is_some_and(|o| o != name) {
                continue;
            }
            let Some(table) = access.tables.get("variants") else {
                continue;
            };
            let allowed = match &table.mode {
                Mode::Read => Granularity::Record,
                Mode::CountOnly { .. } => Granularity::Count,
                Mode::Denied { reason } => {
                    notes.push(format!("dataset `{name}` is not answered: {reason}"));
                    continue;
                }
            };
            let granularity = request.granularity.min(allowed);
            returned = returned.min(granularity);
            let mut set = ResultSet {
                dataset: name.clone(),
                count: 0,
                results: Vec::new(),
                granularity,
            };
            if assembly_ok {
                let df = plan(session.context(), name, &query, id.as_ref())
                    .await
                    .map_err(failed)?;
                let df = session
                    .plan(df.into_unoptimized_plan())
                    .await
                    .map_err(failed)?;
                if granularity == Granularity::Record {
                    let limit = match request.limit {
                        0 => self.config.max_limit,
                        n => n,
                    };
                    let skip = request.skip.saturating_mul(limit);
                    set.count = df.clone().count().await.map_err(failed)? as u64;
                    // A stable order, so that pages do not overlap.
                    let order = ["chrom", "pos", "ref", "alt"]
                        .map(|c| datafusion::prelude::col(c).sort(true, false))
                        .to_vec();
                    let page = df
                        .sort(order)
                        .map_err(failed)?
                        .limit(skip as usize, Some(limit as usize))
                        .map_err(failed)?
                        .collect()
                        .await
                        .map_err(failed)?;
                    set.results = records(&page, &self.config.assembly)?;
                } else {
                    set.count = df.count().await.map_err(failed)? as u64;
                }
            }
            sets.push(set);
        }
        if let Some(v) = &id
            && sets.iter().all(|s| s.count == 0)
        {
            let name = crate::variants::variant_id(&v.chrom, v.pos, &v.reference, &v.alternate);
            return Err(BeaconError::NotFound(format!("no variant `{name}`")));
        }
        Ok(response::query(
            &self.config.id,
            EntryType::GenomicVariant,
            returned,
            request,
            &sets,
            &notes,
        ))
    }
}
