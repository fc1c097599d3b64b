//! Running one partition: reading its tasks' records into batches.

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;

use super::batch::AlignmentBatch;
use super::cram;
use super::file::AlignmentFile;
use super::header::Header;
use super::plan::{Only, ScanTask, Work};
use super::record::BamRecord;
use super::sam::Reencoder;
use super::schema::Col;
use crate::bgzf;
use crate::region::Region;
use crate::source::{LineSource, Range};
use crate::{Error, ErrorKind, Location};

/// What every partition of a scan produces.
#[derive(Debug, Clone)]
pub(crate) struct ScanConfig {
    pub cols: Vec<Col>,
    pub schema: SchemaRef,
    pub region: Region,
    pub batch_rows: usize,
    pub limit: Option<usize>,
}

/// What htslib makes of a SAM line with a reference but POS 0: an unplaced, unmapped read
/// (`RNAME` `*`, FLAG 0x4), so SAM input gives the rows samtools shows.
fn unplace_without_position<'a>(bytes: &'a [u8], patched: &'a mut Vec<u8>) -> &'a [u8] {
    let placed_without_pos = bytes.len() >= 32
        && i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) >= 0
        && i32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) < 0;
    if !placed_without_pos {
        return bytes;
    }
    patched.clear();
    patched.extend_from_slice(bytes);
    patched[..4].copy_from_slice(&(-1i32).to_le_bytes());
    patched[14] |= 0x4;
    patched
}

/// Decodes and checks one BAM-encoded record.
fn parse<'a>(bytes: &'a [u8], header: &Header) -> Result<BamRecord<'a>, ErrorKind> {
    let r = BamRecord::parse(bytes)?;
    r.check(header.references.len())?;
    Ok(r)
}

/// Largest BAM record accepted (htslib's limit is 2 GiB; a corrupt length must not make
/// the reader buffer the rest of the file).
const MAX_RECORD: usize = 256 << 20;

/// Whether a record belongs to the task and may match the region.
fn keep(r: &BamRecord<'_>, header: &Header, region: &Region, task: &ScanTask) -> bool {
    match task.only {
        Only::Any => {}
        Only::Reference(id) if r.ref_id != id => return false,
        Only::Unplaced if r.ref_id >= 0 => return false,
        _ => {}
    }
    let pos = i64::from(r.pos) + 1;
    // A record without a position belongs to the first window (`from` unbounded).
    if let Some((from, to)) = task.window
        && (pos < from || pos > to || (r.pos < 0 && from != i64::MIN))
    {
        return false;
    }
    if !region.is_restricted() {
        return true;
    }
    let Some(name) = header.name(r.ref_id) else {
        return false;
    };
    if !region.contains_contig(name.as_bytes()) {
        return false;
    }
    if r.pos < 0 {
        // Placed on the reference without a position: only a filter on the reference
        // alone can match it (`pos`/`end` are NULL).
        return region.start == i64::MIN && region.end == i64::MAX;
    }
    let end = r.end().unwrap_or(pos);
    pos <= region.end && end >= region.start
}

struct Emitter<'a> {
    batch: AlignmentBatch,
    cfg: &'a ScanConfig,
    emit: &'a mut dyn FnMut(RecordBatch) -> bool,
    emitted: usize,
}

impl Emitter<'_> {
    /// Adds a kept record; `false` once the consumer wants no more.
    fn push(&mut self, r: &BamRecord<'_>, header: &Header) -> Result<bool, ErrorKind> {
        self.batch.append(r, header)?;
        if self.batch.len() >= self.cfg.batch_rows
            || self
                .cfg
                .limit
                .is_some_and(|l| self.emitted + self.batch.len() >= l)
        {
            return self.flush();
        }
        Ok(true)
    }

    fn flush(&mut self) -> Result<bool, ErrorKind> {
        if self.batch.is_empty() {
            return Ok(true);
        }
        let batch = self
            .batch
            .finish()
            .map_err(|e| ErrorKind::Unsupported(e.to_string()))?;
        self.emitted += batch.num_rows();
        Ok((self.emit)(batch) && self.cfg.limit.is_none_or(|l| self.emitted < l))
    }
}

/// Reads every task of a partition, handing batches to `emit` until it returns `false`.
pub(crate) fn run(
    tasks: &[ScanTask],
    cfg: &ScanConfig,
    emit: &mut dyn FnMut(RecordBatch) -> bool,
) -> Result<(), Error> {
    let mut out = Emitter {
        batch: AlignmentBatch::new(cfg.cols.clone(), cfg.schema.clone()),
        cfg,
        emit,
        emitted: 0,
    };
    for task in tasks {
        let more = match &task.work {
            Work::Bam { chunks, prefetch } => bam_task(task, chunks, *prefetch, cfg, &mut out)?,
            Work::Cram { start, end } => cram_task(task, (*start, *end), cfg, &mut out)?,
            Work::Sam { start } => sam_task(task, *start, cfg, &mut out)?,
        };
        if !more {
            return Ok(());
        }
    }
    let file = tasks.first().map(|t| t.file.path.as_path());
    out.flush()
        .map_err(|kind| Error::new(file.unwrap_or("".as_ref()), Location::File, kind))?;
    Ok(())
}

