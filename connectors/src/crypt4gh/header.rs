//! The Crypt4GH header: magic, version 1, and header packets, each encrypted for one
//! recipient with X25519 + ChaCha20-Poly1305. A packet holds a data encryption key or a
//! data edit list.

use std::path::Path;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use zeroize::Zeroizing;

use super::keys::{PrivateKey, PublicKey};
use super::{EditList, MAGIC};
use crate::{Error, ErrorKind, Location};

const METHOD_X25519_CHACHA20_POLY1305: u32 = 0;
const PACKET_DATA_KEY: u32 = 0;
const PACKET_EDIT_LIST: u32 = 1;
const DATA_CHACHA20_POLY1305: u32 = 0;
/// Limits that keep a hostile header from costing memory or key exchanges without end.
const MAX_PACKETS: u32 = 4096;
const MAX_PACKET_LEN: u64 = 1 << 20;

/// What the header packets a key could open say.
#[derive(Clone)]
pub struct Header {
    /// Data encryption keys (usually one).
    pub data_keys: Vec<Zeroizing<[u8; 32]>>,
    pub edit_list: Option<EditList>,
    /// Bytes of header; the data segments start here.
    pub len: u64,
    /// Header packets in the file.
    pub packets: u32,
}

impl std::fmt::Debug for Header {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Header")
            .field("data_keys", &self.data_keys.len())
            .field("edit_list", &self.edit_list)
            .field("len", &self.len)
            .finish()
    }
}

/// Reads and opens a header with `key`, reading through `read_at`.
pub(crate) fn read(
    path: &Path,
    read_at: &dyn Fn(&mut [u8], u64) -> std::io::Result<()>,
    file_len: u64,
    key: &PrivateKey,
) -> Result<Header, Error> {
    let truncated = |at: u64, what: &str| {
        Error::new(
            path,
            Location::Offset(at),
            ErrorKind::Crypt4ghTruncated(format!("{what} ends past the end of the file")),
        )
    };
    let io = |at: u64| move |e: std::io::Error| Error::from_io(path, Location::Offset(at), e);
    let n = file_len.min(16) as usize;
    let mut fixed = [0u8; 16];
    read_at(&mut fixed[..n], 0).map_err(io(0))?;
    if n == 0 || fixed[..n.min(8)] != MAGIC[..n.min(8)] {
        return Err(Error::new(
            path,
            Location::Offset(0),
            ErrorKind::Crypt4ghMagic,
        ));
    }
    if n < 16 {
        return Err(truncated(0, "the header"));
    }
    let version = u32::from_le_bytes([fixed[8], fixed[9], fixed[10], fixed[11]]);
    if version != 1 {
        return Err(Error::new(
            path,
            Location::Offset(8),
            ErrorKind::Crypt4ghVersion(version),
        ));
    }
    let count = u32::from_le_bytes([fixed[12], fixed[13], fixed[14], fixed[15]]);
    if count > MAX_PACKETS {
        return Err(Error::new(
            path,
            Location::Offset(12),
            ErrorKind::Crypt4ghHeader(format!("{count} header packets (more than {MAX_PACKETS})")),
        ));
    }
    let mut pos = 16u64;
    let mut header = Header {
        data_keys: Vec::new(),
        edit_list: None,
        len: 0,
        packets: count,
    };
    let mut opened = 0;
    for _ in 0..count {
        if pos + 4 > file_len {
            return Err(truncated(pos, "a header packet"));
        }
        let mut len = [0u8; 4];
        read_at(&mut len, pos).map_err(io(pos))?;
        let len = u64::from(u32::from_le_bytes(len));
        if len > MAX_PACKET_LEN {
            return Err(Error::new(
                path,
                Location::Offset(pos),
                ErrorKind::Crypt4ghHeader(format!(
                    "header packet of {len} bytes (more than {MAX_PACKET_LEN})"
                )),
            ));
        }
        if len < 4 + 4 + 32 + 12 + 16 {
            return Err(Error::new(
                path,
                Location::Offset(pos),
                ErrorKind::Crypt4ghHeader(format!("header packet of {len} bytes is too short")),
            ));
        }
        if pos + len > file_len {
            return Err(truncated(pos, "a header packet"));
        }
        let mut packet = vec![0u8; (len - 4) as usize];
        read_at(&mut packet, pos + 4).map_err(io(pos + 4))?;
        if let Some(plain) = open_packet(&packet, key) {
            opened += 1;
            apply(path, pos, &plain, &mut header)?;
        }
        pos += len;
    }
    if opened == 0 {
        return Err(Error::new(
            path,
            Location::File,
            match key.expected_sender() {
                Some(_) => ErrorKind::Crypt4ghSender { packets: count },
                None => ErrorKind::Crypt4ghNoPacket { packets: count },
            },
        ));
    }
    if header.data_keys.is_empty() {
        return Err(Error::new(
            path,
            Location::File,
            ErrorKind::Crypt4ghHeader(
                "no data encryption key among the packets this key opens".into(),
            ),
        ));
    }
    header.len = pos;
    Ok(header)
}

