//! The reference FASTA a CRAM file was compressed against, behind a guard: noodles
//! panics when a sequence it needs is missing, so every lookup goes through an adapter
//! that answers a missing sequence (or a missing FASTA) with an error instead.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use noodles::core::Region;
use noodles::fasta;

use super::header::Header;
use crate::vcf::index::with_suffix;
use crate::{Error, ErrorKind, Location};

/// A FASTA file with its `.fai` index, checked against a CRAM header.
#[derive(Debug)]
pub struct Reference {
    pub path: PathBuf,
    index: fasta::fai::Index,
}

impl Reference {
    /// Opens `path` (and `path.fai`) for the CRAM file whose header is `header`: every
    /// sequence both name must have the same length, else this is the wrong reference.
    pub fn open(path: &Path, header: &Header) -> Result<Self, Error> {
        let fai = with_suffix(path, ".fai");
        let index = fasta::fai::fs::read(&fai).map_err(|source| {
            Error::new(path, Location::File, ErrorKind::Index { path: fai, source })
        })?;
        let lengths: HashMap<&[u8], u64> = index
            .as_ref()
            .iter()
            .map(|r| (r.name().as_ref(), r.length()))
            .collect();
        for r in &header.references {
            if let Some(&len) = lengths.get(r.name.as_bytes())
                && len != r.length
            {
                return Err(Error::new(
                    path,
                    Location::File,
                    ErrorKind::Unsupported(format!(
                        "wrong reference: sequence `{}` has length {len} here, the CRAM header says {}",
                        r.name, r.length
                    )),
                ));
            }
        }
        Ok(Self {
            path: path.to_path_buf(),
            index,
        })
    }

    /// Whether the FASTA has sequence `name`.
    pub fn contains(&self, name: &[u8]) -> bool {
        self.index
            .as_ref()
            .iter()
            .any(|r| AsRef::<[u8]>::as_ref(r.name()) == name)
    }
}

/// A repository that never makes noodles panic: sequences come from `reference` when it
/// has them, and anything else is an error naming the sequence.
pub(crate) fn repository(reference: Option<&Reference>) -> Result<fasta::Repository, Error> {
    let reader = match reference {
        None => None,
        Some(r) => {
            let file = std::fs::File::open(&r.path)
                .map_err(|e| Error::new(&r.path, Location::File, ErrorKind::Io(e)))?;
            let reader = fasta::io::IndexedReader::new(io::BufReader::new(file), r.index.clone());
            Some((r.path.clone(), reader))
        }
    };
    Ok(fasta::Repository::new(Guarded { reader }))
}

struct Guarded {
    reader: Option<(
        PathBuf,
        fasta::io::IndexedReader<io::BufReader<std::fs::File>>,
    )>,
}

impl fasta::repository::Adapter for Guarded {
    fn get(&mut self, name: &[u8]) -> Option<io::Result<fasta::Record>> {
        let shown = String::from_utf8_lossy(name);
        let Some((path, reader)) = self.reader.as_mut() else {
            return Some(Err(io::Error::other(format!(
                "decoding needs reference sequence `{shown}`, and no reference FASTA is configured (dataset `reference`, or OPTIONS ('reference' 'ref.fa'))"
            ))));
        };
        if !reader
            .index()
            .as_ref()
            .iter()
            .any(|r| AsRef::<[u8]>::as_ref(r.name()) == name)
        {
            return Some(Err(io::Error::other(format!(
                "reference sequence `{shown}` is not in `{}` (wrong reference?)",
                path.display()
            ))));
        }
        Some(reader.query(&Region::new(name, ..)))
    }
}
