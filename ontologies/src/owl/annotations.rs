//! The annotation assertions genofed keeps, gathered per subject IRI.

use std::collections::HashMap;

use horned_owl::model::{
    AnnotationAssertion, AnnotationSubject, AnnotationValue, DataPropertyAssertion, Individual,
    Literal, RcStr,
};

use crate::{Synonym, SynonymScope, Term, curie};

const OBO_IN_OWL: &str = "http://www.geneontology.org/formats/oboInOwl#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OWL_DEPRECATED: &str = "http://www.w3.org/2002/07/owl#deprecated";
const IAO_DEFINITION: &str = "http://purl.obolibrary.org/obo/IAO_0000115";
const IAO_REPLACED_BY: &str = "http://purl.obolibrary.org/obo/IAO_0100001";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Property {
    Id,
    Label,
    Definition,
    Synonym(SynonymScope),
    AltId,
    Deprecated,
    ReplacedBy,
    Shorthand,
}

fn property(iri: &str) -> Option<Property> {
    Some(match iri {
        RDFS_LABEL => Property::Label,
        IAO_DEFINITION => Property::Definition,
        OWL_DEPRECATED => Property::Deprecated,
        IAO_REPLACED_BY => Property::ReplacedBy,
        _ => match iri.strip_prefix(OBO_IN_OWL)? {
            "id" => Property::Id,
            "hasExactSynonym" => Property::Synonym(SynonymScope::Exact),
            "hasBroadSynonym" => Property::Synonym(SynonymScope::Broad),
            "hasNarrowSynonym" => Property::Synonym(SynonymScope::Narrow),
            "hasRelatedSynonym" => Property::Synonym(SynonymScope::Related),
            "hasAlternativeId" => Property::AltId,
            "shorthand" => Property::Shorthand,
            _ => return None,
        },
    })
}

/// A value: literal text (with its language, if tagged) or an IRI.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Text { text: String, lang: Option<String> },
    Iri(String),
}

fn text(l: &Literal<RcStr>) -> Value {
    match l {
        Literal::Simple { literal } | Literal::Datatype { literal, .. } => Value::Text {
            text: literal.clone(),
            lang: None,
        },
        Literal::Language { literal, lang } => Value::Text {
            text: literal.clone(),
            lang: Some(lang.clone()),
        },
    }
}

#[derive(Default)]
pub(super) struct Annotations(HashMap<String, Vec<(Property, Value)>>);

impl Annotations {
    pub(super) fn add(&mut self, a: &AnnotationAssertion<RcStr>) {
        let AnnotationSubject::IRI(subject) = &a.subject else {
            return;
        };
        let value = match &a.ann.av {
            AnnotationValue::Literal(l) => text(l),
            AnnotationValue::IRI(iri) => Value::Iri(iri.to_string()),
            AnnotationValue::AnonymousIndividual(_) => return,
        };
        self.push(subject, &a.ann.ap.0, value);
    }

    /// A data property assertion on a punned class. Lax RDF reading turns annotations
    /// whose property is declared only in a missing import (DUO's `IAO:0000115`
    /// definitions and `IAO:0100001` replacements; IAO is not loaded) into these.
    pub(super) fn add_data(&mut self, a: &DataPropertyAssertion<RcStr>) {
        let Individual::Named(subject) = &a.from else {
            return;
        };
        self.push(&subject.0, &a.dp.0, text(&a.to));
    }

    fn push(&mut self, subject: &str, property_iri: &str, value: Value) {
        if let Some(p) = property(property_iri) {
            self.0
                .entry(subject.to_string())
                .or_default()
                .push((p, value));
        }
    }

    /// The `oboInOwl:id` of a class, if annotated.
    pub(super) fn id(&self, iri: &str) -> Option<&str> {
        self.0.get(iri)?.iter().find_map(|(p, v)| match (p, v) {
            (Property::Id, Value::Text { text, .. }) if curie::split(text).is_some() => {
                Some(text.as_str())
            }
            _ => None,
        })
    }

    /// Copies the kept annotations of `iri` onto `term`; IRIs in values become ids.
    pub(super) fn apply(&self, iri: &str, term: &mut Term, id_of: &dyn Fn(&str) -> String) {
        let Some(list) = self.0.get(iri) else { return };
        // horned-owl yields components in hash order: sort so which value wins is fixed.
        let mut list = list.clone();
        list.sort();
        // Labels: an English or untagged one first.
        let mut label_rank = u8::MAX;
        for (p, v) in &list {
            match (p, v) {
                (Property::Label, Value::Text { text, lang }) => {
                    let rank = match lang.as_deref() {
                        None => 0,
                        Some(l) if l == "en" || l.starts_with("en-") => 0,
                        Some(_) => 1,
                    };
                    if rank < label_rank {
                        label_rank = rank;
                        term.label = Some(text.clone());
                    }
                }
                (Property::Definition, Value::Text { text, .. }) if term.definition.is_none() => {
                    term.definition = Some(text.clone())
                }
                (Property::Synonym(scope), Value::Text { text, .. }) => {
                    let s = Synonym {
                        text: text.clone(),
                        scope: *scope,
                    };
                    if !term.synonyms.contains(&s) {
                        term.synonyms.push(s);
                    }
                }
                (Property::AltId, Value::Text { text, .. }) => term.alt_ids.push(text.clone()),
                (Property::Deprecated, Value::Text { text, .. }) => {
                    term.obsolete |= text == "true" || text == "1"
                }
                (Property::ReplacedBy, Value::Iri(i)) => term.replaced_by.push(id_of(i)),
                (Property::ReplacedBy, Value::Text { text, .. }) => match curie::split(text) {
                    Some(_) => term.replaced_by.push(text.clone()),
                    None => term.replaced_by.extend(curie::find_in_text(text)),
                },
                (Property::Shorthand, Value::Text { text, .. }) if term.shorthand.is_none() => {
                    term.shorthand = Some(text.clone())
                }
                _ => {}
            }
        }
        for list in [&mut term.alt_ids, &mut term.replaced_by] {
            let mut seen = std::collections::HashSet::new();
            list.retain(|x| seen.insert(x.clone()));
        }
    }
}
