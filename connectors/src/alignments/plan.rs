//! Splitting a scan of alignment files into tasks and partitions.
//!
//! - An indexed BAM file is read per reference through its index; references larger than
//!   a partition's share are cut into position windows (a record belongs to the window
//!   holding its start, so none is read out twice). Unplaced unmapped reads at the end of
//!   the file are one more task.
//! - A region query reads the index chunks (BAM) or containers (CRAM) overlapping it.
//! - A CRAM file with a `.crai` is split into runs of containers.
//! - Files without an index, and SAM files, are one task each (BAM inflated ahead on a
//!   second thread).

use std::sync::Arc;

use super::file::{AlignmentFile, FileIndex, Format};
use crate::Error;
use crate::region::Region;
use crate::vcf::Chunk;

/// Which records of a task's data are its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Only {
    Any,
    /// Records on this reference id.
    Reference(i32),
    /// Unplaced records (no reference).
    Unplaced,
}

/// What a task reads.
#[derive(Debug, Clone)]
pub(crate) enum Work {
    /// BAM records starting in these spans of virtual positions.
    Bam { chunks: Vec<Chunk>, prefetch: bool },
    /// CRAM containers starting in `[start, end)` (byte offsets).
    Cram { start: u64, end: u64 },
    /// SAM record lines from byte offset `start` to the end.
    Sam { start: u64 },
}

/// One unit of a partition's work.
#[derive(Debug, Clone)]
pub(crate) struct ScanTask {
    pub file: Arc<AlignmentFile>,
    pub work: Work,
    pub only: Only,
    /// Keep records whose 1-based start is in `[from, to]`.
    pub window: Option<(i64, i64)>,
    /// Estimated compressed bytes, for balancing partitions.
    pub weight: u64,
}

const UNBOUNDED: u64 = u64::MAX;

fn span(chunks: &[Chunk]) -> u64 {
    chunks
        .iter()
        .map(|c| (c.end >> 16).saturating_sub(c.start >> 16) + 1)
        .sum()
}

/// The tasks of a scan of `files` restricted to `region`, spread over at most `target`
/// partitions.
pub(crate) fn plan(
    files: &[Arc<AlignmentFile>],
    region: &Region,
    target: usize,
) -> Result<Vec<Vec<ScanTask>>, Error> {
    let target = target.max(1);
    let mut tasks = Vec::new();
    for file in files {
        tasks.extend(file_tasks(file, region, target)?);
    }
    Ok(balance(tasks, target))
}

fn task(file: &Arc<AlignmentFile>, work: Work, only: Only, weight: u64) -> ScanTask {
    ScanTask {
        file: file.clone(),
        work,
        only,
        window: None,
        weight,
    }
}

