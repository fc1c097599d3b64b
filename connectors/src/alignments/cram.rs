//! CRAM through noodles: the header, the `.crai` index, and decoding containers into
//! BAM-encoded records for the shared decoder.

use std::io::{BufReader, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use noodles::cram;
use noodles::fasta;
use noodles::sam;

use super::header::Header;
use super::record::BamRecord;
use super::sam::{Reencoder, from_noodles};
use super::tags::tags;
use crate::{Error, ErrorKind, Input, InputCursor, Location};

type Reader = cram::io::Reader<BufReader<InputCursor>>;

/// Receives each decoded record (BAM-encoded) and its container's offset; returns whether
/// to go on.
pub(crate) type OnRecord<'a> = dyn FnMut(&[u8], u64) -> Result<bool, Error> + 'a;

fn reader(input: &Input) -> Reader {
    cram::io::Reader::new(BufReader::with_capacity(1 << 20, input.cursor()))
}

fn cram_err(path: &Path, location: Location, e: std::io::Error) -> Error {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        return Error::from_io(path, location, e);
    }
    Error::new(path, location, ErrorKind::Cram(e.to_string()))
}

/// Reads the file definition and SAM header; returns them and the byte offset of the
/// first data container.
pub(crate) fn read_header(
    input: &Input,
    path: &Path,
) -> Result<(Header, Arc<sam::Header>, u64), Error> {
    let mut r = reader(input);
    let header = r
        .read_header()
        .map_err(|e| cram_err(path, Location::File, e))?;
    let first = r
        .position()
        .map_err(|e| cram_err(path, Location::File, e))?;
    let mut text = Vec::new();
    sam::io::Writer::new(&mut text)
        .write_header(&header)
        .map_err(|e| cram_err(path, Location::File, e))?;
    let text = String::from_utf8_lossy(&text).into_owned();
    Ok((from_noodles(&header, text), Arc::new(header), first))
}

/// A `.crai` index: for each slice, its reference, span and container offset.
#[derive(Debug)]
pub struct CramIndex {
    pub path: PathBuf,
    records: Vec<cram::crai::Record>,
}

impl CramIndex {
    pub fn read(path: &Path, data: &Path) -> Result<Self, Error> {
        let records = cram::crai::fs::read(path).map_err(|source| {
            Error::new(
                data,
                Location::File,
                ErrorKind::Index {
                    path: path.to_path_buf(),
                    source,
                },
            )
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            records,
        })
    }

    /// Offsets of every container, in file order.
    pub fn containers(&self) -> Vec<u64> {
        let mut offsets: Vec<u64> = self.records.iter().map(|r| r.offset()).collect();
        offsets.sort_unstable();
        offsets.dedup();
        offsets
    }

    /// Offsets of the containers with slices on reference `id` overlapping `[start, end]`
    /// (1-based, inclusive).
    pub fn query(&self, id: usize, start: i64, end: i64) -> Vec<u64> {
        let mut offsets: Vec<u64> = self
            .records
            .iter()
            .filter(|r| r.reference_sequence_id() == Some(id))
            .filter(|r| match r.alignment_start() {
                Some(s) => {
                    let s = usize::from(s) as i64;
                    let e = s + r.alignment_span() as i64 - 1;
                    s <= end && e.max(s) >= start
                }
                None => true,
            })
            .map(|r| r.offset())
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        offsets
    }
}

/// Decodes the containers that start in `[start, end)` (byte offsets), handing each
/// record, BAM-encoded, to `on_record` until it returns `false`.
pub(crate) fn read_containers(
    input: &Input,
    path: &Path,
    header: &sam::Header,
    repository: &fasta::Repository,
    (start, end): (u64, u64),
    on_record: &mut OnRecord<'_>,
) -> Result<(), Error> {
    let mut r = reader(input);
    r.get_mut()
        .seek(SeekFrom::Start(start))
        .map_err(|e| cram_err(path, Location::Offset(start), e))?;
    let mut container = cram::io::reader::Container::default();
    let mut encoder = Reencoder::new();
    let len = input.len();
    loop {
        let at = r
            .position()
            .map_err(|e| cram_err(path, Location::Offset(start), e))?;
        if at >= end || at >= len {
            return Ok(());
        }
        let n = r
            .read_container(&mut container)
            .map_err(|e| cram_err(path, Location::Offset(at), e))?;
        if n == 0 {
            return Ok(());
        }
        // The repository turns missing sequences into errors; this catches what noodles
        // may still panic on in a corrupt container.
        let decoded = catch_unwind(AssertUnwindSafe(|| {
            decode(&container, header, repository, &mut encoder, at, on_record)
        }));
        match decoded {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => return Ok(()),
            Ok(Err(e)) => return Err(cram_err(path, Location::Offset(at), e)),
            Err(_) => {
                return Err(Error::new(
                    path,
                    Location::Offset(at),
                    ErrorKind::Cram("the container could not be decoded (corrupt data)".into()),
                ));
            }
        }
    }
}

/// What htslib does to a decoded CRAM record, so both read the same rows: an unmapped
/// record has MAPQ 0 (CRAM stores none for it; noodles reports 255), and the `cF` tag
/// htslib's encoder keeps for its own bookkeeping is dropped.
fn like_htslib<'a>(bam: &'a [u8], out: &'a mut Vec<u8>) -> &'a [u8] {
    let Ok(r) = BamRecord::parse(bam) else {
        // Left for the decoder to report.
        return bam;
    };
    let zero_mapq = r.flag & 0x4 != 0 && r.mapq == 255;
    let aux_start = bam.len() - r.aux.len();
    let mut at = aux_start;
    let mut cf = None;
    for tag in tags(r.aux) {
        let Ok(tag) = tag else { break };
        let len = 3 + tag.value.len();
        if &tag.key == b"cF" {
            cf = Some(at..at + len);
            break;
        }
        at += len;
    }
    if !zero_mapq && cf.is_none() {
        return bam;
    }
    out.clear();
    match cf {
        Some(range) => {
            out.extend_from_slice(&bam[..range.start]);
            out.extend_from_slice(&bam[range.end..]);
        }
        None => out.extend_from_slice(bam),
    }
    if zero_mapq {
        out[9] = 0;
    }
    out
}

fn decode(
    container: &cram::io::reader::Container,
    header: &sam::Header,
    repository: &fasta::Repository,
    encoder: &mut Reencoder,
    at: u64,
    on_record: &mut OnRecord<'_>,
) -> std::io::Result<bool> {
    let compression_header = container.compression_header()?;
    let mut fixed = Vec::new();
    for slice in container.slices() {
        let slice = slice?;
        let (core, external) = slice.decode_blocks()?;
        let records = slice.records(
            repository.clone(),
            header,
            &compression_header,
            &core,
            &external,
        )?;
        for record in &records {
            let bam = encoder.encode(header, record)?;
            let record = like_htslib(bam, &mut fixed);
            if !on_record(record, at).map_err(Error::into_io)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}
