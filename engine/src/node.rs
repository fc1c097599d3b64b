//! A running node: its session state with the datasets' catalog.

use std::sync::Arc;

use datafusion::catalog::CatalogProvider;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use genofed_connectors::alignments::AlignmentTableFactory;
use genofed_connectors::phenopackets::PhenopacketTableFactory;
use genofed_connectors::vcf::{SiteAggregatePushdown, VcfTableFactory};

use datafusion::catalog::{
    CatalogProviderList, MemoryCatalogProvider, MemoryCatalogProviderList, MemorySchemaProvider,
};
use genofed_ontologies::Store;
use genofed_policies::Decider;

use crate::access::{
    Access, PolicyRule, ReadOnlySchema, Register, RemotePlanner, RemoteSession, Requester,
};
use crate::resources::NodeResources;
use crate::{EngineError, NodeConfig, catalog, functions, ontologies::load_ontologies};

/// Name of the catalog holding the datasets.
pub const CATALOG: &str = "genofed";

/// Schema of a coordinator's catalog holding the unions of its peers' tables.
pub const FEDERATED_SCHEMA: &str = "federated";

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
    resources: Arc<NodeResources>,
    identities: Arc<crate::Identities>,
    register: Option<Arc<Register>>,
    /// Keys the `hash` mask's pseudonyms: random per node start.
    pseudonym_key: [u8; 32],
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
        genofed_connectors::bgzf::BlockCache::global()
            .set_capacity(config.server.block_cache_mb.saturating_mul(1 << 20));
        let ctx = new_session(config.node.target_partitions);
        // One memory pool for every query of the node (remote sessions share the state's
        // runtime): sorts, joins and aggregates past it spill or fail, not the process.
        let pool = datafusion::execution::memory_pool::FairSpillPool::new(
            config.server.memory_limit_mb.saturating_mul(1 << 20),
        );
        let runtime = datafusion::execution::runtime_env::RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(pool))
            .build_arc()?;
        let ctx = SessionContext::new_with_state(
            SessionStateBuilder::new_from_existing(ctx.state())
                .with_runtime_env(runtime)
                .build(),
        );
        let catalog: Arc<dyn CatalogProvider> = ctx
            .catalog(CATALOG)
            .ok_or_else(|| EngineError::Invalid(format!("catalog `{CATALOG}` missing")))?;
        let cfg = config.clone();
        let (ontologies, policies, resources, identities, register) =
            tokio::task::spawn_blocking(move || {
                let links = catalog::register_datasets(&cfg, catalog.as_ref())?;
                let store = load_ontologies(&cfg)?;
                let policies = crate::policies::load(&cfg, &store, &[])?;
                let resources = NodeResources::build(&cfg, catalog.as_ref(), &links)?;
                let identities = crate::Identities::new(&cfg)?;
                let register = match &cfg.access {
                    Some(a) => Some(Arc::new(Register::new(a, &store)?)),
                    None => None,
                };
                Ok::<_, EngineError>((store, policies, resources, identities, register))
            })
            .await
            .map_err(|e| EngineError::Invalid(format!("dataset loading panicked: {e}")))??;
        let mut pseudonym_key = [0u8; 32];
        getrandom::fill(&mut pseudonym_key)
            .map_err(|e| EngineError::Invalid(format!("no randomness for pseudonyms: {e}")))?;
        Ok(Self {
            config,
            ctx,
            ontologies: Arc::new(ontologies),
            policies: Arc::new(policies),
            resources: Arc::new(resources),
            identities: Arc::new(identities),
            register,
            pseudonym_key,
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

    /// The node's data as policy resources.
    pub fn resources(&self) -> &Arc<NodeResources> {
        &self.resources
    }

    /// The node's passport verifier and grant mapping.
    pub fn identities(&self) -> &Arc<crate::Identities> {
        &self.identities
    }

    /// The approved access register, if the node keeps one (`[access]`).
    pub fn register(&self) -> Option<&Arc<Register>> {
        self.register.as_ref()
    }

    /// The requester of a request with `token` (a GA4GH Passport, verified; none:
    /// anonymous) declaring `purpose`; the register's record of the researcher fills in
    /// the facts passports lack (country, institution, organisation type). Verifying may fetch an issuer's keys: call it from
    /// a blocking context (`tokio::task::spawn_blocking`) in servers.
    pub fn requester(
        &self,
        token: Option<&str>,
        purpose: genofed_ontologies::duo::ResearchPurpose,
        facts: genofed_ontologies::duo::RequestFacts,
    ) -> Result<Requester, crate::IdentityError> {
        Ok(self.authenticate(token, purpose, facts)?.0)
    }

    /// [`Self::requester`], with the time (Unix seconds) its passport expires, if any.
    pub fn authenticate(
        &self,
        token: Option<&str>,
        purpose: genofed_ontologies::duo::ResearchPurpose,
        facts: genofed_ontologies::duo::RequestFacts,
    ) -> Result<(Requester, Option<i64>), crate::IdentityError> {
        let (mut principal, passport) = self.identities.principal(token)?;
        if let Some(register) = &self.register {
            register.complete(&mut principal);
        }
        let expires = passport.map(|p| p.expires);
        Ok((Requester::new(principal, purpose, facts), expires))
    }

    /// Decisions for `requester` (entities and contexts built once).
    pub fn decider(&self, requester: &Requester) -> Result<Decider, EngineError> {
        Ok(Decider::new(
            &self.policies.policies,
            &self.policies.schema,
            &self.ontologies,
            &self.resources.entities,
            &requester.principal,
            &requester.purpose,
            &requester.facts,
        )?)
    }

    /// Every decision of `requester` on the node's tables.
    pub fn access(&self, requester: Requester) -> Result<Access, EngineError> {
        let decider = self.decider(&requester)?;
        let register = self
            .register
            .as_deref()
            .map(|r| (r, self.ontologies.as_ref()));
        Access::decide(&self.resources, &decider, register, requester)
    }

    /// A session for a remote principal: it lists only the datasets `requester` may
    /// discover, runs only queries, and every plan passes through the policy rule.
    pub fn remote_session(&self, requester: Requester) -> Result<RemoteSession, EngineError> {
        self.remote_session_with(requester, |b| b)
    }

    /// [`Self::remote_session`], its state first passed through `extend` (front ends add
    /// optimizer rules there, such as the federation's pushdown). The policy rule is
    /// added after `extend` and the catalog and statement guards cannot be undone by it.
    pub fn remote_session_with(
        &self,
        requester: Requester,
        extend: impl FnOnce(SessionStateBuilder) -> SessionStateBuilder,
    ) -> Result<RemoteSession, EngineError> {
        self.session_for(Arc::new(self.access(requester)?), extend)
    }

    /// A session like `session`'s, for existence questions only: see
    /// [`Access::for_existence`]. Beacon front ends use it for the datasets a requester
    /// may discover but neither count nor read, and release only whether a count is
    /// non-zero.
    pub fn existence_session(&self, session: &RemoteSession) -> Result<RemoteSession, EngineError> {
        self.session_for(Arc::new(session.access().for_existence()), |b| b)
    }

    fn session_for(
        &self,
        access: Arc<Access>,
        extend: impl FnOnce(SessionStateBuilder) -> SessionStateBuilder,
    ) -> Result<RemoteSession, EngineError> {
        let shared = self
            .ctx
            .catalog(CATALOG)
            .ok_or_else(|| EngineError::Invalid(format!("catalog `{CATALOG}` missing")))?;
        let catalog = MemoryCatalogProvider::new();
        catalog.register_schema(
            "public",
            Arc::new(ReadOnlySchema(Arc::new(MemorySchemaProvider::new()))),
        )?;
        for (name, d) in &access.datasets {
            if let (true, Some(schema)) = (d.discover, shared.schema(name)) {
                catalog.register_schema(name, Arc::new(ReadOnlySchema(schema)))?;
            }
        }
        let list = MemoryCatalogProviderList::new();
        list.register_catalog(CATALOG.to_string(), Arc::new(catalog));
        let state = self.ctx.state();
        let functions = state
            .table_functions()
            .iter()
            .filter(|(name, _)| crate::access::TABLE_FUNCTIONS.contains(&name.as_str()))
            .map(|(n, f)| (n.clone(), f.clone()))
            .collect();
        let mut state = extend(SessionStateBuilder::new_from_existing(state))
            .with_catalog_list(Arc::new(list))
            .with_table_functions(functions)
            // Nothing to create tables with, and barriers planned.
            .with_table_factories(std::collections::HashMap::new())
            .with_query_planner(Arc::new(RemotePlanner))
            .build();
        state.add_analyzer_rule(Arc::new(PolicyRule::new(
            access.clone(),
            self.pseudonym_key,
        )));
        Ok(RemoteSession::new(
            SessionContext::new_with_state(state),
            access,
        ))
    }
}
