//! BAM, CRAM and SAM files as one DataFusion table, `alignments`.
//!
//! One row per record: `qname`, `flag` (and its bits as `is_paired` … `is_supplementary`),
//! `rname`, `pos` (1-based), `end` (1-based, inclusive), `mapq`, `cigar`, `rnext`,
//! `pnext`, `tlen`, `seq`, `qual` and `tags` (a map from tag to its SAM text value).
//! Filters on `rname`/`pos`/`end` go through the `.bai`/`.csi`/`.crai` index; only the
//! selected columns are decoded; indexed files are read on every core.
//!
//! ```no_run
//! # async fn example() -> datafusion::error::Result<()> {
//! use std::sync::Arc;
//! use datafusion::prelude::SessionContext;
//! use genofed_connectors::alignments::{AlignmentTable, OpenOptions};
//!
//! let ctx = SessionContext::new();
//! let table = AlignmentTable::open(&["reads.bam"], &OpenOptions::default())?;
//! ctx.register_table("alignments", Arc::new(table))?;
//! ctx.sql("SELECT rname, count(*) FROM alignments WHERE mapq >= 30 GROUP BY rname")
//!     .await?
//!     .show()
//!     .await?;
//! # Ok(())
//! # }
//! ```

mod bam;
mod batch;
mod cram;
mod exec;
mod factory;
mod file;
pub mod header;
mod plan;
mod record;
mod reference;
mod sam;
mod scan;
pub mod schema;
mod table;
mod tags;

pub use self::exec::AlignmentScanExec;
pub use self::factory::AlignmentTableFactory;
pub use self::file::{AlignmentFile, FileIndex, Format, OpenOptions};
pub use self::header::Header;
pub use self::reference::Reference;
pub use self::schema::{Col, FlagBit};
pub use self::table::AlignmentTable;
