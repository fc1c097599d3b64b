//! Genotype helper functions available in every session.

mod gt_alt_count;

use datafusion::prelude::SessionContext;

pub use self::gt_alt_count::gt_alt_count;

/// Registers genofed's scalar functions.
pub fn register(ctx: &SessionContext) {
    ctx.register_udf(gt_alt_count());
}
