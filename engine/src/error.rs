use std::path::PathBuf;

/// Errors of the node engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot read node config `{}`", path.display())]
    ReadConfig {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid node config `{}`", path.display())]
    ParseConfig {
        path: PathBuf,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("invalid node config: {0}")]
    Invalid(String),
    #[error("dataset `{dataset}`: cannot open its files")]
    Dataset {
        dataset: String,
        #[source]
        source: Box<genofed_connectors::Error>,
    },
    #[error("dataset `{dataset}`: its sample links are inconsistent")]
    Samples {
        dataset: String,
        #[source]
        source: crate::samples::SamplesError,
    },
    #[error("dataset `{dataset}`: invalid consent (DUO conditions)")]
    Consent {
        dataset: String,
        #[source]
        source: genofed_ontologies::duo::DuoError,
    },
    #[error("the node's policies are invalid")]
    Policy(#[from] genofed_policies::PolicyError),
    #[error("cannot load the node's ontologies")]
    Ontology(#[from] genofed_ontologies::Error),
    #[error(transparent)]
    DataFusion(#[from] datafusion::error::DataFusionError),
}
