//! BAM: the binary header, and finding its `.bai`/`.csi` index.

use std::path::Path;
use std::time::SystemTime;

use noodles::csi::BinningIndex;

use super::header::{Header, Reference};
use crate::source::LineSource;
use crate::vcf::Index;
use crate::vcf::index::{check_fresh, with_suffix};
use crate::{Error, ErrorKind, Location};

fn u32_of(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads the magic, header text and reference list; returns the header and the virtual
/// position of the first record.
pub(crate) fn read_header(source: &mut LineSource) -> Result<(Header, u64), Error> {
    let path = source.path().to_path_buf();
    let at = |kind| Error::new(&path, Location::File, kind);
    let short = || at(ErrorKind::BgzfTruncated("the BAM header ends early"));
    let not_bam = || {
        at(ErrorKind::Unsupported(
            "not a BAM file (bad magic bytes)".into(),
        ))
    };
    match source.take(4)? {
        Some((m, _)) if m == b"BAM\x01" => {}
        _ => return Err(not_bam()),
    }
    let l_text = u32_of(source.take(4)?.ok_or_else(short)?.0) as usize;
    if l_text > 1 << 30 {
        return Err(at(ErrorKind::HeaderLine(format!(
            "header text of {l_text} bytes"
        ))));
    }
    let text = source.take(l_text)?.ok_or_else(short)?.0;
    let text = text.split(|b| *b == 0).next().unwrap_or_default();
    let text = std::str::from_utf8(text)
        .map_err(|_| at(ErrorKind::InvalidUtf8("the header text")))?
        .to_string();
    let n_ref = u32_of(source.take(4)?.ok_or_else(short)?.0) as usize;
    if n_ref > 1 << 24 {
        return Err(at(ErrorKind::HeaderLine(format!(
            "{n_ref} reference sequences"
        ))));
    }
    let mut references = Vec::with_capacity(n_ref.min(1 << 16));
    for _ in 0..n_ref {
        let l_name = u32_of(source.take(4)?.ok_or_else(short)?.0) as usize;
        if l_name > 1 << 16 {
            return Err(at(ErrorKind::HeaderLine(format!(
                "a reference name of {l_name} bytes"
            ))));
        }
        let name = source.take(l_name)?.ok_or_else(short)?.0;
        let name = name.strip_suffix(b"\0").unwrap_or(name);
        let name = std::str::from_utf8(name)
            .map_err(|_| at(ErrorKind::InvalidUtf8("a reference name")))?
            .to_string();
        let length = u64::from(u32_of(source.take(4)?.ok_or_else(short)?.0));
        references.push(Reference { name, length });
    }
    Ok((Header { text, references }, source.position_of_next()))
}

/// Loads the `.bai` (`x.bam.bai` or `x.bai`) or `.csi` index beside `plain`, checking that
/// it is no older than the data and covers no more references than the header names.
pub(crate) fn find_index(
    path: &Path,
    plain: &Path,
    header: &Header,
    mtime: Option<SystemTime>,
) -> Result<Option<Index>, Error> {
    let candidates = [
        (with_suffix(plain, ".bai"), true),
        (plain.with_extension("bai"), true),
        (with_suffix(plain, ".csi"), false),
    ];
    for (index_path, bai) in candidates {
        if !index_path.is_file() {
            continue;
        }
        check_fresh(path, &index_path, mtime)?;
        let io = |source| {
            Error::new(
                path,
                Location::File,
                ErrorKind::Index {
                    path: index_path.clone(),
                    source,
                },
            )
        };
        let inner: Box<dyn BinningIndex + Send + Sync> = if bai {
            Box::new(noodles::bam::bai::fs::read(&index_path).map_err(io)?)
        } else {
            Box::new(noodles::csi::fs::read(&index_path).map_err(io)?)
        };
        let indexed = inner.reference_sequences().count();
        if indexed > header.references.len() {
            return Err(Error::new(
                path,
                Location::File,
                ErrorKind::IndexMismatch {
                    path: index_path,
                    reason: format!(
                        "it indexes {indexed} reference sequences, the header names {}",
                        header.references.len()
                    ),
                },
            ));
        }
        let names = header.references.iter().map(|r| r.name.clone()).collect();
        return Ok(Some(Index::from_parts(index_path, inner, names)));
    }
    Ok(None)
}
