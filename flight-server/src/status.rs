//! Every error the Flight SQL endpoint returns becomes a gRPC status here, and only here.

use datafusion::error::DataFusionError;
use genofed_engine::access::{AccessDenied, Disclosed};
use genofed_engine::{EngineError, IdentityError};
use tonic::{Code, Status};

use crate::error::PeerError;
use crate::headers::HeaderError;

/// A query's error: denials are `PermissionDenied`, mistakes in the query
/// `InvalidArgument`, a peer's failure its own code (naming the peer), anything else
/// `Internal` without its text (the node's log has it).
pub fn query(e: DataFusionError) -> Status {
    if let Some(d) = AccessDenied::find(&e) {
        return Status::permission_denied(d.to_string());
    }
    if let Some(disclosed) = Disclosed::find(&e) {
        let code = disclosed
            .downcast_ref::<PeerError>()
            .map_or(Code::Internal, |p| match p.source.code() {
                Code::Unknown | Code::Internal => Code::Internal,
                code => code,
            });
        return Status::new(code, disclosed.to_string());
    }
    let e = genofed_engine::access::sanitize(e);
    match e.find_root() {
        DataFusionError::Plan(_)
        | DataFusionError::SchemaError(..)
        | DataFusionError::SQL(..)
        | DataFusionError::Configuration(_) => {
            Status::invalid_argument(e.strip_backtrace().to_string())
        }
        DataFusionError::NotImplemented(_) => Status::unimplemented(e.strip_backtrace()),
        DataFusionError::ResourcesExhausted(_) => {
            Status::resource_exhausted("the query needs more memory than the node allows")
        }
        _ => Status::internal(e.strip_backtrace()),
    }
}

/// A passport that does not verify (or a node that takes none).
pub fn identity(e: IdentityError) -> Status {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    Status::unauthenticated(text)
}

/// A header that cannot be read: the authorization header is `Unauthenticated`.
pub fn header(e: HeaderError) -> Status {
    if e.header == crate::headers::AUTHORIZATION {
        Status::unauthenticated(e.to_string())
    } else {
        Status::invalid_argument(e.to_string())
    }
}

/// A declaration that does not resolve (unknown purpose or disease).
pub fn declaration(e: genofed_ontologies::duo::DuoError) -> Status {
    Status::invalid_argument(format!("x-genofed-purpose: {e}"))
}

/// An error of building a session.
pub fn engine(e: EngineError) -> Status {
    match e {
        EngineError::DataFusion(d) => query(d),
        other => {
            tracing::error!(error = %other, "cannot open a session");
            Status::internal("the node cannot open a session (its log has the cause)")
        }
    }
}

/// An Arrow error while encoding results.
pub fn arrow(e: impl std::fmt::Display) -> Status {
    tracing::error!(error = %e, "cannot encode results");
    Status::internal("the node cannot encode the results")
}
