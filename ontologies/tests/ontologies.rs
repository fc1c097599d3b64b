//! Integration tests of the ontologies crate (one binary).

#[path = "ontologies/support.rs"]
mod support;

#[path = "ontologies/bad_input.rs"]
mod bad_input;
#[path = "ontologies/duo_cases.rs"]
mod duo_cases;
#[path = "ontologies/duo_modifier_cases.rs"]
mod duo_modifier_cases;
#[path = "ontologies/matching.rs"]
mod matching;
#[path = "ontologies/reference.rs"]
mod reference;
#[path = "ontologies/store.rs"]
mod store;
