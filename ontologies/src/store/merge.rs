//! Merging drafts: one term per id, alternative ids as aliases, equivalent named classes
//! folded into one term, parents resolved to [`TermId`]s.

use std::collections::HashMap;

use crate::draft::extend_unique;
use crate::{Draft, DraftTerm, Term, TermId};

pub(crate) fn merge(drafts: Vec<Draft>) -> (Vec<Term>, Vec<(String, TermId)>) {
    // One draft per id, in first-seen order; `rank` is the index of the first source.
    let mut slots: Vec<DraftTerm> = Vec::new();
    let mut rank: Vec<usize> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (source, draft) in drafts.into_iter().enumerate() {
        for t in draft.terms {
            match by_id.get(&t.term.id) {
                Some(&i) => slots[i].absorb(t),
                None => {
                    by_id.insert(t.term.id.clone(), slots.len());
                    slots.push(t);
                    rank.push(source);
                }
            }
        }
    }

    // Equivalent named classes: union-find, then each set is represented by its first
    // labelled member (by source order, then id), so the choice does not depend on the
    // order a parser yields classes in.
    let mut uf = UnionFind::new(slots.len());
    for i in 0..slots.len() {
        for eq in slots[i].term.equivalents.clone() {
            let j = *by_id.entry(eq.clone()).or_insert_with(|| {
                slots.push(placeholder(eq));
                rank.push(usize::MAX);
                slots.len() - 1
            });
            uf.grow(slots.len());
            uf.union(i, j);
        }
    }
    let key = |i: usize| {
        (
            slots[i].term.label.is_none(),
            rank[i],
            slots[i].term.id.clone(),
        )
    };
    let mut best: HashMap<usize, usize> = HashMap::new();
    for i in 0..slots.len() {
        let root = uf.find(i);
        let entry = best.entry(root).or_insert(i);
        if key(i) < key(*entry) {
            *entry = i;
        }
    }
    let rep_of: Vec<usize> = (0..slots.len()).map(|i| best[&uf.find(i)]).collect();
    let mut merged_ids: Vec<Vec<String>> = vec![Vec::new(); slots.len()];
    for i in 0..slots.len() {
        let r = rep_of[i];
        if r != i {
            let member = std::mem::take(&mut slots[i]);
            merged_ids[r].push(member.term.id.clone());
            slots[r].absorb(member);
        }
    }

    // Final ids: representatives in order, then placeholders for unknown parents.
    let mut final_of_slot = vec![u32::MAX; slots.len()];
    let mut terms: Vec<Term> = Vec::with_capacity(slots.len());
    let mut parent_names: Vec<Vec<String>> = Vec::with_capacity(slots.len());
    let mut aliases: Vec<(String, TermId)> = Vec::new();
    for i in 0..slots.len() {
        if rep_of[i] != i {
            continue;
        }
        let DraftTerm { mut term, parents } = std::mem::take(&mut slots[i]);
        let id = TermId(terms.len() as u32);
        final_of_slot[i] = id.0;
        term.equivalents.retain(|e| *e != term.id);
        extend_unique(&mut term.equivalents, std::mem::take(&mut merged_ids[i]));
        term.equivalents.retain(|e| *e != term.id);
        for alias in term.alt_ids.iter().chain(&term.equivalents) {
            aliases.push((alias.clone(), id));
        }
        terms.push(term);
        parent_names.push(parents);
    }
    let mut index: HashMap<String, TermId> = HashMap::with_capacity(by_id.len());
    for (name, slot) in &by_id {
        index.insert(name.clone(), TermId(final_of_slot[rep_of[*slot]]));
    }
    for (alias, id) in &aliases {
        index.entry(alias.clone()).or_insert(*id);
    }

    for (i, names) in parent_names.into_iter().enumerate() {
        let mut parents: Vec<TermId> = Vec::with_capacity(names.len());
        for name in names {
            let p = match index.get(&name) {
                Some(&p) => p,
                None => {
                    let p = TermId(terms.len() as u32);
                    terms.push(placeholder(name.clone()).term);
                    index.insert(name, p);
                    p
                }
            };
            if p.index() != i && !parents.contains(&p) {
                parents.push(p);
            }
        }
        terms[i].parents = parents;
    }
    (terms, aliases)
}

/// A term known only by name (a parent or equivalent no source describes).
fn placeholder(id: String) -> DraftTerm {
    let mut t = DraftTerm::new(id);
    t.term.defined = false;
    t
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn grow(&mut self, n: usize) {
        while self.0.len() < n {
            self.0.push(self.0.len());
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[b] = a;
    }
}
