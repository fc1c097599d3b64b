//! A multithreaded BGZF writer built on libdeflate that keeps track of the
//! virtual position of every record it writes, so indexes can be built on
//! the fly without reading the file back.
//!
//! Blocks are compressed on a small worker pool and written strictly in
//! submission order, so the output is byte-identical regardless of thread
//! timing. Like htslib, a record that does not fit into the remainder of the
//! current block starts a new block (records larger than a block still span
//! several).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use libdeflater::{CompressionLvl, Compressor};

/// Largest uncompressed payload per block (htslib's `BGZF_BLOCK_SIZE`).
pub const MAX_BLOCK: usize = 0xff00;

/// The standard 28-byte BGZF end-of-file marker block.
const EOF_BLOCK: [u8; 28] = [
    0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
    0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

const HEADER_LEN: usize = 18;
const FOOTER_LEN: usize = 8;
const MAX_BLOCK_TOTAL: usize = 1 << 16;

type Reply = io::Result<Vec<u8>>;

struct Job {
    data: Vec<u8>,
    reply: SyncSender<Reply>,
}

/// Pool of compression threads shared by several writers.
pub struct Pool {
    tx: Option<SyncSender<Job>>,
    handles: Vec<JoinHandle<()>>,
    workers: usize,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("workers", &self.workers)
            .finish()
    }
}

impl Pool {
    /// Starts `workers` compression threads at libdeflate `level`.
    pub fn new(workers: usize, level: i32) -> io::Result<Self> {
        let workers = workers.max(1);
        let level = CompressionLvl::new(level).unwrap_or_default();
        let (tx, rx) = mpsc::sync_channel::<Job>(workers * 4);
        let rx = Arc::new(Mutex::new(rx));
        let mut handles = Vec::with_capacity(workers);
        for i in 0..workers {
            let rx = Arc::clone(&rx);
            let handle = thread::Builder::new()
                .name(format!("bgzf-{i}"))
                .spawn(move || worker(&rx, level))?;
            handles.push(handle);
        }
        Ok(Self {
            tx: Some(tx),
            handles,
            workers,
        })
    }

    /// Number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers
    }

    fn sender(&self) -> io::Result<SyncSender<Job>> {
        self.tx
            .clone()
            .ok_or_else(|| io::Error::other("compression pool already shut down"))
    }

    /// Stops the workers once every writer has been dropped and waits for
    /// them; returns an error if one of them panicked.
    pub fn shutdown(mut self) -> io::Result<()> {
        self.tx = None;
        let mut panicked = false;
        for handle in self.handles.drain(..) {
            panicked |= handle.join().is_err();
        }
        if panicked {
            Err(io::Error::other("a compression worker panicked"))
        } else {
            Ok(())
        }
    }
}

fn worker(rx: &Mutex<Receiver<Job>>, level: CompressionLvl) {
    let mut compressor = Compressor::new(level);
    let mut out = Vec::new();
    loop {
        let job = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let result = compress_block(&mut compressor, &job.data, &mut out).map(|()| out.clone());
        // The writer may have gone away after an error; nothing to do then.
        let _ = job.reply.send(result);
    }
}

/// Compresses `data` (at most [`MAX_BLOCK`] bytes) into one BGZF block.
fn compress_block(compressor: &mut Compressor, data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    let bound = compressor.deflate_compress_bound(data.len());
    out.clear();
    out.resize(HEADER_LEN + bound + FOOTER_LEN, 0);
    let mut n = compressor
        .deflate_compress(data, &mut out[HEADER_LEN..HEADER_LEN + bound])
        .map_err(io::Error::other)?;
    if HEADER_LEN + n + FOOTER_LEN > MAX_BLOCK_TOTAL {
        // Incompressible input: store it (level 0 always fits).
        let mut store = Compressor::new(CompressionLvl::fastest());
        n = store
            .deflate_compress(data, &mut out[HEADER_LEN..HEADER_LEN + bound])
            .map_err(io::Error::other)?;
    }
    let total = HEADER_LEN + n + FOOTER_LEN;
    if total > MAX_BLOCK_TOTAL {
        return Err(io::Error::other("bgzf block exceeds 64 KiB"));
    }
    out.truncate(total);
    out[..16].copy_from_slice(&EOF_BLOCK[..16]);
    out[16..18].copy_from_slice(&((total - 1) as u16).to_le_bytes());
    let crc = libdeflater::crc32(data);
    out[HEADER_LEN + n..HEADER_LEN + n + 4].copy_from_slice(&crc.to_le_bytes());
    out[HEADER_LEN + n + 4..total].copy_from_slice(&(data.len() as u32).to_le_bytes());
    Ok(())
}

/// Uncompressed position: block number and offset inside that block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pos {
    block: u64,
    offset: u32,
}

/// A record whose virtual positions are resolved once its blocks are written.
#[derive(Clone, Copy, Debug)]
struct Pending<M> {
    meta: M,
    start: Pos,
    end: Pos,
}

