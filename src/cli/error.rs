/// Errors of the command line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Engine(#[from] genofed_engine::EngineError),
    #[error(transparent)]
    DataFusion(#[from] datafusion::error::DataFusionError),
    #[error(transparent)]
    Arrow(#[from] arrow::error::ArrowError),
    #[error(transparent)]
    Generate(#[from] crate::generate::GenerateError),
    #[error(transparent)]
    Connector(#[from] genofed_connectors::Error),
    #[error(transparent)]
    Ontology(#[from] genofed_ontologies::Error),
    #[error(transparent)]
    Duo(#[from] genofed_ontologies::duo::DuoError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Identity(#[from] genofed_engine::IdentityError),
    #[error(transparent)]
    Issuer(#[from] genofed_policies::passport::IssuerError),
    #[error(transparent)]
    Denied(genofed_engine::access::AccessDenied),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Client(#[from] genofed_flight_server::ClientError),
    #[error(transparent)]
    Server(#[from] genofed_flight_server::ServerError),
    #[error("interactive shell: {0}")]
    Shell(String),
}
