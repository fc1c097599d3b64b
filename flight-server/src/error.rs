//! Errors of the server, the client and the federation.

use std::path::PathBuf;

/// Errors starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on `{address}`")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read TLS file `{}`", path.display())]
    TlsFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the Flight SQL server failed")]
    Transport(#[from] tonic::transport::Error),
    #[error(transparent)]
    Engine(#[from] genofed_engine::EngineError),
    #[error("invalid server setting: {0}")]
    Invalid(String),
}

/// Errors of a Flight SQL client call (the CLI's `--connect`, and a coordinator's
/// calls to its peers).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("invalid server url `{url}`: {message}")]
    Url { url: String, message: String },
    #[error("cannot read CA certificate `{}`", path.display())]
    Ca {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot connect to `{url}`")]
    Connect {
        url: String,
        #[source]
        source: tonic::transport::Error,
    },
    #[error("{}", status_text(.0))]
    Status(tonic::Status),
    #[error("unexpected answer: {0}")]
    Protocol(String),
    #[error(transparent)]
    Arrow(#[from] arrow::error::ArrowError),
    #[error("no answer within {0} s")]
    Timeout(u64),
}

impl ClientError {
    /// The gRPC status code of a server's refusal (`Unknown` for local failures).
    pub fn code(&self) -> tonic::Code {
        match self {
            Self::Status(s) => s.code(),
            Self::Timeout(_) => tonic::Code::DeadlineExceeded,
            Self::Connect { .. } => tonic::Code::Unavailable,
            _ => tonic::Code::Unknown,
        }
    }

    /// From an Arrow/Flight error, keeping a server's status.
    pub fn from_flight(e: arrow_flight::error::FlightError) -> Self {
        match e {
            arrow_flight::error::FlightError::Tonic(s) => Self::Status(*s),
            arrow_flight::error::FlightError::Arrow(a) => Self::from_arrow(a),
            other => Self::Arrow(arrow::error::ArrowError::ExternalError(Box::new(other))),
        }
    }

    /// From an Arrow error, keeping a server's status if it carries one.
    pub fn from_arrow(e: arrow::error::ArrowError) -> Self {
        if let arrow::error::ArrowError::ExternalError(inner) = &e {
            if let Some(status) = inner.downcast_ref::<tonic::Status>() {
                return Self::Status(status.clone());
            }
            if let Some(arrow_flight::error::FlightError::Tonic(s)) =
                inner.downcast_ref::<arrow_flight::error::FlightError>()
            {
                return Self::Status((**s).clone());
            }
        }
        Self::Arrow(e)
    }
}

fn status_text(s: &tonic::Status) -> String {
    let code = match s.code() {
        tonic::Code::Unauthenticated => "unauthenticated",
        tonic::Code::PermissionDenied => "permission denied",
        tonic::Code::InvalidArgument => "invalid request",
        tonic::Code::NotFound => "not found",
        tonic::Code::Unavailable => "unavailable",
        tonic::Code::DeadlineExceeded => "deadline exceeded",
        tonic::Code::Unimplemented => "not supported",
        _ => "failed",
    };
    format!("{code}: {}", s.message())
}

/// A peer's failure, as a coordinator reports it: names the peer. Its message is the
/// peer's own answer (already sanitized by the peer) or a transport failure.
#[derive(Debug, thiserror::Error)]
#[error("node `{node}`: {source}")]
pub struct PeerError {
    pub node: String,
    #[source]
    pub source: ClientError,
}
