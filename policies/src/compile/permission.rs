//! The `when` condition of a DUO permission.

use genofed_ontologies::duo::Permission;

use super::quote;

/// `None`: permitted whatever the purpose (NRES, GRU).
pub(super) fn condition(p: &Permission) -> Option<String> {
    match p {
        Permission::Nres | Permission::Gru => None,
        Permission::Poa => Some(r#"context.purpose.category == "population_ancestry""#.into()),
        Permission::Hmb => Some(
            "!context.purpose.population_ancestry &&\n  \
             [\"biomedical\", \"disease\"].contains(context.purpose.category)"
                .into(),
        ),
        Permission::Ds { diseases } => {
            let set: Vec<String> = diseases
                .iter()
                .map(|d| format!("Genofed::Term::{}", quote(d)))
                .collect();
            Some(format!(
                "!context.purpose.population_ancestry &&\n  \
                 context.purpose.category == \"disease\" &&\n  \
                 context.purpose has disease &&\n  \
                 context.purpose.disease in [{}]",
                set.join(", ")
            ))
        }
    }
}