fn file_tasks(
    file: &Arc<AlignmentFile>,
    region: &Region,
    target: usize,
) -> Result<Vec<ScanTask>, Error> {
    let whole = file.input.len();
    let mut ids: Vec<usize> = match &region.contigs {
        Some(names) => names.iter().filter_map(|n| file.header.id(n)).collect(),
        None => (0..file.header.references.len()).collect(),
    };
    ids.sort_unstable();
    ids.dedup();
    let mut tasks = Vec::new();
    match (&file.index, file.format) {
        (Some(FileIndex::Bam(index)), _) => {
            let restricted = region.is_restricted();
            let mut per_ref = Vec::new();
            for &id in &ids {
                let r = &file.header.references[id];
                let (start, end) = if restricted {
                    (region.start, region.end)
                } else {
                    (1, r.length.max(1) as i64)
                };
                let chunks = index.query_id(id, start, end)?;
                if !chunks.is_empty() {
                    per_ref.push((id, chunks));
                }
            }
            if restricted {
                for (id, chunks) in per_ref {
                    tasks.extend(region_windows(file, index, id, chunks, region, target)?);
                }
                return Ok(tasks);
            }
            let total: u64 = per_ref.iter().map(|(_, c)| span(c)).sum();
            let budget = (total / target as u64).max(1 << 20);
            for (id, chunks) in per_ref {
                let weight = span(&chunks);
                let windows = weight.div_ceil(budget).clamp(1, 64) as i64;
                let len = file.header.references[id].length.max(1) as i64;
                if windows == 1 {
                    let work = Work::Bam {
                        chunks,
                        prefetch: false,
                    };
                    tasks.push(task(file, work, Only::Reference(id as i32), weight));
                    continue;
                }
                let step = (len + windows - 1) / windows;
                for w in 0..windows {
                    // Window 0 also holds the records placed on the reference
                    // without a position.
                    let lo = 1 + w * step;
                    let from = if w == 0 { i64::MIN } else { lo };
                    let to = if w == windows - 1 {
                        i64::MAX
                    } else {
                        lo + step - 1
                    };
                    let chunks = index.query_id(id, lo, to.min(len.max(lo)))?;
                    if chunks.is_empty() {
                        continue;
                    }
                    let weight = span(&chunks);
                    let work = Work::Bam {
                        chunks,
                        prefetch: false,
                    };
                    let mut t = task(file, work, Only::Reference(id as i32), weight);
                    t.window = Some((from, to));
                    tasks.push(t);
                }
            }
            if index.inner().unplaced_unmapped_record_count() != Some(0) {
                let start = index
                    .inner()
                    .last_first_record_start_position()
                    .map_or(file.first_record, u64::from);
                let chunks = vec![Chunk {
                    start,
                    end: UNBOUNDED,
                }];
                let work = Work::Bam {
                    chunks,
                    prefetch: false,
                };
                tasks.push(task(file, work, Only::Unplaced, 1));
            }
        }
        (Some(FileIndex::Cram(index)), _) => {
            if region.is_restricted() {
                for id in ids {
                    for offset in index.query(id, region.start, region.end) {
                        let work = Work::Cram {
                            start: offset,
                            end: offset + 1,
                        };
                        tasks.push(task(file, work, Only::Reference(id as i32), 1 << 20));
                    }
                }
                return Ok(tasks);
            }
            let offsets = index.containers();
            if offsets.is_empty() {
                // An empty index says nothing: read the file from its first container.
                let work = Work::Cram {
                    start: file.first_record,
                    end: UNBOUNDED,
                };
                tasks.push(task(file, work, Only::Any, whole));
                return Ok(tasks);
            }
            let groups = target.min(offsets.len()).max(1);
            let per = offsets.len().div_ceil(groups).max(1);
            let starts: Vec<u64> = offsets.chunks(per).map(|c| c[0]).collect();
            for (i, &start) in starts.iter().enumerate() {
                let start = if i == 0 {
                    start.min(file.first_record)
                } else {
                    start
                };
                let end = starts.get(i + 1).copied().unwrap_or(UNBOUNDED);
                let weight = end.min(whole).saturating_sub(start);
                tasks.push(task(file, Work::Cram { start, end }, Only::Any, weight));
            }
        }
        (None, Format::Bam) => {
            let chunks = vec![Chunk {
                start: file.first_record,
                end: UNBOUNDED,
            }];
            let work = Work::Bam {
                chunks,
                prefetch: true,
            };
            tasks.push(task(file, work, Only::Any, whole));
        }
        (None, Format::Cram) => {
            let work = Work::Cram {
                start: file.first_record,
                end: UNBOUNDED,
            };
            tasks.push(task(file, work, Only::Any, whole));
        }
        (None, Format::Sam) => {
            let work = Work::Sam {
                start: file.first_record,
            };
            tasks.push(task(file, work, Only::Any, whole));
        }
    }
    Ok(tasks)
}

/// Compressed bytes below which a region is read by one task.
const REGION_SPLIT: u64 = 128 << 10;

/// The tasks of a region on reference `id`: one, or for a region whose index chunks span
/// more than [`REGION_SPLIT`] bytes, one per window of start positions (the first also
/// takes the records that start before the region and overlap it), read in parallel.
fn region_windows(
    file: &Arc<AlignmentFile>,
    index: &crate::vcf::Index,
    id: usize,
    chunks: Vec<Chunk>,
    region: &Region,
    target: usize,
) -> Result<Vec<ScanTask>, Error> {
    let weight = span(&chunks);
    let r = &file.header.references[id];
    let start = region.start.max(1);
    let end = region.end.min(r.length.max(1) as i64);
    let windows = (weight / REGION_SPLIT).clamp(1, target as u64) as i64;
    if windows == 1 || end - start < 2 * windows {
        let work = Work::Bam {
            chunks,
            prefetch: false,
        };
        return Ok(vec![task(file, work, Only::Reference(id as i32), weight)]);
    }
    let step = (end - start + windows) / windows;
    let mut tasks = Vec::new();
    for w in 0..windows {
        let lo = start + w * step;
        let hi = if w == windows - 1 { end } else { lo + step - 1 };
        let from = if w == 0 { i64::MIN } else { lo };
        let to = if w == windows - 1 { i64::MAX } else { hi };
        let chunks = index.query_id(id, lo.max(start), hi.min(end))?;
        if chunks.is_empty() {
            continue;
        }
        let weight = span(&chunks);
        let work = Work::Bam {
            chunks,
            prefetch: false,
        };
        let mut t = task(file, work, Only::Reference(id as i32), weight);
        t.window = Some((from, to));
        tasks.push(t);
    }
    Ok(tasks)
}

/// Largest tasks first, each onto the least loaded partition; partitions keep file order.
fn balance(tasks: Vec<ScanTask>, target: usize) -> Vec<Vec<ScanTask>> {
    let n = target.min(tasks.len()).max(1);
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(tasks[i].weight));
    let mut load = vec![0u64; n];
    let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in order {
        let p = (0..n).min_by_key(|&p| load[p]).unwrap_or(0);
        load[p] += tasks[i].weight;
        assigned[p].push(i);
    }
    let mut slots: Vec<Option<ScanTask>> = tasks.into_iter().map(Some).collect();
    assigned
        .into_iter()
        .map(|mut idx| {
            idx.sort_unstable();
            idx.into_iter().filter_map(|i| slots[i].take()).collect()
        })
        .collect()
}
