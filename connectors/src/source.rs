use std::path::{Path, PathBuf};

use crate::bgzf::{self, BlockCache, BlockReader, CachedBlock, Prefetcher};
use crate::{Error, ErrorKind, Input, Location};

const FILL: usize = 256 * 1024;

/// A span of a file to read lines from, in file positions (BGZF virtual positions for
/// `.vcf.gz`, byte offsets for plain text). Lines that *start* in `[start, end)` belong to
/// the range. With `align`, `start` may fall inside a line, which is then skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range {
    pub start: u64,
    pub end: u64,
    pub align: bool,
}

enum Inner {
    Bgzf(BlockReader),
    /// BGZF inflated ahead on another thread (sequential scans to the end of the file).
    Prefetch(Option<Prefetcher>),
    Plain {
        file: Input,
        next: u64,
        len: u64,
    },
}

/// Reads lines from a text or BGZF file with their file positions.
pub(crate) struct LineSource {
    inner: Inner,
    input: Input,
    path: PathBuf,
    buf: Vec<u8>,
    pos: usize,
    /// (offset in `buf`, block offset / file offset where that data starts)
    marks: Vec<(isize, u64)>,
    eof: bool,
    /// Blocks go through the process's [`BlockCache`] under this file id.
    cached: Option<u64>,
}

impl LineSource {
    pub fn open(input: &Input, path: &Path, compressed: bool) -> Result<Self, Error> {
        let inner = if compressed {
            Inner::Bgzf(BlockReader::new(input, path))
        } else {
            Inner::Plain {
                file: input.clone(),
                next: 0,
                len: input.len(),
            }
        };
        Ok(Self {
            inner,
            input: input.clone(),
            path: path.to_path_buf(),
            // Grown as needed: a region read holds one or two blocks.
            buf: Vec::new(),
            pos: 0,
            marks: Vec::new(),
            eof: false,
            cached: None,
        })
    }

    /// Reads BGZF blocks through the process's [`BlockCache`], keyed by `file` (an id from
    /// [`bgzf::file_id`]): for small region reads, whose blocks neighbouring queries read
    /// again.
    pub fn cache_blocks(&mut self, file: u64) {
        self.cached = Some(file);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_bgzf(&self) -> bool {
        !matches!(self.inner, Inner::Plain { .. })
    }

    /// Switches a BGZF source to inflating on a second thread; used for scans that read
    /// sequentially to the end of the file. Takes effect at the next [`Self::seek`].
    pub fn prefetch(&mut self) {
        if matches!(self.inner, Inner::Bgzf(_)) {
            self.inner = Inner::Prefetch(None);
        }
    }

    /// Moves to the start of `range`.
    pub fn seek(&mut self, range: &Range) -> Result<(), Error> {
        self.buf.clear();
        self.marks.clear();
        self.pos = 0;
        self.eof = false;
        let skip = match &mut self.inner {
            Inner::Bgzf(r) => {
                let (block, offset) = bgzf::split_virtual_position(range.start);
                if block >= r.file_len() {
                    return Err(Error::new(
                        &self.path,
                        Location::Offset(block),
                        ErrorKind::BgzfTruncated(
                            "the index points past the end of the file (stale index?)",
                        ),
                    ));
                }
                r.seek(block);
                // Lines starting before `end` may run into the block after it.
                r.set_read_ahead_limit(match range.end {
                    u64::MAX => u64::MAX,
                    end => bgzf::split_virtual_position(end)
                        .0
                        .saturating_add(2 * bgzf::MAX_BLOCK_SIZE as u64),
                });
                offset as usize
            }
            Inner::Prefetch(p) => {
                let (block, offset) = bgzf::split_virtual_position(range.start);
                *p = Some(Prefetcher::start(&self.input, &self.path, block)?);
                offset as usize
            }
            Inner::Plain { next, .. } => {
                *next = range.start;
                0
            }
        };
        while self.buf.len() < skip && !self.eof {
            self.fill()?;
        }
        if self.buf.len() < skip {
            return Err(Error::new(
                &self.path,
                Location::Offset(range.start >> 16),
                ErrorKind::BgzfTruncated("index points past the end of the data"),
            ));
        }
        self.pos = skip;
        if range.align {
            loop {
                if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                    self.pos += i + 1;
                    break;
                }
                self.pos = self.buf.len();
                if self.eof {
                    break;
                }
                self.fill()?;
            }
        }
        Ok(())
    }

