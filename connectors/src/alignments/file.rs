//! One alignment file: its format, header, index and (for CRAM) reference.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bam;
use super::cram::{self, CramIndex};
use super::header::Header;
use super::reference::Reference;
use super::sam;
use crate::crypt4gh::PrivateKey;
use crate::source::LineSource;
use crate::vcf::Index;
use crate::vcf::index::{check_fresh, with_suffix};
use crate::{Error, ErrorKind, Input, Location, plaintext_name};

/// The three alignment formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bam,
    Cram,
    Sam,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Bam => "BAM",
            Format::Cram => "CRAM",
            Format::Sam => "SAM",
        })
    }
}

/// What an alignment file needs besides its path.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Decrypts Crypt4GH files.
    pub key: Option<PrivateKey>,
    /// The reference FASTA (with its `.fai`) that CRAM files were compressed against.
    pub reference: Option<PathBuf>,
}

/// The index of a file, by format.
#[derive(Debug)]
pub enum FileIndex {
    /// `.bai` or `.csi` of a BAM file.
    Bam(Index),
    /// `.crai` of a CRAM file.
    Cram(CramIndex),
}

/// An opened alignment file.
#[derive(Debug)]
pub struct AlignmentFile {
    pub path: PathBuf,
    pub input: Input,
    pub format: Format,
    pub header: Arc<Header>,
    /// noodles' parse of the header (SAM and CRAM records are decoded against it).
    pub sam_header: Option<Arc<noodles::sam::Header>>,
    /// Where the first record starts: a BGZF virtual position (BAM), a byte offset
    /// (CRAM: the first data container; SAM: the first record line).
    pub first_record: u64,
    pub index: Option<FileIndex>,
    pub reference: Option<Arc<Reference>>,
    /// The sequences CRAM records are decoded against, shared (with their cache) by every
    /// task of every scan.
    pub(crate) repository: Option<noodles::fasta::Repository>,
}

impl AlignmentFile {
    pub fn open(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Self, Error> {
        let path = path.as_ref();
        let input = Input::open(path, options.key.as_ref())?;
        let format = sniff(&input, path)?;
        let plain = plaintext_name(path);
        let mtime = match &input {
            Input::Plain { file, .. } => file.metadata().ok().and_then(|m| m.modified().ok()),
            // An encrypted file is dated when it was encrypted, not when its plaintext
            // (which the index describes) was written.
            Input::Crypt4gh(_) => None,
        };
        let (header, sam_header, first_record, index, reference) = match format {
            Format::Bam => {
                let mut source = LineSource::open(&input, path, true)?;
                let (header, first) = bam::read_header(&mut source)?;
                let index = bam::find_index(path, &plain, &header, mtime)?.map(FileIndex::Bam);
                (header, None, first, index, None)
            }
            Format::Cram => {
                let (header, parsed, first) = cram::read_header(&input, path)?;
                let index = find_crai(path, &plain, mtime)?.map(FileIndex::Cram);
                let reference = options
                    .reference
                    .as_ref()
                    .map(|r| Reference::open(r, &header).map(Arc::new))
                    .transpose()?;
                (header, Some(parsed), first, index, reference)
            }
            Format::Sam => {
                let mut source = LineSource::open(&input, path, false)?;
                let (header, parsed, first) = sam::read_header(&mut source)?;
                (header, Some(parsed), first, None, None)
            }
        };
        let repository = match format {
            Format::Cram => Some(super::reference::repository(reference.as_deref())?),
            _ => None,
        };
        Ok(Self {
            repository,
            path: path.to_path_buf(),
            input,
            format,
            header: Arc::new(header),
            sam_header,
            first_record,
            index,
            reference,
        })
    }
}

/// Tells BAM (BGZF), CRAM (`CRAM` magic) and SAM (text) apart by content.
fn sniff(input: &Input, path: &Path) -> Result<Format, Error> {
    let mut head = [0u8; 4];
    let n = input.len().min(4) as usize;
    input
        .read_exact_at(&mut head[..n], 0)
        .map_err(|e| Error::from_io(path, Location::Offset(0), e))?;
    match &head[..n] {
        [0x1f, 0x8b, ..] => Ok(Format::Bam),
        b"CRAM" => Ok(Format::Cram),
        [b'@', ..] | [] => Ok(Format::Sam),
        h if h.iter().all(|b| b.is_ascii_graphic() || *b == b'\t') => Ok(Format::Sam),
        _ => Err(Error::new(
            path,
            Location::File,
            ErrorKind::Unsupported("not a BAM, CRAM or SAM file (unknown magic bytes)".into()),
        )),
    }
}

fn find_crai(
    path: &Path,
    plain: &Path,
    mtime: Option<std::time::SystemTime>,
) -> Result<Option<CramIndex>, Error> {
    let candidate = with_suffix(plain, ".crai");
    if !candidate.exists() {
        return Ok(None);
    }
    check_fresh(path, &candidate, mtime)?;
    CramIndex::read(&candidate, path).map(Some)
}
