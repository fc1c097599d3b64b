use std::path::Path;

use libdeflater::Decompressor;

use super::{BlockHeader, MAX_BLOCK_SIZE};
use crate::{Error, ErrorKind, Input, Location};

/// Compressed bytes read per system call: small after a seek (region reads touch few
/// blocks), doubling on sequential reads up to `MAX_READ_AHEAD`.
const MIN_READ_AHEAD: usize = 1 << 16;
const MAX_READ_AHEAD: usize = 1 << 20;

/// Reads and inflates BGZF blocks one after another from a compressed offset, with large
/// positioned reads and libdeflate. Every block's CRC32 is checked.
pub struct BlockReader {
    file: Input,
    path: std::path::PathBuf,
    file_len: u64,
    /// Compressed bytes read ahead, starting at file offset `buf_start`.
    buf: Vec<u8>,
    buf_start: u64,
    /// Offset of the next block to inflate.
    next: u64,
    read_ahead: usize,
    /// Read-ahead stops here (a region's last block); reads past it fetch only what a
    /// block needs. Matters for encrypted inputs, where reading ahead means decrypting.
    limit: u64,
    inflater: Decompressor,
}

impl std::fmt::Debug for BlockReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockReader")
            .field("path", &self.path)
            .field("next", &self.next)
            .finish()
    }
}

impl BlockReader {
    /// A reader of `input` (named `path` in errors) positioned at its first block.
    pub fn new(input: &Input, path: &Path) -> Self {
        Self {
            file: input.clone(),
            path: path.to_path_buf(),
            file_len: input.len(),
            buf: Vec::new(),
            read_ahead: MIN_READ_AHEAD,
            buf_start: 0,
            next: 0,
            limit: u64::MAX,
            inflater: Decompressor::new(),
        }
    }

    /// Limits read-ahead to compressed offset `limit` (`u64::MAX`: none).
    pub fn set_read_ahead_limit(&mut self, limit: u64) {
        self.limit = limit;
    }

    /// Opens a plain (or, without a key, refuses an encrypted) file at `path`.
    pub fn open(path: &Path) -> Result<Self, Error> {
        Ok(Self::new(&Input::open(path, None)?, path))
    }

    /// The compressed offset of the next block.
    pub fn position(&self) -> u64 {
        self.next
    }

    /// The length of the compressed file.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Moves to the block starting at compressed offset `offset`.
    pub fn seek(&mut self, offset: u64) {
        self.next = offset;
    }

    fn err(&self, offset: u64, kind: ErrorKind) -> Error {
        Error::new(&self.path, Location::Offset(offset), kind)
    }

    /// Makes `len` bytes starting at file offset `at` available in `buf`, returning the
    /// start index in `buf`, or `None` at end of file.
    fn fill(&mut self, at: u64, len: usize) -> Result<Option<usize>, Error> {
        let end = self.buf_start + self.buf.len() as u64;
        if at >= self.buf_start && at + len as u64 <= end {
            return Ok(Some((at - self.buf_start) as usize));
        }
        if at + len as u64 > self.file_len {
            return Ok(None);
        }
        // Sequential reads (continuing where the buffer ends) read further ahead each time.
        let sequential = !self.buf.is_empty() && at >= self.buf_start && at <= end;
        self.read_ahead = if sequential {
            (self.read_ahead * 2).min(MAX_READ_AHEAD)
        } else {
            MIN_READ_AHEAD
        };
        let ahead = (self.read_ahead as u64).min(self.limit.saturating_sub(at));
        let want = (len as u64).max(ahead).min(self.file_len - at) as usize;
        self.buf.resize(want, 0);
        self.file
            .read_exact_at(&mut self.buf, at)
            .map_err(|e| Error::from_io(&self.path, Location::Offset(at), e))?;
        self.buf_start = at;
        Ok(Some(0))
    }

    /// Reads the header of the block at `offset` without inflating it.
    pub fn header_at(&mut self, offset: u64) -> Result<Option<BlockHeader>, Error> {
        if offset >= self.file_len {
            return Ok(None);
        }
        let Some(i) = self.fill(offset, BlockHeader::MIN_LEN)? else {
            return Err(self.err(offset, ErrorKind::BgzfTruncated("incomplete block header")));
        };
        let header = BlockHeader::parse(&self.buf[i..])
            .ok_or_else(|| self.err(offset, ErrorKind::BgzfHeader))?;
        Ok(Some(header))
    }

    /// Inflated size of the block at `offset` (its ISIZE field).
    pub fn isize_at(&mut self, offset: u64, header: BlockHeader) -> Result<usize, Error> {
        let at = offset + header.block_len as u64 - 4;
        let Some(i) = self.fill(at, 4)? else {
            return Err(self.err(
                offset,
                ErrorKind::BgzfTruncated("block extends past end of file"),
            ));
        };
        Ok(u32::from_le_bytes([
            self.buf[i],
            self.buf[i + 1],
            self.buf[i + 2],
            self.buf[i + 3],
        ]) as usize)
    }

    /// Inflates the next block, appending its data to `out`. Returns the block's compressed
    /// offset and inflated length, or `None` at end of file.
    pub fn read_block(&mut self, out: &mut Vec<u8>) -> Result<Option<(u64, usize)>, Error> {
        let offset = self.next;
        let Some(header) = self.header_at(offset)? else {
            return Ok(None);
        };
        let Some(i) = self.fill(offset, header.block_len)? else {
            return Err(self.err(
                offset,
                ErrorKind::BgzfTruncated("block extends past end of file"),
            ));
        };
        let block = &self.buf[i..i + header.block_len];
        let trailer = &block[header.block_len - 8..];
        let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let isize = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]) as usize;
        if isize > MAX_BLOCK_SIZE {
            return Err(self.err(offset, ErrorKind::BgzfHeader));
        }
        let cdata = &block[header.header_len..header.block_len - 8];
        let start = out.len();
        out.resize(start + isize, 0);
        let n = match self.inflater.deflate_decompress(cdata, &mut out[start..]) {
            Ok(n) => n,
            Err(_) => {
                out.truncate(start);
                return Err(self.err(offset, ErrorKind::BgzfInflate));
            }
        };
        if n != isize || libdeflater::crc32(&out[start..]) != crc {
            out.truncate(start);
            return Err(self.err(offset, ErrorKind::BgzfChecksum));
        }
        self.next = offset + header.block_len as u64;
        Ok(Some((offset, isize)))
    }
}
