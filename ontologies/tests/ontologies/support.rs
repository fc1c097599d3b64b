//! Paths to reference data and small helpers.

use std::path::PathBuf;

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

/// OBO text for a synthetic DAG of `n` terms where each term after the first has one to
/// three parents among earlier terms (seeded, deterministic).
pub fn synthetic_obo(n: usize, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::from("format-version: 1.4\nontology: synthetic\n");
    for i in 0..n {
        out.push_str(&format!(
            "\n[Term]\nid: SYN:{i:07}\nname: synthetic term {i}\n"
        ));
        if i == 0 {
            continue;
        }
        let parents = 1 + (next() % 3) as usize;
        for _ in 0..parents {
            // Mostly near parents, so depth grows like a real ontology.
            let span = (i as u64).min(if next() % 4 == 0 { i as u64 } else { 50 });
            let p = i - 1 - (next() % span) as usize;
            out.push_str(&format!("is_a: SYN:{p:07}\n"));
        }
    }
    out
}
