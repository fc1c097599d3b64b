//! A collection of phenopackets read from many files, each with where it came from.

use std::{path::Path, sync::Arc};

use crate::error::Error;
use crate::phenopackets::model::Phenopacket;
use crate::phenopackets::{Document, Format, Group, GroupKind, Role, Source, parse};

/// Phenopackets accumulated from many documents.
#[derive(Debug, Clone, Default)]
pub struct PhenopacketSet {
    entries: Vec<Entry>,
}

/// A phenopacket and its source.
#[derive(Debug, Clone)]
pub struct Entry {
    pub packet: Phenopacket,
    pub source: Source,
}

impl PhenopacketSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the documents of a file (see [`parse`]) and adds their phenopackets; returns how
    /// many were added. On error, nothing is added.
    pub fn read(&mut self, path: &Path, bytes: &[u8], format: Format) -> Result<usize, Error> {
        let documents = parse(path, bytes, format)?;
        let before = self.entries.len();
        let path: Arc<Path> = Arc::from(path);
        for document in documents {
            self.add(Arc::clone(&path), document);
        }
        Ok(self.entries.len() - before)
    }

    /// Adds the phenopackets of a document read from `path`.
    pub fn add(&mut self, path: Arc<Path>, document: Document) {
        let source = |role, group: &Option<Arc<Group>>| Source {
            path: Arc::clone(&path),
            role,
            group: group.clone(),
        };
        match document {
            Document::Phenopacket(packet) => {
                let source = source(Role::Phenopacket, &None);
                self.entries.push(Entry {
                    packet: *packet,
                    source,
                });
            }
            Document::Cohort(cohort) => {
                let group = Some(Arc::new(Group {
                    kind: GroupKind::Cohort,
                    id: cohort.id,
                    description: cohort.description,
                    files: cohort.files,
                    pedigree: None,
                    consanguinous_parents: false,
                    meta_data: cohort.meta_data,
                }));
                for packet in cohort.members {
                    let source = source(Role::Member, &group);
                    self.entries.push(Entry { packet, source });
                }
            }
            Document::Family(family) => {
                let group = Some(Arc::new(Group {
                    kind: GroupKind::Family,
                    id: family.id,
                    description: None,
                    files: family.files,
                    pedigree: family.pedigree,
                    consanguinous_parents: family.consanguinous_parents,
                    meta_data: family.meta_data,
                }));
                let proband = family.proband.map(|p| (p, Role::Proband));
                let relatives = family.relatives.into_iter().map(|p| (p, Role::Relative));
                for (packet, role) in proband.into_iter().chain(relatives) {
                    let source = source(role, &group);
                    self.entries.push(Entry { packet, source });
                }
            }
        }
    }

    /// Moves the phenopackets of `other` (e.g. read on another thread) to the end of this set.
    pub fn append(&mut self, other: &mut PhenopacketSet) {
        self.entries.append(&mut other.entries);
    }

    /// The phenopackets, in the order they were added.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
