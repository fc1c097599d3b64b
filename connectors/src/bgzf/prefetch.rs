use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};

use super::BlockReader;
use crate::{Error, Input};

/// Blocks inflated ahead of the reader on a second thread, so a single sequential scan
/// (a BCF file without an index) keeps two cores busy: one inflating, one decoding.
pub struct Prefetcher {
    rx: Receiver<Result<Run, Error>>,
    done: bool,
}

impl std::fmt::Debug for Prefetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefetcher")
            .field("done", &self.done)
            .finish()
    }
}

/// Inflated blocks: each block's compressed offset and inflated length, and their data.
pub type Run = (Vec<(u64, usize)>, Vec<u8>);

/// Blocks inflated per message (amortises channel traffic).
const BATCH: usize = 8;

impl Prefetcher {
    /// Starts inflating from the block at compressed offset `start`.
    pub fn start(input: &Input, path: &Path, start: u64) -> Result<Self, Error> {
        let mut reader = BlockReader::new(input, path);
        reader.seek(start);
        let (tx, rx) = sync_channel(4);
        std::thread::spawn(move || {
            loop {
                let mut data = Vec::with_capacity(BATCH * super::MAX_BLOCK_SIZE);
                let mut blocks = Vec::with_capacity(BATCH);
                let mut eof = false;
                for _ in 0..BATCH {
                    match reader.read_block(&mut data) {
                        Ok(Some(block)) => blocks.push(block),
                        Ok(None) => {
                            eof = true;
                            break;
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                if (!blocks.is_empty() && tx.send(Ok((blocks, data))).is_err()) || eof {
                    return;
                }
            }
        });
        Ok(Self { rx, done: false })
    }

    /// The next inflated run of blocks, or `None` at the end of the file.
    pub fn next_run(&mut self) -> Result<Option<Run>, Error> {
        if self.done {
            return Ok(None);
        }
        match self.rx.recv() {
            Ok(r) => r.map(Some),
            Err(_) => {
                self.done = true;
                Ok(None)
            }
        }
    }
}
