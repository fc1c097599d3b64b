//! Deciding one request: every context must be allowed, and an evaluation error anywhere
//! is a denial (Cedar skips a policy whose condition errors; a skipped `forbid` must not
//! open the data).

use cedar_policy::{
    Authorizer, Context, Decision, Entities, EntityUid, PolicyId, PolicySet, Request, Schema,
};

use crate::PolicyError;

/// The outcome of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub allowed: bool,
    /// The `@id`s (else Cedar ids) of the policies that decided, sorted: the permits that
    /// allowed, or the forbids that denied.
    pub policies: Vec<String>,
    /// The Cedar ids of the same policies.
    pub ids: Vec<PolicyId>,
    /// Evaluation errors (each a denial).
    pub errors: Vec<String>,
}

/// Authorizes `principal` doing `action` on `resource` under each of `contexts`, checking
/// each request against `schema`.
pub fn authorize(
    policies: &PolicySet,
    entities: &Entities,
    schema: &Schema,
    principal: &EntityUid,
    action: &EntityUid,
    resource: &EntityUid,
    contexts: Vec<Context>,
) -> Result<Outcome, PolicyError> {
    for context in &contexts {
        Request::new(
            principal.clone(),
            action.clone(),
            resource.clone(),
            context.clone(),
            Some(schema),
        )
        .map_err(|e| PolicyError::Request(e.to_string()))?;
    }
    Ok(authorize_checked(
        policies, entities, principal, action, resource, &contexts,
    ))
}

/// [`authorize`] for requests already checked against the schema.
pub(crate) fn authorize_checked(
    policies: &PolicySet,
    entities: &Entities,
    principal: &EntityUid,
    action: &EntityUid,
    resource: &EntityUid,
    contexts: &[Context],
) -> Outcome {
    let authorizer = Authorizer::new();
    let mut outcome = Outcome {
        allowed: !contexts.is_empty(),
        policies: Vec::new(),
        ids: Vec::new(),
        errors: Vec::new(),
    };
    for context in contexts {
        let request = match Request::new(
            principal.clone(),
            action.clone(),
            resource.clone(),
            context.clone(),
            None,
        ) {
            Ok(r) => r,
            Err(e) => {
                outcome.allowed = false;
                outcome.errors.push(e.to_string());
                continue;
            }
        };
        let response = authorizer.is_authorized(&request, policies, entities);
        let diagnostics = response.diagnostics();
        for e in diagnostics.errors() {
            outcome.errors.push(e.to_string());
        }
        let allowed =
            response.decision() == Decision::Allow && diagnostics.errors().next().is_none();
        for id in diagnostics.reason() {
            if outcome.ids.contains(id) {
                continue;
            }
            outcome.ids.push(id.clone());
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
    outcome.ids.sort();
    outcome
}
