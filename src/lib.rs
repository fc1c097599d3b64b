//! genofed: a federated query and policy engine for genomic and phenotypic data.
//!
//! This facade re-exports the workspace crates; the `genofed` binary is built on it.

pub mod cli;
pub mod generate;

pub use genofed_connectors as connectors;
pub use genofed_engine as engine;
pub use genofed_flight_server as flight;
