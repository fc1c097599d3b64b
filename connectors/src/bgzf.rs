//! BGZF (blocked gzip) reading: block headers, a fast block inflater, and finding block
//! boundaries from arbitrary byte offsets so a file can be split across cores.

mod block;
mod cache;
mod prefetch;
mod reader;
mod split;

pub use self::{
    block::{BlockHeader, EOF_MARKER, MAX_BLOCK_SIZE},
    cache::{BlockCache, CachedBlock, DEFAULT_CACHE_BYTES, file_id},
    prefetch::Prefetcher,
    reader::BlockReader,
    split::{block_at_or_after, has_eof_marker, is_bgzf, is_gzip},
};

/// Packs a compressed block offset and an offset inside the inflated block into a BGZF
/// virtual position, as used by `.tbi`/`.csi` indexes.
pub fn virtual_position(block: u64, offset: usize) -> u64 {
    (block << 16) | offset as u64
}

/// Splits a BGZF virtual position into (compressed block offset, offset in block).
pub fn split_virtual_position(vpos: u64) -> (u64, u16) {
    (vpos >> 16, (vpos & 0xffff) as u16)
}
