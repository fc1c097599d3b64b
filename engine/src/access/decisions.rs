//! The decisions of one requester on every table of a node, made once per session.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use genofed_policies::{Action, Decider, Outcome, column_uid, dataset_uid, table_uid};

use genofed_ontologies::Store;

use super::masks::Mask;
use super::register::Register;
use super::requester::Requester;
use crate::EngineError;
use crate::resources::NodeResources;

/// What a requester may do with a table's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Records (behind the consent filter and masks).
    Read,
    /// Aggregates only, each output group with at least `k` individuals.
    CountOnly { k: u32 },
    /// Nothing: the explanation names the policies.
    Denied { reason: String },
}

/// The decision on one table.
#[derive(Debug, Clone)]
pub struct TableAccess {
    pub mode: Mode,
    /// The column naming each row's participant (`sample_id`, `individual_id`), if any.
    pub key: Option<String>,
    /// Participants (individual and sample ids) whose consent group does not admit the
    /// request: their rows are filtered out.
    pub excluded: Option<Arc<HashSet<String>>>,
    /// Masked columns.
    pub masks: BTreeMap<String, Mask>,
    /// Sample id → individual id, when the participant column holds sample ids (so that
    /// `k` counts individuals).
    pub individuals: Option<Arc<HashMap<String, String>>>,
}

/// The decisions on one dataset.
#[derive(Debug, Clone)]
pub struct DatasetAccess {
    pub discover: bool,
    /// The dataset's minimum group size for counts.
    pub k: u32,
    pub tables: BTreeMap<String, TableAccess>,
}

/// A requester's decisions on a node's datasets.
#[derive(Debug, Clone)]
pub struct Access {
    pub requester: Requester,
    pub datasets: BTreeMap<String, DatasetAccess>,
}

/// Columns hidden from every remote principal: the node's own file paths.
const SERVER_PATHS: &[(&str, &str)] = &[("individuals", "source_path")];

fn why(outcome: &Outcome, policies: &cedar_policy::PolicySet, dataset: &str) -> String {
    if !outcome.errors.is_empty() {
        return format!(
            "policy evaluation failed ({}), which denies",
            outcome.errors.join("; ")
        );
    }
    if outcome.policies.is_empty() {
        // Name the consent's permission that does not admit the request.
        let prefix = format!("{dataset}.duo.");
        let mut permits: Vec<String> = policies
            .policies()
            .filter(|p| p.effect() == cedar_policy::Effect::Permit)
            .filter_map(|p| p.annotation("id"))
            .filter(|id| id.starts_with(&prefix))
            .map(describe)
            .collect();
        permits.sort();
        if permits.is_empty() {
            return "no policy permits it".to_string();
        }
        return format!(
            "no policy permits it: the consent's {} does not admit this purpose",
            permits.join(", ")
        );
    }
    let named: Vec<String> = outcome.policies.iter().map(|p| describe(p)).collect();
    format!("forbidden by {}", named.join(", "))
}

/// `cohort.duo.IRB` → `` `cohort.duo.IRB` (DUO:0000021 ethics approval required) ``.
fn describe(policy: &str) -> String {
    let term = policy
        .rsplit_once(".duo.")
        .and_then(|(_, short)| genofed_ontologies::duo::vocabulary::find(short));
    match term {
        Some(t) => format!("`{policy}` ({} {})", t.id, t.label),
        None => format!("`{policy}`"),
    }
}

