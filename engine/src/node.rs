//! A running node: its session state with the datasets' catalog.

use std::sync::Arc;

use datafusion::catalog::CatalogProvider;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use genofed_connectors::alignments::AlignmentTableFactory;
use genofed_connectors::phenopackets::PhenopacketTableFactory;
use genofed_connectors::vcf::{SiteAggregatePushdown, VcfTableFactory};

use genofed_ontologies::Store;

use crate::{EngineError, NodeConfig, catalog, functions, ontologies::load_ontologies};

/// Name of the catalog holding the datasets.
pub const CATALOG: &str = "genofed";

/// A session with genofed's table factories (`STORED AS VCF|BCF|BAM|CRAM|SAM|PHENOPACKETS`), functions and
/// optimizer rules, `information_schema` on, and `target_partitions` (default: cores).
pub fn new_session(target_partitions: Option<usize>) -> SessionContext {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let session = SessionConfig::new()
        .with_information_schema(true)
        .with_default_catalog_and_schema(CATALOG, "public")
        .with_target_partitions(target_partitions.unwrap_or(cores));
    let state = SessionStateBuilder::new()
        .with_config(session)
        .with_default_features()
        .with_table_factory("VCF".into(), Arc::new(VcfTableFactory))
        .with_table_factory("BCF".into(), Arc::new(VcfTableFactory))
        .with_table_factory("BAM".into(), Arc::new(AlignmentTableFactory))
        .with_table_factory("CRAM".into(), Arc::new(AlignmentTableFactory))
        .with_table_factory("SAM".into(), Arc::new(AlignmentTableFactory))
        .with_table_factory("PHENOPACKETS".into(), Arc::new(PhenopacketTableFactory))
        .with_physical_optimizer_rule(Arc::new(SiteAggregatePushdown))
        .build();
    let ctx = SessionContext::new_with_state(state);
    functions::register(&ctx);
    ctx
}

/// A node: its configuration and the session its queries run in.
pub struct Node {
    config: NodeConfig,
    ctx: SessionContext,
    ontologies: Arc<Store>,
    policies: Arc<crate::policies::NodePolicies>,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("name", &self.config.node.name)
            .finish()
    }
}

impl Node {
    /// Opens every dataset of the config (headers and indexes are read once, here).
    pub async fn open(config: NodeConfig) -> Result<Self, EngineError> {
        let ctx = new_session(config.node.target_partitions);
        let catalog: Arc<dyn CatalogProvider> = ctx
            .catalog(CATALOG)
            .ok_or_else(|| EngineError::Invalid(format!("catalog `{CATALOG}` missing")))?;
        let cfg = config.clone();
        let (ontologies, policies) = tokio::task::spawn_blocking(move || {
            catalog::register_datasets(&cfg, catalog.as_ref())?;
            let store = load_ontologies(&cfg)?;
            let policies = crate::policies::load(&cfg, &store, &[])?;
            Ok::<_, EngineError>((store, policies))
        })
        .await
        .map_err(|e| EngineError::Invalid(format!("dataset loading panicked: {e}")))??;
        Ok(Self {
            config,
            ctx,
            ontologies: Arc::new(ontologies),
            policies: Arc::new(policies),
        })
    }

    pub fn config(&self) -> &NodeConfig {
        &self.config
    }

    /// The node's ontology store (built-in vocabulary and configured files).
    pub fn ontologies(&self) -> &Arc<Store> {
        &self.ontologies
    }

    /// The node's validated Cedar policies (generated from consent, and the operator's).
    pub fn policies(&self) -> &Arc<crate::policies::NodePolicies> {
        &self.policies
    }

    /// A session for the local operator: full SQL, including `CREATE EXTERNAL TABLE`.
    /// Sessions share the catalog but not their temporary tables or settings.
    pub fn operator_session(&self) -> SessionContext {
        SessionContext::new_with_state(self.ctx.state())
    }
}
