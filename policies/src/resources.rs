//! The node's data as Cedar resources: `Node` > `Dataset` (with `k`) > `Table` > `Column`.
//! Built once when a node starts; every request reuses them.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression};

use crate::PolicyError;

fn uid(ty: &str, id: &str) -> EntityUid {
    // The type names are constants that parse.
    let ty = EntityTypeName::from_str(ty).unwrap_or_else(|_| unreachable!("type `{ty}`"));
    EntityUid::from_type_name_and_id(ty, EntityId::new(id))
}

/// `Genofed::Node::"<node>"`.
pub fn node_uid(node: &str) -> EntityUid {
    uid("Genofed::Node", node)
}

/// `Genofed::Dataset::"<dataset>"`.
pub fn dataset_uid(dataset: &str) -> EntityUid {
    uid("Genofed::Dataset", dataset)
}

/// `Genofed::Table::"<dataset>.<table>"`.
pub fn table_uid(dataset: &str, table: &str) -> EntityUid {
    uid("Genofed::Table", &format!("{dataset}.{table}"))
}

/// `Genofed::Column::"<dataset>.<table>.<column>"`.
pub fn column_uid(dataset: &str, table: &str, column: &str) -> EntityUid {
    uid("Genofed::Column", &format!("{dataset}.{table}.{column}"))
}

/// One dataset of a node: its id, its `k`, and its tables with their columns.
#[derive(Debug, Clone, Default)]
pub struct DatasetResource {
    pub id: String,
    pub k: i64,
    pub tables: Vec<(String, Vec<String>)>,
}

/// The entities of a node's data.
pub fn resource_entities(
    node: &str,
    datasets: &[DatasetResource],
) -> Result<Vec<Entity>, PolicyError> {
    let entity = |uid, attrs, parent: EntityUid| {
        Entity::new(uid, attrs, HashSet::from([parent]))
            .map_err(|e| PolicyError::Entities(e.to_string()))
    };
    let mut out = vec![Entity::new_no_attrs(node_uid(node), HashSet::new())];
    for d in datasets {
        let k = HashMap::from([("k".to_string(), RestrictedExpression::new_long(d.k))]);
        out.push(entity(dataset_uid(&d.id), k, node_uid(node))?);
        for (table, columns) in &d.tables {
            out.push(entity(
                table_uid(&d.id, table),
                HashMap::new(),
                dataset_uid(&d.id),
            )?);
            for c in columns {
                out.push(entity(
                    column_uid(&d.id, table, c),
                    HashMap::new(),
                    table_uid(&d.id, table),
                )?);
            }
        }
    }
    Ok(out)
}
