//! `.tbi`/`.csi` indexes: loading, staleness checks, and region queries.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use noodles::core::{Position, region::Interval};
use noodles::csi::BinningIndex;

use super::file::Format;
use super::header::Header;
use crate::{Error, ErrorKind, Location};

/// A loaded index and the contig name of each of its reference sequence ids.
pub struct Index {
    pub path: PathBuf,
    inner: Box<dyn BinningIndex + Send + Sync>,
    names: Vec<String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("path", &self.path)
            .field("names", &self.names)
            .finish()
    }
}

/// A span of BGZF virtual positions holding candidate records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub start: u64,
    pub end: u64,
}

pub(crate) fn seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Refuses an index older than its data file. Like htslib, whole seconds are compared:
/// files copied together may differ by a few nanoseconds in either order.
pub(crate) fn check_fresh(
    data: &Path,
    index: &Path,
    data_mtime: Option<std::time::SystemTime>,
) -> Result<(), Error> {
    if let (Some(data_mtime), Ok(index_mtime)) = (
        data_mtime,
        std::fs::metadata(index).and_then(|m| m.modified()),
    ) && seconds(index_mtime) < seconds(data_mtime)
    {
        return Err(Error::new(
            data,
            Location::File,
            ErrorKind::StaleIndex(index.to_path_buf()),
        ));
    }
    Ok(())
}

impl Index {
    /// Finds and loads the index beside `data` (`.tbi` then `.csi` for `.vcf.gz`, `.csi`
    /// for `.bcf`). Plain `.vcf` files have none.
    pub fn find(
        data: &Path,
        format: Format,
        header: &Header,
        data_mtime: Option<SystemTime>,
    ) -> Result<Option<Self>, Error> {
        let candidates: &[&str] = match format {
            Format::Vcf => return Ok(None),
            Format::VcfGz => &[".tbi", ".csi"],
            Format::Bcf => &[".csi"],
        };
        for suffix in candidates {
            let path = with_suffix(data, suffix);
            if !path.is_file() {
                continue;
            }
            let err = |kind| Error::new(data, Location::File, kind);
            check_fresh(data, &path, data_mtime)?;
            let io = |source| {
                err(ErrorKind::Index {
                    path: path.clone(),
                    source,
                })
            };
            let inner: Box<dyn BinningIndex + Send + Sync> = if *suffix == ".tbi" {
                Box::new(noodles::tabix::fs::read(&path).map_err(io)?)
            } else {
                Box::new(noodles::csi::fs::read(&path).map_err(io)?)
            };
            let names: Vec<String> = match inner.header() {
                Some(h) => h
                    .reference_sequence_names()
                    .iter()
                    .map(|n| n.to_string())
                    .collect(),
                None => header
                    .contig_dict
                    .iter()
                    .map(|c| c.clone().unwrap_or_default())
                    .collect(),
            };
            let unknown = names
                .iter()
                .find(|n| !n.is_empty() && !header.contigs.iter().any(|c| &c.id == *n));
            if let Some(missing) = unknown.filter(|_| !header.contigs.is_empty()) {
                return Err(err(ErrorKind::IndexMismatch {
                    path,
                    reason: format!("contig `{missing}` is not in the file's header"),
                }));
            }
            return Ok(Some(Self { path, inner, names }));
        }
        Ok(None)
    }

    /// An index already loaded from `path` whose reference sequence ids name `names`.
    pub(crate) fn from_parts(
        path: PathBuf,
        inner: Box<dyn BinningIndex + Send + Sync>,
        names: Vec<String>,
    ) -> Self {
        Self { path, inner, names }
    }

    /// The loaded index itself.
    pub(crate) fn inner(&self) -> &(dyn BinningIndex + Send + Sync) {
        self.inner.as_ref()
    }

    /// Contig names known to the index, in reference-sequence-id order.
    pub fn contigs(&self) -> &[String] {
        &self.names
    }

    /// The chunks that may hold records of `contig` overlapping `[start, end]` (1-based).
    pub fn query(&self, contig: &str, start: i64, end: i64) -> Result<Vec<Chunk>, Error> {
        let Some(id) = self.names.iter().position(|n| n == contig) else {
            return Ok(Vec::new());
        };
        self.query_id(id, start, end)
    }

    /// Like [`Index::query`], for reference sequence id `id` (alignment files refer to
    /// references by id, and their names need not be unique).
    pub fn query_id(&self, id: usize, start: i64, end: i64) -> Result<Vec<Chunk>, Error> {
        if id >= self.inner.reference_sequences().count() {
            return Ok(Vec::new());
        }
        let max = (1i64 << (self.inner.min_shift() as u32 + 3 * self.inner.depth() as u32)) - 1;
        let start = start.max(1);
        let end = end.min(max);
        if start > end {
            return Ok(Vec::new());
        }
        let (Some(s), Some(e)) = (Position::new(start as usize), Position::new(end as usize))
        else {
            return Ok(Vec::new());
        };
        let chunks = self
            .inner
            .query(id, Interval::from(s..=e))
            .map_err(|source| {
                Error::new(
                    &self.path,
                    Location::File,
                    ErrorKind::Index {
                        path: self.path.clone(),
                        source,
                    },
                )
            })?;
        Ok(chunks
            .iter()
            .map(|c| Chunk {
                start: u64::from(c.start()),
                end: u64::from(c.end()),
            })
            .collect())
    }
}
