//! `g_variants` and `datasets`.

use datafusion::arrow::array::Int64Array;
use datafusion::error::DataFusionError;
use datafusion::functions_aggregate::count::count_all;
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, col, lit};
use datafusion::scalar::ScalarValue;
use genofed_engine::access::{AccessDenied, Mode, RemoteSession};
use serde_json::{Value, json};

use super::{Beacon, failed};
use crate::filters::{self, Join, Selection};
use crate::response::{self, ResultSet};
use crate::variants::{Params, VariantId, VariantQuery, plan, records};
use crate::{BeaconError, EntryType, Granularity, Request, contigs};

impl Beacon {
    /// Datasets the caller may discover, as collections.
    pub(super) fn datasets(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let mut out = Vec::new();
        for name in self.discoverable(session, id)? {
            let mut d = json!({"id": name, "name": name});
            if let Some(description) = self.description(name) {
                d["description"] = Value::from(description);
            }
            out.push(d);
        }
        Ok(response::collections(
            &self.config.id,
            EntryType::Dataset,
            request,
            out,
        ))
    }

    /// `g_variants` across the datasets the caller may query (or one dataset); with
    /// filters (or an `individual`), the variants their selected individuals carry.
    pub(super) async fn variants(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
        only: Option<&str>,
        individual: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let mut query = VariantQuery::parse(&request.parameters)?;
        let mut gene_missing = None;
        if let Some(gene) = query.gene_id.clone() {
            let genes = self.genes.as_ref().ok_or_else(|| {
                BeaconError::bad("`geneId` queries need a gene table, and this beacon has none")
            })?;
            match genes.get(&gene) {
                Some(locus) => query = query.in_locus(locus),
                None => gene_missing = Some(gene),
            }
        }
        let id = id.map(crate::variants::VariantId::parse).transpose()?;
        let datasets = self.discoverable(session, only)?;
        let (selections, mut notes) = if request.filters.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            filters::resolve(
                &request.filters,
                self.node.ontologies(),
                self.terms().await?,
                &datasets,
            )?
        };
        let carriers = (!selections.is_empty() || individual.is_some()).then_some(Carriers {
            selections: &selections,
            individual,
        });
        if let Some(g) = &gene_missing {
            notes.push(format!("gene `{g}` is not in this beacon's gene table"));
        }
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
        for name in datasets {
            let access = &session.access().datasets[name];
            let table = if carriers.is_some() {
                if !access.tables.contains_key("samples") {
                    notes.push(format!(
                        "dataset `{name}` is not answered: its samples are not linked to individuals"
                    ));
                    continue;
                }
                "genotypes"
            } else {
                "variants"
            };
            let Some(table) = access.tables.get(table) else {
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
            let mut set = ResultSet::new(name, granularity);
            if assembly_ok && gene_missing.is_none() {
                let answered = self
                    .variant_set(
                        session,
                        request,
                        name,
                        &query,
                        id.as_ref(),
                        carriers,
                        &mut set,
                    )
                    .await;
                match answered {
                    Ok(true) => {}
                    Ok(false) => {
                        if let Mode::CountOnly { k } = table.mode {
                            set.withheld_below = Some(k);
                        }
                    }
                    Err(e) => match AccessDenied::find(&e) {
                        Some(d) => {
                            notes.push(format!("dataset `{name}` is not answered: {d}"));
                            continue;
                        }
                        None => return Err(failed(e)),
                    },
                }
            }
            returned = returned.min(granularity);
            set.exists = set.count > 0;
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

    /// Counts (and, at record granularity, pages) one dataset's matching variants:
    /// `false` when the policy rule withholds the count (below the dataset's `k`).
    #[allow(clippy::too_many_arguments)]
    async fn variant_set(
        &self,
        session: &RemoteSession,
        request: &Request,
        dataset: &str,
        query: &VariantQuery,
        id: Option<&VariantId>,
        carriers: Option<Carriers<'_>>,
        set: &mut ResultSet,
    ) -> datafusion::error::Result<bool> {
        let ctx = session.context();
        let samples = match carriers {
            Some(c) => Some(
                self.carriers(ctx, dataset, c)
                    .await?
                    .into_unoptimized_plan(),
            ),
            None => None,
        };
        let mut params = Params::default();
        let plan = plan(ctx, dataset, query, id, samples, &mut params).await?;
        let values = params.into_values();
        let Some(n) = count(session, plan.clone(), values.clone()).await? else {
            return Ok(false);
        };
        set.count = n;
        if set.granularity == Granularity::Record && set.count > 0 {
            let (skip, limit) = self.page(request);
            // A stable order, so that pages do not overlap.
            let order = ["chrom", "pos", "ref", "alt"]
                .map(|c| col(c).sort(true, false))
                .to_vec();
            let page = LogicalPlanBuilder::from(plan)
                .sort(order)?
                .limit(skip, Some(limit))?
                .build()?;
            let page = session.run_prepared(page, values).await?;
            set.results = records(&page, &self.config.assembly)
                .map_err(|e| datafusion::error::DataFusionError::External(e.into()))?;
        }
        Ok(true)
    }

    /// The samples (as `carrier_sample_id`) of the individuals `carriers` selects.
    async fn carriers(
        &self,
        ctx: &datafusion::prelude::SessionContext,
        dataset: &str,
        carriers: Carriers<'_>,
    ) -> datafusion::error::Result<datafusion::dataframe::DataFrame> {
        let terms = self.plan_terms().await?;
        let mut samples = ctx
            .table(datafusion::common::TableReference::partial(
                dataset, "samples",
            ))
            .await?;
        if let Some(i) = carriers.individual {
            samples = samples.filter(col("individual_id").eq(lit(i.to_string())))?;
        }
        filters::apply(
            ctx,
            dataset,
            samples,
            carriers.selections,
            terms,
            Join::Semi,
        )
        .await?
        .select(vec![col("sample_id").alias("carrier_sample_id")])
    }
}

/// The rows of `plan` (a prepared plan, with `values` for its placeholders), counted:
/// `None` when the policy rule withholds the count (below the dataset's `k`).
async fn count(
    session: &RemoteSession,
    plan: LogicalPlan,
    values: Vec<ScalarValue>,
) -> datafusion::error::Result<Option<u64>> {
    let counted = LogicalPlanBuilder::from(plan)
        .aggregate(Vec::<Expr>::new(), vec![count_all()])?
        .build()?;
    let batches = session.run_prepared(counted, values).await?;
    let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
        return Ok(None);
    };
    let n = batch
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .map(|a| a.value(0))
        .ok_or_else(|| DataFusionError::Internal("a count that is not an Int64".into()))?;
    Ok(Some(n.max(0) as u64))
}

/// Whose variants a query asks for: those the individuals the filters select carry (of
/// one individual, for `/individuals/{id}/g_variants`).
#[derive(Debug, Clone, Copy)]
struct Carriers<'a> {
    selections: &'a [Selection],
    individual: Option<&'a str>,
}
