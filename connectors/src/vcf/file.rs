//! Opening a VCF/BCF file: detecting its format, reading its header, finding its index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bcf;
use super::header::Header;
use super::index::Index;
use super::text::{LineSource, Range};
use crate::bgzf;
use crate::{Error, ErrorKind, Location};

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
    /// Length of the file in bytes.
    pub len: u64,
    /// File position of the first record (virtual position for BGZF files).
    pub data_start: u64,
}

impl VcfFile {
    /// Opens a file, reading and checking its header and loading its index if present.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let err = |location, kind| Error::new(path, location, kind);
        let io = |e| err(Location::File, ErrorKind::Io(e));
        let file = std::fs::File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        let compressed = bgzf::is_bgzf(&file).map_err(io)?;
        if !compressed && bgzf::is_gzip(&file).map_err(io)? {
            return Err(err(
                Location::File,
                ErrorKind::Unsupported(
                    "gzip file that is not BGZF: recompress it with `bgzip`".into(),
                ),
            ));
        }
        if compressed && !bgzf::has_eof_marker(&file).map_err(io)? {
            return Err(err(
                Location::Offset(meta.len()),
                ErrorKind::BgzfTruncated(
                    "the BGZF end-of-file marker is missing (file cut short?)",
                ),
            ));
        }
        let mut source = LineSource::open(path, compressed)?;
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
        let index = Index::find(path, format, &header, meta.modified().ok())?;
        Ok(Self {
            path: path.to_path_buf(),
            format,
            header: Arc::new(header),
            index: index.map(Arc::new),
            len: meta.len(),
            data_start,
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
