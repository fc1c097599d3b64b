//! DUO matching, as a table of cases. Each case documents one rule: conditions (as an
//! operator writes them), a research purpose, the facts of the request, the outcome and,
//! where it matters, the verdict on one DUO term. Diseases come from the built-in MONDO
//! fragment: PKU ⊑ inborn errors of metabolism ⊑ {metabolic disease, hereditary disease};
//! T1D ⊑ {diabetes mellitus, autoimmune disease}; T2D ⊑ diabetes mellitus ⊑ metabolic
//! disease; NSCLC ⊑ lung cancer ⊑ {cancer, lung disease}; cystic fibrosis ⊑ {hereditary
//! disease, lung disease}.

use genofed_ontologies::duo::{Outcome, RequestFacts, ResearchPurpose, Verdict};

pub(crate) const T2D: &str = "MONDO:0005148";
pub(crate) const T1D: &str = "MONDO:0005147";
pub(crate) const DIABETES: &str = "MONDO:0005015";
pub(crate) const METABOLIC: &str = "MONDO:0005066";
pub(crate) const HEREDITARY: &str = "MONDO:0003847";
pub(crate) const AUTOIMMUNE: &str = "MONDO:0007179";
pub(crate) const PKU: &str = "MONDO:0009861";
pub(crate) const CANCER: &str = "MONDO:0004992";
pub(crate) const NSCLC: &str = "MONDO:0005233";
pub(crate) const LUNG: &str = "MONDO:0005275";
pub(crate) const ASTHMA: &str = "MONDO:0004979";
pub(crate) const CF: &str = "MONDO:0009061";

pub(crate) const GRU: &str = "permission = \"GRU\"";
pub(crate) const HMB: &str = "permission = \"HMB\"";

pub(crate) type Setup = fn(&mut ResearchPurpose, &mut RequestFacts);

pub(crate) struct Case {
    pub rule: &'static str,
    pub conditions: String,
    pub purpose: &'static str,
    pub diseases: &'static [&'static str],
    pub setup: Setup,
    pub outcome: Outcome,
    /// The verdict expected on this DUO term (id), if the case is about one term.
    pub verdict: Option<(&'static str, Verdict)>,
}

pub(crate) fn none(_: &mut ResearchPurpose, _: &mut RequestFacts) {}

pub(crate) fn c(
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

pub(crate) fn ds(diseases: &[&str]) -> String {
    format!(
        "permission = \"DS\"\ndiseases = [{}]",
        diseases
            .iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub(crate) fn with(base: &str, modifiers: &str, extra: &str) -> String {
    format!("{base}\nmodifiers = [{modifiers}]\n{extra}")
}

/// Every case: permissions here, modifiers in `duo_modifier_cases.rs`.
pub(crate) fn cases() -> Vec<Case> {
    use Outcome::{Deny, Permit};
    let gru = GRU;
    let hmb = HMB;
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
    ];
    v.extend(crate::duo_modifier_cases::cases());
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
