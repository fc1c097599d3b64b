//! The file under every connector: plain, or Crypt4GH-encrypted and decrypted on the fly.
//! Either way it is read with positional reads, so partitions share one open file (and
//! one segment cache).

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

use crate::crypt4gh::{self, Crypt4ghReader, PrivateKey};
use crate::{Error, ErrorKind, Location};

/// An opened input file.
#[derive(Debug, Clone)]
pub enum Input {
    Plain { file: Arc<File>, len: u64 },
    Crypt4gh(Arc<Crypt4ghReader>),
}

impl Input {
    /// Opens `path`; a file that starts with the Crypt4GH magic is decrypted with `key`
    /// (and is an error without one), whatever its name.
    pub fn open(path: &Path, key: Option<&PrivateKey>) -> Result<Self, Error> {
        let io = |e| Error::new(path, Location::File, ErrorKind::Io(e));
        let file = File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let mut head = [0u8; 8];
        let n = file.read_at(&mut head, 0).map_err(io)?;
        if !crypt4gh::is_crypt4gh(&head[..n]) {
            return Ok(Self::Plain {
                file: Arc::new(file),
                len,
            });
        }
        let key = key.ok_or_else(|| Error::new(path, Location::File, ErrorKind::Crypt4ghNoKey))?;
        Ok(Self::Crypt4gh(Arc::new(Crypt4ghReader::from_file(
            file, path, key,
        )?)))
    }

    /// Reads at a (decrypted) offset; returns 0 at the end.
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        match self {
            Self::Plain { file, .. } => file.read_at(buf, offset),
            Self::Crypt4gh(r) => r.read_at(buf, offset),
        }
    }

    pub fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        match self {
            Self::Plain { file, .. } => file.read_exact_at(buf, offset),
            Self::Crypt4gh(r) => r.read_exact_at(buf, offset),
        }
    }

    /// Length of the (decrypted) content.
    pub fn len(&self) -> u64 {
        match self {
            Self::Plain { len, .. } => *len,
            Self::Crypt4gh(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A `Read + Seek` view of the (decrypted) content, for readers that need streams.
    pub fn cursor(&self) -> InputCursor {
        InputCursor {
            input: self.clone(),
            pos: 0,
        }
    }

    /// The decrypting reader, for encrypted inputs (e.g. to read its segment counter).
    pub fn crypt4gh(&self) -> Option<&Arc<Crypt4ghReader>> {
        match self {
            Self::Crypt4gh(r) => Some(r),
            Self::Plain { .. } => None,
        }
    }
}

/// A positioned stream over an [`Input`] (see [`Input::cursor`]).
#[derive(Debug, Clone)]
pub struct InputCursor {
    input: Input,
    pos: u64,
}

impl std::io::Read for InputCursor {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for InputCursor {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(n) => Some(n),
            std::io::SeekFrom::End(d) => self.input.len().checked_add_signed(d),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.pos)
    }
}

/// The path with a trailing `.c4gh` removed: where a plaintext index beside an encrypted
/// file is found (`x.vcf.gz.c4gh` → `x.vcf.gz`, whose index is `x.vcf.gz.tbi`).
pub fn plaintext_name(path: &Path) -> std::path::PathBuf {
    match path.to_str().and_then(|s| s.strip_suffix(".c4gh")) {
        Some(stem) => stem.into(),
        None => path.to_path_buf(),
    }
}
