//! Where a store's terms came from, precisely enough to tell when a cache is stale.

use std::path::Path;

use crate::Error;

/// One input of a store: a file (size and modification time) or a built-in fragment
/// (size and content hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's path, or `<builtin NAME>`.
    pub name: String,
    pub len: u64,
    /// Modification time in nanoseconds since the epoch (files) or FNV-1a hash (built-in).
    pub fingerprint: u64,
}

impl Source {
    pub(crate) fn of_file(path: &Path) -> Result<Self, Error> {
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(Self {
            name: path.display().to_string(),
            len: meta.len(),
            fingerprint: modified,
        })
    }

    pub(crate) fn builtin(name: &str, content: &str) -> Self {
        Self {
            name: format!("<builtin {name}>"),
            len: content.len() as u64,
            fingerprint: fnv1a(content.as_bytes()),
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
