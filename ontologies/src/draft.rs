//! What one loaded file says about its classes, before the store merges them.

use crate::Term;

/// The terms of one source, parents still named by id.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Where the terms came from (a path, or `<builtin …>`), for messages.
    pub source: String,
    pub terms: Vec<DraftTerm>,
}

/// A term whose parents are still ids, as the source wrote them.
#[derive(Debug, Clone, Default)]
pub struct DraftTerm {
    pub term: Term,
    pub parents: Vec<String>,
}

impl DraftTerm {
    pub(crate) fn new(id: String) -> Self {
        Self {
            term: Term {
                id,
                defined: true,
                ..Term::default()
            },
            parents: Vec::new(),
        }
    }

    /// Folds another description of the same id into this one: the first label and
    /// definition win, lists are unioned.
    pub(crate) fn absorb(&mut self, other: DraftTerm) {
        let (t, o) = (&mut self.term, other.term);
        if t.label.is_none() {
            t.label = o.label;
        }
        if t.definition.is_none() {
            t.definition = o.definition;
        }
        if t.shorthand.is_none() {
            t.shorthand = o.shorthand;
        }
        t.obsolete |= o.obsolete;
        t.defined |= o.defined;
        extend_unique(&mut t.alt_ids, o.alt_ids);
        extend_unique(&mut t.equivalents, o.equivalents);
        extend_unique(&mut t.replaced_by, o.replaced_by);
        for s in o.synonyms {
            if !t.synonyms.contains(&s) {
                t.synonyms.push(s);
            }
        }
        extend_unique(&mut self.parents, other.parents);
    }
}

pub(crate) fn extend_unique(into: &mut Vec<String>, from: Vec<String>) {
    for s in from {
        if !into.contains(&s) {
            into.push(s);
        }
    }
}
