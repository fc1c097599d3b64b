//! GA4GH DUO matching: data use conditions against a research purpose and request facts.
//!
//! Permissions nest as GRU ⊇ HMB ⊇ DS(X); NRES admits everything and POA only population
//! origins or ancestry research:
//!
//! | purpose category | NRES | GRU | HMB | DS(X) | POA |
//! | --- | --- | --- | --- | --- | --- |
//! | general | ✓ | ✓ | ✗ | ✗ | ✗ |
//! | biomedical | ✓ | ✓ | ✓ | ✗ | ✗ |
//! | disease Y | ✓ | ✓ | ✓ | Y ⊑ some X | ✗ |
//! | population/ancestry | ✓ | ✓ | ✗ | ✗ | ✓ |
//!
//! HMB and DS also refuse purposes that include population origins or ancestry research;
//! clinical care needs CC (unless NRES). Every modifier yields a verdict: decided from the
//! purpose or the request facts, or "needs attestation" when it rests on a statement or a
//! fact the request did not carry. Nothing is skipped.

use super::conditions::{DataUse, Modifier, Permission};
use super::decision::{Decision, Finding, Verdict};
use super::facts::{Attestation, Organisation, RequestFacts};
use super::purpose::{Category, ResearchPurpose};
use super::region;
use super::vocabulary::{self as v, DuoTerm};
use crate::Store;

/// Decides whether `conditions` admit `purpose` for a request with `facts`; disease
/// subsumption is read from `store`.
pub fn decide(
    store: &Store,
    conditions: &DataUse,
    purpose: &ResearchPurpose,
    facts: &RequestFacts,
) -> Decision {
    let mut findings = vec![permission(store, &conditions.permission, purpose)];
    if purpose.clinical_care && !conditions.has(&v::CC) && conditions.permission != Permission::Nres
    {
        findings.push(finding(
            &v::CC,
            Verdict::Violated,
            format!(
                "the purpose is clinical care, which {} does not grant without CC",
                conditions.permission.term().name()
            ),
        ));
    }
    for m in &conditions.modifiers {
        findings.push(modifier(m, purpose, facts));
    }
    Decision::from_findings(findings)
}

fn finding(term: &'static DuoTerm, verdict: Verdict, reason: impl Into<String>) -> Finding {
    Finding {
        term,
        verdict,
        reason: reason.into(),
    }
}

fn describe(store: &Store, id: &str) -> String {
    store
        .term(id)
        .map_or_else(|_| format!("`{id}`"), |t| format!("`{}`", t.display_name()))
}

fn permission(store: &Store, p: &Permission, purpose: &ResearchPurpose) -> Finding {
    use Verdict::{Satisfied, Violated};
    let term = p.term();
    let declared = purpose.term.name();
    let ancestry =
        "the purpose includes population origins or ancestry research, which is excluded";
    match p {
        Permission::Nres => finding(term, Satisfied, "no restriction on use"),
        Permission::Gru => finding(
            term,
            Satisfied,
            format!("general research use admits any research purpose, including {declared}"),
        ),
        Permission::Poa => match purpose.category {
            Category::PopulationAncestry => finding(
                term,
                Satisfied,
                format!("{declared} is population origins or ancestry research"),
            ),
            _ => finding(
                term,
                Violated,
                format!(
                    "use is limited to population origins or ancestry research; the purpose is {declared}"
                ),
            ),
        },
        Permission::Hmb => match purpose.category {
            _ if purpose.population_ancestry => finding(term, Violated, ancestry),
            Category::Biomedical | Category::Disease => finding(
                term,
                Satisfied,
                format!("{declared} is health, medical or biomedical research"),
            ),
            Category::General | Category::PopulationAncestry => finding(
                term,
                Violated,
                format!(
                    "use is limited to health, medical or biomedical research; the purpose is {declared}"
                ),
            ),
        },
        Permission::Ds { diseases } => {
            let allowed: Vec<String> = diseases.iter().map(|d| describe(store, d)).collect();
            if purpose.population_ancestry {
                return finding(term, Violated, ancestry);
            }
            if purpose.category != Category::Disease || purpose.diseases.is_empty() {
                return finding(
                    term,
                    Violated,
                    format!(
                        "use is limited to research on {}; the purpose {declared} names no disease",
                        allowed.join(", ")
                    ),
                );
            }
            let mut reasons = Vec::new();
            for y in &purpose.diseases {
                let Ok(yid) = store.resolve(y) else {
                    return finding(
                        term,
                        Violated,
                        format!("the purpose's disease `{y}` is not in the loaded ontologies"),
                    );
                };
                let covering = diseases
                    .iter()
                    .find(|x| store.resolve(x).is_ok_and(|xid| store.is_a(yid, xid)));
                match covering {
                    Some(x) => reasons.push(format!(
                        "{} is a {}",
                        describe(store, y),
                        describe(store, x)
                    )),
                    None => {
                        return finding(
                            term,
                            Violated,
                            format!(
                                "{} is not subsumed by {}",
                                describe(store, y),
                                allowed.join(" or ")
                            ),
                        );
                    }
                }
            }
            finding(term, Satisfied, reasons.join("; "))
        }
    }
}

fn attested(term: &'static DuoTerm, facts: &RequestFacts, a: Attestation) -> Finding {
    if facts.attestations.contains(&a) {
        finding(
            term,
            Verdict::Satisfied,
            format!("attested: {}", a.describe()),
        )
    } else {
        finding(
            term,
            Verdict::NeedsAttestation,
            format!("requires {}", a.describe()),
        )
    }
}

