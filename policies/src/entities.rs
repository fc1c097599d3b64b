//! The entities of one request, kept small: the principal, the resources, and the
//! purpose's terms with every ancestor (the store's precomputed closure) as a direct
//! parent. Cedar then needs neither the whole ontology nor a transitive closure per
//! request: the hierarchy is computed once, when the store is built.

use std::collections::{HashMap, HashSet};

use cedar_policy::{Entities, Entity, EntityUid, Schema};
use genofed_ontologies::Store;
use genofed_ontologies::duo::ResearchPurpose;

use crate::terms::term_uid;
use crate::{PolicyError, Principal};

/// A term with all its ancestors as parents.
fn term(store: &Store, id: &str) -> Result<Entity, PolicyError> {
    let tid = store
        .resolve(id)
        .map_err(|e| PolicyError::Request(format!("term `{id}`: {e}")))?;
    let parents: HashSet<EntityUid> = store
        .ancestors(tid)
        .iter()
        .filter(|&&a| a != tid)
        .map(|&a| term_uid(&store.get(a).id))
        .collect();
    Entity::new(term_uid(&store.get(tid).id), HashMap::new(), parents)
        .map_err(|e| PolicyError::Entities(e.to_string()))
}

/// The entities a decision about `principal` with `purpose` on `resources` (a resource
/// and its parents: table, dataset, node) needs.
pub fn request_entities(
    store: &Store,
    principal: &Principal,
    purpose: &ResearchPurpose,
    resources: impl IntoIterator<Item = Entity>,
    schema: &Schema,
) -> Result<Entities, PolicyError> {
    let mut all: Vec<Entity> = resources.into_iter().collect();
    all.push(principal.entity()?);
    all.push(term(store, purpose.term.id)?);
    for d in &purpose.diseases {
        all.push(term(store, d)?);
    }
    Entities::from_entities(all, Some(schema)).map_err(|e| PolicyError::Entities(e.to_string()))
}
