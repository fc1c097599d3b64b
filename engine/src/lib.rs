//! The genofed node: a node configuration becomes a DataFusion session whose catalog holds
//! one schema per dataset (`<dataset>.variants`, `<dataset>.genotypes`).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let config = genofed_engine::NodeConfig::from_file("node.toml")?;
//! let node = genofed_engine::Node::open(config).await?;
//! let ctx = node.operator_session();
//! ctx.sql("SELECT count(*) FROM cohort.variants").await?.show().await?;
//! # Ok(())
//! # }
//! ```

pub mod access;
mod catalog;
pub mod config;
mod error;
pub mod functions;
pub mod identity;
mod node;
mod ontologies;
pub mod policies;
pub mod resources;
pub mod samples;

pub use self::config::{
    BeaconConfig, ConsentGroup, Crypt4ghConfig, DatasetConfig, FederationConfig, NodeConfig,
    NodeSection, OntologyConfig, PeerConfig, PolicyConfig, ServerConfig, TlsConfig,
};
pub use self::error::EngineError;
pub use self::identity::{Identities, IdentityError};
pub use self::node::{CATALOG, FEDERATED_SCHEMA, Node, new_session};
pub use self::ontologies::load_ontologies;
pub use genofed_connectors;
pub use genofed_ontologies;
pub use genofed_policies;
