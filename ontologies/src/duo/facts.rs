//! What is known about a request: who asks, from where, when, and what they attest.

use std::collections::BTreeSet;

use crate::Date;

/// The kind of organisation a researcher acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Organisation {
    NotForProfit,
    ForProfit,
}

/// Statements a researcher (or their DAC) makes with the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attestation {
    /// IRB: local ethics approval is in place.
    EthicsApproval,
    /// COL: collaboration with the primary investigators is agreed.
    Collaboration,
    /// PUB: results will be published.
    Publication,
    /// RTN: derived data will be returned to the resource.
    ReturnResults,
    /// MOR: nothing will be published before the moratorium date.
    Moratorium,
    /// RS: the DAC approved the research type.
    ResearchType,
}

impl Attestation {
    /// What the attestation states, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::EthicsApproval => "local ethics (IRB/ERB) approval",
            Self::Collaboration => "agreement to collaborate with the primary investigators",
            Self::Publication => "agreement to publish results",
            Self::ReturnResults => "agreement to return derived data to the resource",
            Self::Moratorium => "agreement not to publish before the moratorium date",
            Self::ResearchType => "the DAC's approval of the research type",
        }
    }
}

/// The facts modifiers are decided on. Unknown facts are `None`: a modifier that needs
/// one then asks for it instead of being assumed satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    /// The day of the request (TS, MOR).
    pub today: Date,
    /// The researcher's country, ISO 3166-1 alpha-2 (GS).
    pub country: Option<String>,
    /// The researcher's id (US).
    pub user: Option<String>,
    /// The project the request is made for (PS).
    pub project: Option<String>,
    /// The researcher's institution (IS).
    pub institution: Option<String>,
    /// The kind of organisation (NPU, NPUNCU).
    pub organisation: Option<Organisation>,
    /// Whether the use is commercial (NCU, NPUNCU).
    pub commercial: Option<bool>,
    /// When access to the dataset was granted (TS without a start date).
    pub access_granted: Option<Date>,
    pub attestations: BTreeSet<Attestation>,
}

impl RequestFacts {
    /// Facts for a request made on `today`, nothing else known.
    pub fn new(today: Date) -> Self {
        Self {
            today,
            country: None,
            user: None,
            project: None,
            institution: None,
            organisation: None,
            commercial: None,
            access_granted: None,
            attestations: BTreeSet::new(),
        }
    }
}
