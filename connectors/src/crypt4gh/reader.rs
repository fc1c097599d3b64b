//! A positional reader over a Crypt4GH file: reads at any plaintext offset, decrypting
//! only the segments the read touches. Offsets are of the *visible* stream, i.e. after the
//! edit list; without one, mapping an offset to its segment is arithmetic.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::header::{self, Header};
use super::keys::PrivateKey;
use super::segment::SegmentCipher;
use super::{CIPHER_SEGMENT_SIZE, SEGMENT_OVERHEAD, SEGMENT_SIZE};
use crate::{Error, ErrorKind, Location};

/// Decrypted segments kept for reuse (a BGZF block often spans two segments, and
/// neighbouring reads share them).
const CACHE_SEGMENTS: usize = 16;

/// A seekable, thread-safe decrypting reader (`read_at`), shared by every partition that
/// scans the file.
pub struct Crypt4ghReader {
    file: File,
    path: PathBuf,
    header: Header,
    cipher: SegmentCipher,
    /// Bytes of ciphertext after the header.
    cipher_len: u64,
    plain_len: u64,
    /// Visible ranges `(plaintext start, len, visible start)`, from the edit list.
    ranges: Option<Vec<(u64, u64, u64)>>,
    len: u64,
    cache: Mutex<Vec<(u64, Arc<Vec<u8>>)>>,
    decrypted: AtomicU64,
}

impl std::fmt::Debug for Crypt4ghReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crypt4ghReader")
            .field("path", &self.path)
            .field("len", &self.len)
            .field("edit_list", &self.header.edit_list)
            .finish()
    }
}

impl Crypt4ghReader {
    /// Opens `path` and its header with `key`.
    pub fn open(path: impl AsRef<Path>, key: &PrivateKey) -> Result<Self, Error> {
        let path = path.as_ref();
        let file =
            File::open(path).map_err(|e| Error::new(path, Location::File, ErrorKind::Io(e)))?;
        Self::from_file(file, path, key)
    }

    /// Reads the header of an already open `file` (named `path` in errors) with `key`.
    pub fn from_file(file: File, path: &Path, key: &PrivateKey) -> Result<Self, Error> {
        let io = |e| Error::new(path, Location::File, ErrorKind::Io(e));
        let file_len = file.metadata().map_err(io)?.len();
        let header = header::read(
            path,
            &|buf, off| file.read_exact_at(buf, off),
            file_len,
            key,
        )?;
        let cipher_len = file_len - header.len;
        let full = cipher_len / CIPHER_SEGMENT_SIZE as u64;
        let rest = cipher_len % CIPHER_SEGMENT_SIZE as u64;
        if rest != 0 && rest <= SEGMENT_OVERHEAD as u64 {
            return Err(Error::new(
                path,
                Location::Offset(file_len),
                ErrorKind::Crypt4ghTruncated(format!(
                    "the last data segment has {rest} bytes, less than its nonce and MAC"
                )),
            ));
        }
        let plain_len = full * SEGMENT_SIZE as u64 + rest.saturating_sub(SEGMENT_OVERHEAD as u64);
        let ranges = header.edit_list.as_ref().map(|list| {
            let mut visible = 0;
            list.kept(plain_len)
                .into_iter()
                .map(|(start, len)| {
                    let r = (start, len, visible);
                    visible += len;
                    r
                })
                .collect::<Vec<_>>()
        });
        let len = ranges
            .as_ref()
            .map_or(plain_len, |r| r.last().map_or(0, |&(_, len, v)| v + len));
        Ok(Self {
            cipher: SegmentCipher::new(&header.data_keys),
            file,
            path: path.to_path_buf(),
            header,
            cipher_len,
            plain_len,
            ranges,
            len,
            cache: Mutex::new(Vec::with_capacity(CACHE_SEGMENTS)),
            decrypted: AtomicU64::new(0),
        })
    }

    /// Length of the visible plaintext.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Length of the whole decrypted plaintext (before the edit list).
    pub fn plaintext_len(&self) -> u64 {
        self.plain_len
    }

