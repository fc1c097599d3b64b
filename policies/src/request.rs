//! Who asks, for what purpose, with which facts: a Cedar principal entity and request
//! context.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{Context, Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression};
use genofed_ontologies::Store;
use genofed_ontologies::duo::{Attestation, Category, Organisation, RequestFacts, ResearchPurpose};
use serde_json::{Value, json};

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

fn entity_json(uid: &EntityUid) -> Value {
    json!({ "__entity": { "type": uid.type_name().to_string(), "id": uid.id().unescaped() } })
}

/// The contexts of a request: one per disease of the purpose (a purpose naming several
/// diseases is allowed only if each is), or one without a disease. Diseases are resolved
/// in `store` (alternative ids to their term); one it lacks is an error.
pub fn contexts(
    store: &Store,
    purpose: &ResearchPurpose,
    facts: &RequestFacts,
    schema: &cedar_policy::Schema,
    action: &EntityUid,
) -> Result<Vec<Context>, PolicyError> {
    let month = |d: genofed_ontologies::Date| i64::from(d.year()) * 12 + i64::from(d.month()) - 1;
    let mut base = json!({
        "purpose": {
            "term": entity_json(&term_uid(purpose.term.id)),
            "category": category(purpose.category),
            "methods_development": purpose.methods_development,
            "genetic": purpose.genetic,
            "population_ancestry": purpose.population_ancestry,
            "clinical_care": purpose.clinical_care,
        },
        "attestations": facts.attestations.iter().map(|a| attestation(*a)).collect::<Vec<_>>(),
        "today": facts.today.days(),
        "today_month": month(facts.today),
        "today_day": i64::from(facts.today.day()),
    });
    if let Some(p) = &facts.project {
        base["project"] = json!(p);
    }
    if let Some(c) = facts.commercial {
        base["commercial"] = json!(c);
    }
    if let Some(g) = facts.access_granted {
        base["access_granted_month"] = json!(month(g));
        base["access_granted_day"] = json!(i64::from(g.day()));
    }
    let mut diseases = Vec::new();
    for d in &purpose.diseases {
        let id = store
            .resolve(d)
            .map_err(|e| PolicyError::Request(format!("disease `{d}`: {e}")))?;
        diseases.push(store.get(id).id.clone());
    }
    let with: Vec<Value> = if diseases.is_empty() {
        vec![base]
    } else {
        diseases
            .iter()
            .map(|d| {
                let mut v = base.clone();
                v["purpose"]["disease"] = entity_json(&term_uid(d));
                v
            })
            .collect()
    };
    with.into_iter()
        .map(|v| {
            Context::from_json_value(v, Some((schema, action)))
                .map_err(|e| PolicyError::Request(e.to_string()))
        })
        .collect()
}
