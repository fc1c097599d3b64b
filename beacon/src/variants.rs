//! `g_variants`: the request's parameters, the plan over a dataset's `variants` table,
//! and its rows as Beacon genomic variation records.
//!
//! Beacon coordinates are 0-based half-open; the table's `pos` and `end` are VCF's
//! 1-based, inclusive. A record covering 0-based `[pos - 1, end)`:
//! - sequence query `start=[s]`: `pos = s + 1`;
//! - range query `start=[s], end=[e]`: overlaps `[s, e)`: `pos <= e AND end >= s + 1`;
//! - bracket query `start=[s0, s1], end=[e0, e1]`: `s0 <= pos - 1 <= s1` and
//!   `e0 <= end <= e1`.

mod params;
mod plan;
mod record;

pub use self::params::{Shape, VariantQuery};
pub use self::plan::{Params, plan};
pub use self::record::{VariantId, records, variant_id};
