//! DUO matching: the table of cases in `duo_cases.rs`, reasons, loaded disease
//! ontologies, and malformed specifications.

use genofed_ontologies::Store;
use genofed_ontologies::duo::{
    self, DataUseSpec, DuoError, Outcome, RequestFacts, ResearchPurpose,
};

use crate::duo_cases::{CANCER, METABOLIC, PKU, T2D, cases, ds};

#[test]
fn matching_cases() {
    let store = Store::builtin().unwrap();
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let spec: DataUseSpec =
            toml::from_str(&case.conditions).unwrap_or_else(|e| panic!("{}: {e}", case.rule));
        let conditions = spec
            .resolve(&store)
            .unwrap_or_else(|e| panic!("{}: {e}", case.rule));
        let mut purpose = ResearchPurpose::parse(case.purpose, case.diseases, &store)
            .unwrap_or_else(|e| panic!("{}: {e}", case.rule));
        let mut facts = RequestFacts::new("2026-11-24".parse().unwrap());
        (case.setup)(&mut purpose, &mut facts);
        let decision = duo::decide(&store, &conditions, &purpose, &facts);
        if decision.outcome != case.outcome {
            failures.push(format!(
                "{}: expected {:?}, got {decision}",
                case.rule, case.outcome
            ));
        }
        if let Some((term, verdict)) = case.verdict {
            let found = decision
                .findings
                .iter()
                .find(|f| f.term.id == term)
                .map(|f| f.verdict);
            if found != Some(verdict) {
                failures.push(format!(
                    "{}: expected {term} {verdict:?}, got {decision}",
                    case.rule
                ));
            }
        }
        // Every condition yields a finding: one for the permission, one per modifier.
        assert!(
            decision.findings.len() > conditions.modifiers.len(),
            "{}: {decision}",
            case.rule
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn reasons_name_terms_and_labels() {
    let store = Store::builtin().unwrap();
    let spec: DataUseSpec = toml::from_str(&ds(&[METABOLIC])).unwrap();
    let conditions = spec.resolve(&store).unwrap();
    let facts = RequestFacts::new("2026-11-24".parse().unwrap());
    let yes = duo::decide(
        &store,
        &conditions,
        &ResearchPurpose::parse("DS", &[PKU], &store).unwrap(),
        &facts,
    );
    let text = yes.to_string();
    assert!(text.starts_with("permit"), "{text}");
    assert!(
        text.contains("DS (DUO:0000007 disease specific research)"),
        "{text}"
    );
    assert!(
        text.contains("MONDO:0009861 (phenylketonuria)` is a `MONDO:0005066 (metabolic disease)"),
        "{text}"
    );
    let no = duo::decide(
        &store,
        &conditions,
        &ResearchPurpose::parse("DS", &[CANCER], &store).unwrap(),
        &facts,
    );
    assert!(
        no.to_string().contains(
            "`MONDO:0004992 (cancer)` is not subsumed by `MONDO:0005066 (metabolic disease)`"
        ),
        "{no}"
    );
}

#[test]
fn purposes_with_loaded_disease_ontologies() {
    // Diseases from a loaded ontology (here HPO terms stand in) subsume the same way.
    let store = Store::builder()
        .builtin()
        .unwrap()
        .load(crate::support::shared("hp_subset.obo"))
        .unwrap()
        .build()
        .unwrap();
    let spec: DataUseSpec =
        toml::from_str("permission = \"DS\"\ndiseases = [\"HP:0000118\"]").unwrap();
    let conditions = spec.resolve(&store).unwrap();
    let facts = RequestFacts::new("2026-11-24".parse().unwrap());
    let seizure = ResearchPurpose::parse("DS", &["HP:0001250"], &store).unwrap();
    assert_eq!(
        duo::decide(&store, &conditions, &seizure, &facts).outcome,
        Outcome::Permit
    );
}

#[test]
fn bad_specifications_are_errors() {
    let store = Store::builtin().unwrap();
    let err = |toml_text: &str| -> String {
        match toml::from_str::<DataUseSpec>(toml_text) {
            Err(e) => e.to_string(),
            Ok(spec) => spec
                .resolve(&store)
                .map(|_| String::from("no error"))
                .unwrap_or_else(|e| e.to_string()),
        }
    };
    let cases = [
        ("permission = \"DS\"", "DS needs at least one disease"),
        (
            "permission = \"HMB\"\ndiseases = [\"MONDO:0005015\"]",
            "permission is `HMB`, not DS",
        ),
        (
            "permission = \"IRB\"",
            "`IRB` is not a DUO data use permission",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"GRU\"]",
            "`GRU` is not a DUO data use modifier",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"XYZ\"]",
            "`XYZ` is not a DUO data use modifier",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"GS\"]",
            "modifier `GS` needs `regions`",
        ),
        (
            "permission = \"GRU\"\nregions = [\"EU\"]",
            "`regions` is given but modifier `GS` is not listed",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"GS\"]\nregions = [\"Europe\"]",
            "unknown region `Europe`",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"GS\"]\nregions = [\"UK\"]",
            "unknown region `UK`",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"MOR\"]",
            "modifier `MOR` needs `moratorium_until`",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"MOR\"]\nmoratorium_until = \"2027-02-30\"",
            "not a date",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"TS\"]\ntime_limit_months = 0",
            "at least one month",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"IRB\", \"DUO:0000021\"]",
            "modifier `IRB` is listed twice",
        ),
        (
            "permission = \"GRU\"\nmodifiers = [\"US\"]",
            "modifier `US` needs `users`",
        ),
        (
            "permission = \"DS\"\ndiseases = [\"MONDO:9999999\"]",
            "unknown term `MONDO:9999999`",
        ),
        (
            "permission = \"DS\"\ndiseases = [\"DOID:9351\"]",
            "unknown prefix `DOID`",
        ),
        (
            "permission = \"DS\"\ndiseases = [\"diabetes\"]",
            "`diabetes` is not a CURIE",
        ),
        (
            "permission = \"GRU\"\ncolour = \"red\"",
            "unknown field `colour`",
        ),
    ];
    for (text, expected) in cases {
        let got = err(text);
        assert!(
            got.contains(expected),
            "{text:?}: expected {expected:?}, got {got:?}"
        );
    }
    // Purposes.
    assert!(matches!(
        ResearchPurpose::parse("DS", &[], &store),
        Err(DuoError::DiseaseMissing)
    ));
    assert!(matches!(
        ResearchPurpose::parse("NRES", &[], &store),
        Err(DuoError::NotAPurpose(_))
    ));
    assert!(matches!(
        ResearchPurpose::parse("POA", &[T2D], &store),
        Err(DuoError::DiseaseUnused(_))
    ));
    assert!(ResearchPurpose::parse("HMB", &["MONDO:0000000"], &store).is_err());
}

#[test]
fn obsolete_diseases_are_refused_with_their_replacement() {
    let obo = "[Term]\nid: MONDO:0000001\nname: disease\n\n[Term]\nid: MONDO:0000002\nname: old\nis_obsolete: true\nreplaced_by: MONDO:0000001\n";
    let store = Store::builder()
        .obo_text("old.obo", obo)
        .unwrap()
        .build()
        .unwrap();
    let e = ResearchPurpose::parse("DS", &["MONDO:0000002"], &store).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`MONDO:0000002` is obsolete; replaced by MONDO:0000001"
    );
}
