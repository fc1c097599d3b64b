//! The term store: every loaded ontology merged, with its is_a closure precomputed.

mod builder;
mod cache;
mod closure;
mod merge;
mod source;

use std::collections::{BTreeSet, HashMap};

pub use builder::StoreBuilder;
pub use source::Source;

use crate::{Error, Term, TermId, curie};
use closure::Closure;

/// Terms of one or several ontologies, keyed by CURIE, with ancestors and descendants of
/// every term precomputed (sorted [`TermId`] slices, so `is_a` is a binary search).
///
/// ```
/// use genofed_ontologies::Store;
/// let store = Store::builder()
///     .obo_text("example", "[Term]\nid: X:1\nname: root\n\n[Term]\nid: X:2\nis_a: X:1\n")?
///     .build()?;
/// assert!(store.is_a_curie("X:2", "X:1")?);
/// assert_eq!(store.expand("X:1")?, ["X:1", "X:2"]);
/// # Ok::<(), genofed_ontologies::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Store {
    terms: Vec<Term>,
    /// Primary ids, alternative ids and merged equivalents → term.
    index: HashMap<String, TermId>,
    prefixes: BTreeSet<String>,
    closure: Closure,
    sources: Vec<Source>,
}

impl Store {
    /// Starts a store: add ontologies, then [`StoreBuilder::build`].
    pub fn builder() -> StoreBuilder {
        StoreBuilder::default()
    }

    /// The embedded vocabulary alone: DUO and the small disease fragment.
    pub fn builtin() -> Result<Self, Error> {
        Self::builder().builtin()?.build()
    }

    pub(crate) fn from_parts(
        terms: Vec<Term>,
        aliases: Vec<(String, TermId)>,
        sources: Vec<Source>,
    ) -> Result<Self, Error> {
        let closure = Closure::compute(&terms)?;
        Ok(Self::assemble(terms, aliases, closure, sources))
    }

    fn assemble(
        terms: Vec<Term>,
        aliases: Vec<(String, TermId)>,
        closure: Closure,
        sources: Vec<Source>,
    ) -> Self {
        let mut index = HashMap::with_capacity(terms.len() + aliases.len());
        let mut prefixes = BTreeSet::new();
        for (i, term) in terms.iter().enumerate() {
            index.insert(term.id.clone(), TermId(i as u32));
        }
        for (alias, id) in aliases {
            index.entry(alias).or_insert(id);
        }
        for key in index.keys() {
            if let Some((prefix, _)) = curie::split(key)
                && !prefixes.contains(prefix)
            {
                prefixes.insert(prefix.to_string());
            }
        }
        Self {
            terms,
            index,
            prefixes,
            closure,
            sources,
        }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// All terms, in [`TermId`] order.
    pub fn terms(&self) -> impl ExactSizeIterator<Item = (TermId, &Term)> {
        self.terms
            .iter()
            .enumerate()
            .map(|(i, t)| (TermId(i as u32), t))
    }

    /// The files (or built-in fragments) the store was built from.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The prefixes of every id in the store (`DUO`, `HP`, …).
    pub fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.prefixes.iter().map(String::as_str)
    }

    pub fn get(&self, id: TermId) -> &Term {
        &self.terms[id.index()]
    }

    /// The term with this id, alternative id or merged equivalent id, if any.
    pub fn lookup(&self, id: &str) -> Option<TermId> {
        self.index.get(id).copied()
    }

    /// Like [`lookup`](Self::lookup), but says why an id does not resolve: not a CURIE,
    /// a prefix no loaded ontology uses, or an unknown term.
    pub fn resolve(&self, id: &str) -> Result<TermId, Error> {
        if let Some(found) = self.lookup(id) {
            return Ok(found);
        }
        let Some((prefix, _)) = curie::split(id) else {
            return Err(Error::NotACurie(id.to_string()));
        };
        if !self.prefixes.contains(prefix) {
            return Err(Error::UnknownPrefix {
                curie: id.to_string(),
                prefix: prefix.to_string(),
                known: self.prefixes.iter().cloned().collect(),
            });
        }
        Err(Error::UnknownTerm(id.to_string()))
    }

    /// The term for an id ([`resolve`](Self::resolve) then [`get`](Self::get)).
    pub fn term(&self, id: &str) -> Result<&Term, Error> {
        self.resolve(id).map(|t| self.get(t))
    }

    /// Every proper ancestor, sorted by [`TermId`].
    pub fn ancestors(&self, id: TermId) -> &[TermId] {
        self.closure.ancestors(id)
    }

    /// Every proper descendant, sorted by [`TermId`].
    pub fn descendants(&self, id: TermId) -> &[TermId] {
        self.closure.descendants(id)
    }

    /// Whether `sub` is `sup` or a descendant of it (reflexive subsumption).
    #[inline]
    pub fn is_a(&self, sub: TermId, sup: TermId) -> bool {
        sub == sup || self.closure.ancestors(sub).binary_search(&sup).is_ok()
    }

    /// [`is_a`](Self::is_a) by id; unknown ids are errors, not `false`.
    pub fn is_a_curie(&self, sub: &str, sup: &str) -> Result<bool, Error> {
        Ok(self.is_a(self.resolve(sub)?, self.resolve(sup)?))
    }

    /// The ids of a term and all its descendants, as a filter such as Beacon's
    /// `includeDescendantTerms` needs them.
    pub fn expand(&self, id: &str) -> Result<Vec<&str>, Error> {
        let term = self.resolve(id)?;
        let mut ids = Vec::with_capacity(1 + self.descendants(term).len());
        ids.push(self.get(term).id.as_str());
        ids.extend(
            self.descendants(term)
                .iter()
                .map(|&d| self.get(d).id.as_str()),
        );
        Ok(ids)
    }

    /// Direct children of a term (computed from the closure, sorted).
    pub fn children(&self, id: TermId) -> Vec<TermId> {
        self.descendants(id)
            .iter()
            .copied()
            .filter(|&d| self.get(d).parents.contains(&id))
            .collect()
    }

    /// The number of ancestor entries stored (a measure of the closure's size).
    pub fn closure_len(&self) -> usize {
        self.closure.len()
    }
}
