//! A term: one class of an ontology, keyed by its CURIE.

/// A term's position in a [`Store`](crate::Store); stable for the life of the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId(pub(crate) u32);

impl TermId {
    /// The position in the store (`0..store.len()`), for per-term side tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One term with everything genofed keeps of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    /// The CURIE (`HP:0001250`), or the full IRI when no prefix abbreviates it.
    pub id: String,
    pub label: Option<String>,
    pub definition: Option<String>,
    pub synonyms: Vec<Synonym>,
    /// Secondary ids (`alt_id`, `oboInOwl:hasAlternativeId`); they resolve to this term.
    pub alt_ids: Vec<String>,
    /// Ids of named classes declared equivalent and merged into this term.
    pub equivalents: Vec<String>,
    pub obsolete: bool,
    pub replaced_by: Vec<String>,
    /// DUO's `oboInOwl:shorthand` (`GRU`, `DS`, …).
    pub shorthand: Option<String>,
    /// Direct parents (is_a / SubClassOf a named class).
    pub parents: Vec<TermId>,
    /// Whether any loaded ontology describes the term; `false` for terms only named as a
    /// parent (e.g. an IAO class referenced by DUO without the import).
    pub defined: bool,
}

impl Term {
    /// `ID (label)` for messages.
    pub fn display_name(&self) -> String {
        match &self.label {
            Some(label) => format!("{} ({label})", self.id),
            None => self.id.clone(),
        }
    }
}

/// A synonym and how close it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub text: String,
    pub scope: SynonymScope,
}

/// The OBO synonym scopes (`oboInOwl:has{Exact,Broad,Narrow,Related}Synonym`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SynonymScope {
    Exact,
    Broad,
    Narrow,
    Related,
}

impl SynonymScope {
    pub(crate) fn from_obo(s: &str) -> Option<Self> {
        Some(match s {
            "EXACT" => Self::Exact,
            "BROAD" => Self::Broad,
            "NARROW" => Self::Narrow,
            "RELATED" => Self::Related,
            _ => return None,
        })
    }

    pub(crate) fn code(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        [Self::Exact, Self::Broad, Self::Narrow, Self::Related]
            .get(usize::from(code))
            .copied()
    }
}
