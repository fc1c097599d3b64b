//! Errors of Beacon requests: each has the HTTP status and the Beacon `errorCode` it
//! answers with (both the same number, as the framework's examples do).

/// A request the Beacon cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum BeaconError {
    /// The request is malformed: bad JSON, a wrong type, an unknown parameter value.
    #[error("{0}")]
    BadRequest(String),
    /// No such endpoint, entry type or record.
    #[error("{0}")]
    NotFound(String),
    /// The request body is larger than the Beacon accepts.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// A passport that does not verify.
    #[error("{0}")]
    Unauthorized(String),
    /// The node's policies refuse the request.
    #[error("{0}")]
    Forbidden(String),
    /// The caller's query budget is spent; the value is the seconds until it refills.
    #[error("this caller's query budget is spent: try again in {0} s")]
    TooMany(u64),
    /// The method is not GET or POST.
    #[error("method `{0}` is not allowed: use GET or POST")]
    Method(String),
    /// The Beacon's gene table cannot be read (at start).
    #[error(transparent)]
    Genes(#[from] crate::GeneTableError),
    /// The node failed; the message says nothing of its data.
    #[error("the query failed on the node")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl BeaconError {
    pub fn bad(message: impl Into<String>) -> Self {
        BeaconError::BadRequest(message.into())
    }

    /// The HTTP status (and Beacon `errorCode`).
    pub fn status(&self) -> u16 {
        match self {
            BeaconError::BadRequest(_) => 400,
            BeaconError::Unauthorized(_) => 401,
            BeaconError::Forbidden(_) => 403,
            BeaconError::NotFound(_) => 404,
            BeaconError::Method(_) => 405,
            BeaconError::TooLarge(_) => 413,
            BeaconError::TooMany(_) => 429,
            BeaconError::Internal(_) | BeaconError::Genes(_) => 500,
        }
    }
}
