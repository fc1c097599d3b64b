/// The largest BGZF block, compressed or not.
pub const MAX_BLOCK_SIZE: usize = 65536;

/// The empty block that terminates every well-formed BGZF file.
pub const EOF_MARKER: [u8; 28] = [
    0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
    0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// The parsed gzip header of a BGZF block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHeader {
    /// Length of the header (12 + XLEN).
    pub header_len: usize,
    /// Total length of the block on disk (BSIZE + 1).
    pub block_len: usize,
}

impl BlockHeader {
    /// Bytes needed to parse the fixed part of a header.
    pub const MIN_LEN: usize = 18;

    /// Parses a header from the start of `buf`, or returns `None` if it is not a BGZF block
    /// header. `buf` must hold at least 12 + XLEN bytes (18 for files written by htslib).
    pub fn parse(buf: &[u8]) -> Option<Self> {
        if buf.len() < Self::MIN_LEN || buf[0] != 0x1f || buf[1] != 0x8b || buf[2] != 8 {
            return None;
        }
        if buf[3] & 4 == 0 {
            return None;
        }
        let xlen = u16::from_le_bytes([buf[10], buf[11]]) as usize;
        let extra = buf.get(12..12 + xlen)?;
        let mut i = 0;
        while i + 4 <= extra.len() {
            let slen = u16::from_le_bytes([extra[i + 2], extra[i + 3]]) as usize;
            if extra[i] == b'B' && extra[i + 1] == b'C' && slen == 2 && i + 6 <= extra.len() {
                let bsize = u16::from_le_bytes([extra[i + 4], extra[i + 5]]) as usize;
                let block_len = bsize + 1;
                // header + at least an empty deflate stream (2 bytes) + CRC32 + ISIZE
                if block_len < 12 + xlen + 8 {
                    return None;
                }
                return Some(Self {
                    header_len: 12 + xlen,
                    block_len,
                });
            }
            i += 4 + slen;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_eof_marker() {
        let h = BlockHeader::parse(&EOF_MARKER).unwrap();
        assert_eq!(
            h,
            BlockHeader {
                header_len: 18,
                block_len: 28
            }
        );
        assert!(BlockHeader::parse(b"##fileformat=VCFv4.3\n").is_none());
    }
}
