//! The Beacon v2 facade of a genofed node: requests (GET query strings and POST bodies)
//! become DataFusion plans built with the DataFrame API on a caller's policy session,
//! and their answers become Beacon v2.1.1 framework responses.
//!
//! Coordinates: Beacon is 0-based half-open, the node's tables keep VCF's 1-based
//! positions; [`variants`] converts at this boundary and nowhere else.

mod budget;
mod contigs;
pub mod entities;
mod entry;
mod error;
mod filtering_terms;
pub mod filters;
mod framework;
mod genes;
pub mod network;
mod percent;
mod request;
mod response;
mod route;
mod service;
pub mod variants;

pub use self::entry::EntryType;
pub use self::error::BeaconError;
pub use self::genes::{GeneTableError, Genes, Locus};
pub use self::request::{Filter, Granularity, Include, Operator, Request};
pub use self::route::Route;
pub use self::service::{Beacon, Reply};

/// The Beacon API version this facade implements.
pub const API_VERSION: &str = "v2.1.1";
