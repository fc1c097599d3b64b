//! Ontology filters: sex terms, and terms looked up with their descendants.

use datafusion::logical_expr::{col, lit};
use genofed_engine::genofed_ontologies::Store;

use super::{Selection, Terms};

/// Phenopackets' `Sex` values and the NCIT terms Beacon uses for them.
pub const SEXES: &[(&str, &str, &str)] = &[
    ("NCIT:C16576", "female", "FEMALE"),
    ("NCIT:C20197", "male", "MALE"),
    ("NCIT:C17998", "unknown", "UNKNOWN_SEX"),
    ("NCIT:C45908", "intersex", "OTHER_SEX"),
];

/// The NCIT term (id, label) of a phenopacket sex value.
pub fn sex_term(value: &str) -> Option<(&'static str, &'static str)> {
    SEXES
        .iter()
        .find(|s| s.2 == value)
        .map(|&(id, label, _)| (id, label))
}

pub(super) fn resolve(
    id: &str,
    descendants: bool,
    store: &Store,
    terms: &Terms,
    datasets: &[&str],
) -> Selection {
    if let Some(&(_, _, value)) = SEXES.iter().find(|s| s.0 == id) {
        return Selection::Individuals(col("sex").eq(lit(value)));
    }
    let known = store.lookup(id);
    if known.is_none() && !terms.contains(id, datasets) {
        return Selection::Ignored(format!(
            "filter `{id}` is a term neither in this beacon's ontologies nor in its data; it was not applied"
        ));
    }
    let mut ids = vec![id.to_string()];
    if let Some(t) = known {
        // An alternative id also names the term's primary id.
        ids.push(store.get(t).id.clone());
    }
    if descendants && let Some(t) = known {
        ids.extend(
            store
                .descendants(t)
                .iter()
                .map(|&d| store.get(d).id.clone()),
        );
    }
    ids.sort();
    ids.dedup();
    Selection::Terms { ids }
}
