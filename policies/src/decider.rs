//! Many decisions for one requester: the entities (the node's resources, the principal,
//! the purpose's terms) and the contexts are built and checked against the schema once;
//! each decision is then only Cedar's evaluation.

use cedar_policy::{Entities, Entity, EntityUid, PolicySet, Request, Schema};
use genofed_ontologies::Store;
use genofed_ontologies::duo::{RequestFacts, ResearchPurpose};

use crate::decide::{Outcome, authorize_checked};
use crate::{PolicyError, Principal, contexts, request_entities};

/// The four actions of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Whether the data exists (Beacon boolean, catalog listings).
    Discover,
    /// Aggregates.
    Count,
    /// Records.
    Read,
    /// Whole files.
    Download,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Discover => "discover",
            Action::Count => "count",
            Action::Read => "read",
            Action::Download => "download",
        }
    }

    pub fn uid(self) -> EntityUid {
        let text = format!("Genofed::Action::\"{}\"", self.name());
        // A constant that parses.
        text.parse().unwrap_or_else(|_| unreachable!("{text}"))
    }
}

/// Decisions for one principal with one purpose and facts.
#[derive(Debug, Clone)]
pub struct Decider {
    policies: PolicySet,
    entities: Entities,
    principal: EntityUid,
    contexts: Vec<cedar_policy::Context>,
}

impl Decider {
    /// Builds the request's entities and contexts, and checks one request per context
    /// against the schema (later requests differ only in action and resource, which the
    /// schema allows for every pair).
    pub fn new(
        policies: &PolicySet,
        schema: &Schema,
        store: &Store,
        resources: &[Entity],
        principal: &Principal,
        purpose: &ResearchPurpose,
        facts: &RequestFacts,
    ) -> Result<Self, PolicyError> {
        let entities =
            request_entities(store, principal, purpose, resources.iter().cloned(), schema)?;
        let contexts = contexts(store, purpose, facts)?;
        let uid = principal.uid()?;
        let first = resources
            .first()
            .map(Entity::uid)
            .ok_or_else(|| PolicyError::Request("the node has no resources".into()))?;
        for c in &contexts {
            Request::new(
                uid.clone(),
                Action::Read.uid(),
                first.clone(),
                c.clone(),
                Some(schema),
            )
            .map_err(|e| PolicyError::Request(e.to_string()))?;
        }
        Ok(Self {
            policies: policies.clone(),
            entities,
            principal: uid,
            contexts,
        })
    }

    /// Whether the principal may do `action` on `resource` (fails closed on any error).
    pub fn decide(&self, action: Action, resource: &EntityUid) -> Outcome {
        authorize_checked(
            &self.policies,
            &self.entities,
            &self.principal,
            &action.uid(),
            resource,
            &self.contexts,
        )
    }

    /// The policies decisions are made with.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }
}
