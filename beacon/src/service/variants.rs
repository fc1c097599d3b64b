//! `g_variants` and `datasets`.

use genofed_engine::access::{Mode, RemoteSession};
use serde_json::{Value, json};

use super::{Beacon, failed};
use crate::response::{self, ResultSet};
use crate::variants::{VariantQuery, plan, records};
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

    /// `g_variants` across the datasets the caller may query (or one dataset).
    pub(super) async fn variants(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
        only: Option<&str>,
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
        for name in self.discoverable(session, only)? {
            let access = &session.access().datasets[name];
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
            let mut set = ResultSet::new(name, granularity);
            if assembly_ok && gene_missing.is_none() {
                let df = plan(session.context(), name, &query, id.as_ref())
                    .await
                    .map_err(failed)?;
                let df = session
                    .plan(df.into_unoptimized_plan())
                    .await
                    .map_err(failed)?;
                if granularity == Granularity::Record {
                    let (skip, limit) = self.page(request);
                    set.count = df.clone().count().await.map_err(failed)? as u64;
                    // A stable order, so that pages do not overlap.
                    let order = ["chrom", "pos", "ref", "alt"]
                        .map(|c| datafusion::prelude::col(c).sort(true, false))
                        .to_vec();
                    let page = df
                        .sort(order)
                        .map_err(failed)?
                        .limit(skip, Some(limit))
                        .map_err(failed)?
                        .collect()
                        .await
                        .map_err(failed)?;
                    set.results = records(&page, &self.config.assembly)?;
                } else {
                    set.count = df.count().await.map_err(failed)? as u64;
                }
            }
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
}