    /// Data segments decrypted so far (cache hits are not counted).
    pub fn segments_decrypted(&self) -> u64 {
        self.decrypted.load(Ordering::Relaxed)
    }

    /// Reads up to `buf.len()` visible bytes at `offset`; 0 at the end. A segment that
    /// does not authenticate is an error naming it (as an `InvalidData` i/o error carrying
    /// the [`Error`]; see [`Error::from_io`]).
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min((self.len - offset) as usize);
        let mut done = 0;
        while done < want {
            let visible = offset + done as u64;
            let (plain, run) = self.map(visible);
            let n = self.read_plain(
                &mut buf[done..done + (want - done).min(run as usize)],
                plain,
            )?;
            if n == 0 {
                break;
            }
            done += n;
        }
        Ok(done)
    }

    /// Fills `buf` from `offset`, or fails with `UnexpectedEof`.
    pub fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        let n = self.read_at(buf, offset)?;
        if n < buf.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "read past the end of the decrypted data",
            ));
        }
        Ok(())
    }

    /// The plaintext offset of a visible offset and how many bytes run on contiguously.
    fn map(&self, visible: u64) -> (u64, u64) {
        match &self.ranges {
            None => (visible, self.len - visible),
            Some(ranges) => {
                let i = ranges.partition_point(|&(_, _, v)| v <= visible) - 1;
                let (start, len, v) = ranges[i];
                (start + (visible - v), len - (visible - v))
            }
        }
    }

    /// Copies plaintext from `offset` into `buf`, across segments.
    fn read_plain(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let mut done = 0;
        while done < buf.len() {
            let pos = offset + done as u64;
            if pos >= self.plain_len {
                break;
            }
            let index = pos / SEGMENT_SIZE as u64;
            let segment = self.segment(index)?;
            let within = (pos % SEGMENT_SIZE as u64) as usize;
            // The decrypted buffer still holds the nonce (12) and MAC (16) around the plaintext.
            let plain = &segment[12..segment.len() - 16];
            let n = (buf.len() - done).min(plain.len() - within);
            buf[done..done + n].copy_from_slice(&plain[within..within + n]);
            done += n;
        }
        Ok(done)
    }

    /// Data segment `index` decrypted in place (nonce ‖ plaintext ‖ MAC), from the cache or
    /// decrypted now.
    fn segment(&self, index: u64) -> std::io::Result<Arc<Vec<u8>>> {
        if let Ok(mut cache) = self.cache.lock()
            && let Some(i) = cache.iter().position(|(k, _)| *k == index)
        {
            let hit = cache.remove(i);
            let data = Arc::clone(&hit.1);
            cache.push(hit);
            return Ok(data);
        }
        let start = self.header.len + index * CIPHER_SEGMENT_SIZE as u64;
        let len =
            (CIPHER_SEGMENT_SIZE as u64).min(self.header.len + self.cipher_len - start) as usize;
        let mut raw = vec![0u8; len];
        self.file.read_exact_at(&mut raw, start).map_err(|e| {
            Error::new(&self.path, Location::Offset(start), ErrorKind::Io(e)).into_io()
        })?;
        if !self.cipher.decrypt_in_place(&mut raw) {
            return Err(Error::new(
                &self.path,
                Location::Offset(start),
                ErrorKind::Crypt4ghAuthentication { segment: index },
            )
            .into_io());
        }
        self.decrypted.fetch_add(1, Ordering::Relaxed);
        let data = Arc::new(raw);
        if let Ok(mut cache) = self.cache.lock()
            && !cache.iter().any(|(k, _)| *k == index)
        {
            if cache.len() == CACHE_SEGMENTS {
                cache.remove(0);
            }
            cache.push((index, Arc::clone(&data)));
        }
        Ok(data)
    }

    /// Bytes of ciphertext after the header (the data segments).
    pub(crate) fn cipher_len(&self) -> u64 {
        self.cipher_len
    }

    /// The underlying file (for copying data segments untouched).
    pub(crate) fn file(&self) -> &File {
        &self.file
    }
}
