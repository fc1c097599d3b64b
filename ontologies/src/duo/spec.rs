//! Data use conditions as written in configuration (TOML/JSON), checked into [`DataUse`].

use serde::Deserialize;

use super::conditions::{DataUse, Modifier, Permission};
use super::vocabulary::{self as v};
use super::{DuoError, region};
use crate::{Date, Store};

/// Data use conditions as an operator writes them:
///
/// ```toml
/// permission = "DS"                 # NRES, GRU, HMB, DS, POA (or DUO ids)
/// diseases = ["MONDO:0005015"]      # DS only
/// modifiers = ["IRB", "GS", "TS"]   # shorthands or DUO ids
/// regions = ["EU", "NO"]            # GS
/// moratorium_until = "2027-06-30"   # MOR
/// time_limit_months = 12            # TS
/// time_limit_start = "2026-01-01"   # TS, optional: else from the access grant
/// users = ["…"]                     # US; projects = […] for PS, institutions = […] for IS
/// ```
///
/// Parameters must match the modifiers exactly (a parameter without its modifier is an
/// error, as is a modifier without its parameter), so nothing is silently ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DataUseSpec {
    pub permission: String,
    #[serde(default)]
    pub diseases: Vec<String>,
    #[serde(default)]
    pub modifiers: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub moratorium_until: Option<Date>,
    pub time_limit_months: Option<u32>,
    pub time_limit_start: Option<Date>,
    #[serde(default)]
    pub users: Vec<String>,
    #[serde(default)]
    pub projects: Vec<String>,
    #[serde(default)]
    pub institutions: Vec<String>,
}

impl DataUseSpec {
    /// Checks the specification against the DUO vocabulary and `store` (diseases must be
    /// known, current terms).
    pub fn resolve(&self, store: &Store) -> Result<DataUse, DuoError> {
        let permission_term = v::find(self.permission.trim()).filter(|t| {
            t.parent == v::DATA_USE_PERMISSION.id || t.id == v::HMB.id || t.id == v::DS.id
        });
        let permission = match permission_term.map(|t| t.id) {
            Some(id) if id == v::NRES.id => Permission::Nres,
            Some(id) if id == v::GRU.id => Permission::Gru,
            Some(id) if id == v::HMB.id => Permission::Hmb,
            Some(id) if id == v::POA.id => Permission::Poa,
            Some(id) if id == v::DS.id => {
                if self.diseases.is_empty() {
                    return Err(DuoError::DiseaseMissing);
                }
                for d in &self.diseases {
                    current_term(store, d)?;
                }
                Permission::Ds {
                    diseases: self.diseases.clone(),
                }
            }
            _ => return Err(DuoError::NotAPermission(self.permission.clone())),
        };
        if !matches!(permission, Permission::Ds { .. }) && !self.diseases.is_empty() {
            return Err(DuoError::DiseaseUnused(
                permission.term().shorthand.unwrap_or(permission.term().id),
            ));
        }

        let mut modifiers: Vec<Modifier> = Vec::new();
        for code in &self.modifiers {
            let term = v::find(code.trim())
                .filter(|t| t.parent == v::DATA_USE_MODIFIER.id || t.parent == v::NPUNCU.id)
                .ok_or_else(|| DuoError::NotAModifier(code.clone()))?;
            let m = self.modifier(term.id)?;
            if modifiers.iter().any(|x| x.term().id == term.id) {
                return Err(DuoError::DuplicateModifier(
                    term.shorthand.unwrap_or(term.id),
                ));
            }
            modifiers.push(m);
        }
        let has = |t: &v::DuoTerm| modifiers.iter().any(|m| m.term().id == t.id);
        let unused = [
            (!self.regions.is_empty(), &v::GS, "regions"),
            (self.moratorium_until.is_some(), &v::MOR, "moratorium_until"),
            (
                self.time_limit_months.is_some(),
                &v::TS,
                "time_limit_months",
            ),
            (self.time_limit_start.is_some(), &v::TS, "time_limit_start"),
            (!self.users.is_empty(), &v::US, "users"),
            (!self.projects.is_empty(), &v::PS, "projects"),
            (!self.institutions.is_empty(), &v::IS, "institutions"),
        ];
        for (given, term, parameter) in unused {
            if given && !has(term) {
                return Err(DuoError::UnusedParameter {
                    modifier: term.shorthand.unwrap_or(term.id),
                    parameter,
                });
            }
        }
        Ok(DataUse {
            permission,
            modifiers,
        })
    }

    fn modifier(&self, id: &str) -> Result<Modifier, DuoError> {
        let missing = |modifier, parameter| DuoError::MissingParameter {
            modifier,
            parameter,
        };
        let list = |l: &Vec<String>, m, p| {
            if l.is_empty() {
                Err(missing(m, p))
            } else {
                Ok(l.clone())
            }
        };
        Ok(match id {
            id if id == v::RS.id => Modifier::Rs,
            id if id == v::NMDS.id => Modifier::Nmds,
            id if id == v::GSO.id => Modifier::Gso,
            id if id == v::NPUNCU.id => Modifier::Npuncu,
            id if id == v::NPU.id => Modifier::Npu,
            id if id == v::NCU.id => Modifier::Ncu,
            id if id == v::PUB.id => Modifier::Pub,
            id if id == v::COL.id => Modifier::Col,
            id if id == v::IRB.id => Modifier::Irb,
            id if id == v::RTN.id => Modifier::Rtn,
            id if id == v::CC.id => Modifier::Cc,
            id if id == v::NPOA.id => Modifier::Npoa,
            id if id == v::GS.id => {
                let regions = list(&self.regions, "GS", "regions")?;
                if let Some(bad) = regions.iter().find(|r| !region::is_region(r)) {
                    return Err(DuoError::UnknownRegion(bad.clone()));
                }
                Modifier::Gs { regions }
            }
            id if id == v::MOR.id => Modifier::Mor {
                until: self
                    .moratorium_until
                    .ok_or_else(|| missing("MOR", "moratorium_until"))?,
            },
            id if id == v::TS.id => {
                let months = self
                    .time_limit_months
                    .ok_or_else(|| missing("TS", "time_limit_months"))?;
                if months == 0 {
                    return Err(DuoError::ZeroMonths);
                }
                Modifier::Ts {
                    months,
                    start: self.time_limit_start,
                }
            }
            id if id == v::US.id => Modifier::Us {
                users: list(&self.users, "US", "users")?,
            },
            id if id == v::PS.id => Modifier::Ps {
                projects: list(&self.projects, "PS", "projects")?,
            },
            id if id == v::IS.id => Modifier::Is {
                institutions: list(&self.institutions, "IS", "institutions")?,
            },
            other => return Err(DuoError::NotAModifier(other.to_string())),
        })
    }
}

/// A term that resolves in the store and is not obsolete.
pub(super) fn current_term(store: &Store, id: &str) -> Result<crate::TermId, DuoError> {
    let t = store.resolve(id)?;
    let term = store.get(t);
    if term.obsolete {
        return Err(DuoError::Obsolete {
            id: id.to_string(),
            replaced_by: term.replaced_by.clone(),
        });
    }
    Ok(t)
}
