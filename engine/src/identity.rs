//! Who a request comes from: a GA4GH Passport verified against the issuers the node
//! trusts ([`genofed_policies::passport`]), its grants mapped to the node's datasets; or,
//! without a token, the anonymous principal.

use std::sync::Arc;

use genofed_policies::Principal;
use genofed_policies::passport::{Grant, Passport, PassportError, Verifier};

use crate::EngineError;
use crate::config::{GrantsConfig, NodeConfig};

/// Why a request has no principal. Front ends answer 401 / `Unauthenticated`.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("this node accepts no passports (its config has no `[passports]`)")]
    NoPassports,
    #[error("passport rejected: {0}")]
    Passport(#[from] PassportError),
}

/// The node's passport verifier and how grants map to its datasets.
pub struct Identities {
    verifier: Option<Verifier>,
    grants: Vec<(String, GrantsConfig)>,
}

impl std::fmt::Debug for Identities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identities")
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

impl Identities {
    /// Loads the trusted issuers' key files.
    pub fn new(config: &NodeConfig) -> Result<Self, EngineError> {
        let verifier = match &config.passports {
            Some(p) => Some(
                Verifier::new(p.clone())
                    .map_err(|e| EngineError::Invalid(format!("[passports]: {e}")))?,
            ),
            None => None,
        };
        let grants = config
            .datasets
            .iter()
            .map(|(name, ds)| (name.clone(), ds.grants.clone()))
            .collect();
        Ok(Self { verifier, grants })
    }

    pub fn verifier(&self) -> Option<&Verifier> {
        self.verifier.as_ref()
    }

    /// The node's datasets a grant opens: those listing its value (by default, a dataset
    /// is granted by its own id), from one of their DACs if they name any.
    pub fn datasets(&self, grant: &Grant) -> Vec<String> {
        self.grants
            .iter()
            .filter(|(name, g)| {
                let value = if g.values.is_empty() {
                    grant.value == *name
                } else {
                    g.values.contains(&grant.value)
                };
                value && (g.sources.is_empty() || g.sources.contains(&grant.source))
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The principal of a request: verified from `token`, or anonymous without one.
    /// Verifying may fetch an issuer's key set (blocking, at most 5 s): call it from a
    /// blocking context.
    pub fn principal(
        &self,
        token: Option<&str>,
    ) -> Result<(Principal, Option<Arc<Passport>>), IdentityError> {
        let Some(token) = token else {
            return Ok((Principal::Anonymous, None));
        };
        let verifier = self.verifier.as_ref().ok_or(IdentityError::NoPassports)?;
        let passport = verifier.verify(token)?;
        let researcher = passport.identity().researcher(|g| self.datasets(g));
        Ok((Principal::Researcher(researcher), Some(passport)))
    }
}