impl Access {
    /// Decides every table of `resources` for `requester`.
    /// With a `register`, counting and reading also need the purpose approved there.
    pub fn decide(
        resources: &NodeResources,
        decider: &Decider,
        register: Option<(&Register, &Store)>,
        requester: Requester,
    ) -> Result<Self, EngineError> {
        let mut datasets = BTreeMap::new();
        for (name, ds) in &resources.datasets {
            let discover = decider.decide(Action::Discover, &dataset_uid(name)).allowed;
            let approval = match register {
                Some((r, store)) => r.approves(&requester, name, store),
                None => Ok(()),
            };
            // Participants whose group does not admit reading / counting.
            let mut not_read = HashSet::new();
            let mut not_count = HashSet::new();
            let mut group_why = Vec::new();
            for (group, members) in &ds.groups {
                let uid = dataset_uid(&format!("{name}/{group}"));
                let read = decider.decide(Action::Read, &uid);
                let count = decider.decide(Action::Count, &uid);
                if !read.allowed {
                    not_read.extend(members.iter().cloned());
                }
                if !count.allowed {
                    not_count.extend(members.iter().cloned());
                    group_why.push(format!(
                        "consent group `{group}`: {}",
                        why(&count, decider.policies(), &format!("{name}/{group}"))
                    ));
                }
            }
            let mut tables = BTreeMap::new();
            for (table, info) in &ds.tables {
                let uid = table_uid(name, table);
                let read = decider.decide(Action::Read, &uid);
                let (mode, excluded) = if read.allowed {
                    (Mode::Read, not_read.clone())
                } else {
                    let count = decider.decide(Action::Count, &uid);
                    if count.allowed {
                        (Mode::CountOnly { k: ds.k }, not_count.clone())
                    } else {
                        let reason = format!(
                            "`{name}.{table}` for {}: {}",
                            requester.describe(),
                            why(&count, decider.policies(), name)
                        );
                        (Mode::Denied { reason }, HashSet::new())
                    }
                };
                let (mut mode, excluded) = match &approval {
                    Err(why) => (
                        Mode::Denied {
                            reason: format!("`{name}.{table}` for {}: {why}", requester.describe()),
                        },
                        HashSet::new(),
                    ),
                    Ok(()) => (mode, excluded),
                };
                if matches!(mode, Mode::CountOnly { .. }) && info.key.is_none() {
                    // No participant column: a group's individuals cannot be counted.
                    mode = Mode::Denied {
                        reason: format!(
                            "`{name}.{table}` may only be counted, but its rows do not say whose \
                             they are, so no group can be shown to hold {} individuals",
                            ds.k
                        ),
                    };
                }
                if !excluded.is_empty() && info.key.is_none() {
                    // Rows that cannot be told apart by participant: all or nothing.
                    mode = Mode::Denied {
                        reason: format!(
                            "`{name}.{table}` mixes the rows of all participants, and some \
                             participants' consent does not admit the request ({})",
                            group_why.join("; ")
                        ),
                    };
                }
                let action = match mode {
                    Mode::Read => Action::Read,
                    _ => Action::Count,
                };
                let mut masks = BTreeMap::new();
                if !matches!(mode, Mode::Denied { .. }) {
                    for &(t, c) in SERVER_PATHS {
                        if t == table && info.columns.iter().any(|x| x == c) {
                            masks.insert(c.to_string(), Mask::Null);
                        }
                    }
                    {
                        for c in &info.columns {
                            let o = decider.decide(action, &column_uid(name, table, c));
                            if !o.allowed {
                                let mask = Mask::strongest(
                                    o.ids
                                        .iter()
                                        .filter_map(|id| decider.policies().policy(id))
                                        .map(|p| p.annotation("mask")),
                                );
                                masks.insert(c.clone(), mask);
                            }
                        }
                    }
                }
                tables.insert(
                    table.clone(),
                    TableAccess {
                        mode,
                        key: info.key.clone(),
                        excluded: (!excluded.is_empty()).then(|| Arc::new(excluded)),
                        masks,
                        individuals: (info.key.as_deref() == Some("sample_id"))
                            .then(|| ds.individuals.clone()),
                    },
                );
            }
            datasets.insert(
                name.clone(),
                DatasetAccess {
                    discover,
                    k: ds.k,
                    tables,
                },
            );
        }
        Ok(Self {
            requester,
            datasets,
        })
    }

    /// The decisions for existence questions (a Beacon's boolean answers): in each dataset
    /// the requester may discover, a table it may neither read nor count (but whose rows
    /// say whose they are) becomes count-only under the dataset's `k`, for every
    /// participant. A front end using this must release no more than whether a count is
    /// non-zero: counts below `k` are withheld by the policy rule as for any count.
    pub fn for_existence(&self) -> Access {
        let mut out = self.clone();
        for d in out.datasets.values_mut().filter(|d| d.discover) {
            for t in d.tables.values_mut() {
                if matches!(t.mode, Mode::Denied { .. }) && t.key.is_some() {
                    t.mode = Mode::CountOnly { k: d.k };
                    t.excluded = None;
                }
            }
        }
        out
    }

    /// The decision on `dataset.table`, if it is a dataset table.
    pub fn table(&self, dataset: &str, table: &str) -> Option<&TableAccess> {
        self.datasets.get(dataset)?.tables.get(table)
    }
}
