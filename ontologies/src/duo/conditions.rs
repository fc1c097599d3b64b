//! Data use conditions: one permission and any modifiers, with their parameters.

use super::vocabulary::{self as v, DuoTerm};
use crate::Date;

/// The data use permission of a dataset (exactly one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// NRES: no restriction.
    Nres,
    /// GRU: general research use, any research purpose.
    Gru,
    /// HMB: health/medical/biomedical research, not population origins or ancestry.
    Hmb,
    /// DS: research on these diseases (CURIEs) or diseases they subsume.
    Ds { diseases: Vec<String> },
    /// POA: population origins or ancestry research only.
    Poa,
}

impl Permission {
    pub fn term(&self) -> &'static DuoTerm {
        match self {
            Self::Nres => &v::NRES,
            Self::Gru => &v::GRU,
            Self::Hmb => &v::HMB,
            Self::Ds { .. } => &v::DS,
            Self::Poa => &v::POA,
        }
    }
}

/// A data use modifier with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modifier {
    /// RS: research specific restrictions (needs the DAC's word on the research type).
    Rs,
    /// NMDS: no general methods research.
    Nmds,
    /// GSO: genetic studies only.
    Gso,
    /// NPUNCU: not-for-profit organisations and non-commercial use only.
    Npuncu,
    /// NPU: not-for-profit organisations only.
    Npu,
    /// NCU: non-commercial use only.
    Ncu,
    /// PUB: results must be published.
    Pub,
    /// COL: collaboration with the primary investigators required.
    Col,
    /// IRB: ethics approval required.
    Irb,
    /// GS: use only within these regions (alpha-2 countries, `EU`, `EEA`).
    Gs { regions: Vec<String> },
    /// MOR: no publication before this date.
    Mor { until: Date },
    /// TS: use approved for `months` from `start` (or from the access grant).
    Ts { months: u32, start: Option<Date> },
    /// US: approved users only.
    Us { users: Vec<String> },
    /// PS: approved projects only.
    Ps { projects: Vec<String> },
    /// IS: approved institutions only.
    Is { institutions: Vec<String> },
    /// RTN: derived data must be returned to the resource.
    Rtn,
    /// CC: clinical care use is allowed too.
    Cc,
    /// NPOA: population origins or ancestry research prohibited.
    Npoa,
}

impl Modifier {
    pub fn term(&self) -> &'static DuoTerm {
        match self {
            Self::Rs => &v::RS,
            Self::Nmds => &v::NMDS,
            Self::Gso => &v::GSO,
            Self::Npuncu => &v::NPUNCU,
            Self::Npu => &v::NPU,
            Self::Ncu => &v::NCU,
            Self::Pub => &v::PUB,
            Self::Col => &v::COL,
            Self::Irb => &v::IRB,
            Self::Gs { .. } => &v::GS,
            Self::Mor { .. } => &v::MOR,
            Self::Ts { .. } => &v::TS,
            Self::Us { .. } => &v::US,
            Self::Ps { .. } => &v::PS,
            Self::Is { .. } => &v::IS,
            Self::Rtn => &v::RTN,
            Self::Cc => &v::CC,
            Self::Npoa => &v::NPOA,
        }
    }
}

/// The data use conditions of a dataset (or of one individual's consent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataUse {
    pub permission: Permission,
    pub modifiers: Vec<Modifier>,
}

impl DataUse {
    /// Whether a modifier with this DUO term is present.
    pub fn has(&self, term: &DuoTerm) -> bool {
        self.modifiers.iter().any(|m| m.term().id == term.id)
    }
}
