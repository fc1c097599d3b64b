//! Errors building DUO conditions and purposes.

use crate::Error;

/// A data use specification or research purpose that cannot be used as given.
#[derive(Debug, thiserror::Error)]
pub enum DuoError {
    #[error(
        "`{0}` is not a DUO data use permission (expected NRES, GRU, HMB, DS or POA, or their DUO ids)"
    )]
    NotAPermission(String),
    #[error("`{0}` is not a DUO data use modifier")]
    NotAModifier(String),
    #[error(
        "`{0}` is not a research purpose (expected GRU, HMB, DS, POA, CC or a DUO research purpose term DUO:0000031..DUO:0000040)"
    )]
    NotAPurpose(String),
    #[error("modifier `{0}` is listed twice")]
    DuplicateModifier(&'static str),
    #[error("DS needs at least one disease")]
    DiseaseMissing,
    #[error("diseases are given but the permission is `{0}`, not DS")]
    DiseaseUnused(&'static str),
    #[error("modifier `{modifier}` needs `{parameter}`")]
    MissingParameter {
        modifier: &'static str,
        parameter: &'static str,
    },
    #[error("`{parameter}` is given but modifier `{modifier}` is not listed")]
    UnusedParameter {
        modifier: &'static str,
        parameter: &'static str,
    },
    #[error("unknown region `{0}` (expected an ISO 3166-1 alpha-2 country code, `EU` or `EEA`)")]
    UnknownRegion(String),
    #[error("`{id}` is obsolete{}", if replaced_by.is_empty() { String::new() } else { format!("; replaced by {}", replaced_by.join(", ")) })]
    Obsolete {
        id: String,
        replaced_by: Vec<String>,
    },
    #[error("time limit must be at least one month")]
    ZeroMonths,
    #[error(transparent)]
    Term(#[from] Error),
}
