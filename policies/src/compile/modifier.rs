//! The `unless` condition of a DUO modifier: what must hold for the data to be used.

use genofed_ontologies::duo::Modifier;
use genofed_ontologies::duo::region::{EEA_EXTRA, EU};

use super::quote;

fn attested(code: &str) -> String {
    format!("context.attestations.contains({})", quote(code))
}

fn set(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn researcher(attr: &str, test: &str) -> String {
    format!("principal is Genofed::Researcher &&\n  principal has {attr} &&\n  {test}")
}

const NOT_FOR_PROFIT: &str = r#"principal.organisation_type == "not_for_profit""#;
const NON_COMMERCIAL: &str = "context has commercial &&\n  !context.commercial";

/// `None` for modifiers that restrict nothing (CC grants clinical care).
pub(super) fn restriction(m: &Modifier) -> Option<String> {
    Some(match m {
        Modifier::Rs => attested("RS"),
        Modifier::Irb => attested("IRB"),
        Modifier::Col => attested("COL"),
        Modifier::Pub => attested("PUB"),
        Modifier::Rtn => attested("RTN"),
        Modifier::Nmds => "!context.purpose.methods_development".into(),
        Modifier::Gso => "context.purpose.genetic".into(),
        Modifier::Npoa => "!context.purpose.population_ancestry".into(),
        Modifier::Cc => return None,
        Modifier::Npu => researcher("organisation_type", NOT_FOR_PROFIT),
        Modifier::Ncu => NON_COMMERCIAL.into(),
        Modifier::Npuncu => format!(
            "{} &&\n  {NON_COMMERCIAL}",
            researcher("organisation_type", NOT_FOR_PROFIT)
        ),
        Modifier::Gs { regions } => {
            let mut countries: Vec<String> = Vec::new();
            for r in regions {
                let codes: Vec<&str> = match r.as_str() {
                    "EU" => EU.to_vec(),
                    "EEA" => EU.iter().chain(EEA_EXTRA).copied().collect(),
                    code => vec![code],
                };
                for c in codes {
                    if !countries.iter().any(|x| x == c) {
                        countries.push(c.to_string());
                    }
                }
            }
            researcher(
                "country",
                &format!("{}.contains(principal.country)", set(&countries)),
            )
        }
        Modifier::Mor { until } => {
            format!("context.today >= {} || {}", until.days(), attested("MOR"))
        }
        Modifier::Ts { months, start } => match start {
            Some(start) => format!("context.today < {}", start.add_months(*months).days()),
            // Months from the access grant. The end day is capped at 28 so that no month
            // is too short for it: the use may end up to 3 days early, never late.
            None => format!(
                "context has access_granted_month &&\n  \
                 context has access_granted_day &&\n  \
                 (context.today_month < context.access_granted_month + {months} ||\n   \
                 (context.today_month == context.access_granted_month + {months} &&\n    \
                 context.today_day < context.access_granted_day &&\n    \
                 context.today_day < 28))"
            ),
        },
        Modifier::Us { users } => {
            let uids: Vec<String> = users
                .iter()
                .map(|u| format!("Genofed::Researcher::{}", quote(u)))
                .collect();
            format!("principal in [{}]", uids.join(", "))
        }
        Modifier::Ps { projects } => {
            format!(
                "context has project &&\n  {}.contains(context.project)",
                set(projects)
            )
        }
        Modifier::Is { institutions } => researcher(
            "institution",
            &format!("{}.contains(principal.institution)", set(institutions)),
        ),
    })
}
