//! DUO matching cases for the modifiers: decided from the purpose, from request facts,
//! or resting on attestations; and combinations.

use genofed_ontologies::duo::{Attestation, Organisation, Outcome};

use crate::duo_cases::{CANCER, Case, DIABETES, GRU, HMB, T2D, c, ds, none, with};

pub(crate) fn cases() -> Vec<Case> {
    use Outcome::{Deny, NeedsAttestation as Needs, Permit};
    let (gru, hmb) = (GRU, HMB);
    vec![
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
    ]
}