/// BGZF file writer with virtual-position tracking; `M` is caller metadata
/// attached to each record and handed back with its resolved chunk.
pub struct Writer<M> {
    path: PathBuf,
    file: BufWriter<File>,
    jobs: SyncSender<Job>,
    block: Vec<u8>,
    in_flight: VecDeque<Receiver<Reply>>,
    max_in_flight: usize,
    /// Number of the block currently being filled.
    current: u64,
    /// Compressed offset of every written block, plus the running end.
    offsets: Vec<u64>,
    records: VecDeque<Pending<M>>,
}

impl<M> std::fmt::Debug for Writer<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("path", &self.path).finish()
    }
}

impl<M: Copy> Writer<M> {
    /// Creates (truncates) `path` and starts a BGZF stream on `pool`.
    pub fn create(path: &Path, pool: &Pool) -> io::Result<Self> {
        let file = File::create(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 20, file),
            jobs: pool.sender()?,
            block: Vec::with_capacity(MAX_BLOCK),
            in_flight: VecDeque::new(),
            max_in_flight: pool.workers() * 4 + 2,
            current: 0,
            offsets: vec![0],
            records: VecDeque::new(),
        })
    }

    /// Path of the file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes raw bytes that are not tracked as a record (e.g. the header).
    pub fn write_untracked(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let n = (MAX_BLOCK - self.block.len()).min(data.len());
            self.block.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.block.len() == MAX_BLOCK {
                self.submit()?;
            }
        }
        Ok(())
    }

    /// Ends the current block early (no-op when it is empty).
    pub fn flush_block(&mut self) -> io::Result<()> {
        if self.block.is_empty() {
            Ok(())
        } else {
            self.submit()
        }
    }

    /// Writes one record and remembers its span for [`Writer::drain_resolved`].
    pub fn write_record(&mut self, data: &[u8], meta: M) -> io::Result<()> {
        if !self.block.is_empty() && self.block.len() + data.len() > MAX_BLOCK {
            self.submit()?;
        }
        let start = self.pos();
        self.write_untracked(data)?;
        let end = self.pos();
        self.records.push_back(Pending { meta, start, end });
        Ok(())
    }

    fn pos(&self) -> Pos {
        Pos {
            block: self.current,
            offset: self.block.len() as u32,
        }
    }

    fn submit(&mut self) -> io::Result<()> {
        let data = std::mem::replace(&mut self.block, Vec::with_capacity(MAX_BLOCK));
        let (reply_tx, reply_rx) = mpsc::sync_channel(1);
        self.jobs
            .send(Job {
                data,
                reply: reply_tx,
            })
            .map_err(|_| io::Error::other("compression workers stopped"))?;
        self.in_flight.push_back(reply_rx);
        self.current += 1;
        while self.in_flight.len() > self.max_in_flight {
            self.write_next()?;
        }
        Ok(())
    }

    fn write_next(&mut self) -> io::Result<()> {
        let Some(rx) = self.in_flight.pop_front() else {
            return Ok(());
        };
        let block = rx
            .recv()
            .map_err(|_| io::Error::other("compression worker stopped"))??;
        self.file.write_all(&block)?;
        let end = self.offsets.last().copied().unwrap_or(0) + block.len() as u64;
        self.offsets.push(end);
        Ok(())
    }

    /// Hands every record whose blocks are on disk to `f` as
    /// `(meta, start, end)` BGZF virtual positions, in write order.
    pub fn drain_resolved(
        &mut self,
        mut f: impl FnMut(M, u64, u64) -> io::Result<()>,
    ) -> io::Result<()> {
        // offsets[b] is known for every b < offsets.len().
        let known = self.offsets.len() as u64;
        while let Some(rec) = self.records.front().copied() {
            if rec.end.block >= known {
                break;
            }
            self.records.pop_front();
            let start = self.virtual_position(rec.start);
            let end = self.virtual_position(rec.end);
            f(rec.meta, start, end)?;
        }
        Ok(())
    }

    fn virtual_position(&self, pos: Pos) -> u64 {
        (self.offsets[pos.block as usize] << 16) | u64::from(pos.offset)
    }

    /// Flushes all blocks, appends the EOF marker and syncs the file.
    pub fn finish(&mut self) -> io::Result<()> {
        self.flush_block()?;
        while !self.in_flight.is_empty() {
            self.write_next()?;
        }
        self.file.write_all(&EOF_BLOCK)?;
        self.file.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_round_trip_header() -> io::Result<()> {
        let mut c = Compressor::new(CompressionLvl::default());
        let mut out = Vec::new();
        compress_block(&mut c, b"hello bgzf", &mut out)?;
        assert_eq!(&out[..4], &[0x1f, 0x8b, 0x08, 0x04]);
        let bsize = u16::from_le_bytes([out[16], out[17]]) as usize;
        assert_eq!(bsize + 1, out.len());
        let mut d = libdeflater::Decompressor::new();
        let mut plain = vec![0u8; 10];
        let n = d
            .gzip_decompress(&out, &mut plain)
            .map_err(io::Error::other)?;
        assert_eq!(&plain[..n], b"hello bgzf");
        Ok(())
    }
}
