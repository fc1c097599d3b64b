//! The policy layer against its oracle: every DUO permission and modifier compiles to
//! policies that validate strictly against the shipped schema, and for thousands of
//! random consents, purposes and requests the Cedar decision equals
//! `genofed_ontologies::duo::decide` (with "needs attestation" as a denial).

use std::collections::HashSet;
use std::str::FromStr;

use cedar_policy::{Entities, Entity, EntityUid, RestrictedExpression};
use genofed_ontologies::duo::vocabulary as v;
use genofed_ontologies::duo::{
    Attestation, DataUse, Modifier, Organisation, Outcome, Permission, RequestFacts,
    ResearchPurpose, decide,
};
use genofed_ontologies::{Date, Store};
use genofed_policies::{
    Principal, Researcher, authorize, compile, contexts, request_entities, schema, term_entities,
    validate,
};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn date(&mut self) -> Date {
        let d = Date::new(
            2025 + self.below(3) as i32,
            1 + self.below(12) as u8,
            1 + self.below(27) as u8,
        );
        d.expect("a valid date")
    }
}

const DISEASES: &[&str] = &[
    "MONDO:0005015",
    "MONDO:0005148",
    "MONDO:0005147",
    "MONDO:0004992",
    "MONDO:0007254",
    "MONDO:0005071",
    "MONDO:0005027",
    "MONDO:0004979",
];

fn uid(s: &str) -> EntityUid {
    EntityUid::from_str(s).expect("uid")
}

fn every_modifier(rng: &mut Rng) -> Vec<Modifier> {
    vec![
        Modifier::Rs,
        Modifier::Nmds,
        Modifier::Gso,
        Modifier::Npuncu,
        Modifier::Npu,
        Modifier::Ncu,
        Modifier::Pub,
        Modifier::Col,
        Modifier::Irb,
        Modifier::Gs {
            regions: vec![rng.pick(&["EU", "EEA", "FI", "US"]).to_string()],
        },
        Modifier::Mor { until: rng.date() },
        Modifier::Ts {
            months: 1 + rng.below(24) as u32,
            start: rng.chance(0.5).then(|| rng.date()),
        },
        Modifier::Us {
            users: vec!["alice".into(), "bob".into()],
        },
        Modifier::Ps {
            projects: vec!["p1".into()],
        },
        Modifier::Is {
            institutions: vec!["inst1".into(), "inst2".into()],
        },
        Modifier::Rtn,
        Modifier::Cc,
        Modifier::Npoa,
    ]
}

fn permissions(rng: &mut Rng) -> Vec<Permission> {
    let d1 = rng.pick(DISEASES).to_string();
    let d2 = rng.pick(DISEASES).to_string();
    vec![
        Permission::Nres,
        Permission::Gru,
        Permission::Hmb,
        Permission::Ds { diseases: vec![d1] },
        Permission::Ds {
            diseases: vec![d2, "MONDO:0004995".into()],
        },
        Permission::Poa,
    ]
}

#[test]
fn every_permission_and_modifier_validates_against_the_schema() {
    let store = Store::builtin().expect("store");
    let schema = schema().expect("schema");
    let mut rng = Rng(7);
    for permission in permissions(&mut rng) {
        let all = DataUse {
            permission: permission.clone(),
            modifiers: every_modifier(&mut rng),
        };
        let text = compile("all", &all, &store);
        validate("all.cedar".as_ref(), &text, &schema).unwrap_or_else(|e| panic!("{e}\n{text}"));
        for m in every_modifier(&mut rng) {
            let one = DataUse {
                permission: permission.clone(),
                modifiers: vec![m],
            };
            let text = compile("one", &one, &store);
            validate("one.cedar".as_ref(), &text, &schema)
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            let term = one.modifiers[0].term();
            assert!(text.contains(term.label), "{text}");
        }
    }
}

/// Cedar's own CLI (`cedar-policy-cli`, installed by `scripts/test.sh` into
/// `target/tools`), or `GENOFED_CEDAR_CLI`. Without it the cross-check is skipped, unless
/// `GENOFED_REQUIRE_CEDAR_CLI` is set (as the test script sets it).
fn cedar_cli() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("GENOFED_CEDAR_CLI")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/cedar")
        });
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("GENOFED_REQUIRE_CEDAR_CLI").is_none(),
        "the Cedar CLI is required but `{}` does not exist",
        path.display()
    );
    eprintln!("skipped: no Cedar CLI at `{}`", path.display());
    None
}

