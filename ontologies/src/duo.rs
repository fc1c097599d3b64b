//! GA4GH Data Use Ontology: a typed vocabulary of permissions, modifiers and research
//! purposes, data use conditions, and [`decide`], which matches conditions against a
//! research purpose and the facts of a request.
//!
//! ```
//! use genofed_ontologies::duo::{self, DataUseSpec, Outcome, RequestFacts, ResearchPurpose};
//! use genofed_ontologies::Store;
//! let store = Store::builtin()?;
//! // A dataset consented for diabetes research, ethics approval required.
//! let spec: DataUseSpec = toml::from_str(r#"
//!     permission = "DS"
//!     diseases = ["MONDO:0005015"]
//!     modifiers = ["IRB"]
//! "#).unwrap();
//! let conditions = spec.resolve(&store)?;
//! // A study of type 2 diabetes, with the ethics approval attested.
//! let purpose = ResearchPurpose::parse("DS", &["MONDO:0005148"], &store)?;
//! let mut facts = RequestFacts::new("2026-11-24".parse().unwrap());
//! facts.attestations.insert(duo::Attestation::EthicsApproval);
//! let decision = duo::decide(&store, &conditions, &purpose, &facts);
//! assert_eq!(decision.outcome, Outcome::Permit, "{decision}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod conditions;
mod decision;
mod error;
mod facts;
mod matcher;
mod purpose;
pub mod region;
mod spec;
pub mod vocabulary;

pub use conditions::{DataUse, Modifier, Permission};
pub use decision::{Decision, Finding, Outcome, Verdict};
pub use error::DuoError;
pub use facts::{Attestation, Organisation, RequestFacts};
pub use matcher::decide;
pub use purpose::{Category, ResearchPurpose};
pub use spec::DataUseSpec;
pub use vocabulary::DuoTerm;
