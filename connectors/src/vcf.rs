//! VCF and BCF files as DataFusion tables.
//!
//! ```no_run
//! # async fn example() -> datafusion::error::Result<()> {
//! use std::sync::Arc;
//! use datafusion::prelude::SessionContext;
//! use genofed_connectors::vcf::{Shape, VcfTable};
//!
//! let ctx = SessionContext::new();
//! let table = VcfTable::open(&["cohort.vcf.gz"], Shape::Variants)?;
//! ctx.register_table("variants", Arc::new(table))?;
//! ctx.sql("SELECT chrom, count(*) FROM variants GROUP BY chrom").await?.show().await?;
//! # Ok(())
//! # }
//! ```

mod batch;
mod bcf;
mod exec;
mod factory;
mod file;
pub mod header;
pub(crate) mod index;
mod plan;
mod pushdown;
mod scan;
mod schema;
mod table;
mod text;
mod values;

pub use self::exec::VcfScanExec;
pub use self::factory::VcfTableFactory;
pub use self::file::{Format, VcfFile};
pub use self::header::Header;
pub use self::index::{Chunk, Index};
pub use self::pushdown::{SiteAgg, SiteAggregatePushdown};
pub use self::schema::{Col, Shape};
pub use self::table::VcfTable;
pub use crate::region::Region;