    fn fill(&mut self) -> Result<(), Error> {
        if self.pos > 0 {
            // Keep the mark of the block holding `pos` (its buffer offset may go negative).
            let keep = self
                .marks
                .partition_point(|&(o, _)| o <= self.pos as isize)
                .saturating_sub(1);
            self.marks.drain(..keep);
            for m in &mut self.marks {
                m.0 -= self.pos as isize;
            }
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        match &mut self.inner {
            Inner::Bgzf(r) => {
                // One block at a time: region reads touch few blocks.
                let target = self.buf.len() + 1;
                let cache = self
                    .cached
                    .map(|id| (BlockCache::global(), id))
                    .filter(|(c, _)| c.capacity() > 0);
                while self.buf.len() < target {
                    let start = self.buf.len();
                    let at = r.position();
                    if let Some(hit) = cache.and_then(|(c, id)| c.get(id, at)) {
                        self.buf.extend_from_slice(&hit.data);
                        self.marks.push((start as isize, at));
                        r.seek(hit.next);
                        continue;
                    }
                    match r.read_block(&mut self.buf)? {
                        Some((block, _)) => {
                            self.marks.push((start as isize, block));
                            if let Some((c, id)) = cache {
                                let data = self.buf[start..].to_vec();
                                c.insert(
                                    id,
                                    block,
                                    CachedBlock {
                                        data,
                                        next: r.position(),
                                    },
                                );
                            }
                        }
                        None => {
                            self.eof = true;
                            break;
                        }
                    }
                }
            }
            Inner::Prefetch(p) => match p.as_mut().map(Prefetcher::next_run).transpose()?.flatten()
            {
                Some((blocks, data)) => {
                    let mut at = self.buf.len();
                    for (block, len) in blocks {
                        self.marks.push((at as isize, block));
                        at += len;
                    }
                    self.buf.extend_from_slice(&data);
                }
                None => self.eof = true,
            },
            Inner::Plain { file, next, len } => {
                let n = (FILL as u64).min(len.saturating_sub(*next)) as usize;
                if n == 0 {
                    self.eof = true;
                } else {
                    let start = self.buf.len();
                    self.buf.resize(start + n, 0);
                    file.read_exact_at(&mut self.buf[start..], *next)
                        .map_err(|e| Error::from_io(&self.path, Location::Offset(*next), e))?;
                    self.marks.push((start as isize, *next));
                    *next += n as u64;
                }
            }
        }
        Ok(())
    }

    /// The file position of byte `offset` of the buffer.
    fn position(&self, offset: usize) -> u64 {
        let i = self.marks.partition_point(|&(o, _)| o <= offset as isize);
        let (o, block) = if i == 0 { (0, 0) } else { self.marks[i - 1] };
        let within = (offset as isize - o) as usize;
        match self.inner {
            Inner::Bgzf(_) | Inner::Prefetch(_) => bgzf::virtual_position(block, within),
            Inner::Plain { .. } => block + within as u64,
        }
    }

    /// The file position of the next unread byte.
    pub fn position_of_next(&self) -> u64 {
        self.position(self.pos)
    }

    /// Whether the unread data starts with `prefix`.
    pub fn starts_with(&mut self, prefix: &[u8]) -> Result<bool, Error> {
        Ok(self.ensure(prefix.len())? && self.buf[self.pos..].starts_with(prefix))
    }

    /// Makes `n` unread bytes available; `false` if the data ends first.
    pub fn ensure(&mut self, n: usize) -> Result<bool, Error> {
        while self.buf.len() - self.pos < n {
            if self.eof {
                return Ok(false);
            }
            self.fill()?;
        }
        Ok(true)
    }

    /// Consumes `n` bytes, returning them and the position of the first. `None` at a clean
    /// end of data; an error if the data ends inside them.
    pub fn take(&mut self, n: usize) -> Result<Option<(&[u8], u64)>, Error> {
        if !self.ensure(n)? {
            if self.pos == self.buf.len() {
                return Ok(None);
            }
            let at = self.position(self.pos);
            return Err(self.truncated(at));
        }
        let start = self.pos;
        self.pos += n;
        Ok(Some((&self.buf[start..start + n], self.position(start))))
    }

    /// An error for data that ends inside a record at position `at`.
    pub fn truncated(&self, at: u64) -> Error {
        let location = if self.is_bgzf() {
            let (block, offset) = bgzf::split_virtual_position(at);
            Location::Virtual { block, offset }
        } else {
            Location::Offset(at)
        };
        Error::new(
            &self.path,
            location,
            ErrorKind::BgzfTruncated("the data ends inside a record"),
        )
    }

    /// The next line (without `\n` or `\r\n`) and the file position where it starts.
    pub fn next_line(&mut self) -> Result<Option<(&[u8], u64)>, Error> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                let start = self.pos;
                self.pos += i + 1;
                let position = self.position(start);
                let mut line = &self.buf[start..start + i];
                if let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                return Ok(Some((line, position)));
            }
            if self.eof {
                if self.pos < self.buf.len() {
                    let start = self.pos;
                    self.pos = self.buf.len();
                    let position = self.position(start);
                    return Ok(Some((&self.buf[start..], position)));
                }
                return Ok(None);
            }
            self.fill()?;
        }
    }
}
