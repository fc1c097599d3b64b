//! The claims of passports and visas (GA4GH AAI 1.2, `ga4gh_passport_v1` and
//! `ga4gh_visa_v1`).

use serde::Deserialize;

/// `aud`: one string or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    pub fn contains(&self, aud: &str) -> bool {
        match self {
            Audience::One(a) => a == aud,
            Audience::Many(v) => v.iter().any(|a| a == aud),
        }
    }
}

/// The registered claims both token kinds carry.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Registered {
    pub iss: String,
    pub sub: String,
    pub exp: i64,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
    pub aud: Option<Audience>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PassportClaims {
    #[serde(flatten)]
    pub registered: Registered,
    #[serde(default)]
    pub ga4gh_passport_v1: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct VisaClaims {
    #[serde(flatten)]
    pub registered: Registered,
    pub ga4gh_visa_v1: VisaObject,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct VisaObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub asserted: i64,
    pub value: String,
    pub source: String,
    pub by: Option<String>,
    /// Kept as JSON: forms genofed does not evaluate set the visa aside rather than
    /// rejecting the passport.
    pub conditions: Option<serde_json::Value>,
}

/// The standard visa types; others are kept but grant nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VisaType {
    AffiliationAndRole,
    AcceptedTermsAndPolicies,
    ResearcherStatus,
    ControlledAccessGrants,
    LinkedIdentities,
    Other(String),
}

impl VisaType {
    pub fn parse(s: &str) -> Self {
        match s {
            "AffiliationAndRole" => Self::AffiliationAndRole,
            "AcceptedTermsAndPolicies" => Self::AcceptedTermsAndPolicies,
            "ResearcherStatus" => Self::ResearcherStatus,
            "ControlledAccessGrants" => Self::ControlledAccessGrants,
            "LinkedIdentities" => Self::LinkedIdentities,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::AffiliationAndRole => "AffiliationAndRole",
            Self::AcceptedTermsAndPolicies => "AcceptedTermsAndPolicies",
            Self::ResearcherStatus => "ResearcherStatus",
            Self::ControlledAccessGrants => "ControlledAccessGrants",
            Self::LinkedIdentities => "LinkedIdentities",
            Self::Other(s) => s,
        }
    }
}

/// A visa whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visa {
    pub issuer: String,
    pub subject: String,
    pub kind: VisaType,
    pub value: String,
    pub source: String,
    pub by: Option<String>,
    /// Seconds since the epoch.
    pub asserted: i64,
    /// The visa's `exp`, seconds since the epoch.
    pub expires: i64,
}

impl VisaClaims {
    pub fn visa(&self) -> Visa {
        let v = &self.ga4gh_visa_v1;
        Visa {
            issuer: self.registered.iss.clone(),
            subject: self.registered.sub.clone(),
            kind: VisaType::parse(&v.kind),
            value: v.value.clone(),
            source: v.source.clone(),
            by: v.by.clone(),
            asserted: v.asserted,
            expires: self.registered.exp,
        }
    }
}
