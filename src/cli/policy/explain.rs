//! `genofed policy explain`: a requester's decisions on a node, table by table, with each
//! DUO term's outcome and the Cedar policies that decided.

use std::io::Write;

use genofed_engine::Node;
use genofed_engine::access::{Access, Mode, Requester};
use genofed_engine::genofed_policies::{Action, dataset_uid};
use genofed_ontologies::duo;

use crate::cli::CliError;

/// One line per table: `read`, `read, filtered (n participants)`, `count only (k = 5)`,
/// or `denied: …`.
pub fn table_line(access: &Access, dataset: &str, table: &str) -> String {
    let Some(t) = access.table(dataset, table) else {
        return "unknown table".into();
    };
    let mut line = match &t.mode {
        Mode::Read => "read".to_string(),
        Mode::CountOnly { k } => format!("count only (groups of at least {k} individuals)"),
        Mode::Denied { reason } => return format!("denied: {reason}"),
    };
    if let Some(ex) = &t.excluded {
        line.push_str(&format!(
            ", filtered by consent ({} participant ids left out)",
            ex.len()
        ));
    }
    for (column, mask) in &t.masks {
        line.push_str(&format!(", `{column}` masked ({mask:?})"));
    }
    line
}

pub fn explain(
    node: &Node,
    requester: Requester,
    only: Option<&str>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let decider = node.decider(&requester)?;
    writeln!(out, "request: {}", requester.describe())?;
    let store = node.ontologies();
    let access = node.access(requester.clone())?;
    for (name, ds) in &node.config().datasets {
        if only.is_some_and(|d| d != name) {
            continue;
        }
        writeln!(out, "\ndataset `{name}`")?;
        for action in [
            Action::Discover,
            Action::Count,
            Action::Read,
            Action::Download,
        ] {
            let o = decider.decide(action, &dataset_uid(name));
            let verdict = if o.allowed { "allow" } else { "deny" };
            writeln!(
                out,
                "  {:<9} {verdict:<5} ({})",
                action.name(),
                deciding(&o)
            )?;
            for e in &o.errors {
                writeln!(out, "    evaluation error (denies): {e}")?;
            }
        }
        if let Some(spec) = &ds.consent {
            let conditions = spec.resolve(store)?;
            writeln!(
                out,
                "  DUO matching of its consent: {}",
                indent(&duo::decide(
                    store,
                    &conditions,
                    &requester.purpose,
                    &requester.facts
                ))
            )?;
        }
        for (group, g) in &ds.consent_groups {
            let conditions = g.consent.resolve(store)?;
            let o = decider.decide(Action::Read, &dataset_uid(&format!("{name}/{group}")));
            writeln!(
                out,
                "  consent group `{group}` ({} participants): read {} ({}); DUO matching: {}",
                g.individuals.len(),
                if o.allowed { "allow" } else { "deny" },
                deciding(&o),
                indent(&duo::decide(
                    store,
                    &conditions,
                    &requester.purpose,
                    &requester.facts
                ))
            )?;
        }
        if let Some(d) = access.datasets.get(name) {
            for table in d.tables.keys() {
                writeln!(
                    out,
                    "  table {name}.{table}: {}",
                    table_line(&access, name, table)
                )?;
            }
        }
    }
    Ok(())
}

/// The policies that decided, or that none applied.
fn deciding(o: &genofed_engine::genofed_policies::Outcome) -> String {
    if o.policies.is_empty() {
        "no policy applies".to_string()
    } else {
        o.policies.join(", ")
    }
}

fn indent(d: &duo::Decision) -> String {
    d.to_string().replace('\n', "\n  ")
}
