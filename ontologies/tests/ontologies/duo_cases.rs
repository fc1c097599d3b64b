//! DUO matching, as a table of cases. Each case documents one rule: conditions (as an
//! operator writes them), a research purpose, the facts of the request, the outcome and,
//! where it matters, the verdict on one DUO term. Diseases come from the built-in MONDO
//! fragment: PKU ⊑ inborn errors of metabolism ⊑ {metabolic disease, hereditary disease};
//! T1D ⊑ {diabetes mellitus, autoimmune disease}; T2D ⊑ diabetes mellitus ⊑ metabolic
//! disease; NSCLC ⊑ lung cancer ⊑ {cancer, lung disease}; cystic fibrosis ⊑ {hereditary
//! disease, lung disease}.

use genofed_ontologies::duo::{
    Attestation, Organisation, Outcome, RequestFacts, ResearchPurpose, Verdict,
};

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

pub(crate) fn cases() -> Vec<Case> {
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
