//! Paths to reference data and small helpers.

use std::path::PathBuf;

pub use genofed_ontologies::synthetic::dag_obo as synthetic_obo;
use genofed_ontologies::{Store, TermId};

/// A file of `../shared/ontologies` beside the checkout.
pub fn shared(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/ontologies")
        .join(name)
}

/// Ancestors of a term by walking parents, the slow obvious way.
pub fn naive_ancestors(store: &Store, t: TermId) -> Vec<TermId> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = store.get(t).parents.clone();
    while let Some(p) = stack.pop() {
        if seen.insert(p) {
            stack.extend(store.get(p).parents.iter().copied());
        }
    }
    seen.into_iter().collect()
}
