//! Telling ontology formats apart.

use std::path::Path;

/// The formats a [`StoreBuilder`](crate::StoreBuilder) loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OBO flat file 1.2/1.4.
    Obo,
    /// OWL as RDF/XML (`.owl`, `.rdf`).
    RdfXml,
    /// OWL/XML (`.owx`).
    OwlXml,
    /// OWL functional syntax (`.ofn`).
    Functional,
}

impl Format {
    /// By extension for `.obo`, `.owx` and `.ofn`; otherwise by the first bytes.
    pub fn detect(path: &Path, bytes: &[u8]) -> Option<Self> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("obo") => return Some(Self::Obo),
            Some("owx") => return Some(Self::OwlXml),
            Some("ofn") => return Some(Self::Functional),
            _ => {}
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with("<?xml") || head.starts_with('<') {
            if head.contains("<rdf:RDF") || head.contains("<RDF") {
                Some(Self::RdfXml)
            } else if head.contains("<Ontology") {
                Some(Self::OwlXml)
            } else {
                None
            }
        } else if head.starts_with("Prefix(") || head.starts_with("Ontology(") {
            Some(Self::Functional)
        } else if head.starts_with("format-version:") || head.starts_with("[Term]") {
            Some(Self::Obo)
        } else {
            None
        }
    }
}