/// Decrypts one packet body (after its length) if it is for `key`.
fn open_packet(packet: &[u8], key: &PrivateKey) -> Option<Zeroizing<Vec<u8>>> {
    let (method, rest) = packet.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*method) != METHOD_X25519_CHACHA20_POLY1305 {
        return None;
    }
    let (writer, rest) = rest.split_first_chunk::<32>()?;
    if key.expected_sender().is_some_and(|s| s.0 != *writer) {
        return None;
    }
    let (nonce, rest) = rest.split_first_chunk::<12>()?;
    let (body, tag) = rest.split_at(rest.len().checked_sub(16)?);
    let shared = key.reader_key(&PublicKey(*writer))?;
    let mut plain = Zeroizing::new(body.to_vec());
    let tag = Tag::try_from(tag).ok()?;
    ChaCha20Poly1305::new(&Key::from(*shared))
        .decrypt_inout_detached(&Nonce::from(*nonce), &[], plain.as_mut_slice().into(), &tag)
        .ok()?;
    Some(plain)
}

fn apply(path: &Path, at: u64, plain: &[u8], header: &mut Header) -> Result<(), Error> {
    let bad =
        |what: String| Error::new(path, Location::Offset(at), ErrorKind::Crypt4ghHeader(what));
    let (kind, rest) = plain
        .split_first_chunk::<4>()
        .ok_or_else(|| bad("empty header packet".into()))?;
    match u32::from_le_bytes(*kind) {
        PACKET_DATA_KEY => {
            let (method, key) = rest
                .split_first_chunk::<4>()
                .ok_or_else(|| bad("short data key packet".into()))?;
            let method = u32::from_le_bytes(*method);
            if method != DATA_CHACHA20_POLY1305 {
                return Err(bad(format!("unsupported data encryption method {method}")));
            }
            let key: [u8; 32] = key
                .try_into()
                .map_err(|_| bad(format!("data key of {} bytes", key.len())))?;
            header.data_keys.push(Zeroizing::new(key));
        }
        PACKET_EDIT_LIST => {
            let (n, lengths) = rest
                .split_first_chunk::<4>()
                .ok_or_else(|| bad("short edit list packet".into()))?;
            let n = u32::from_le_bytes(*n) as usize;
            // Longer is tolerated, as by the Python implementation; shorter is not.
            if lengths.len() < n.saturating_mul(8) {
                return Err(bad(format!(
                    "edit list says {n} lengths but holds {} bytes",
                    lengths.len()
                )));
            }
            if header.edit_list.is_some() {
                return Err(bad("more than one edit list".into()));
            }
            let lengths = lengths[..n * 8]
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
                .collect();
            header.edit_list = Some(EditList(lengths));
        }
        other => return Err(bad(format!("unknown header packet type {other}"))),
    }
    Ok(())
}

/// A data key packet's plaintext.
pub(crate) fn data_key_packet(key: &[u8; 32]) -> Zeroizing<Vec<u8>> {
    let mut p = Zeroizing::new(Vec::with_capacity(40));
    p.extend_from_slice(&PACKET_DATA_KEY.to_le_bytes());
    p.extend_from_slice(&DATA_CHACHA20_POLY1305.to_le_bytes());
    p.extend_from_slice(key);
    p
}

/// An edit list packet's plaintext.
pub(crate) fn edit_list_packet(list: &EditList) -> Zeroizing<Vec<u8>> {
    let mut p = Zeroizing::new(Vec::with_capacity(8 + 8 * list.0.len()));
    p.extend_from_slice(&PACKET_EDIT_LIST.to_le_bytes());
    p.extend_from_slice(&(list.0.len() as u32).to_le_bytes());
    for l in &list.0 {
        p.extend_from_slice(&l.to_le_bytes());
    }
    p
}

/// A whole header: every packet encrypted by `sender` for every recipient.
pub(crate) fn build(
    sender: &PrivateKey,
    recipients: &[PublicKey],
    packets: &[Zeroizing<Vec<u8>>],
) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&((recipients.len() * packets.len()) as u32).to_le_bytes());
    for recipient in recipients {
        let shared = sender
            .writer_key(recipient)
            .ok_or_else(|| std::io::Error::other("recipient public key is a low-order point"))?;
        let cipher = ChaCha20Poly1305::new(&Key::from(*shared));
        for plain in packets {
            let mut nonce = [0u8; 12];
            getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
            let mut body = plain.to_vec();
            let tag = cipher
                .encrypt_inout_detached(&Nonce::from(nonce), &[], body.as_mut_slice().into())
                .map_err(|_| std::io::Error::other("header packet encryption failed"))?;
            let len = 4 + 4 + 32 + 12 + body.len() + 16;
            out.extend_from_slice(&(len as u32).to_le_bytes());
            out.extend_from_slice(&METHOD_X25519_CHACHA20_POLY1305.to_le_bytes());
            out.extend_from_slice(&sender.public_key().0);
            out.extend_from_slice(&nonce);
            out.extend_from_slice(&body);
            out.extend_from_slice(tag.as_slice());
        }
    }
    Ok(out)
}
