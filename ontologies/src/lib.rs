//! Ontologies for genofed: load DUO, HPO and MONDO (OWL through horned-owl, OBO with a
//! parser of our own), keep every term's ancestors and descendants precomputed, and
//! decide GA4GH DUO data use conditions against research purposes.
//!
//! ```
//! use genofed_ontologies::Store;
//! let store = Store::builtin()?; // embedded DUO terms and a MONDO fragment
//! // type 2 diabetes mellitus is a diabetes mellitus
//! assert!(store.is_a_curie("MONDO:0005148", "MONDO:0005015")?);
//! // DS (disease specific research) is a kind of HMB, which is a kind of GRU
//! assert!(store.is_a_curie("DUO:0000007", "DUO:0000042")?);
//! # Ok::<(), genofed_ontologies::Error>(())
//! ```

pub mod builtin;
pub mod curie;
pub mod date;
mod draft;
pub mod duo;
mod error;
mod format;
pub mod obo;
pub mod owl;
mod store;
pub mod synthetic;
mod term;

pub use date::Date;
pub use draft::{Draft, DraftTerm};
pub use error::{Error, OboErrorKind, TextPosition};
pub use format::Format;
pub use store::{Source, Store, StoreBuilder};
pub use term::{Synonym, SynonymScope, Term, TermId};
