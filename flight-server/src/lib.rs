//! genofed's network face: the Arrow Flight SQL server of a node, a Flight SQL client,
//! and federation (a coordinator querying its peers).
//!
//! A request carries a GA4GH Passport as its bearer token and declares its research
//! purpose in headers ([`headers`]). The server verifies the passport, builds (and
//! caches) the caller's session under the node's policies, and plans every statement
//! there: queries only, denials before any row is read. Tickets are signed for the
//! caller and expire; redeeming one authenticates the caller again and plans the query
//! again under the policies ([`ticket`]).

pub mod client;
mod error;
pub mod federation;
pub mod headers;
mod http;
mod metadata;
mod params;
mod server;
mod service;
mod sessions;
mod status;
pub mod ticket;

pub use self::client::{Answer, BatchStream, Client, channel, collect};
pub use self::error::{ClientError, PeerError, ServerError};
pub use self::server::Server;
pub use self::service::NodeService;
pub use self::sessions::{Caller, Session, Sessions};
