//! Opening a VCF/BCF file: detecting its format, reading its header, finding its index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bcf;
use super::header::Header;
use super::index::Index;
use super::text::{LineSource, Range};
use crate::bgzf;
use crate::crypt4gh::PrivateKey;
use crate::{Error, ErrorKind, Input, Location, plaintext_name};

/// How a file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Uncompressed VCF text.
    Vcf,
    /// BGZF-compressed VCF text (`.vcf.gz`, `.vcf.bgz`).
    VcfGz,
    /// BCF (BGZF-compressed binary).
    Bcf,
}

/// An opened VCF/BCF file: its header and its index when one is beside it.
#[derive(Debug)]
pub struct VcfFile {
    pub path: PathBuf,
    pub format: Format,
    pub header: Arc<Header>,
    pub index: Option<Arc<Index>>,
    /// Length of the (decrypted) file in bytes.
    pub len: u64,
    /// File position of the first record (virtual position for BGZF files).
    pub data_start: u64,
    /// The open file, shared by every partition (and its decrypting reader, if any).
    pub input: Input,
    /// Names this opening of the file in the process's block cache.
    pub id: u64,
}

impl VcfFile {
    /// Opens a plain file, reading and checking its header and loading its index if
    /// present.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::open_with(path, None)
    }

    /// Opens a file that may be Crypt4GH-encrypted (decrypted with `key`); the index of
    /// `x.vcf.gz.c4gh` is the plaintext `x.vcf.gz.tbi`/`.csi` beside it.
    pub fn open_with(path: impl AsRef<Path>, key: Option<&PrivateKey>) -> Result<Self, Error> {
        let path = path.as_ref();
        let err = |location, kind| Error::new(path, location, kind);
        let io = |e| err(Location::File, ErrorKind::Io(e));
        let input = Input::open(path, key)?;
        let meta = std::fs::metadata(path).map_err(io)?;
        let compressed =
            bgzf::is_bgzf(&input).map_err(|e| Error::from_io(path, Location::File, e))?;
        if !compressed && bgzf::is_gzip(&input).map_err(io)? {
            return Err(err(
                Location::File,
                ErrorKind::Unsupported(
                    "gzip file that is not BGZF: recompress it with `bgzip`".into(),
                ),
            ));
        }
        if compressed
            && !bgzf::has_eof_marker(&input).map_err(|e| Error::from_io(path, Location::File, e))?
        {
            return Err(err(
                Location::Offset(input.len()),
                ErrorKind::BgzfTruncated(
                    "the BGZF end-of-file marker is missing (file cut short?)",
                ),
            ));
        }
        let mut source = LineSource::open(&input, path, compressed)?;
        source.seek(&Range {
            start: 0,
            end: u64::MAX,
            align: false,
        })?;
        let (format, header, data_start) = if compressed && source.starts_with(b"BCF")? {
            let (header, start) = bcf::read_header(&mut source)?;
            (Format::Bcf, header, start)
        } else {
            let (header, start) = read_text_header(&mut source)?;
            (
                if compressed {
                    Format::VcfGz
                } else {
                    Format::Vcf
                },
                header,
                start,
            )
        };
        // An encrypted file is usually made after its plaintext was indexed, so its time
        // says nothing about the index: only plain files are dated against their index
        // (contigs are checked either way).
        let data_mtime = match input {
            Input::Plain { .. } => meta.modified().ok(),
            Input::Crypt4gh(_) => None,
        };
        let index = Index::find(&plaintext_name(path), format, &header, data_mtime)?;
        Ok(Self {
            path: path.to_path_buf(),
            format,
            header: Arc::new(header),
            index: index.map(Arc::new),
            len: input.len(),
            data_start,
            input,
            id: bgzf::file_id(),
        })
    }
}

/// Reads the `##` meta lines and the `#CHROM` line.
fn read_text_header(source: &mut LineSource) -> Result<(Header, u64), Error> {
    let path = source.path().to_path_buf();
    let mut text = String::new();
    let mut line_no = 0u64;
    let mut data_start = 0;
    while let Some((line, _)) = source.next_line()? {
        line_no += 1;
        let line = std::str::from_utf8(line).map_err(|_| {
            Error::new(
                &path,
                Location::Line(line_no),
                ErrorKind::InvalidUtf8("header"),
            )
        })?;
        if line_no == 1 && !line.starts_with("##fileformat=VCF") {
            return Err(Error::new(&path, Location::Line(1), ErrorKind::NotVcf));
        }
        if !line.starts_with('#') {
            return Err(Error::new(
                &path,
                Location::Line(line_no),
                ErrorKind::MissingHeader,
            ));
        }
        text.push_str(line);
        text.push('\n');
        if !line.starts_with("##") {
            data_start = source.position_of_next();
            break;
        }
    }
    if line_no == 0 {
        return Err(Error::new(&path, Location::Line(1), ErrorKind::NotVcf));
    }
    let header =
        Header::parse(&text).map_err(|e| Error::new(&path, Location::Line(e.line), e.kind))?;
    Ok((header, data_start))
}
