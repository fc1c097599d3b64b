//! What a passport's accepted visas say about the researcher.

use super::claims::{Visa, VisaType};
use crate::Researcher;

/// A ControlledAccessGrants visa: a DAC's grant of `value` (a dataset), until `expires`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub value: String,
    pub source: String,
    pub by: Option<String>,
    /// Seconds since the epoch.
    pub asserted: i64,
    /// The visa's expiry, seconds since the epoch.
    pub expires: i64,
}

/// The researcher a verified passport describes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The passport's `sub`.
    pub subject: String,
    /// The passport's `iss`.
    pub issuer: String,
    /// A ResearcherStatus visa with an accepted value, not self-asserted.
    pub bona_fide: bool,
    /// AffiliationAndRole values (`role@organisation`).
    pub affiliations: Vec<String>,
    /// The roles of those affiliations.
    pub roles: Vec<String>,
    /// AcceptedTermsAndPolicies values.
    pub accepted_terms: Vec<String>,
    /// ControlledAccessGrants, not self-asserted.
    pub grants: Vec<Grant>,
    /// LinkedIdentities: (sub, iss) pairs of the same person.
    pub linked: Vec<(String, String)>,
}

fn self_asserted(v: &Visa) -> bool {
    v.by.as_deref() == Some("self")
}

/// `sub,iss;sub,iss` with each part URL-encoded (AAI 1.2 LinkedIdentities).
pub(crate) fn linked_identities(value: &str) -> Vec<(String, String)> {
    value
        .split(';')
        .filter_map(|pair| {
            let (sub, iss) = pair.split_once(',')?;
            Some((percent_decode(sub)?, percent_decode(iss)?))
        })
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Identity {
    pub(crate) fn from_visas(
        subject: &str,
        issuer: &str,
        visas: &[Visa],
        bona_fide_values: &[String],
    ) -> Self {
        let mut id = Identity {
            subject: subject.to_string(),
            issuer: issuer.to_string(),
            ..Self::default()
        };
        for v in visas {
            match v.kind {
                VisaType::ResearcherStatus => {
                    if !self_asserted(v) && bona_fide_values.contains(&v.value) {
                        id.bona_fide = true;
                    }
                }
                VisaType::AffiliationAndRole => {
                    if let Some((role, _)) = v.value.split_once('@')
                        && !id.roles.iter().any(|r| r == role)
                    {
                        id.roles.push(role.to_string());
                    }
                    id.affiliations.push(v.value.clone());
                }
                VisaType::AcceptedTermsAndPolicies => id.accepted_terms.push(v.value.clone()),
                VisaType::ControlledAccessGrants => {
                    if !self_asserted(v) {
                        id.grants.push(Grant {
                            value: v.value.clone(),
                            source: v.source.clone(),
                            by: v.by.clone(),
                            asserted: v.asserted,
                            expires: v.expires,
                        });
                    }
                }
                VisaType::LinkedIdentities => id.linked.extend(linked_identities(&v.value)),
                VisaType::Other(_) => {}
            }
        }
        id
    }

    /// The Cedar principal: `datasets` maps each grant to the node's datasets it opens
    /// (none, for another node's dataset or a DAC this node does not follow).
    pub fn researcher(&self, datasets: impl Fn(&Grant) -> Vec<String>) -> Researcher {
        Researcher {
            id: self.subject.clone(),
            issuer: self.issuer.clone(),
            bona_fide: self.bona_fide,
            affiliations: self.affiliations.clone(),
            roles: self.roles.clone(),
            accepted_terms: self.accepted_terms.clone(),
            grants: self
                .grants
                .iter()
                .flat_map(|g| {
                    let day = g.expires.div_euclid(86_400);
                    datasets(g).into_iter().map(move |d| (d, day))
                })
                .collect(),
            country: None,
            institution: None,
            organisation: None,
        }
    }
}
