//! Who runs a query, for what purpose, with which facts.

use std::path::Path;

use genofed_ontologies::Date;
use genofed_ontologies::duo::{Organisation, RequestFacts, ResearchPurpose};
use genofed_policies::{Principal, Researcher};
use serde::Deserialize;

use crate::EngineError;

/// A remote principal's request: the principal (from a verified GA4GH Passport, or a
/// principal file), the declared research purpose, and the facts of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    pub principal: Principal,
    pub purpose: ResearchPurpose,
    pub facts: RequestFacts,
}

impl Requester {
    /// A short description for explanations: `alice (purpose DUO:0000007 DS)`.
    pub fn describe(&self) -> String {
        let who = match &self.principal {
            Principal::Researcher(r) => format!("researcher `{}`", r.id),
            Principal::Anonymous => "anonymous".to_string(),
        };
        let mut purpose = self.purpose.term.id.to_string();
        if let Some(short) = self.purpose.term.shorthand {
            purpose.push_str(&format!(" {short}"));
        }
        if !self.purpose.diseases.is_empty() {
            purpose.push_str(&format!(" ({})", self.purpose.diseases.join(", ")));
        }
        format!("{who}, purpose {purpose}")
    }
}

/// A principal file (TOML), for operators running as a researcher
/// (`genofed sql --as alice.toml`) and for policy tests:
///
/// ```toml
/// id = "alice@example.org"
/// issuer = "https://login.elixir-czech.org/oidc/"
/// bona_fide = true
/// country = "FI"
/// institution = "University of Helsinki"
/// organisation_type = "not_for_profit"
/// affiliations = ["faculty@helsinki.fi"]
/// roles = []
/// accepted_terms = []
/// grants = [{ dataset = "cohort", expires = "2027-12-31" }]
/// ```
///
/// `anonymous = true` (and nothing else) is a request without a passport.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalFile {
    #[serde(default)]
    pub anonymous: bool,
    pub id: Option<String>,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub bona_fide: bool,
    pub country: Option<String>,
    pub institution: Option<String>,
    pub organisation_type: Option<String>,
    #[serde(default)]
    pub affiliations: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub accepted_terms: Vec<String>,
    #[serde(default)]
    pub grants: Vec<GrantEntry>,
}

/// A dataset a DAC granted, until a day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantEntry {
    pub dataset: String,
    pub expires: Date,
}

impl PrincipalFile {
    /// Reads a principal file.
    pub fn from_file(path: &Path) -> Result<Self, EngineError> {
        let text = std::fs::read_to_string(path).map_err(|source| EngineError::ReadConfig {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| EngineError::ParseConfig {
            path: path.to_path_buf(),
            source: Box::new(e),
        })
    }

    /// The principal it describes.
    pub fn principal(&self) -> Result<Principal, EngineError> {
        if self.anonymous {
            if self.id.is_some() {
                return Err(EngineError::Invalid(
                    "a principal is either `anonymous = true` or has an `id`, not both".into(),
                ));
            }
            return Ok(Principal::Anonymous);
        }
        let id = self
            .id
            .clone()
            .filter(|i| !i.is_empty())
            .ok_or_else(|| EngineError::Invalid("a principal needs an `id`".into()))?;
        let organisation = organisation(self.organisation_type.as_deref())?;
        Ok(Principal::Researcher(Researcher {
            id,
            issuer: self.issuer.clone(),
            bona_fide: self.bona_fide,
            affiliations: self.affiliations.clone(),
            roles: self.roles.clone(),
            accepted_terms: self.accepted_terms.clone(),
            grants: self
                .grants
                .iter()
                .map(|g| (g.dataset.clone(), g.expires.days()))
                .collect(),
            country: self.country.clone(),
            institution: self.institution.clone(),
            organisation,
        }))
    }
}

/// An `organisation_type`: `not_for_profit` or `for_profit`.
pub fn organisation(kind: Option<&str>) -> Result<Option<Organisation>, EngineError> {
    match kind {
        None => Ok(None),
        Some("not_for_profit") => Ok(Some(Organisation::NotForProfit)),
        Some("for_profit") => Ok(Some(Organisation::ForProfit)),
        Some(other) => Err(EngineError::Invalid(format!(
            "`organisation_type` `{other}` is not `not_for_profit` or `for_profit`"
        ))),
    }
}

/// The facts a researcher's identity supplies to DUO matching (user, country,
/// institution, organisation), added to `facts`.
pub fn identity_facts(principal: &Principal, facts: &mut RequestFacts) {
    if let Principal::Researcher(r) = principal {
        facts.user.get_or_insert_with(|| r.id.clone());
        if facts.country.is_none() {
            facts.country.clone_from(&r.country);
        }
        if facts.institution.is_none() {
            facts.institution.clone_from(&r.institution);
        }
        if facts.organisation.is_none() {
            facts.organisation = r.organisation;
        }
    }
}

impl Requester {
    /// A request of `principal` for `purpose`: the principal's identity facts (user,
    /// country, institution, organisation) join `facts`, and grants that expired before
    /// `facts.today` are dropped, so they grant nothing.
    pub fn new(
        mut principal: Principal,
        purpose: ResearchPurpose,
        mut facts: RequestFacts,
    ) -> Self {
        identity_facts(&principal, &mut facts);
        if let Principal::Researcher(r) = &mut principal {
            let today = facts.today.days();
            r.grants.retain(|(_, expires)| *expires >= today);
        }
        Self {
            principal,
            purpose,
            facts,
        }
    }
}
