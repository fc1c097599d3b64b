//! Inflated BGZF blocks kept for small region reads. A point query (a Beacon sequence
//! query, a `pos = n` filter) reads one or two blocks; the same blocks come back for
//! neighbouring positions, so keeping them inflated saves most of a query's work. Large
//! reads (whole contigs, whole files) bypass the cache so that they do not flush it.
//!
//! One cache serves the process, bounded in bytes and emptied first in, first out. Its
//! size is set once by the node (`[server] block_cache_mb`; 0 turns it off).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Bytes kept when the node sets nothing.
pub const DEFAULT_CACHE_BYTES: usize = 64 << 20;

/// An inflated block and the compressed offset of the block after it.
#[derive(Debug)]
pub struct CachedBlock {
    pub data: Vec<u8>,
    pub next: u64,
}

/// (file id, compressed block offset).
type Key = (u64, u64);

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<Key, Arc<CachedBlock>>,
    order: VecDeque<Key>,
    bytes: usize,
}

/// A bounded cache of inflated blocks, shared by every scan of the process.
#[derive(Debug)]
pub struct BlockCache {
    capacity: AtomicUsize,
    entries: Mutex<Entries>,
    hits: AtomicU64,
    misses: AtomicU64,
}

static GLOBAL: OnceLock<BlockCache> = OnceLock::new();
static NEXT_FILE: AtomicU64 = AtomicU64::new(1);

/// A fresh id for an opened file: cached blocks are keyed by it, so a file opened again
/// (perhaps rewritten) never sees the blocks of its earlier opening.
pub fn file_id() -> u64 {
    NEXT_FILE.fetch_add(1, Ordering::Relaxed)
}

impl BlockCache {
    /// An empty cache holding at most `capacity` inflated bytes.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: AtomicUsize::new(capacity),
            entries: Mutex::new(Entries::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The process's cache.
    pub fn global() -> &'static Self {
        GLOBAL.get_or_init(|| Self::new(DEFAULT_CACHE_BYTES))
    }

    /// Sets the bound (0: keep nothing), dropping blocks past it.
    pub fn set_capacity(&self, bytes: usize) {
        self.capacity.store(bytes, Ordering::Relaxed);
        let mut e = self.lock();
        Self::evict(&mut e, bytes);
    }

    pub fn capacity(&self) -> usize {
        self.capacity.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The block of file `file` at compressed offset `offset`, if kept.
    pub fn get(&self, file: u64, offset: u64) -> Option<Arc<CachedBlock>> {
        let found = self.lock().map.get(&(file, offset)).cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Blocks found and not found since the process started.
    pub fn hits_and_misses(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Keeps a block (nothing when the cache is off or the block is larger than it).
    pub fn insert(&self, file: u64, offset: u64, block: CachedBlock) {
        let capacity = self.capacity();
        let size = block.data.len();
        if size > capacity {
            return;
        }
        let mut e = self.lock();
        if e.map.insert((file, offset), Arc::new(block)).is_none() {
            e.order.push_back((file, offset));
            e.bytes += size;
        }
        Self::evict(&mut e, capacity);
    }

    fn evict(e: &mut Entries, capacity: usize) {
        while e.bytes > capacity {
            let Some(key) = e.order.pop_front() else {
                break;
            };
            if let Some(b) = e.map.remove(&key) {
                e.bytes -= b.data.len();
            }
        }
    }

    /// Inflated bytes kept.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: usize) -> CachedBlock {
        CachedBlock {
            data: vec![7; n],
            next: n as u64,
        }
    }

    #[test]
    fn keeps_blocks_up_to_its_bound_first_in_first_out() {
        let cache = BlockCache::new(250);
        cache.insert(1, 0, block(100));
        cache.insert(1, 100, block(100));
        assert!(cache.get(1, 0).is_some());
        assert!(cache.get(2, 0).is_none(), "another file's block");
        assert_eq!(cache.hits_and_misses(), (1, 1));
        cache.insert(1, 200, block(100));
        assert!(cache.get(1, 0).is_none(), "the oldest block goes");
        assert_eq!(cache.get(1, 200).map(|b| b.next), Some(100));
        assert_eq!(cache.bytes(), 200);
        cache.set_capacity(0);
        assert_eq!(cache.bytes(), 0);
        cache.insert(1, 0, block(1));
        assert!(
            cache.get(1, 0).is_none(),
            "a cache of 0 bytes keeps nothing"
        );
    }
}
