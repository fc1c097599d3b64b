//! The node's data as policy resources, built once when the node opens: Cedar entities
//! for the node, each dataset (and consent group), table and column; each table's
//! participant column; each consent group's members.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use cedar_policy::Entity;
use datafusion::catalog::CatalogProvider;
use genofed_policies::{DatasetResource, resource_entities};

use crate::catalog::Links;
use crate::{EngineError, NodeConfig};

/// One table: its columns and the column naming each row's participant.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub columns: Vec<String>,
    pub key: Option<String>,
}

/// One dataset.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub k: u32,
    pub tables: BTreeMap<String, TableInfo>,
    /// Consent group → its participants (individual ids, and the samples linked to them).
    pub groups: BTreeMap<String, HashSet<String>>,
    /// Sample id → individual id.
    pub individuals: Arc<HashMap<String, String>>,
}

/// Everything decisions are made on.
#[derive(Debug, Clone)]
pub struct NodeResources {
    pub node: String,
    pub entities: Vec<Entity>,
    pub datasets: BTreeMap<String, DatasetInfo>,
}

/// The column of `table` that names each row's participant.
fn participant_column(table: &str, columns: &[String]) -> Option<String> {
    let candidate = match table {
        "genotypes" => "sample_id",
        "variants" | "alignments" => return None,
        _ => "individual_id",
    };
    columns
        .iter()
        .any(|c| c == candidate)
        .then(|| candidate.to_string())
}

impl NodeResources {
    pub(crate) fn build(
        config: &NodeConfig,
        catalog: &dyn CatalogProvider,
        links: &Links,
    ) -> Result<Self, EngineError> {
        let mut datasets = BTreeMap::new();
        let mut cedar = Vec::new();
        for (name, ds) in &config.datasets {
            let schema = catalog
                .schema(name)
                .ok_or_else(|| EngineError::Invalid(format!("dataset `{name}` not registered")))?;
            let mut tables = BTreeMap::new();
            let mut names = schema.table_names();
            names.sort();
            for table in names {
                // The node's schemas are in memory: this does not block.
                let Some(provider) = futures::executor::block_on(schema.table(&table))? else {
                    continue;
                };
                let columns: Vec<String> = provider
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().clone())
                    .collect();
                let key = participant_column(&table, &columns);
                tables.insert(table, TableInfo { columns, key });
            }
            let dataset_links = links.get(name).map(Vec::as_slice).unwrap_or_default();
            let mut groups = BTreeMap::new();
            for (group, g) in &ds.consent_groups {
                let mut members: HashSet<String> = g.individuals.iter().cloned().collect();
                for (sample, individual) in dataset_links {
                    if members.contains(individual) {
                        members.insert(sample.clone());
                    }
                }
                groups.insert(group.clone(), members);
            }
            let k = i64::from(ds.k);
            cedar.push(DatasetResource {
                id: name.clone(),
                k,
                tables: tables
                    .iter()
                    .map(|(t, i)| (t.clone(), i.columns.clone()))
                    .collect(),
            });
            for group in groups.keys() {
                cedar.push(DatasetResource {
                    id: format!("{name}/{group}"),
                    k,
                    tables: Vec::new(),
                });
            }
            datasets.insert(
                name.clone(),
                DatasetInfo {
                    k: ds.k,
                    tables,
                    groups,
                    individuals: Arc::new(dataset_links.iter().cloned().collect()),
                },
            );
        }
        let entities = resource_entities(&config.node.name, &cedar)?;
        Ok(Self {
            node: config.node.name.clone(),
            entities,
            datasets,
        })
    }
}
