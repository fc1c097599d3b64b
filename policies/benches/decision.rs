//! One Cedar decision with DUO and a 30,000-term disease hierarchy loaded (target:
//! <= 20 µs; `cedar_decision_*`, as a node makes them, with the requester's entities
//! built once per session; `cedar_request_*` builds them for every decision): the request's entities (principal, dataset, the purpose's terms with their
//! precomputed ancestors), its context, and the authorization, for a consent of DS(X) +
//! IRB + GS + TS and a purpose on a deep descendant of X.

use std::collections::HashSet;
use std::str::FromStr;

use cedar_policy::{Entity, EntityUid, RestrictedExpression};
use criterion::{Criterion, criterion_group, criterion_main};
use genofed_ontologies::duo::{
    Attestation, DataUse, Modifier, Permission, RequestFacts, ResearchPurpose,
};
use genofed_ontologies::synthetic::dag_obo;
use genofed_ontologies::{Date, Store};
use genofed_policies::{
    Action, Decider, Principal, Researcher, authorize, compile, contexts, request_entities, schema,
    validate,
};

fn decision(c: &mut Criterion) {
    let store = Store::builder()
        .builtin()
        .and_then(|b| b.obo_text("synthetic", &dag_obo(30_000, 7)))
        .and_then(|b| b.build())
        .expect("store");
    let schema = schema().expect("schema");
    let conditions = DataUse {
        permission: Permission::Ds {
            diseases: vec!["SYN:0000003".into()],
        },
        modifiers: vec![
            Modifier::Irb,
            Modifier::Gs {
                regions: vec!["EU".into()],
            },
            Modifier::Ts {
                months: 12,
                start: None,
            },
        ],
    };
    let policies = validate(
        "d.cedar".as_ref(),
        &compile("d", &conditions, &store),
        &schema,
    )
    .expect("policies");
    // A deep term under SYN:0000003.
    let x = store.resolve("SYN:0000003").expect("x");
    let deep = store
        .descendants(x)
        .iter()
        .max_by_key(|&&d| store.ancestors(d).len())
        .map(|&d| store.get(d).id.clone())
        .expect("descendant");
    let purpose = ResearchPurpose::parse("DS", &[deep.as_str()], &store).expect("purpose");
    let mut facts = RequestFacts::new(Date::new(2026, 5, 4).expect("date"));
    facts.user = Some("alice".into());
    facts.country = Some("FI".into());
    facts.access_granted = Date::new(2026, 1, 10);
    facts.attestations.insert(Attestation::EthicsApproval);
    let who = Principal::Researcher(Researcher {
        id: "alice".into(),
        country: Some("FI".into()),
        ..Researcher::default()
    });
    let uid = |s: &str| EntityUid::from_str(s).expect("uid");
    let node = Entity::new_no_attrs(uid(r#"Genofed::Node::"n""#), HashSet::new());
    let dataset = Entity::new(
        uid(r#"Genofed::Dataset::"d""#),
        [("k".to_string(), RestrictedExpression::new_long(5))].into(),
        [uid(r#"Genofed::Node::"n""#)].into(),
    )
    .expect("dataset");
    let action = uid(r#"Genofed::Action::"read""#);
    let resource = uid(r#"Genofed::Dataset::"d""#);
    let principal = who.uid().expect("principal");
    let decide = || {
        let entities = request_entities(
            &store,
            &who,
            &purpose,
            [node.clone(), dataset.clone()],
            &schema,
        )
        .expect("entities");
        let ctx = contexts(&store, &purpose, &facts).expect("context");
        authorize(
            &policies, &entities, &schema, &principal, &action, &resource, ctx,
        )
        .expect("authorize")
    };
    let first = decide();
    assert!(first.allowed, "{first:?}");
    eprintln!(
        "{} terms; purpose disease {deep} has {} ancestors",
        store.terms().len(),
        store.ancestors(store.resolve(&deep).expect("deep")).len()
    );
    // Per request: entities, contexts and the decision.
    c.bench_function("cedar_request_duo_30k_terms", |b| b.iter(decide));
    // Per decision, as a node makes them: entities and contexts built once per requester
    // (a session), then one evaluation per table or column.
    let resources = [node.clone(), dataset.clone()];
    let new_decider = || {
        Decider::new(
            &policies, &schema, &store, &resources, &who, &purpose, &facts,
        )
        .expect("decider")
    };
    let decider = new_decider();
    assert!(decider.decide(Action::Read, &resource).allowed);
    c.bench_function("cedar_decision_duo_30k_terms", |b| {
        b.iter(|| decider.decide(Action::Read, &resource))
    });
    c.bench_function("cedar_decider_new_duo_30k_terms", |b| b.iter(new_decider));
}

criterion_group!(benches, decision);
criterion_main!(benches);
