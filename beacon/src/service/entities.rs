//! `individuals` and `biosamples`: each dataset answers with the most its decisions on
//! the entity's table allow, filtered by the request's filters.

use datafusion::dataframe::DataFrame;
use datafusion::error::Result;
use datafusion::functions_aggregate::expr_fn::count_distinct;
use datafusion::logical_expr::col;
use genofed_engine::access::{AccessDenied, Mode, RemoteSession};
use serde_json::Value;

use super::{Beacon, allowed, failed};
use crate::entities::{Entity, Scope};
use crate::filters::{self, Join, Selection};
use crate::response::{self, ResultSet};
use crate::{BeaconError, Granularity, Request};

impl Beacon {
    /// The entity's rows of one dataset in `scope` that every selection keeps.
    async fn matching(
        &self,
        session: &RemoteSession,
        dataset: &str,
        entity: Entity,
        scope: &Scope,
        selections: &[Selection],
        join: Join,
    ) -> Result<DataFrame> {
        let ctx = session.context();
        let terms = self.plan_terms().await?;
        let rows = entity.rows(ctx, dataset, scope).await?;
        filters::apply(ctx, dataset, rows, selections, terms, join).await
    }

    /// Counts the entity's matching rows under `session`'s policies: `None` when the
    /// policy rule withholds the count (below the dataset's `k`).
    pub(super) async fn count(
        &self,
        session: &RemoteSession,
        dataset: &str,
        entity: Entity,
        scope: &Scope,
        selections: &[Selection],
    ) -> Result<Option<u64>> {
        let df = self
            .matching(session, dataset, entity, scope, selections, Join::Inner)
            .await?
            .aggregate(vec![], vec![count_distinct(col(entity.id)).alias("n")])?;
        let batches = session
            .plan(df.into_unoptimized_plan())
            .await?
            .collect()
            .await?;
        let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
            return Ok(None);
        };
        let n = datafusion::arrow::compute::cast(
            batch.column(0),
            &datafusion::arrow::datatypes::DataType::UInt64,
        )?;
        use datafusion::arrow::array::AsArray;
        Ok(Some(
            n.as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
                .value(0),
        ))
    }

    /// One dataset's result set at `granularity`.
    #[allow(clippy::too_many_arguments)]
    async fn entity_set(
        &self,
        session: &RemoteSession,
        request: &Request,
        dataset: &str,
        entity: Entity,
        scope: &Scope,
        selections: &[Selection],
        granularity: Granularity,
        k: u32,
        notes: &mut Vec<String>,
    ) -> Result<ResultSet> {
        let mut set = ResultSet::new(dataset, granularity);
        if granularity == Granularity::Record {
            let df = self
                .matching(session, dataset, entity, scope, selections, Join::Semi)
                .await?;
            let df = session.plan(df.into_unoptimized_plan()).await?;
            set.count = df.clone().count().await? as u64;
            let (skip, limit) = self.page(request);
            let page = df
                .select(entity.columns())?
                .sort(vec![col(entity.id).sort(true, false)])?
                .limit(skip, Some(limit))?
                .collect()
                .await?;
            let (results, warnings) = entity.records(session.context(), dataset, &page).await?;
            set.results = results;
            notes.extend(warnings);
        } else {
            match self
                .count(session, dataset, entity, scope, selections)
                .await?
            {
                Some(n) => set.count = n,
                None => set.withheld_below = Some(k),
            }
        }
        set.exists = set.count > 0;
        if granularity == Granularity::Boolean {
            // Whether, not how many.
            set.count = 0;
            set.withheld_below = None;
        }
        Ok(set)
    }

    /// `individuals` or `biosamples` across the datasets the caller may discover (or
    /// only one).
    pub(super) async fn entities(
        &self,
        session: &RemoteSession,
        request: &Request,
        entity: Entity,
        scope: Scope,
        only: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let datasets = self.discoverable(session, only)?;
        let (selections, mut notes) = filters::resolve(
            &request.filters,
            self.node.ontologies(),
            self.terms().await?,
            &datasets,
        )?;
        let mut existence: Option<RemoteSession> = None;
        let mut sets = Vec::new();
        for name in datasets {
            let access = &session.access().datasets[name];
            let Some(table) = access.tables.get(entity.table) else {
                continue;
            };
            let granularity = request.granularity.min(allowed(&table.mode));
            // A dataset the caller may only discover answers existence questions, under
            // its own session.
            let on = if let Mode::Denied { .. } = table.mode {
                if existence.is_none() {
                    existence = Some(
                        self.node
                            .existence_session(session)
                            .map_err(|e| BeaconError::Internal(Box::new(e)))?,
                    );
                }
                existence.as_ref().unwrap_or(session)
            } else {
                session
            };
            let result = self
                .entity_set(
                    on,
                    request,
                    name,
                    entity,
                    &scope,
                    &selections,
                    granularity,
                    access.k,
                    &mut notes,
                )
                .await;
            match result {
                Ok(set) => sets.push(set),
                Err(e) => match AccessDenied::find(&e) {
                    Some(d) => notes.push(format!("dataset `{name}` is not answered: {d}")),
                    None => return Err(failed(e)),
                },
            }
        }
        if scope.id.is_some()
            && !sets.is_empty()
            && sets
                .iter()
                .all(|s| s.granularity == Granularity::Record && !s.exists)
        {
            return Err(BeaconError::NotFound(format!(
                "no {} `{}`",
                entity.entry.id(),
                scope.id.clone().unwrap_or_default()
            )));
        }
        let returned = sets
            .iter()
            .map(|s| s.granularity)
            .max()
            .unwrap_or(Granularity::Boolean)
            .min(request.granularity);
        Ok(response::query(
            &self.config.id,
            entity.entry,
            returned,
            request,
            &sets,
            &notes,
        ))
    }
}