#[test]
fn cedars_own_cli_validates_every_generated_policy_too() {
    let Some(cli) = cedar_cli() else { return };
    let store = Store::builtin().expect("store");
    let dir = tempfile::tempdir().expect("tempdir");
    let schema_file = dir.path().join("genofed.cedarschema");
    std::fs::write(&schema_file, genofed_policies::SCHEMA).expect("schema");
    let mut rng = Rng(7);
    let mut all = String::new();
    for (i, permission) in permissions(&mut rng).into_iter().enumerate() {
        all.push_str(&compile(
            &format!("d{i}"),
            &DataUse {
                permission,
                modifiers: every_modifier(&mut rng),
            },
            &store,
        ));
    }
    let run = |text: &str| {
        let file = dir.path().join("policies.cedar");
        std::fs::write(&file, text).expect("policies");
        std::process::Command::new(&cli)
            .arg("validate")
            .arg("--schema")
            .arg(&schema_file)
            .arg("--policies")
            .arg(&file)
            .args(["--validation-mode", "strict", "--deny-warnings"])
            .output()
            .expect("run cedar")
    };
    let ok = run(&all);
    assert!(
        ok.status.success(),
        "cedar validate: {}{}",
        String::from_utf8_lossy(&ok.stdout),
        String::from_utf8_lossy(&ok.stderr)
    );
    // And it refuses what genofed refuses.
    let typo = "permit (principal, action, resource) when { principal.contry == \"FI\" };\n";
    assert!(!run(typo).status.success());
    assert!(validate("typo.cedar".as_ref(), typo, &schema().expect("schema")).is_err());
}

#[test]
fn a_policy_that_does_not_validate_is_an_error_naming_the_file() {
    let schema = schema().expect("schema");
    let bad = r#"permit (principal, action, resource) when { principal.nickname == "x" };"#;
    let err = validate("ops.cedar".as_ref(), bad, &schema)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ops.cedar") && err.contains("nickname"),
        "{err}"
    );
    let err = validate("ops.cedar".as_ref(), "permit (", &schema)
        .unwrap_err()
        .to_string();
    assert!(err.contains("ops.cedar") && err.contains("parse"), "{err}");
}

const PURPOSES: &[&str] = &[
    "DUO:0000042", // GRU
    "DUO:0000006", // HMB
    "DUO:0000007", // DS
    "DUO:0000011", // POA
    "DUO:0000043", // CC
];

fn purpose(rng: &mut Rng, store: &Store) -> ResearchPurpose {
    let mut codes: Vec<&str> = PURPOSES.to_vec();
    codes.extend(
        [
            &v::METHOD_DEVELOPMENT,
            &v::POPULATION_RESEARCH,
            &v::ANCESTRY_RESEARCH,
            &v::BIOMEDICAL_RESEARCH,
            &v::GENETIC_RESEARCH,
            &v::DRUG_DEVELOPMENT_RESEARCH,
            &v::DISEASE_CATEGORY_RESEARCH,
            &v::AGE_CATEGORY_RESEARCH,
        ]
        .map(|t| t.id),
    );
    loop {
        let code = *rng.pick(&codes);
        let n = if code == v::DS.id || code == v::DISEASE_CATEGORY_RESEARCH.id {
            1 + rng.below(2)
        } else if rng.chance(0.2) {
            1
        } else {
            0
        };
        let diseases: Vec<&str> = (0..n).map(|_| *rng.pick(DISEASES)).collect();
        if let Ok(p) = ResearchPurpose::parse(code, &diseases, store) {
            return p
                .with_methods_development(rng.chance(0.1))
                .with_genetic(rng.chance(0.3))
                .with_population_ancestry(rng.chance(0.1))
                .with_clinical_care(rng.chance(0.1));
        }
    }
}

fn facts(rng: &mut Rng) -> RequestFacts {
    let mut f = RequestFacts::new(rng.date());
    f.user = rng
        .chance(0.8)
        .then(|| rng.pick(&["alice", "bob", "carol"]).to_string());
    if f.user.is_some() {
        f.country = rng
            .chance(0.8)
            .then(|| rng.pick(&["FI", "DE", "NO", "US"]).to_string());
        f.institution = rng
            .chance(0.8)
            .then(|| rng.pick(&["inst1", "inst3"]).to_string());
        f.organisation = match rng.below(3) {
            0 => None,
            1 => Some(Organisation::NotForProfit),
            _ => Some(Organisation::ForProfit),
        };
    }
    f.project = rng.chance(0.7).then(|| rng.pick(&["p1", "p2"]).to_string());
    f.commercial = match rng.below(3) {
        0 => None,
        1 => Some(false),
        _ => Some(true),
    };
    f.access_granted = rng.chance(0.6).then(|| rng.date());
    for a in [
        Attestation::EthicsApproval,
        Attestation::Collaboration,
        Attestation::Publication,
        Attestation::ReturnResults,
        Attestation::Moratorium,
        Attestation::ResearchType,
    ] {
        if rng.chance(0.7) {
            f.attestations.insert(a);
        }
    }
    f
}

