//! Deciding one request: every context must be allowed, and an evaluation error anywhere
//! is a denial (Cedar skips a policy whose condition errors; a skipped `forbid` must not
//! open the data).

use cedar_policy::{Authorizer, Decision, Entities, EntityUid, PolicySet, Request, Schema};

use crate::PolicyError;

/// The outcome of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub allowed: bool,
    /// The `@id`s (else Cedar ids) of the policies that decided, sorted: the permits that
    /// allowed, or the forbids that denied.
    pub policies: Vec<String>,
    /// Evaluation errors (each a denial).
    pub errors: Vec<String>,
}

/// Authorizes `principal` doing `action` on `resource` under each of `contexts`.
pub fn authorize(
    policies: &PolicySet,
    entities: &Entities,
    schema: &Schema,
    principal: &EntityUid,
    action: &EntityUid,
    resource: &EntityUid,
    contexts: Vec<cedar_policy::Context>,
) -> Result<Outcome, PolicyError> {
    let authorizer = Authorizer::new();
    let mut outcome = Outcome {
        allowed: !contexts.is_empty(),
        policies: Vec::new(),
        errors: Vec::new(),
    };
    for context in contexts {
        let request = Request::new(
            principal.clone(),
            action.clone(),
            resource.clone(),
            context,
            Some(schema),
        )
        .map_err(|e| PolicyError::Request(e.to_string()))?;
        let response = authorizer.is_authorized(&request, policies, entities);
        let diagnostics = response.diagnostics();
        for e in diagnostics.errors() {
            outcome.errors.push(e.to_string());
        }
        let allowed =
            response.decision() == Decision::Allow && diagnostics.errors().next().is_none();
        for id in diagnostics.reason() {
            let name = policies
                .policy(id)
                .and_then(|p| p.annotation("id").map(str::to_string))
                .unwrap_or_else(|| id.to_string());
            if !outcome.policies.contains(&name) {
                outcome.policies.push(name);
            }
        }
        outcome.allowed &= allowed;
    }
    outcome.policies.sort();
    Ok(outcome)
}
