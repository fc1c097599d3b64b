use crate::Input;

use super::{BlockHeader, EOF_MARKER, MAX_BLOCK_SIZE};

/// Whether the file starts like a BGZF file.
pub fn is_bgzf(file: &Input) -> std::io::Result<bool> {
    let mut head = [0u8; 18];
    let n = read_head(file, &mut head)?;
    Ok(BlockHeader::parse(&head[..n]).is_some())
}

/// Whether the file starts with the gzip magic bytes (BGZF or not).
pub fn is_gzip(file: &Input) -> std::io::Result<bool> {
    let mut head = [0u8; 2];
    Ok(read_head(file, &mut head)? == 2 && head == [0x1f, 0x8b])
}

fn read_head(file: &Input, head: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match file.read_at(&mut head[n..], n as u64)? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether the file ends with the BGZF end-of-file marker block. A file without it was
/// most likely cut short.
pub fn has_eof_marker(file: &Input) -> std::io::Result<bool> {
    let len = file.len();
    if len < EOF_MARKER.len() as u64 {
        return Ok(false);
    }
    let mut tail = [0u8; 28];
    file.read_exact_at(&mut tail, len - 28)?;
    Ok(tail == EOF_MARKER)
}

/// Finds the first BGZF block that starts at or after `offset` by scanning for a block
/// header and checking that the block it announces is followed by another header (or the
/// end of the file). Returns `None` if no block starts at or after `offset`.
pub fn block_at_or_after(file: &Input, offset: u64, file_len: u64) -> std::io::Result<Option<u64>> {
    let window = 2 * MAX_BLOCK_SIZE + 64;
    let mut at = offset;
    while at < file_len {
        let len = (window as u64).min(file_len - at) as usize;
        let mut buf = vec![0u8; len];
        file.read_exact_at(&mut buf, at)?;
        let mut i = 0;
        while let Some(k) = memchr::memchr(0x1f, &buf[i..]) {
            let cand = i + k;
            if let Some(h) = header_at(file, &buf, at, cand, file_len)? {
                let next = at + cand as u64 + h.block_len as u64;
                if next == file_len || header_at_offset(file, next, file_len)?.is_some() {
                    return Ok(Some(at + cand as u64));
                }
            }
            i = cand + 1;
        }
        // Blocks are at most 64 KiB, so a window this large without one means none starts
        // in its first half; keep going from there.
        if at + len as u64 >= file_len {
            break;
        }
        at += (len - MAX_BLOCK_SIZE - 64) as u64;
    }
    Ok(None)
}

fn header_at(
    file: &Input,
    buf: &[u8],
    base: u64,
    i: usize,
    file_len: u64,
) -> std::io::Result<Option<BlockHeader>> {
    if i + 18 <= buf.len() {
        Ok(BlockHeader::parse(&buf[i..]))
    } else {
        header_at_offset(file, base + i as u64, file_len)
    }
}

fn header_at_offset(
    file: &Input,
    offset: u64,
    file_len: u64,
) -> std::io::Result<Option<BlockHeader>> {
    if offset + 18 > file_len {
        return Ok(None);
    }
    let mut head = [0u8; 64];
    let len = (64u64).min(file_len - offset) as usize;
    file.read_exact_at(&mut head[..len], offset)?;
    Ok(BlockHeader::parse(&head[..len]))
}
