//! Encrypting, decrypting whole streams (in parallel), and re-encrypting a header for new
//! recipients while copying the data segments untouched.

use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use zeroize::Zeroizing;

use super::header::{self, data_key_packet, edit_list_packet};
use super::segment::SegmentCipher;
use super::{CIPHER_SEGMENT_SIZE, Crypt4ghReader, EditList, PrivateKey, PublicKey, SEGMENT_SIZE};
use crate::{Error, ErrorKind, Location};

/// Encrypts `input` for `recipients` (signed by `sender`'s key exchange) into `output`,
/// with an optional edit list. Returns the plaintext bytes encrypted.
pub fn encrypt(
    input: &mut dyn Read,
    output: &mut dyn Write,
    sender: &PrivateKey,
    recipients: &[PublicKey],
    edit_list: Option<&EditList>,
) -> std::io::Result<u64> {
    if recipients.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "no recipient public key",
        ));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(key.as_mut()).map_err(std::io::Error::other)?;
    let mut packets = vec![data_key_packet(&key)];
    if let Some(list) = edit_list {
        packets.push(edit_list_packet(list));
    }
    output.write_all(&header::build(sender, recipients, &packets)?)?;
    let cipher = SegmentCipher::new(&[key]);
    let mut plain = vec![0u8; SEGMENT_SIZE];
    let mut out = Vec::with_capacity(CIPHER_SEGMENT_SIZE);
    let mut total = 0u64;
    loop {
        let n = read_full(input, &mut plain)?;
        if n == 0 {
            break;
        }
        out.clear();
        cipher.encrypt(&plain[..n], &mut out)?;
        output.write_all(&out)?;
        total += n as u64;
        if n < SEGMENT_SIZE {
            break;
        }
    }
    output.flush()?;
    Ok(total)
}

fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Writes the visible plaintext of `reader` to `output`, decrypting batches of segments on
/// `threads` threads. Returns the bytes written.
pub fn decrypt_to(
    reader: &Crypt4ghReader,
    output: &mut dyn Write,
    threads: usize,
) -> Result<u64, Error> {
    let out_err = |e| Error::new("<output>", Location::File, ErrorKind::Io(e));
    if reader.header().edit_list.is_some() {
        // Edit lists select byte ranges: go through the positional reader.
        let mut buf = vec![0u8; 1 << 20];
        let mut pos = 0;
        loop {
            let n = reader
                .read_at(&mut buf, pos)
                .map_err(|e| Error::from_io(reader.path(), Location::File, e))?;
            if n == 0 {
                break;
            }
            output.write_all(&buf[..n]).map_err(out_err)?;
            pos += n as u64;
        }
        output.flush().map_err(out_err)?;
        return Ok(pos);
    }
    let threads = threads.max(1);
    let cipher = SegmentCipher::new(&reader.header().data_keys);
    let per_batch = 32 * threads;
    let start = reader.header().len;
    let end = start + reader.cipher_len();
    let mut batch = vec![0u8; (per_batch * CIPHER_SEGMENT_SIZE).min(reader.cipher_len() as usize)];
    let mut offset = start;
    let mut index = 0u64;
    let mut written = 0u64;
    while offset < end {
        let len = (batch.len() as u64).min(end - offset) as usize;
        reader
            .file()
            .read_exact_at(&mut batch[..len], offset)
            .map_err(|e| Error::new(reader.path(), Location::Offset(offset), ErrorKind::Io(e)))?;
        let segments: Vec<&mut [u8]> = batch[..len].chunks_mut(CIPHER_SEGMENT_SIZE).collect();
        let count = segments.len();
        let per_thread = count.div_ceil(threads);
        let mut failed: Option<u64> = None;
        std::thread::scope(|s| {
            let mut handles = Vec::new();
            let mut rest = segments;
            let mut first = index;
            while !rest.is_empty() {
                let take = per_thread.min(rest.len());
                let tail = rest.split_off(take);
                let mine = std::mem::replace(&mut rest, tail);
                let cipher = &cipher;
                let base = first;
                handles.push((
                    base,
                    s.spawn(move || {
                        for (i, seg) in mine.into_iter().enumerate() {
                            if !cipher.decrypt_in_place(seg) {
                                return Some(base + i as u64);
                            }
                        }
                        None
                    }),
                ));
                first += take as u64;
            }
            for (base, h) in handles {
                // A worker that panicked decrypted nothing: fail closed at its first segment.
                let bad = match h.join() {
                    Ok(bad) => bad,
                    Err(_) => Some(base),
                };
                if let Some(bad) = bad {
                    failed = Some(failed.map_or(bad, |f: u64| f.min(bad)));
                }
            }
        });
        for (i, seg) in batch[..len].chunks(CIPHER_SEGMENT_SIZE).enumerate() {
            let segment = index + i as u64;
            if failed.is_some_and(|bad| segment >= bad) {
                let at = start + segment * CIPHER_SEGMENT_SIZE as u64;
                output.flush().map_err(out_err)?;
                return Err(Error::new(
                    reader.path(),
                    Location::Offset(at),
                    ErrorKind::Crypt4ghAuthentication { segment },
                ));
            }
            let plain = &seg[12..seg.len() - 16];
            output.write_all(plain).map_err(out_err)?;
            written += plain.len() as u64;
        }
        index += count as u64;
        offset += len as u64;
    }
    output.flush().map_err(out_err)?;
    Ok(written)
}

