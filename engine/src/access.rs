//! Access control inside the plan: a remote principal's session sees only the datasets
//! it may discover, and every logical plan it runs (SQL, DataFrame, Beacon, federation)
//! passes through [`PolicyRule`], which applies the node's Cedar decisions to each scan
//! of a dataset table:
//!
//! - denied: the query fails with [`AccessDenied`], naming the table and the policies;
//! - read: the scan is kept, below a consent barrier (rows of participants whose own
//!   consent group does not admit the request leave the plan before any expression of
//!   the query sees them) and column masks;
//! - count only: the same, and the plan must aggregate the table's rows with `count`,
//!   `sum` or `avg` over columns, through expressions that cannot fail; every output
//!   group needs at least `k` distinct individuals of each count-only table.
//!
//! Sessions of remote principals refuse DDL, DML, `COPY`, `SET` and other statements,
//! `EXPLAIN VERBOSE` and `EXPLAIN ANALYZE` (they show the unfiltered scan's statistics),
//! and report execution errors without their text (which can quote row values).

mod aggregate;
mod barrier;
mod decisions;
mod declaration;
mod denied;
mod disclosed;
mod masks;
mod read_only;
mod register;
mod requester;
mod rule;
mod session;
mod text_udf;

pub use self::barrier::{ConsentBarrier, ConsentFilterExec, RemotePlanner};
pub use self::decisions::{Access, Mode, TableAccess};
pub use self::declaration::{ATTESTATIONS, Declaration};
pub use self::denied::AccessDenied;
pub use self::disclosed::Disclosed;
pub use self::masks::Mask;
pub use self::read_only::ReadOnlySchema;
pub use self::register::Register;
pub use self::requester::{PrincipalFile, Requester};
pub use self::requester::{identity_facts, organisation};
pub use self::rule::PolicyRule;
pub(crate) use self::session::TABLE_FUNCTIONS;
pub use self::session::{RemoteSession, sanitize};
