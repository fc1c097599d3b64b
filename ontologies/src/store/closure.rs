//! Ancestors and descendants of every term as two compressed sparse rows.

use crate::{Error, Term, TermId};

/// Row `t` of `anc` holds the proper ancestors of term `t`, row `t` of `desc` its proper
/// descendants; both sorted, so membership is a binary search and expansion a slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Closure {
    pub(crate) anc_start: Vec<u32>,
    pub(crate) anc: Vec<TermId>,
    pub(crate) desc_start: Vec<u32>,
    pub(crate) desc: Vec<TermId>,
}

impl Closure {
    /// Computes the closure of the parent links, or names a cycle.
    pub(crate) fn compute(terms: &[Term]) -> Result<Self, Error> {
        let order = parents_first(terms)?;
        let n = terms.len();

        // Ancestors, built in parents-first order so each parent's row is complete.
        let mut rows: Vec<(u32, u32)> = vec![(0, 0); n];
        let mut flat: Vec<TermId> = Vec::new();
        let mut scratch: Vec<TermId> = Vec::new();
        for &t in &order {
            scratch.clear();
            for &p in &terms[t as usize].parents {
                scratch.push(p);
                let (s, l) = rows[p.index()];
                scratch.extend_from_slice(&flat[s as usize..(s + l) as usize]);
            }
            scratch.sort_unstable();
            scratch.dedup();
            rows[t as usize] = (to_u32(flat.len()), to_u32(scratch.len()));
            flat.extend_from_slice(&scratch);
            if flat.len() >= u32::MAX as usize {
                return Err(Error::ClosureTooLarge);
            }
        }

        // Re-lay rows in id order.
        let mut anc_start = Vec::with_capacity(n + 1);
        let mut anc = Vec::with_capacity(flat.len());
        anc_start.push(0);
        for &(s, l) in &rows {
            anc.extend_from_slice(&flat[s as usize..(s + l) as usize]);
            anc_start.push(to_u32(anc.len()));
        }
        drop(flat);

        // Descendants: the transpose, filled in id order so each row comes out sorted.
        let mut desc_start = vec![0u32; n + 1];
        for a in &anc {
            desc_start[a.index() + 1] += 1;
        }
        for i in 0..n {
            desc_start[i + 1] += desc_start[i];
        }
        let mut fill = desc_start.clone();
        let mut desc = vec![TermId(0); anc.len()];
        for t in 0..n {
            for a in &anc[anc_start[t] as usize..anc_start[t + 1] as usize] {
                let slot = &mut fill[a.index()];
                desc[*slot as usize] = TermId(t as u32);
                *slot += 1;
            }
        }
        Ok(Self {
            anc_start,
            anc,
            desc_start,
            desc,
        })
    }

    #[inline]
    pub(crate) fn ancestors(&self, t: TermId) -> &[TermId] {
        let i = t.index();
        &self.anc[self.anc_start[i] as usize..self.anc_start[i + 1] as usize]
    }

    #[inline]
    pub(crate) fn descendants(&self, t: TermId) -> &[TermId] {
        let i = t.index();
        &self.desc[self.desc_start[i] as usize..self.desc_start[i + 1] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.anc.len()
    }

    /// Checks the shape of rows read from a cache, so a corrupt file cannot index out of
    /// bounds later.
    pub(crate) fn check(&self, n: usize) -> Result<(), String> {
        for (name, start, rows) in [
            ("ancestor", &self.anc_start, &self.anc),
            ("descendant", &self.desc_start, &self.desc),
        ] {
            if start.len() != n + 1
                || start.first() != Some(&0)
                || start.last().map(|&l| l as usize) != Some(rows.len())
            {
                return Err(format!("{name} rows do not cover {n} terms"));
            }
            if start.windows(2).any(|w| w[0] > w[1]) {
                return Err(format!("{name} row offsets are not increasing"));
            }
            if rows.iter().any(|t| t.index() >= n) {
                return Err(format!("{name} rows name a term beyond {n}"));
            }
            if start.windows(2).any(|w| {
                rows[w[0] as usize..w[1] as usize]
                    .windows(2)
                    .any(|p| p[0] >= p[1])
            }) {
                return Err(format!("{name} rows are not sorted"));
            }
        }
        Ok(())
    }
}

/// Offsets into the closure; a closure of 2^32 entries (16 GiB) is out of reach of the
/// ontologies this is for, and `compute` refuses it before any offset could wrap.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A depth-first post-order over parent links: every term after all its parents.
fn parents_first(terms: &[Term]) -> Result<Vec<u32>, Error> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; terms.len()];
    let mut order = Vec::with_capacity(terms.len());
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..terms.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        stack.push((root as u32, 0));
        while let Some((node, next)) = stack.last_mut() {
            let parents = &terms[*node as usize].parents;
            if let Some(&p) = parents.get(*next) {
                *next += 1;
                match state[p.index()] {
                    NEW => {
                        state[p.index()] = OPEN;
                        stack.push((p.0, 0));
                    }
                    OPEN => {
                        let from = stack.iter().position(|&(t, _)| t == p.0).unwrap_or(0);
                        let mut cycle: Vec<String> = stack[from..]
                            .iter()
                            .map(|&(t, _)| terms[t as usize].id.clone())
                            .collect();
                        cycle.push(terms[p.index()].id.clone());
                        return Err(Error::Cycle { cycle });
                    }
                    _ => {}
                }
            } else {
                state[*node as usize] = DONE;
                order.push(*node);
                stack.pop();
            }
        }
    }
    Ok(order)
}
