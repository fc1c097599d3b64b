//! Synthetic ontologies for tests and benchmarks.

/// OBO text for a synthetic DAG of `n` terms shaped like a real ontology (seeded,
/// deterministic): see `synthetic_parents`.
pub fn dag_obo(n: usize, seed: u64) -> String {
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
        for p in synthetic_parents(i, &mut next) {
            out.push_str(&format!("is_a: SYN:{p:07}\n"));
        }
    }
    out
}

/// Parents of term `i`: one from about a third of the way down the id range (so depth
/// grows like log3 n, about 10 levels at 30,000 terms, as in HPO), and with probability
/// 3/10 a second and 1/20 a third from the same band, so terms have several parents and
/// ancestor sets overlap the way they do in HPO or MONDO.
fn synthetic_parents(i: usize, next: &mut impl FnMut() -> u64) -> Vec<usize> {
    if i == 0 {
        return Vec::new();
    }
    let hi = (i - 1) / 3;
    let lo = hi / 2;
    let pick = |next: &mut dyn FnMut() -> u64| lo + (next() % (hi - lo + 1) as u64) as usize;
    let mut parents = vec![pick(next)];
    let roll = next() % 20;
    if roll < 6 {
        parents.push(pick(next));
    }
    if roll == 0 {
        parents.push(pick(next));
    }
    parents.dedup();
    parents
}
