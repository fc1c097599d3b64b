//! Where a store's terms came from, precisely enough to tell when a cache is stale.

use std::path::Path;

use crate::Error;

/// One input of a store: a file or a built-in fragment, by size and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's path, or `<builtin NAME>`.
    pub name: String,
    pub len: u64,
    /// A 64-bit hash of the content (files and built-in fragments alike).
    pub fingerprint: u64,
}

impl Source {
    /// A file's source record from its content (size and content hash, so a file replaced
    /// by another of the same size and time is still noticed).
    pub(crate) fn of_bytes(path: &Path, bytes: &[u8]) -> Self {
        Self {
            name: path.display().to_string(),
            len: bytes.len() as u64,
            fingerprint: content_hash(bytes),
        }
    }

    /// The record of a file as it is now on disk.
    pub(crate) fn of_file(path: &Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self::of_bytes(path, &bytes))
    }

    pub(crate) fn builtin(name: &str, content: &str) -> Self {
        Self {
            name: format!("<builtin {name}>"),
            len: content.len() as u64,
            fingerprint: content_hash(content.as_bytes()),
        }
    }

    pub(crate) fn is_builtin(&self) -> bool {
        self.name.starts_with("<builtin ")
    }
}

/// FNV-1a, 64-bit: a checksum for caches and built-in content, not a cryptographic hash.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A fast 64-bit hash (eight bytes per step) for telling whether a file changed; not
/// cryptographic.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    (h ^ fnv1a(chunks.remainder())).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}
