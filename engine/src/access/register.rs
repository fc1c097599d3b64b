//! The approved access register: which research purposes a Data Access Committee (or
//! REMS) approved, for a researcher or a project, on a dataset. Passports carry no
//! purpose; the request declares one, and with a register the node counts or reads a
//! dataset only for a purpose approved there (or a narrower one).

use genofed_ontologies::Store;
use genofed_ontologies::duo::{self, DataUse, DataUseSpec, Organisation};
use genofed_policies::Principal;

use super::Requester;
use crate::EngineError;
use crate::config::{AccessConfig, ResearcherRecord};

enum Who {
    Researcher(String),
    Project(String),
}

struct Entry {
    who: Who,
    dataset: String,
    approved: DataUse,
    /// `DS (MONDO:0005148)`, for explanations.
    label: String,
    until: Option<genofed_ontologies::Date>,
}

/// A node's register, with purposes resolved against its ontologies.
pub struct Register {
    entries: Vec<Entry>,
    researchers: Vec<Record>,
}

/// A researcher record with its organisation type parsed.
struct Record {
    id: String,
    country: Option<String>,
    institution: Option<String>,
    organisation: Option<Organisation>,
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl Register {
    /// Resolves each approval's purpose (DUO term, current disease terms).
    pub fn new(config: &AccessConfig, store: &Store) -> Result<Self, EngineError> {
        let mut entries = Vec::new();
        for (i, a) in config.approved.iter().enumerate() {
            let spec = DataUseSpec {
                permission: a.purpose.clone(),
                diseases: a.diseases.clone(),
                ..DataUseSpec::default()
            };
            let approved = spec.resolve(store).map_err(|source| EngineError::Consent {
                dataset: format!("[[access.approved]] #{} ({})", i + 1, a.dataset),
                source,
            })?;
            let who = match (&a.researcher, &a.project) {
                (Some(r), _) => Who::Researcher(r.clone()),
                (None, Some(p)) => Who::Project(p.clone()),
                (None, None) => {
                    return Err(EngineError::Invalid(format!(
                        "[[access.approved]] #{} names no researcher or project",
                        i + 1
                    )));
                }
            };
            let mut label = a.purpose.clone();
            if !a.diseases.is_empty() {
                label.push_str(&format!(" ({})", a.diseases.join(", ")));
            }
            entries.push(Entry {
                who,
                dataset: a.dataset.clone(),
                approved,
                label,
                until: a.until,
            });
        }
        let researchers = config
            .researchers
            .iter()
            .map(|r: &ResearcherRecord| {
                Ok(Record {
                    id: r.id.clone(),
                    country: r.country.clone(),
                    institution: r.institution.clone(),
                    organisation: super::organisation(r.organisation_type.as_deref())?,
                })
            })
            .collect::<Result<_, EngineError>>()?;
        Ok(Self {
            entries,
            researchers,
        })
    }

    /// Fills in what a researcher's principal lacks (country, institution, organisation
    /// type) from the DAC's record of them, if there is one.
    pub fn complete(&self, principal: &mut Principal) {
        let Principal::Researcher(r) = principal else {
            return;
        };
        let Some(record) = self.researchers.iter().find(|x| x.id == r.id) else {
            return;
        };
        if r.country.is_none() {
            r.country.clone_from(&record.country);
        }
        if r.institution.is_none() {
            r.institution.clone_from(&record.institution);
        }
        if r.organisation.is_none() {
            r.organisation = record.organisation;
        }
    }

    /// Whether `requester`'s purpose is approved on `dataset`; `Err` says why not.
    /// Anonymous requests are not the register's business (policies decide them).
    pub fn approves(
        &self,
        requester: &Requester,
        dataset: &str,
        store: &Store,
    ) -> Result<(), String> {
        let Principal::Researcher(r) = &requester.principal else {
            return Ok(());
        };
        let project = requester.facts.project.as_deref();
        let today = requester.facts.today;
        let mine: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.dataset == dataset)
            .filter(|e| match &e.who {
                Who::Researcher(id) => *id == r.id,
                Who::Project(p) => Some(p.as_str()) == project,
            })
            .collect();
        if mine.is_empty() {
            let project = project.map_or(String::new(), |p| format!(" or project `{p}`"));
            return Err(format!(
                "the purpose is not approved: the node's access register approves no purpose \
                 of researcher `{}`{project} on `{dataset}`",
                r.id
            ));
        }
        let mut seen = Vec::new();
        for e in &mine {
            if e.until.is_some_and(|u| u < today) {
                seen.push(format!(
                    "{} (expired {})",
                    e.label,
                    e.until.map(|u| u.to_string()).unwrap_or_default()
                ));
                continue;
            }
            let d = duo::decide(store, &e.approved, &requester.purpose, &requester.facts);
            if d.is_permit() {
                return Ok(());
            }
            seen.push(e.label.clone());
        }
        Err(format!(
            "the purpose is not approved: on `{dataset}` the node's access register approves only {}",
            seen.join(", ")
        ))
    }
}
