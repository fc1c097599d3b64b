//! OWL ontologies through horned-owl: RDF/XML, OWL/XML and functional syntax, reduced to
//! the named class hierarchy and the annotations genofed keeps.
//!
//! What is read: declared classes; `SubClassOf` between named classes; named classes in
//! `EquivalentClasses` (merged) and the named operands of an equivalent
//! `ObjectIntersectionOf` (as parents, which is sound: A ≡ B ⊓ R implies A ⊑ B);
//! annotations `oboInOwl:id`, `rdfs:label`, `IAO:0000115` (definition), the four
//! `oboInOwl:has*Synonym`, `oboInOwl:hasAlternativeId`, `owl:deprecated`,
//! `IAO:0100001` (term replaced by) and `oboInOwl:shorthand`. Restrictions (`R some C`)
//! are not is_a and are skipped. RDF is read laxly, so triples that need a missing import
//! (DUO imports IAO) are set aside instead of failing the load; imports are never fetched.

mod annotations;

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::rc::Rc;

use horned_owl::error::{HornedError, Location};
use horned_owl::io::{ParserConfiguration, RDFParserConfiguration};
use horned_owl::model::{AnnotatedComponent, Build, ClassExpression, Component, RcStr};
use horned_owl::ontology::set::SetOntology;

use crate::error::TextPosition;
use crate::{Draft, DraftTerm, Error, Format, curie};
use annotations::Annotations;

const OWL_THING: &str = "http://www.w3.org/2002/07/owl#Thing";
const OBSOLETE_CLASS: &str = "http://www.geneontology.org/formats/oboInOwl#ObsoleteClass";

/// Parses OWL `bytes` (from `path`, named in errors) in `format`.
pub fn read(path: &Path, bytes: &[u8], format: Format) -> Result<Draft, Error> {
    let build: Build<RcStr> = Build::new();
    let mut config = ParserConfiguration::new(&build);
    config.lax = true;
    config.local_only = true;
    let mut input = Cursor::new(bytes);
    let fail = |e: HornedError| owl_error(path, bytes, e);
    let (ontology, prefixes): (SetOntology<RcStr>, Vec<(String, String)>) = match format {
        Format::RdfXml => {
            let config: RDFParserConfiguration<RcStr, &Build<RcStr>> = config.into();
            let (o, _incomplete) =
                horned_owl::io::rdf::reader::read::<RcStr, Rc<AnnotatedComponent<RcStr>>, _, _>(
                    &mut input, config,
                )
                .map_err(fail)?;
            (o.into(), Vec::new())
        }
        Format::OwlXml => {
            let (o, m) = horned_owl::io::owx::reader::read(&mut input, config).map_err(fail)?;
            (
                o,
                m.mappings()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        }
        Format::Functional => {
            let (o, m) = horned_owl::io::ofn::reader::read(&mut input, config).map_err(fail)?;
            (
                o,
                m.mappings()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        }
        Format::Obo => return crate::obo::parse(path, bytes),
    };
    Ok(extract(path, &ontology, &prefixes))
}

/// The IRI of a named class expression.
fn class_iri(c: &ClassExpression<RcStr>) -> Option<&str> {
    match c {
        ClassExpression::Class(c) => Some(&c.0),
        _ => None,
    }
}

fn owl_error(path: &Path, bytes: &[u8], e: HornedError) -> Error {
    let offset = match &e {
        HornedError::ParserError(_, loc) | HornedError::ValidityError(_, loc) => match loc {
            Location::BytePosition(p) => Some(*p),
            Location::ByteSpan(r) => Some(r.start),
            Location::Unknown => None,
        },
        _ => None,
    };
    Error::Owl {
        path: path.to_path_buf(),
        at: offset.map(|o| TextPosition::of_offset(bytes, o as usize)),
        message: e.to_string(),
    }
}

/// Classes in first-seen order with their parents and equivalents (by IRI).
#[derive(Default)]
struct Classes {
    order: Vec<String>,
    index: HashMap<String, usize>,
    parents: Vec<Vec<String>>,
    equivalents: Vec<Vec<String>>,
    obsolete: Vec<bool>,
}

impl Classes {
    fn slot(&mut self, iri: &str) -> usize {
        if let Some(&i) = self.index.get(iri) {
            return i;
        }
        let i = self.order.len();
        self.order.push(iri.to_string());
        self.index.insert(iri.to_string(), i);
        self.parents.push(Vec::new());
        self.equivalents.push(Vec::new());
        self.obsolete.push(false);
        i
    }
}

fn extract(path: &Path, ontology: &SetOntology<RcStr>, prefixes: &[(String, String)]) -> Draft {
    let mut classes = Classes::default();
    let mut annotations = Annotations::default();
    for ac in ontology.iter() {
        match &ac.component {
            Component::DeclareClass(d) => {
                classes.slot(&d.0.0);
            }
            Component::SubClassOf(s) => {
                let ClassExpression::Class(sub) = &s.sub else {
                    continue;
                };
                let i = classes.slot(&sub.0);
                if let ClassExpression::Class(sup) = &s.sup {
                    match &*sup.0 {
                        OWL_THING => {}
                        OBSOLETE_CLASS => classes.obsolete[i] = true,
                        sup => classes.parents[i].push(sup.to_string()),
                    }
                }
            }
            Component::EquivalentClasses(e) => {
                let named: Vec<&str> = e.0.iter().filter_map(class_iri).collect();
                let genera: Vec<&str> =
                    e.0.iter()
                        .filter_map(|c| match c {
                            ClassExpression::ObjectIntersectionOf(ops) => Some(ops),
                            _ => None,
                        })
                        .flatten()
                        .filter_map(class_iri)
                        .collect();
                for (k, class) in named.iter().enumerate() {
                    let i = classes.slot(class);
                    classes.equivalents[i].extend(named[k + 1..].iter().map(|s| s.to_string()));
                    classes.parents[i].extend(
                        genera
                            .iter()
                            .filter(|g| **g != OWL_THING)
                            .map(|s| s.to_string()),
                    );
                }
            }
            Component::AnnotationAssertion(a) => annotations.add(a),
            Component::DataPropertyAssertion(a) => annotations.add_data(a),
            _ => {}
        }
    }

    // IRI → id: oboInOwl:id when given, else OBO PURL or declared prefix, else the IRI.
    let prefix_pairs: Vec<(&str, &str)> = prefixes
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let id_of = |iri: &str| -> String {
        annotations
            .id(iri)
            .map(str::to_string)
            .or_else(|| curie::from_iri(iri, prefix_pairs.iter().copied()))
            .unwrap_or_else(|| iri.to_string())
    };
    let mut terms = Vec::with_capacity(classes.order.len());
    for (i, iri) in classes.order.iter().enumerate() {
        if iri == OWL_THING || iri == OBSOLETE_CLASS {
            continue;
        }
        let mut t = DraftTerm::new(id_of(iri));
        annotations.apply(iri, &mut t.term, &id_of);
        t.term.obsolete |= classes.obsolete[i];
        t.parents = classes.parents[i].iter().map(|p| id_of(p)).collect();
        t.parents.sort();
        t.parents.dedup();
        t.term.equivalents = classes.equivalents[i].iter().map(|p| id_of(p)).collect();
        t.term.equivalents.sort();
        t.term.equivalents.dedup();
        terms.push(t);
    }
    // Parsers yield components in no particular order; ids make the result reproducible.
    terms.sort_by(|a, b| a.term.id.cmp(&b.term.id));
    Draft {
        source: path.display().to_string(),
        terms,
    }
}
