//! GA4GH DUO consent compiled into readable, commented Cedar policies.
//!
//! A dataset's data use conditions become one `permit` (the DUO permission: GRU, HMB,
//! DS(X), POA, NRES) and one `forbid … unless` per modifier (IRB, GS, TS, …), each with an
//! `@id` naming the dataset and the DUO term, and a comment with the term's label. Clinical
//! care is refused unless the conditions carry CC (or NRES). The policies govern `count`,
//! `read` and `download`; `discover` is left to the node's own policies.
//!
//! The semantics are those of [`genofed_ontologies::duo::decide`], with "needs attestation"
//! as a denial: a condition that rests on a fact the request does not carry forbids.

mod modifier;
mod permission;

use std::fmt::Write as _;

use genofed_ontologies::Store;
use genofed_ontologies::duo::{DataUse, Permission};

/// The actions DUO consent governs.
pub const GOVERNED: &str =
    r#"[Genofed::Action::"count", Genofed::Action::"read", Genofed::Action::"download"]"#;

/// A Cedar string literal.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DUO term's shorthand (`DS`), or its id: the last part of a policy `@id`.
fn code(term: &genofed_ontologies::duo::DuoTerm) -> &'static str {
    term.shorthand.unwrap_or(term.id)
}

/// A term's id and label, for comments.
pub(crate) fn named(store: &Store, id: &str) -> String {
    match store.term(id).ok().and_then(|t| t.label.clone()) {
        Some(label) => format!("{id} {label}"),
        None => id.to_string(),
    }
}

fn head(kind: &str, id: &str, dataset: &str) -> String {
    format!(
        "@id({})\n{kind} (\n  principal,\n  action in {GOVERNED},\n  resource in Genofed::Dataset::{}\n)",
        quote(id),
        quote(dataset)
    )
}

/// The policy of a controlled-access dataset: counting, reading or downloading it needs a
/// current grant of a Data Access Committee (a ControlledAccessGrants visa the node
/// maps to `dataset`).
pub fn controlled(dataset: &str) -> String {
    format!(
        "// Controlled access: `{dataset}` needs a Data Access Committee's current grant\n\
         // (a GA4GH ControlledAccessGrants visa), besides what its consent admits.\n{}\n\
         unless {{\n  principal is Genofed::Researcher && principal.granted.contains({})\n}};\n",
        head("forbid", &format!("{dataset}.grant"), dataset),
        quote(dataset)
    )
}

/// The Cedar policies of `dataset`'s consent `conditions` (disease labels from `store`).
pub fn compile(dataset: &str, conditions: &DataUse, store: &Store) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Consent of dataset `{dataset}`, compiled from its GA4GH DUO conditions by genofed.\n\
         // Do not edit: change the conditions, or write your own policies in other files."
    );
    let term = conditions.permission.term();
    let _ = writeln!(out, "\n// {} {} ({})", term.id, term.label, code(term));
    if let Permission::Ds { diseases } = &conditions.permission {
        for d in diseases {
            let _ = writeln!(out, "//   disease: {}", named(store, d));
        }
    }
    let id = format!("{dataset}.duo.{}", code(term));
    let _ = write!(out, "{}", head("permit", &id, dataset));
    match permission::condition(&conditions.permission) {
        None => out.push_str(";\n"),
        Some(cond) => {
            let _ = writeln!(out, "\nwhen {{\n  {cond}\n}};");
        }
    }
    let cc = genofed_ontologies::duo::vocabulary::CC;
    if conditions.permission != Permission::Nres && !conditions.has(&cc) {
        let _ = writeln!(
            out,
            "\n// Clinical care is not research: it needs {} {} ({}).",
            cc.id,
            cc.label,
            code(&cc)
        );
        let _ = write!(
            out,
            "{}",
            head("forbid", &format!("{dataset}.duo.clinical_care"), dataset)
        );
        let _ = writeln!(out, "\nwhen {{\n  context.purpose.clinical_care\n}};");
    }
    for m in &conditions.modifiers {
        let term = m.term();
        let _ = writeln!(out, "\n// {} {} ({})", term.id, term.label, code(term));
        match modifier::restriction(m) {
            None => {
                let _ = writeln!(out, "// (grants; nothing to forbid)");
            }
            Some(unless) => {
                let id = format!("{dataset}.duo.{}", code(term));
                let _ = write!(out, "{}", head("forbid", &id, dataset));
                let _ = writeln!(out, "\nunless {{\n  {unless}\n}};");
            }
        }
    }
    out
}