fn listed(term: &'static DuoTerm, what: &str, value: Option<&String>, list: &[String]) -> Finding {
    match value {
        None => finding(
            term,
            Verdict::Violated,
            format!(
                "the request names no {what}; use is limited to {}",
                list.join(", ")
            ),
        ),
        Some(v) if list.contains(v) => finding(
            term,
            Verdict::Satisfied,
            format!("{what} `{v}` is approved"),
        ),
        Some(v) => finding(
            term,
            Verdict::Violated,
            format!(
                "{what} `{v}` is not among the approved: {}",
                list.join(", ")
            ),
        ),
    }
}

fn not_for_profit(facts: &RequestFacts) -> (Verdict, String) {
    match facts.organisation {
        Some(Organisation::NotForProfit) => (
            Verdict::Satisfied,
            "the organisation is not for profit".into(),
        ),
        Some(Organisation::ForProfit) => {
            (Verdict::Violated, "the organisation is for profit".into())
        }
        None => (
            Verdict::NeedsAttestation,
            "the organisation type is not known".into(),
        ),
    }
}

fn non_commercial(facts: &RequestFacts) -> (Verdict, String) {
    match facts.commercial {
        Some(false) => (Verdict::Satisfied, "the use is non-commercial".into()),
        Some(true) => (Verdict::Violated, "the use is commercial".into()),
        None => (
            Verdict::NeedsAttestation,
            "whether the use is commercial is not known".into(),
        ),
    }
}

fn modifier(m: &Modifier, purpose: &ResearchPurpose, facts: &RequestFacts) -> Finding {
    use Verdict::{NeedsAttestation, Satisfied, Violated};
    let term = m.term();
    match m {
        Modifier::Rs => attested(term, facts, Attestation::ResearchType),
        Modifier::Irb => attested(term, facts, Attestation::EthicsApproval),
        Modifier::Col => attested(term, facts, Attestation::Collaboration),
        Modifier::Pub => attested(term, facts, Attestation::Publication),
        Modifier::Rtn => attested(term, facts, Attestation::ReturnResults),
        Modifier::Nmds if purpose.methods_development => {
            finding(term, Violated, "the purpose is methods development")
        }
        Modifier::Nmds => finding(term, Satisfied, "the purpose is not methods development"),
        Modifier::Gso if purpose.genetic => {
            finding(term, Satisfied, "the purpose includes genetic research")
        }
        Modifier::Gso => finding(
            term,
            Violated,
            "use is limited to genetic studies; the purpose does not declare genetic research",
        ),
        Modifier::Npoa if purpose.population_ancestry => finding(
            term,
            Violated,
            "the purpose includes population origins or ancestry research",
        ),
        Modifier::Npoa => finding(
            term,
            Satisfied,
            "the purpose excludes population origins or ancestry research",
        ),
        Modifier::Cc if purpose.clinical_care => {
            finding(term, Satisfied, "clinical care use is granted")
        }
        Modifier::Cc => finding(
            term,
            Satisfied,
            "clinical care use is granted (the purpose is research)",
        ),
        Modifier::Npu => {
            let (verdict, reason) = not_for_profit(facts);
            finding(term, verdict, reason)
        }
        Modifier::Ncu => {
            let (verdict, reason) = non_commercial(facts);
            finding(term, verdict, reason)
        }
        Modifier::Npuncu => {
            let (a, b) = (not_for_profit(facts), non_commercial(facts));
            let verdict = [a.0, b.0].into_iter().max_by_key(|v| match v {
                Satisfied => 0,
                NeedsAttestation => 1,
                Violated => 2,
            });
            finding(
                term,
                verdict.unwrap_or(Violated),
                format!("{}; {}", a.1, b.1),
            )
        }
        Modifier::Gs { regions } => match &facts.country {
            None => finding(
                term,
                NeedsAttestation,
                format!(
                    "the researcher's country is not known; use is limited to {}",
                    regions.join(", ")
                ),
            ),
            Some(c) => match regions.iter().find(|r| region::contains(r, c)) {
                Some(r) => finding(term, Satisfied, format!("`{c}` is within `{r}`")),
                None => finding(
                    term,
                    Violated,
                    format!("`{c}` is outside {}", regions.join(", ")),
                ),
            },
        },
        Modifier::Mor { until } => {
            if facts.today >= *until {
                finding(
                    term,
                    Satisfied,
                    format!("the publication moratorium ended on {until}"),
                )
            } else if facts.attestations.contains(&Attestation::Moratorium) {
                finding(
                    term,
                    Satisfied,
                    format!("attested: no publication before {until}"),
                )
            } else {
                finding(
                    term,
                    NeedsAttestation,
                    format!("requires agreement not to publish before {until}"),
                )
            }
        }
        Modifier::Ts { months, start } => match start.or(facts.access_granted) {
            None => finding(
                term,
                NeedsAttestation,
                format!(
                    "use is limited to {months} months from the access grant, whose date is not known"
                ),
            ),
            Some(start) => {
                let end = start.add_months(*months);
                if facts.today < end {
                    finding(
                        term,
                        Satisfied,
                        format!("use is approved until {end} ({months} months from {start})"),
                    )
                } else {
                    finding(
                        term,
                        Violated,
                        format!("use expired on {end} ({months} months from {start})"),
                    )
                }
            }
        },
        Modifier::Us { users } => listed(term, "user", facts.user.as_ref(), users),
        Modifier::Ps { projects } => listed(term, "project", facts.project.as_ref(), projects),
        Modifier::Is { institutions } => listed(
            term,
            "institution",
            facts.institution.as_ref(),
            institutions,
        ),
    }
}
