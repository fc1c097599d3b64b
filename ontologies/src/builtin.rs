//! The vocabulary a node has without any ontology file: the DUO terms of
//! [`duo::vocabulary`](crate::duo::vocabulary) and a hand-written MONDO fragment
//! (`builtin/diseases.obo`) for tests and the demo.

use std::path::Path;

use crate::duo::vocabulary::{self, DuoTerm};
use crate::{Draft, DraftTerm, Error, Source, obo};

/// The MONDO fragment, as OBO text.
pub const DISEASES_OBO: &str = include_str!("builtin/diseases.obo");

/// The built-in terms as one draft, and the source that fingerprints them.
pub(crate) fn draft() -> Result<(Draft, Source), Error> {
    let mut draft = obo::parse(Path::new("<builtin diseases.obo>"), DISEASES_OBO.as_bytes())?;
    draft.source = "<builtin>".to_string();
    for (id, label) in [
        (vocabulary::DATA_ITEM, "data item"),
        (vocabulary::INVESTIGATION, "investigation"),
    ] {
        let mut t = DraftTerm::new(id.to_string());
        t.term.label = Some(label.to_string());
        draft.terms.push(t);
    }
    draft.terms.extend(vocabulary::ALL.iter().map(duo_term));
    let fingerprint_text = format!("{DISEASES_OBO}{:?}", vocabulary::ALL);
    Ok((draft, Source::builtin("vocabulary", &fingerprint_text)))
}

fn duo_term(t: &DuoTerm) -> DraftTerm {
    let mut d = DraftTerm::new(t.id.to_string());
    d.term.label = Some(t.label.to_string());
    d.term.shorthand = t.shorthand.map(str::to_string);
    d.parents.push(t.parent.to_string());
    d
}

/// The source fingerprint of the built-in vocabulary of this build, to tell whether a
/// cache made by another genofed version is stale.
pub fn sources() -> Vec<Source> {
    draft().map(|(_, s)| vec![s]).unwrap_or_default()
}
