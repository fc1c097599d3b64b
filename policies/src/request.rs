//! Who asks, for what purpose, with which facts: a Cedar principal entity and request
//! context.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{Context, Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression};
use genofed_ontologies::Store;
use genofed_ontologies::duo::{Attestation, Category, Organisation, RequestFacts, ResearchPurpose};

use crate::PolicyError;
use crate::terms::term_uid;

/// A researcher's attributes (from a verified GA4GH Passport), or nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Researcher(Researcher),
    Anonymous,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Researcher {
    pub id: String,
    pub issuer: String,
    pub bona_fide: bool,
    pub affiliations: Vec<String>,
    pub roles: Vec<String>,
    pub accepted_terms: Vec<String>,
    /// (dataset, expiry in days since 1970-01-01).
    pub grants: Vec<(String, i64)>,
    pub country: Option<String>,
    pub institution: Option<String>,
    pub organisation: Option<Organisation>,
}

fn uid(ty: &str, id: &str) -> Result<EntityUid, PolicyError> {
    let ty = EntityTypeName::from_str(ty).map_err(|e| PolicyError::Request(e.to_string()))?;
    Ok(EntityUid::from_type_name_and_id(ty, EntityId::new(id)))
}

fn strings(v: &[String]) -> RestrictedExpression {
    RestrictedExpression::new_set(
        v.iter()
            .map(|s| RestrictedExpression::new_string(s.clone())),
    )
}

impl Principal {
    pub fn uid(&self) -> Result<EntityUid, PolicyError> {
        match self {
            Principal::Researcher(r) => uid("Genofed::Researcher", &r.id),
            Principal::Anonymous => uid("Genofed::Anonymous", "anonymous"),
        }
    }

    /// The principal as a Cedar entity.
    pub fn entity(&self) -> Result<Entity, PolicyError> {
        let mut attrs = HashMap::new();
        if let Principal::Researcher(r) = self {
            let s = |v: &str| RestrictedExpression::new_string(v.to_string());
            attrs.insert("issuer".into(), s(&r.issuer));
            attrs.insert(
                "bona_fide".into(),
                RestrictedExpression::new_bool(r.bona_fide),
            );
            attrs.insert("affiliations".into(), strings(&r.affiliations));
            attrs.insert("roles".into(), strings(&r.roles));
            attrs.insert("accepted_terms".into(), strings(&r.accepted_terms));
            let grants = r.grants.iter().map(|(d, expires)| {
                RestrictedExpression::new_record([
                    ("dataset".to_string(), s(d)),
                    (
                        "expires".to_string(),
                        RestrictedExpression::new_long(*expires),
                    ),
                ])
                .unwrap_or_else(|_| unreachable!("distinct keys"))
            });
            attrs.insert("grants".into(), RestrictedExpression::new_set(grants));
            let granted: Vec<String> = r.grants.iter().map(|(d, _)| d.clone()).collect();
            attrs.insert("granted".into(), strings(&granted));
            if let Some(c) = &r.country {
                attrs.insert("country".into(), s(&c.to_ascii_uppercase()));
            }
            if let Some(i) = &r.institution {
                attrs.insert("institution".into(), s(i));
            }
            if let Some(o) = r.organisation {
                let t = match o {
                    Organisation::NotForProfit => "not_for_profit",
                    Organisation::ForProfit => "for_profit",
                };
                attrs.insert("organisation_type".into(), s(t));
            }
        }
        Entity::new(self.uid()?, attrs, HashSet::new())
            .map_err(|e| PolicyError::Request(e.to_string()))
    }
}

fn attestation(a: Attestation) -> &'static str {
    match a {
        Attestation::EthicsApproval => "IRB",
        Attestation::Collaboration => "COL",
        Attestation::Publication => "PUB",
        Attestation::ReturnResults => "RTN",
        Attestation::Moratorium => "MOR",
        Attestation::ResearchType => "RS",
    }
}

fn category(c: Category) -> &'static str {
    match c {
        Category::General => "general",
        Category::Biomedical => "biomedical",
        Category::Disease => "disease",
        Category::PopulationAncestry => "population_ancestry",
    }
}

type Pairs = Vec<(String, RestrictedExpression)>;

fn record(pairs: Pairs) -> Result<RestrictedExpression, PolicyError> {
    RestrictedExpression::new_record(pairs).map_err(|e| PolicyError::Request(e.to_string()))
}

/// The contexts of a request: one per disease of the purpose (a purpose naming several
/// diseases is allowed only if each is), or one without a disease. Diseases are resolved
/// in `store` (alternative ids to their term); one it lacks is an error. Built from typed
/// values (no JSON); the request is checked against the schema when it is made.
pub fn contexts(
    store: &Store,
    purpose: &ResearchPurpose,
    facts: &RequestFacts,
) -> Result<Vec<Context>, PolicyError> {
    let month = |d: genofed_ontologies::Date| i64::from(d.year()) * 12 + i64::from(d.month()) - 1;
    let long = RestrictedExpression::new_long;
    let string = |s: &str| RestrictedExpression::new_string(s.to_string());
    let purpose_pairs = |disease: Option<&str>| -> Pairs {
        let mut p: Pairs = vec![
            (
                "term".into(),
                RestrictedExpression::new_entity_uid(term_uid(purpose.term.id)),
            ),
            ("category".into(), string(category(purpose.category))),
            (
                "methods_development".into(),
                RestrictedExpression::new_bool(purpose.methods_development),
            ),
            (
                "genetic".into(),
                RestrictedExpression::new_bool(purpose.genetic),
            ),
            (
                "population_ancestry".into(),
                RestrictedExpression::new_bool(purpose.population_ancestry),
            ),
            (
                "clinical_care".into(),
                RestrictedExpression::new_bool(purpose.clinical_care),
            ),
        ];
        if let Some(d) = disease {
            p.push((
                "disease".into(),
                RestrictedExpression::new_entity_uid(term_uid(d)),
            ));
        }
        p
    };
    let mut base: Pairs = vec![
        (
            "attestations".into(),
            RestrictedExpression::new_set(
                facts.attestations.iter().map(|a| string(attestation(*a))),
            ),
        ),
        ("today".into(), long(facts.today.days())),
        ("today_month".into(), long(month(facts.today))),
        ("today_day".into(), long(i64::from(facts.today.day()))),
    ];
    if let Some(p) = &facts.project {
        base.push(("project".into(), string(p)));
    }
    if let Some(c) = facts.commercial {
        base.push(("commercial".into(), RestrictedExpression::new_bool(c)));
    }
    if let Some(g) = facts.access_granted {
        base.push(("access_granted_month".into(), long(month(g))));
        base.push(("access_granted_day".into(), long(i64::from(g.day()))));
    }
    let mut diseases = Vec::new();
    for d in &purpose.diseases {
        let id = store
            .resolve(d)
            .map_err(|e| PolicyError::Request(format!("disease `{d}`: {e}")))?;
        diseases.push(Some(store.get(id).id.clone()));
    }
    if diseases.is_empty() {
        diseases.push(None);
    }
    diseases
        .iter()
        .map(|d| {
            let mut pairs = base.clone();
            pairs.push(("purpose".into(), record(purpose_pairs(d.as_deref()))?));
            Context::from_pairs(pairs).map_err(|e| PolicyError::Request(e.to_string()))
        })
        .collect()
}
