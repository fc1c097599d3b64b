use std::path::PathBuf;

/// Errors of the policy layer. Cedar's diagnostics are kept as the cause.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("the shipped Cedar schema does not parse")]
    Schema(#[source] Box<cedar_policy::CedarSchemaError>),
    #[error("policies `{}` do not parse", .path.display())]
    Parse {
        path: PathBuf,
        #[source]
        source: Box<cedar_policy::ParseErrors>,
    },
    #[error("policies `{}` do not validate against the schema: {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("cannot build the Cedar entities: {0}")]
    Entities(String),
    #[error("cannot build the Cedar request: {0}")]
    Request(String),
}
