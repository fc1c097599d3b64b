//! TBI / CSI index construction with noodles' indexers, fed with the virtual
//! positions the BGZF writer tracked while writing.

use std::io;
use std::path::{Path, PathBuf};

use noodles::bgzf::VirtualPosition;
use noodles::core::Position;
use noodles::csi::binning_index::Indexer as BinningIndexer;
use noodles::csi::binning_index::index::reference_sequence::bin::Chunk;
use noodles::csi::binning_index::index::reference_sequence::index::BinnedIndex;
use noodles::vcf::index::{Format, Indexer as VcfIndexer};

use super::GenerateError;

/// Where a record lies on the genome.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    /// 0-based contig index.
    pub contig: usize,
    /// 1-based start.
    pub start: u64,
    /// 1-based inclusive end.
    pub end: u64,
}

const MIN_SHIFT: u8 = 14;

/// Smallest CSI depth (with `min_shift` 14) that covers `max_len`.
pub fn csi_depth(max_len: u64) -> u8 {
    let mut depth = 5u8;
    while depth < 12 && (1u64 << (u32::from(MIN_SHIFT) + 3 * u32::from(depth))) < max_len {
        depth += 1;
    }
    depth
}

fn index_error(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> GenerateError {
    GenerateError::Index {
        path: path.to_path_buf(),
        source: Box::new(e),
    }
}

fn chunk(start: u64, end: u64) -> Chunk {
    Chunk::new(VirtualPosition::from(start), VirtualPosition::from(end))
}

fn positions(path: &Path, span: Span) -> Result<(Position, Position), GenerateError> {
    let start = usize::try_from(span.start).ok().and_then(Position::new);
    let end = usize::try_from(span.end).ok().and_then(Position::new);
    match (start, end) {
        (Some(s), Some(e)) => Ok((s, e)),
        _ => Err(index_error(
            path,
            io::Error::new(io::ErrorKind::InvalidData, "invalid record position"),
        )),
    }
}

/// Indexer for a bgzipped VCF (tabix or CSI flavour).
pub struct VcfIndex {
    path: PathBuf,
    indexer: VcfIndexer,
}

impl std::fmt::Debug for VcfIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VcfIndex")
            .field("path", &self.path)
            .finish()
    }
}

impl VcfIndex {
    /// Creates an indexer that will be written to `path`; `csi` selects CSI
    /// instead of tabix, `max_len` is the longest contig.
    pub fn new(path: PathBuf, csi: bool, max_len: u64) -> Result<Self, GenerateError> {
        let mut builder =
            VcfIndexer::builder().set_format(if csi { Format::Csi } else { Format::Tabix });
        if csi && let Some(hint) = usize::try_from(max_len).ok().and_then(Position::new) {
            builder = builder.set_max_position_hint(hint);
        }
        let indexer = builder.build().map_err(|e| index_error(&path, e))?;
        Ok(Self { path, indexer })
    }

    /// Adds one record.
    pub fn add(
        &mut self,
        contig: &str,
        span: Span,
        start: u64,
        end: u64,
    ) -> Result<(), GenerateError> {
        let (s, e) = positions(&self.path, span)?;
        self.indexer
            .add_record(contig, s, e, chunk(start, end))
            .map_err(|err| index_error(&self.path, err))
    }

    /// Builds the index and writes it.
    pub fn finish(self) -> Result<PathBuf, GenerateError> {
        let path = self.path;
        let result = match self.indexer.build() {
            noodles::vcf::index::Index::Tabix(index) => noodles::tabix::fs::write(&path, &index),
            noodles::vcf::index::Index::Csi(index) => noodles::csi::fs::write(&path, &index),
        };
        result.map_err(|source| GenerateError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

/// CSI indexer for BCF.
pub struct BcfIndex {
    path: PathBuf,
    indexer: BinningIndexer<BinnedIndex>,
    contigs: usize,
}

impl std::fmt::Debug for BcfIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BcfIndex")
            .field("path", &self.path)
            .finish()
    }
}

impl BcfIndex {
    /// Creates an indexer for a BCF with `contigs` contigs, the longest
    /// being `max_len`.
    pub fn new(path: PathBuf, contigs: usize, max_len: u64) -> Result<Self, GenerateError> {
        let indexer = BinningIndexer::new(MIN_SHIFT, csi_depth(max_len)).ok_or_else(|| {
            index_error(
                &path,
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "contig too long for a csi index",
                ),
            )
        })?;
        Ok(Self {
            path,
            indexer,
            contigs,
        })
    }

    /// Adds one record.
    pub fn add(&mut self, span: Span, start: u64, end: u64) -> Result<(), GenerateError> {
        let (s, e) = positions(&self.path, span)?;
        self.indexer
            .add_record(Some((span.contig, s, e, true)), chunk(start, end))
            .map_err(|err| index_error(&self.path, err))
    }

    /// Builds the index and writes it.
    pub fn finish(self) -> Result<PathBuf, GenerateError> {
        let index = self.indexer.build(self.contigs);
        noodles::csi::fs::write(&self.path, &index).map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_fits() {
        assert_eq!(csi_depth(5_000_000), 5);
        assert_eq!(csi_depth(1 << 29), 5);
        assert_eq!(csi_depth((1 << 29) + 1), 6);
    }
}