fn bam_task(
    task: &ScanTask,
    chunks: &[crate::vcf::Chunk],
    prefetch: bool,
    cfg: &ScanConfig,
    out: &mut Emitter<'_>,
) -> Result<bool, Error> {
    let file: &AlignmentFile = &task.file;
    let mut source = LineSource::open(&file.input, &file.path, true)?;
    if prefetch {
        source.prefetch();
    }
    let at_virtual = |at: u64, kind| {
        let (block, offset) = bgzf::split_virtual_position(at);
        Error::new(&file.path, Location::Virtual { block, offset }, kind)
    };
    // Index chunks come from a coordinate-sorted file: past the last start position the
    // task can keep on its reference (or past the reference), nothing further can match.
    let stop = match task.only {
        Only::Reference(id) => {
            let region_end = if cfg.region.is_restricted() {
                cfg.region.end
            } else {
                i64::MAX
            };
            let window_end = task.window.map_or(i64::MAX, |(_, to)| to);
            Some((id, region_end.min(window_end)))
        }
        _ => None,
    };
    for chunk in chunks {
        source.seek(&Range {
            start: chunk.start,
            end: chunk.end,
            align: false,
        })?;
        loop {
            if source.position_of_next() >= chunk.end {
                break;
            }
            let Some((len, at)) = source.take(4)? else {
                break;
            };
            let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
            if !(32..=MAX_RECORD).contains(&len) {
                return Err(at_virtual(
                    at,
                    ErrorKind::Unsupported(format!("corrupt BAM record: block size {len}")),
                ));
            }
            let Some((bytes, _)) = source.take(len)? else {
                return Err(source.truncated(at));
            };
            let record = parse(bytes, &file.header).map_err(|k| at_virtual(at, k))?;
            if let Some((id, last)) = stop
                && ((record.ref_id == id && i64::from(record.pos) + 1 > last)
                    || record.ref_id > id
                    || record.ref_id < 0)
            {
                return Ok(true);
            }
            if keep(&record, &file.header, &cfg.region, task)
                && !out
                    .push(&record, &file.header)
                    .map_err(|k| at_virtual(at, k))?
            {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn cram_task(
    task: &ScanTask,
    range: (u64, u64),
    cfg: &ScanConfig,
    out: &mut Emitter<'_>,
) -> Result<bool, Error> {
    let file: &AlignmentFile = &task.file;
    let Some(sam_header) = file.sam_header.as_ref() else {
        return Err(Error::new(
            &file.path,
            Location::File,
            ErrorKind::Cram("the file's SAM header was not read".into()),
        ));
    };
    let Some(repo) = file.repository.as_ref() else {
        return Err(Error::new(
            &file.path,
            Location::File,
            ErrorKind::Cram("no reference repository was set up".into()),
        ));
    };
    let mut more = true;
    let mut on_record = |bytes: &[u8], at: u64| -> Result<bool, Error> {
        let err = |kind| Error::new(&file.path, Location::Offset(at), kind);
        let record = parse(bytes, &file.header).map_err(err)?;
        if keep(&record, &file.header, &cfg.region, task) {
            more = out.push(&record, &file.header).map_err(err)?;
        }
        Ok(more)
    };
    cram::read_containers(
        &file.input,
        &file.path,
        sam_header,
        repo,
        range,
        &mut on_record,
    )?;
    Ok(more)
}

fn sam_task(
    task: &ScanTask,
    start: u64,
    cfg: &ScanConfig,
    out: &mut Emitter<'_>,
) -> Result<bool, Error> {
    let file: &AlignmentFile = &task.file;
    let Some(sam_header) = file.sam_header.as_ref() else {
        return Err(Error::new(
            &file.path,
            Location::File,
            ErrorKind::Sam("the file's header was not read".into()),
        ));
    };
    let mut source = LineSource::open(&file.input, &file.path, false)?;
    source.seek(&Range {
        start,
        end: u64::MAX,
        align: false,
    })?;
    let mut encoder = Reencoder::new();
    let mut patched = Vec::new();
    let mut line_no = file.header.text.lines().count() as u64;
    while let Some((line, _)) = source.next_line()? {
        line_no += 1;
        if line.is_empty() {
            continue;
        }
        let err = |kind| Error::new(&file.path, Location::Line(line_no), kind);
        let record =
            noodles::sam::Record::try_from(line).map_err(|e| err(ErrorKind::Sam(e.to_string())))?;
        let bytes = encoder
            .encode(sam_header, &record)
            .map_err(|e| err(ErrorKind::Sam(e.to_string())))?;
        let bytes = unplace_without_position(bytes, &mut patched);
        let record = parse(bytes, &file.header).map_err(err)?;
        if keep(&record, &file.header, &cfg.region, task)
            && !out.push(&record, &file.header).map_err(err)?
        {
            return Ok(false);
        }
    }
    Ok(true)
}