/// Rewrites the header of `path` (opened with `key`) for `recipients`, signed by `sender`,
/// and copies the data segments byte for byte. With `range` (`start`, optional `end`, in
/// the file's visible bytes) the new header carries an edit list that keeps only that
/// range, and only the segments the range touches are copied (as the Python CLI's
/// `rearrange`); otherwise every segment and the existing edit list, if any, are kept.
pub fn reencrypt(
    path: &Path,
    output: &mut dyn Write,
    key: &PrivateKey,
    sender: &PrivateKey,
    recipients: &[PublicKey],
    range: Option<(u64, Option<u64>)>,
) -> Result<(), Error> {
    let reader = Crypt4ghReader::open(path, key)?;
    let out_err = |e| Error::new("<output>", Location::File, ErrorKind::Io(e));
    let header = reader.header();
    let plain_len = reader.plaintext_len();
    let segments = plain_len.div_ceil(SEGMENT_SIZE as u64);
    let seg = SEGMENT_SIZE as u64;
    // Which segments to copy, and the edit list over the copied ones.
    let (copy, edit_list): (Vec<u64>, Option<EditList>) = match range {
        None => ((0..segments).collect(), header.edit_list.clone()),
        Some((start, end)) => {
            let kept = header
                .edit_list
                .as_ref()
                .map_or_else(|| vec![(0, plain_len)], |l| l.kept(plain_len));
            let kept = EditList::restrict(&kept, start, end.unwrap_or(u64::MAX));
            if kept.is_empty() {
                return Err(Error::new(
                    path,
                    Location::File,
                    ErrorKind::Crypt4ghHeader(format!(
                        "the range {start}-{} keeps no bytes of the {} readable ones",
                        end.map_or(String::new(), |e| e.to_string()),
                        reader.len()
                    )),
                ));
            }
            let mut copy: Vec<u64> = Vec::new();
            for &(s, len) in &kept {
                for i in s / seg..=(s + len - 1) / seg {
                    if copy.last() != Some(&i) {
                        copy.push(i);
                    }
                }
            }
            // Segment i becomes segment `position of i in copy`; a kept range lies in
            // consecutive copied segments, so it stays contiguous.
            let renumbered: Vec<(u64, u64)> = kept
                .iter()
                .map(|&(s, len)| {
                    let j = copy.partition_point(|&c| c < s / seg) as u64;
                    (j * seg + s % seg, len)
                })
                .collect();
            (copy, Some(EditList::from_kept(&renumbered)))
        }
    };
    let mut packets: Vec<Zeroizing<Vec<u8>>> = header
        .data_keys
        .iter()
        .map(|k| data_key_packet(k))
        .collect();
    if let Some(list) = &edit_list {
        packets.push(edit_list_packet(list));
    }
    let new_header = header::build(sender, recipients, &packets).map_err(out_err)?;
    output.write_all(&new_header).map_err(out_err)?;
    let end = header.len + reader.cipher_len();
    let mut buf = vec![0u8; CIPHER_SEGMENT_SIZE];
    for i in copy {
        let at = header.len + i * CIPHER_SEGMENT_SIZE as u64;
        let n = (CIPHER_SEGMENT_SIZE as u64).min(end - at) as usize;
        reader
            .file()
            .read_exact_at(&mut buf[..n], at)
            .map_err(|e| Error::new(path, Location::Offset(at), ErrorKind::Io(e)))?;
        output.write_all(&buf[..n]).map_err(out_err)?;
    }
    output.flush().map_err(out_err)
}
