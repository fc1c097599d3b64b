//! Where each phenopacket of a set came from: its file, its Cohort or Family, its role.

use std::{path::Path, sync::Arc};

use crate::phenopackets::model::{File, MetaData, Pedigree};

/// Where a phenopacket came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file it was read from.
    pub path: Arc<Path>,
    /// Its place in the document.
    pub role: Role,
    /// The Cohort or Family it belongs to.
    pub group: Option<Arc<Group>>,
}

/// The place of a phenopacket in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The document is the phenopacket itself.
    Phenopacket,
    /// A member of a Cohort.
    Member,
    /// The proband of a Family.
    Proband,
    /// A relative of the proband of a Family.
    Relative,
}

impl Role {
    /// `phenopacket`, `member`, `proband` or `relative`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Phenopacket => "phenopacket",
            Role::Member => "member",
            Role::Proband => "proband",
            Role::Relative => "relative",
        }
    }
}

/// Whether a [`Group`] is a Cohort or a Family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Cohort,
    Family,
}

/// The Cohort- or Family-level part of a document, shared by its phenopackets.
#[derive(Debug, Clone)]
pub struct Group {
    pub kind: GroupKind,
    pub id: Option<String>,
    /// A Cohort's description.
    pub description: Option<String>,
    /// Files listed at Cohort or Family level; they apply to every member.
    pub files: Vec<File>,
    /// A Family's pedigree.
    pub pedigree: Option<Pedigree>,
    /// Whether the parents of a Family's proband are consanguinous.
    pub consanguinous_parents: bool,
    pub meta_data: Option<MetaData>,
}

impl Source {
    /// The id of the Cohort the phenopacket is a member of.
    pub fn cohort_id(&self) -> Option<&str> {
        self.group_id(GroupKind::Cohort)
    }

    /// The id of the Family the phenopacket belongs to.
    pub fn family_id(&self) -> Option<&str> {
        self.group_id(GroupKind::Family)
    }

    fn group_id(&self, kind: GroupKind) -> Option<&str> {
        self.group
            .as_deref()
            .filter(|g| g.kind == kind)
            .and_then(|g| g.id.as_deref())
    }
}
