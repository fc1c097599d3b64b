//! DUO matching, as a table of cases. Each case documents one rule: conditions (as an
//! operator writes them), a research purpose, the facts of the request, the outcome and,
//! where it matters, the verdict on one DUO term. Diseases come from the built-in MONDO
//! fragment: PKU ⊑ inborn errors of metabolism ⊑ {metabolic disease, hereditary disease};
//! T1D ⊑ {diabetes mellitus, autoimmune disease}; T2D ⊑ diabetes mellitus ⊑ metabolic
//! disease; NSCLC ⊑ lung cancer ⊑ {cancer, lung disease}; cystic fibrosis ⊑ {hereditary
//! disease, lung disease}.

use genofed_ontologies::Store;
use genofed_ontologies::duo::{
    self, Attestation, DataUseSpec, DuoError, Organisation, Outcome, RequestFacts, ResearchPurpose,
    Verdict,
};

const T2D: &str = "MONDO:0005148";
const T1D: &str = "MONDO:0005147";
const DIABETES: &str = "MONDO:0005015";
const METABOLIC: &str = "MONDO:0005066";
const HEREDITARY: &str = "MONDO:0003847";
const AUTOIMMUNE: &str = "MONDO:0007179";
const PKU: &str = "MONDO:0009861";
const CANCER: &str = "MONDO:0004992";
const NSCLC: &str = "MONDO:0005233";
const LUNG: &str = "MONDO:0005275";
const ASTHMA: &str = "MONDO:0004979";
const CF: &str = "MONDO:0009061";

type Setup = fn(&mut ResearchPurpose, &mut RequestFacts);

struct Case {
    rule: &'static str,
    conditions: String,
    purpose: &'static str,
    diseases: &'static [&'static str],
    setup: Setup,
    outcome: Outcome,
    /// The verdict expected on this DUO term (id), if the case is about one term.
    verdict: Option<(&'static str, Verdict)>,
}

fn none(_: &mut ResearchPurpose, _: &mut RequestFacts) {}

fn c(
    rule: &'static str,
    conditions: &str,
    purpose: &'static str,
    diseases: &'static [&'static str],
    setup: Setup,
    outcome: Outcome,
) -> Case {
    Case {
        rule,
        conditions: conditions.to_string(),
        purpose,
        diseases,
        setup,
        outcome,
        verdict: None,
    }
}