fn principal(f: &RequestFacts) -> Principal {
    match &f.user {
        None => Principal::Anonymous,
        Some(id) => Principal::Researcher(Researcher {
            id: id.clone(),
            issuer: "https://login.elixir-czech.org/oidc/".into(),
            bona_fide: true,
            country: f.country.clone(),
            institution: f.institution.clone(),
            organisation: f.organisation,
            ..Researcher::default()
        }),
    }
}

#[test]
fn cedar_decisions_equal_duo_matching_on_random_requests() {
    let store = Store::builtin().expect("store");
    let schema = schema().expect("schema");
    let terms = term_entities(&store).expect("terms");
    let node = Entity::new_no_attrs(uid(r#"Genofed::Node::"n""#), HashSet::new());
    let dataset = Entity::new(
        uid(r#"Genofed::Dataset::"d""#),
        [("k".to_string(), RestrictedExpression::new_long(5))].into(),
        [uid(r#"Genofed::Node::"n""#)].into(),
    )
    .expect("dataset");
    let action = uid(r#"Genofed::Action::"read""#);
    let resource = uid(r#"Genofed::Dataset::"d""#);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut permits, mut cases) = (0, 0);
    for _ in 0..400 {
        let choices = permissions(&mut rng);
        let permission = rng.pick(&choices).clone();
        let modifiers: Vec<Modifier> = every_modifier(&mut rng)
            .into_iter()
            .filter(|_| rng.chance(0.15))
            .collect();
        let conditions = DataUse {
            permission,
            modifiers,
        };
        let text = compile("d", &conditions, &store);
        let policies = validate("d.cedar".as_ref(), &text, &schema).expect("valid");
        for _ in 0..10 {
            let purpose = purpose(&mut rng, &store);
            let facts = facts(&mut rng);
            let who = principal(&facts);
            let mut all = terms.clone();
            all.extend([
                node.clone(),
                dataset.clone(),
                who.entity().expect("principal"),
            ]);
            let entities = Entities::from_entities(all, Some(&schema)).expect("entities");
            let ctx = contexts(&store, &purpose, &facts).expect("context");
            let cedar = authorize(
                &policies,
                &entities,
                &schema,
                &who.uid().expect("uid"),
                &action,
                &resource,
                ctx,
            )
            .expect("authorize");
            // The compact per-request entities decide the same.
            let compact = request_entities(
                &store,
                &who,
                &purpose,
                [node.clone(), dataset.clone()],
                &schema,
            )
            .expect("request entities");
            let ctx = contexts(&store, &purpose, &facts).expect("context");
            let small = authorize(
                &policies,
                &compact,
                &schema,
                &who.uid().expect("uid"),
                &action,
                &resource,
                ctx,
            )
            .expect("authorize");
            assert_eq!(small, cedar);
            let duo = decide(&store, &conditions, &purpose, &facts);
            assert!(cedar.errors.is_empty(), "{:?}", cedar.errors);
            assert_eq!(
                cedar.allowed,
                duo.outcome == Outcome::Permit,
                "\n{text}\npurpose {purpose:?}\nfacts {facts:?}\nduo {duo}\ncedar {cedar:?}"
            );
            permits += usize::from(cedar.allowed);
            cases += 1;
        }
    }
    assert!(
        permits > cases / 20 && permits < cases * 19 / 20,
        "{permits} of {cases}"
    );
}

#[test]
fn compiled_policies_read_as_documented() {
    let store = Store::builtin().expect("store");
    let conditions = DataUse {
        permission: Permission::Ds {
            diseases: vec!["MONDO:0005015".into()],
        },
        modifiers: vec![
            Modifier::Irb,
            Modifier::Gs {
                regions: vec!["FI".into(), "NO".into()],
            },
        ],
    };
    let text = compile("cohort", &conditions, &store);
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/policy-authors/cedar-policies.md"),
    )
    .expect("doc");
    assert!(
        doc.contains(&text),
        "the guide must show this output verbatim:\n{text}"
    );
}

#[path = "policies/passport.rs"]
mod passport;
