//! Collects ontologies, then merges them into a [`Store`].

use std::path::Path;

use super::{Source, Store, merge};
use crate::{Draft, Error, Format, builtin, obo, owl};

/// Adds ontologies (files in any supported format, OBO text, the built-in vocabulary) and
/// builds a [`Store`]. Terms with the same id in several sources are merged.
#[derive(Debug, Default)]
pub struct StoreBuilder {
    drafts: Vec<Draft>,
    sources: Vec<Source>,
}

impl StoreBuilder {
    /// Adds genofed's embedded vocabulary: the DUO terms it reasons about and a small
    /// MONDO disease fragment.
    pub fn builtin(self) -> Result<Self, Error> {
        let (draft, source) = builtin::draft()?;
        Ok(self.draft(draft, source))
    }

    /// Loads an ontology file: OBO 1.4 (`.obo`), or OWL as RDF/XML, OWL/XML or functional
    /// syntax (told apart by content).
    pub fn load(self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let source = Source::of_bytes(path, &bytes);
        let draft = match Format::detect(path, &bytes) {
            Some(Format::Obo) => obo::parse(path, &bytes)?,
            Some(format) => owl::read(path, &bytes, format)?,
            None => {
                return Err(Error::UnknownFormat {
                    path: path.to_path_buf(),
                });
            }
        };
        if draft.terms.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(self.draft(draft, source))
    }

    /// Adds OBO text held in memory; `name` stands for the file in messages.
    pub fn obo_text(self, name: &str, text: &str) -> Result<Self, Error> {
        let draft = obo::parse(Path::new(name), text.as_bytes())?;
        Ok(self.draft(draft, Source::builtin(name, text)))
    }

    /// Adds terms produced elsewhere.
    pub fn draft(mut self, draft: Draft, source: Source) -> Self {
        self.drafts.push(draft);
        self.sources.push(source);
        self
    }

    /// Merges everything added (same ids, alternative ids, equivalent classes) and
    /// computes the closure; fails on an is_a cycle.
    pub fn build(self) -> Result<Store, Error> {
        let (terms, aliases) = merge::merge(self.drafts);
        Store::from_parts(terms, aliases, self.sources)
    }
}