fn ds(diseases: &[&str]) -> String {
    format!(
        "permission = \"DS\"\ndiseases = [{}]",
        diseases
            .iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn with(base: &str, modifiers: &str, extra: &str) -> String {
    format!("{base}\nmodifiers = [{modifiers}]\n{extra}")
}

fn cases() -> Vec<Case> {
    use Outcome::{Deny, NeedsAttestation as Needs, Permit};
    let gru = "permission = \"GRU\"";
    let hmb = "permission = \"HMB\"";
    let nres = "permission = \"NRES\"";
    let poa = "permission = \"POA\"";
    let mut v = vec![
        // Permissions and the nesting GRU ⊇ HMB ⊇ DS.
        c(
            "NRES admits a general purpose",
            nres,
            "GRU",
            &[],
            none,
            Permit,
        ),
        c(
            "NRES admits population/ancestry research",
            nres,
            "POA",
            &[],
            none,
            Permit,
        ),
        c(
            "NRES admits clinical care without CC",
            nres,
            "CC",
            &[],
            none,
            Permit,
        ),
        c("GRU admits general research", gru, "GRU", &[], none, Permit),
        c(
            "GRU admits biomedical research",
            gru,
            "HMB",
            &[],
            none,
            Permit,
        ),
        c(
            "GRU admits disease-specific research",
            gru,
            "DS",
            &[T2D],
            none,
            Permit,
        ),
        c(
            "GRU admits population origins/ancestry research",
            gru,
            "POA",
            &[],
            none,
            Permit,
        ),
        c(
            "GRU admits methods development",
            gru,
            "DUO:0000031",
            &[],
            none,
            Permit,
        ),
        c(
            "GRU admits age category research",
            gru,
            "DUO:0000034",
            &[],
            none,
            Permit,
        ),
        c(
            "GRU does not cover clinical care",
            gru,
            "CC",
            &[],
            none,
            Deny,
        ),
        c(
            "GRU with CC admits clinical care",
            &with(gru, "\"CC\"", ""),
            "CC",
            &[],
            none,
            Permit,
        ),
        c(
            "HMB admits biomedical research",
            hmb,
            "HMB",
            &[],
            none,
            Permit,
        ),
        c(
            "HMB admits biomedical research by its purpose term",
            hmb,
            "DUO:0000037",
            &[],
            none,
            Permit,
        ),
        c(
            "HMB admits disease-specific research",
            hmb,
            "DS",
            &[CF],
            none,
            Permit,
        ),
        c(
            "HMB refuses general (non-biomedical) research",
            hmb,
            "GRU",
            &[],
            none,
            Deny,
        ),
        c(
            "HMB refuses population/ancestry research",
            hmb,
            "POA",
            &[],
            none,
            Deny,
        ),
        c(
            "HMB refuses a disease study that includes ancestry research",
            hmb,
            "DS",
            &[T2D],
            |p, _| p.population_ancestry = true,
            Deny,
        ),
        c(
            "HMB admits genetic research",
            hmb,
            "DUO:0000038",
            &[],
            none,
            Permit,
        ),
        c(
            "HMB admits drug development research",
            hmb,
            "DUO:0000039",
            &[],
            none,
            Permit,
        ),
        c(
            "HMB refuses methods development (general research)",
            hmb,
            "DUO:0000031",
            &[],
            none,
            Deny,
        ),
        // DS(X) admits disease Y iff Y ⊑ X.
        c(
            "DS(diabetes) admits T2D (one level)",
            &ds(&[DIABETES]),
            "DS",
            &[T2D],
            none,
            Permit,
        ),
        c(
            "DS(metabolic disease) admits PKU (three levels)",
            &ds(&[METABOLIC]),
            "DS",
            &[PKU],
            none,
            Permit,
        ),
        c(
            "DS(hereditary disease) admits PKU through its second parent",
            &ds(&[HEREDITARY]),
            "DS",
            &[PKU],
            none,
            Permit,
        ),
        c(
            "DS(autoimmune disease) admits T1D through its second parent",
            &ds(&[AUTOIMMUNE]),
            "DS",
            &[T1D],
            none,
            Permit,
        ),
        c(
            "DS(autoimmune disease) refuses T2D",
            &ds(&[AUTOIMMUNE]),
            "DS",
            &[T2D],
            none,
            Deny,
        ),
        c(
            "DS(diabetes) admits diabetes itself",
            &ds(&[DIABETES]),
            "DS",
            &[DIABETES],
            none,
            Permit,
        ),
        c(
            "DS(T2D) refuses the broader diabetes",
            &ds(&[T2D]),
            "DS",
            &[DIABETES],
            none,
            Deny,
        ),
        c(
            "DS(cancer, diabetes) admits NSCLC",
            &ds(&[CANCER, DIABETES]),
            "DS",
            &[NSCLC],
            none,
            Permit,
        ),
        c(
            "DS(lung disease) admits NSCLC through lung cancer's second parent",
            &ds(&[LUNG]),
            "DS",
            &[NSCLC],
            none,
            Permit,
        ),
        c(
            "DS(diabetes) refuses a biomedical purpose without disease",
            &ds(&[DIABETES]),
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "DS(diabetes) refuses general research",
            &ds(&[DIABETES]),
            "GRU",
            &[],
            none,
            Deny,
        ),
        c(
            "DS(lung disease) admits a study of asthma and CF",
            &ds(&[LUNG]),
            "DS",
            &[ASTHMA, CF],
            none,
            Permit,
        ),
        c(
            "DS(lung disease) refuses a study of asthma and T2D",
            &ds(&[LUNG]),
            "DS",
            &[ASTHMA, T2D],
            none,
            Deny,
        ),
        c(
            "DS(diabetes) admits disease category research on T2D",
            &ds(&[DIABETES]),
            "DUO:0000040",
            &[T2D],
            none,
            Permit,
        ),
        c(
            "DS(diabetes) admits genetic research on T2D",
            &ds(&[DIABETES]),
            "DUO:0000038",
            &[T2D],
            none,
            Permit,
        ),
        c(
            "DS(diabetes) refuses clinical care on T2D without CC",
            &ds(&[DIABETES]),
            "CC",
            &[T2D],
            none,
            Deny,
        ),
        c(
            "DS(diabetes) with CC admits clinical care on T2D",
            &with(&ds(&[DIABETES]), "\"CC\"", ""),
            "CC",
            &[T2D],
            none,
            Permit,
        ),
        c(
            "POA admits population/ancestry research",
            poa,
            "POA",
            &[],
            none,
            Permit,
        ),
        c(
            "POA admits ancestry research by its purpose term",
            poa,
            "DUO:0000033",
            &[],
            none,
            Permit,
        ),
        c(
            "POA admits population research by its purpose term",
            poa,
            "DUO:0000032",
            &[],
            none,
            Permit,
        ),
        c(
            "POA refuses biomedical research",
            poa,
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "POA refuses disease research",
            poa,
            "DS",
            &[T2D],
            none,
            Deny,
        ),
        // Modifiers decided from the purpose.
        c(
            "NPOA refuses population research under GRU",
            &with(gru, "\"NPOA\"", ""),
            "DUO:0000032",
            &[],
            none,
            Deny,
        ),
        c(
            "NPOA leaves biomedical research alone",
            &with(gru, "\"NPOA\"", ""),
            "HMB",
            &[],
            none,
            Permit,
        ),
        c(
            "GSO refuses a purpose without genetic research",
            &with(hmb, "\"GSO\"", ""),
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "GSO admits genetic research",
            &with(hmb, "\"GSO\"", ""),
            "DUO:0000038",
            &[],
            none,
            Permit,
        ),
        c(
            "GSO admits a disease study declared genetic",
            &with(&ds(&[DIABETES]), "\"GSO\"", ""),
            "DS",
            &[T2D],
            |p, _| p.genetic = true,
            Permit,
        ),
        c(
            "NMDS refuses methods development",
            &with(gru, "\"NMDS\"", ""),
            "DUO:0000031",
            &[],
            none,
            Deny,
        ),
        c(
            "NMDS refuses a disease study that also develops methods",
            &with(gru, "\"NMDS\"", ""),
            "DS",
            &[T2D],
            |p, _| p.methods_development = true,
            Deny,
        ),
        c(
            "NMDS leaves biomedical research alone",
            &with(gru, "\"NMDS\"", ""),
            "HMB",
            &[],
            none,
            Permit,
        ),
        // Modifiers decided from request facts.
        c(
            "NPU admits a not-for-profit organisation",
            &with(gru, "\"NPU\"", ""),
            "HMB",
            &[],
            |_, f| f.organisation = Some(Organisation::NotForProfit),
            Permit,
        ),
        c(
            "NPU refuses a for-profit organisation",
            &with(gru, "\"NPU\"", ""),
            "HMB",
            &[],
            |_, f| f.organisation = Some(Organisation::ForProfit),
            Deny,
        ),
        c(
            "NPU asks for the organisation type when unknown",
            &with(gru, "\"NPU\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "NCU admits non-commercial use",
            &with(gru, "\"NCU\"", ""),
            "HMB",
            &[],
            |_, f| f.commercial = Some(false),
            Permit,
        ),
        c(
            "NCU refuses commercial use",
            &with(gru, "\"NCU\"", ""),
            "HMB",
            &[],
            |_, f| f.commercial = Some(true),
            Deny,
        ),
        c(
            "NCU asks whether the use is commercial when unknown",
            &with(gru, "\"NCU\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "NPUNCU refuses a for-profit organisation even for non-commercial use",
            &with(gru, "\"NPUNCU\"", ""),
            "HMB",
            &[],
            |_, f| {
                f.organisation = Some(Organisation::ForProfit);
                f.commercial = Some(false);
            },
            Deny,
        ),
        c(
            "NPUNCU asks when commercial use is unknown",
            &with(gru, "\"NPUNCU\"", ""),
            "HMB",
            &[],
            |_, f| f.organisation = Some(Organisation::NotForProfit),
            Needs,
        ),
        c(
            "NPUNCU admits a not-for-profit, non-commercial use",
            &with(gru, "\"NPUNCU\"", ""),
            "HMB",
            &[],
            |_, f| {
                f.organisation = Some(Organisation::NotForProfit);
                f.commercial = Some(false);
            },
            Permit,
        ),
        c(
            "GS(EU) admits a researcher in Germany",
            &with(gru, "\"GS\"", "regions = [\"EU\"]"),
            "HMB",
            &[],
            |_, f| f.country = Some("DE".into()),
            Permit,
        ),
        c(
            "GS(EU) refuses a researcher in Norway",
            &with(gru, "\"GS\"", "regions = [\"EU\"]"),
            "HMB",
            &[],
            |_, f| f.country = Some("NO".into()),
            Deny,
        ),
        c(
            "GS(EEA) admits a researcher in Norway",
            &with(gru, "\"GS\"", "regions = [\"EEA\"]"),
            "HMB",
            &[],
            |_, f| f.country = Some("no".into()),
            Permit,
        ),
        c(
            "GS(EU, US) admits a researcher in the US",
            &with(gru, "\"GS\"", "regions = [\"EU\", \"US\"]"),
            "HMB",
            &[],
            |_, f| f.country = Some("US".into()),
            Permit,
        ),
        c(
            "GS asks for the country when unknown",
            &with(gru, "\"GS\"", "regions = [\"EU\"]"),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "MOR in the future asks for the agreement",
            &with(gru, "\"MOR\"", "moratorium_until = \"2027-06-30\""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "MOR in the future is met by the agreement",
            &with(gru, "\"MOR\"", "moratorium_until = \"2027-06-30\""),
            "HMB",
            &[],
            |_, f| {
                f.attestations.insert(Attestation::Moratorium);
            },
            Permit,
        ),
        c(
            "MOR ending today no longer applies",
            &with(gru, "\"MOR\"", "moratorium_until = \"2026-11-24\""),
            "HMB",
            &[],
            none,
            Permit,
        ),
        c(
            "TS within its months admits",
            &with(
                gru,
                "\"TS\"",
                "time_limit_months = 12\ntime_limit_start = \"2026-01-01\"",
            ),
            "HMB",
            &[],
            none,
            Permit,
        ),
        c(
            "TS past its months refuses",
            &with(
                gru,
                "\"TS\"",
                "time_limit_months = 6\ntime_limit_start = \"2026-01-01\"",
            ),
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "TS ends on its last day, exclusive",
            &with(
                gru,
                "\"TS\"",
                "time_limit_months = 10\ntime_limit_start = \"2026-01-24\"",
            ),
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "TS counts from the access grant when no start is set",
            &with(gru, "\"TS\"", "time_limit_months = 3"),
            "HMB",
            &[],
            |_, f| f.access_granted = "2026-06-01".parse().ok(),
            Deny,
        ),
        c(
            "TS from the access grant admits within its months",
            &with(gru, "\"TS\"", "time_limit_months = 12"),
            "HMB",
            &[],
            |_, f| f.access_granted = "2026-06-01".parse().ok(),
            Permit,
        ),
        c(
            "TS without any start date asks for it",
            &with(gru, "\"TS\"", "time_limit_months = 12"),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "US admits a listed user",
            &with(gru, "\"US\"", "users = [\"alice@example.org\"]"),
            "HMB",
            &[],
            |_, f| f.user = Some("alice@example.org".into()),
            Permit,
        ),
        c(
            "US refuses an unlisted user",
            &with(gru, "\"US\"", "users = [\"alice@example.org\"]"),
            "HMB",
            &[],
            |_, f| f.user = Some("bob@example.org".into()),
            Deny,
        ),
        c(
            "US refuses an anonymous request",
            &with(gru, "\"US\"", "users = [\"alice@example.org\"]"),
            "HMB",
            &[],
            none,
            Deny,
        ),
        c(
            "PS admits a listed project",
            &with(gru, "\"PS\"", "projects = [\"EGAS0001\"]"),
            "HMB",
            &[],
            |_, f| f.project = Some("EGAS0001".into()),
            Permit,
        ),
        c(
            "IS refuses an unlisted institution",
            &with(gru, "\"IS\"", "institutions = [\"ELIXIR-FI\"]"),
            "HMB",
            &[],
            |_, f| f.institution = Some("ELIXIR-NO".into()),
            Deny,
        ),
        // Modifiers that rest on attestations.
        c(
            "IRB asks for ethics approval",
            &with(gru, "\"IRB\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "IRB is met by attested ethics approval",
            &with(gru, "\"IRB\"", ""),
            "HMB",
            &[],
            |_, f| {
                f.attestations.insert(Attestation::EthicsApproval);
            },
            Permit,
        ),
        c(
            "COL asks for the collaboration agreement",
            &with(gru, "\"COL\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "COL is met by the collaboration agreement",
            &with(gru, "\"COL\"", ""),
            "HMB",
            &[],
            |_, f| {
                f.attestations.insert(Attestation::Collaboration);
            },
            Permit,
        ),
        c(
            "PUB asks for the publication agreement",
            &with(gru, "\"PUB\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        c(
            "RTN is met by the return agreement",
            &with(gru, "\"RTN\"", ""),
            "HMB",
            &[],
            |_, f| {
                f.attestations.insert(Attestation::ReturnResults);
            },
            Permit,
        ),
        c(
            "RS asks for the DAC's word on the research type",
            &with(gru, "\"RS\"", ""),
            "HMB",
            &[],
            none,
            Needs,
        ),
        // Combinations.
        c(
            "DS + IRB + GS + NCU all met",
            &with(
                &ds(&[DIABETES]),
                "\"IRB\", \"GS\", \"NCU\"",
                "regions = [\"EU\"]",
            ),
            "DS",
            &[T2D],
            |_, f| {
                f.attestations.insert(Attestation::EthicsApproval);
                f.country = Some("FR".into());
                f.commercial = Some(false);
            },
            Permit,
        ),
        c(
            "a violation outweighs a missing attestation",
            &with(&ds(&[CANCER]), "\"IRB\"", ""),
            "DS",
            &[T2D],
            none,
            Deny,
        ),
    ];
    // Cases about one term's verdict.
    for (rule, term, verdict) in [
        (
            "GRU does not cover clinical care",
            "DUO:0000043",
            Verdict::Violated,
        ),
        (
            "HMB refuses a disease study that includes ancestry research",
            "DUO:0000006",
            Verdict::Violated,
        ),
        (
            "DS(autoimmune disease) refuses T2D",
            "DUO:0000007",
            Verdict::Violated,
        ),
        (
            "GS asks for the country when unknown",
            "DUO:0000022",
            Verdict::NeedsAttestation,
        ),
        (
            "NPOA leaves biomedical research alone",
            "DUO:0000044",
            Verdict::Satisfied,
        ),
    ] {
        let case = v
            .iter_mut()
            .find(|c| c.rule == rule)
            .unwrap_or_else(|| panic!("no case `{rule}`"));
        case.verdict = Some((term, verdict));
    }
    v
}

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
