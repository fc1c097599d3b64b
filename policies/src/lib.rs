//! genofed's policy layer: the Cedar model of a node ([`SCHEMA`]), ontology terms as
//! Cedar entities ([`term_entities`]), GA4GH DUO consent compiled into Cedar policies
//! ([`compile`]), strict validation ([`validate`]), and decisions that fail closed
//! ([`authorize`]).
//!
//! ```
//! use genofed_ontologies::Store;
//! use genofed_ontologies::duo::DataUseSpec;
//!
//! let store = Store::builtin().unwrap();
//! let spec: DataUseSpec = toml::from_str(
//!     "permission = \"DS\"\ndiseases = [\"MONDO:0005015\"]\nmodifiers = [\"IRB\"]\n",
//! ).unwrap();
//! let text = genofed_policies::compile("cohort", &spec.resolve(&store).unwrap(), &store);
//! assert!(text.contains("@id(\"cohort.duo.DS\")"));
//! let schema = genofed_policies::schema().unwrap();
//! genofed_policies::validate("cohort.cedar".as_ref(), &text, &schema).unwrap();
//! ```

pub mod compile;
mod decide;
mod decider;
mod entities;
mod error;
pub mod passport;
mod request;
mod resources;
mod schema;
mod terms;
mod validate;

pub use self::compile::compile;
pub use self::decide::{Outcome, authorize};
pub use self::decider::{Action, Decider};
pub use self::entities::request_entities;
pub use self::error::PolicyError;
pub use self::request::{Principal, Researcher, contexts};
pub use self::resources::{
    DatasetResource, column_uid, dataset_uid, node_uid, resource_entities, table_uid,
};
pub use self::schema::{SCHEMA, schema};
pub use self::terms::{term_entities, term_uid};
pub use self::validate::validate;
