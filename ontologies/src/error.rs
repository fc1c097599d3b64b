//! Errors of the ontologies crate.

use std::path::PathBuf;

/// Everything that can go wrong loading ontologies, resolving terms or reading a cache.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` line {line}: {kind}", path.display())]
    Obo {
        path: PathBuf,
        line: usize,
        kind: OboErrorKind,
    },
    /// horned-owl's error type is not `Send`, so its message and position are kept instead.
    #[error("`{}`{}: {message}", path.display(), at.as_ref().map(|a| format!(" {a}")).unwrap_or_default())]
    Owl {
        path: PathBuf,
        at: Option<TextPosition>,
        message: String,
    },
    #[error("`{}`: cannot tell the ontology format (expected .obo, RDF/XML, OWL/XML or OWL functional syntax)", path.display())]
    UnknownFormat { path: PathBuf },
    #[error("`{}` defines no classes", path.display())]
    Empty { path: PathBuf },
    #[error("the is_a hierarchy has a cycle: {}", cycle.join(" -> "))]
    Cycle { cycle: Vec<String> },
    #[error("the is_a closure exceeds 2^32 ancestor entries")]
    ClosureTooLarge,
    #[error("unknown prefix `{prefix}` in `{curie}` (loaded prefixes: {})", known.join(", "))]
    UnknownPrefix {
        curie: String,
        prefix: String,
        known: Vec<String>,
    },
    #[error("`{0}` is not a CURIE (expected `PREFIX:LOCAL`, e.g. `HP:0001250`)")]
    NotACurie(String),
    #[error("unknown term `{0}`")]
    UnknownTerm(String),
    #[error("cache `{}` at byte {offset}: {what}", path.display())]
    Cache {
        path: PathBuf,
        offset: u64,
        what: String,
    },
}

/// A line and column (both 1-based) in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

impl TextPosition {
    /// The line and column of byte `offset` in `text`.
    pub fn of_offset(text: &[u8], offset: usize) -> Self {
        let before = &text[..offset.min(text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Self { line, column }
    }
}

impl std::fmt::Display for TextPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

/// What was wrong on an OBO line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OboErrorKind {
    #[error("not valid UTF-8")]
    NotUtf8,
    #[error("expected `tag: value`, found `{0}`")]
    NotATagValue(String),
    #[error("unterminated stanza header `{0}`")]
    BadStanzaHeader(String),
    #[error("a [Term] stanza without an `id` tag")]
    MissingId,
    #[error("a second `id` tag (`{0}`) in one stanza")]
    DuplicateId(String),
    #[error("`{tag}` needs a prefixed id, found `{value}`")]
    NotAnId { tag: &'static str, value: String },
    #[error("`{0}` must start with a quoted string")]
    ExpectedQuoted(&'static str),
    #[error("unterminated quoted string")]
    UnterminatedQuote,
    #[error("unknown synonym scope `{0}` (expected EXACT, BROAD, NARROW or RELATED)")]
    SynonymScope(String),
    #[error("`is_obsolete` must be `true` or `false`, found `{0}`")]
    Boolean(String),
}
