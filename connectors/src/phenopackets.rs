//! GA4GH Phenopackets (schema v2) as Arrow tables.
//!
//! Phenopackets, Cohorts and Families are read from JSON (one object per file) or JSON Lines
//! (one object per line) in the protobuf JSON mapping, accumulated in a [`PhenopacketSet`]
//! that remembers where each phenopacket came from, and turned by [`tables`] into one Arrow
//! [`RecordBatch`](arrow::record_batch::RecordBatch) per [`Table`]: individuals, phenotypic
//! features, diseases, biosamples, measurements, medical actions, interpretations and files.
//!
//! Typical use: for each file, `set.read(path, &bytes, Format::Json)?` (the caller reads and
//! decrypts the file), then `tables(&set)?` and register each batch under
//! [`Table::name`]; [`Table::schema`] gives the schema of a table even when there is no data.
//!
//! Errors name the file, the JSON path of the offending value and its line and column:
//! ``invalid phenopacket JSON: unknown sex `MALEE`, ...`` at `$.subject.sex`.

mod columns;
mod document;
pub mod duration;
mod json_path;
pub mod model;
mod open;
mod proto;
mod provider;
mod read;
mod sample_links;
mod set;
mod source;
mod tables;
pub mod timestamp;

pub use self::document::Document;
pub use self::open::{files, load};
pub use self::provider::{PhenopacketTableFactory, PhenopacketTables};
pub use self::read::{Format, parse, parse_document};
pub use self::sample_links::{SampleLink, sample_links};
pub use self::set::{Entry, PhenopacketSet};
pub use self::source::{Group, GroupKind, Role, Source};
pub use self::tables::{Table, Tables, tables};

#[cfg(test)]
mod tests;
