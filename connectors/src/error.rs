use std::{fmt, io, path::PathBuf};

/// Where in a file an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Nowhere in particular (the file as a whole).
    File,
    /// A 1-based line of a text file (uncompressed line numbers for `.vcf.gz`).
    Line(u64),
    /// A byte offset in the (compressed) file.
    Offset(u64),
    /// A BGZF virtual position: compressed block offset and offset inside the block.
    Virtual { block: u64, offset: u16 },
    /// A place in a JSON document: the path of the offending value (`$` is the document
    /// root, e.g. `$.phenotypicFeatures[2].type.id`) and its 1-based line and column in the
    /// file (for JSON Lines, the line of the record).
    JsonPath {
        path: String,
        line: u64,
        column: u64,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, " line {n}"),
            Location::Offset(o) => write!(f, " at byte offset {o}"),
            Location::Virtual { block, offset } => {
                write!(
                    f,
                    " at BGZF block offset {block}, offset {offset} in the block"
                )
            }
            Location::JsonPath { path, line, column } => {
                write!(f, " at JSON path `{path}` (line {line}, column {column})")
            }
        }
    }
}

/// An error reading a genomic file, naming the file and the place in it.
#[derive(Debug, thiserror::Error)]
#[error("`{}`{location}: {kind}", path.display())]
pub struct Error {
    pub path: PathBuf,
    pub location: Location,
    #[source]
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(path: impl Into<PathBuf>, location: Location, kind: ErrorKind) -> Self {
        Self {
            path: path.into(),
            location,
            kind,
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("not a Crypt4GH file (bad magic bytes)")]
    Crypt4ghMagic,
    #[error("unsupported Crypt4GH version {0} (genofed reads version 1)")]
    Crypt4ghVersion(u32),
    #[error("Crypt4GH file is truncated: {0}")]
    Crypt4ghTruncated(String),
    #[error("invalid Crypt4GH header: {0}")]
    Crypt4ghHeader(String),
    #[error(
        "no header packet could be opened with the given key ({packets} packet(s) tried; the file was encrypted for another recipient)"
    )]
    Crypt4ghNoPacket { packets: u32 },
    #[error(
        "no header packet written by the expected sender could be opened with the given key ({packets} packet(s) tried)"
    )]
    Crypt4ghSender { packets: u32 },
    #[error("authentication failed in data segment {segment} (tampered or corrupt ciphertext)")]
    Crypt4ghAuthentication { segment: u64 },
    #[error(
        "the file is Crypt4GH-encrypted but no key is configured (node config `crypt4gh_key`, or OPTIONS ('crypt4gh.key' '…'))"
    )]
    Crypt4ghNoKey,
    #[error("invalid Crypt4GH key file: {0}")]
    KeyFile(String),
    #[error("the key file is protected by a passphrase, and none was given")]
    PassphraseRequired,
    #[error("wrong passphrase for the key file")]
    WrongPassphrase,
    #[error("i/o error")]
    Io(#[from] io::Error),
    #[error("not a BGZF block (bad magic or header)")]
    BgzfHeader,
    #[error("BGZF file is truncated: {0}")]
    BgzfTruncated(&'static str),
    #[error("cannot inflate BGZF block")]
    BgzfInflate,
    #[error("BGZF block checksum mismatch (corrupt data)")]
    BgzfChecksum,
    #[error("not a VCF file: the first line must be `##fileformat=VCF...`")]
    NotVcf,
    #[error("not a BCF file: bad magic bytes")]
    NotBcf,
    #[error("unsupported BCF version {0}.{1} (genofed reads BCF 2.1 and 2.2)")]
    BcfVersion(u8, u8),
    #[error("missing header line `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO`")]
    MissingHeader,
    #[error("invalid header line: {0}")]
    HeaderLine(String),
    #[error("wrong number of columns: expected {expected}, found {found}")]
    ColumnCount { expected: usize, found: usize },
    #[error("INFO key `{0}` is not declared in the header")]
    UndeclaredInfo(String),
    #[error("FORMAT key `{0}` is not declared in the header")]
    UndeclaredFormat(String),
    #[error("FILTER `{0}` is not declared in the header")]
    UndeclaredFilter(String),
    #[error("contig `{0}` is not declared in the header")]
    UndeclaredContig(String),
    #[error("invalid {what} `{value}`")]
    InvalidValue { what: String, value: String },
    #[error("{what}: expected {expected} value(s), found {found}")]
    ValueCount {
        what: String,
        expected: usize,
        found: usize,
    },
    #[error("invalid UTF-8 in {0}")]
    InvalidUtf8(&'static str),
    #[error("invalid BCF record: {0}")]
    Bcf(String),
    #[error("cannot read index `{}`", .path.display())]
    Index {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("index `{}` is older than the data file (stale index: rebuild it)", .0.display())]
    StaleIndex(PathBuf),
    #[error("index `{}` does not match the data file: {reason}", .path.display())]
    IndexMismatch { path: PathBuf, reason: String },
    #[error("invalid phenopacket JSON: {0}")]
    Json(String),
    #[error("cannot decode CRAM: {0}")]
    Cram(String),
    #[error("invalid SAM record: {0}")]
    Sam(String),
    #[error("unsupported file: {0}")]
    Unsupported(String),
}

impl From<Error> for datafusion::error::DataFusionError {
    fn from(e: Error) -> Self {
        datafusion::error::DataFusionError::External(Box::new(e))
    }
}

impl Error {
    /// Turns an i/o error from a reader back into the [`Error`] it carries (readers such as
    /// the Crypt4GH one report authentication failures through `std::io::Error`), or wraps
    /// it as an i/o error at `location`.
    pub fn from_io(path: &std::path::Path, location: Location, e: io::Error) -> Self {
        if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(inner) = e.into_inner()
                && let Ok(err) = inner.downcast::<Error>()
            {
                return *err;
            }
            return Error::new(path, location, ErrorKind::Io(io::Error::other("i/o error")));
        }
        Error::new(path, location, ErrorKind::Io(e))
    }

    /// This error as an `std::io::Error`, for `Read`/`read_at` interfaces; see
    /// [`Error::from_io`].
    pub fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }
}
