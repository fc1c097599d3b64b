//! Ontology terms as Cedar entities: each term of the node's store is a `Genofed::Term`
//! whose parents are its is_a parents, so `in` is subsumption. Built once per node.

use std::collections::HashSet;
use std::str::FromStr;

use cedar_policy::{Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression};
use genofed_ontologies::Store;

use crate::PolicyError;

/// The uid of term `id` (a CURIE).
pub fn term_uid(id: &str) -> EntityUid {
    // The type name is a constant that parses.
    let ty = EntityTypeName::from_str("Genofed::Term").unwrap_or_else(|_| unreachable!());
    EntityUid::from_type_name_and_id(ty, EntityId::new(id))
}

/// Every term of `store`, with its label and parents.
pub fn term_entities(store: &Store) -> Result<Vec<Entity>, PolicyError> {
    let mut out = Vec::with_capacity(store.terms().len());
    for (_, term) in store.terms() {
        let parents: HashSet<EntityUid> = term
            .parents
            .iter()
            .map(|&p| term_uid(&store.get(p).id))
            .collect();
        let mut attrs = std::collections::HashMap::new();
        if let Some(label) = &term.label {
            attrs.insert(
                "label".to_string(),
                RestrictedExpression::new_string(label.clone()),
            );
        }
        let entity = Entity::new(term_uid(&term.id), attrs, parents)
            .map_err(|e| PolicyError::Entities(e.to_string()))?;
        out.push(entity);
    }
    Ok(out)
}
