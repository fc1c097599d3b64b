//! Splitting a scan into partitions: index chunks for region queries, byte ranges (cut at
//! BGZF block and line boundaries) for whole-file text scans.

use std::sync::Arc;

use super::file::{Format, VcfFile};
use super::text::Range;
use crate::Error;
use crate::region::Region;

/// Below this many compressed bytes a file is not split further.
const MIN_SPLIT: u64 = 1 << 20;

/// One piece of work of a partition.
#[derive(Debug, Clone)]
pub(crate) struct ScanTask {
    pub file: Arc<VcfFile>,
    pub work: Work,
    /// The contig an index range belongs to.
    pub contig: Option<String>,
    /// Only records starting in this window (1-based, inclusive) belong to the task.
    pub window: Option<(i64, i64)>,
}

/// The partitions of a scan.
#[derive(Debug)]
pub(crate) struct Planned {
    pub partitions: Vec<Vec<ScanTask>>,
    /// Every partition yields rows ordered by (`chrom`, `pos`): one indexed (hence sorted)
    /// file read contig by contig, contigs in name order within each partition.
    pub sorted: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Work {
    /// Lines starting in the compressed/plain byte span `[from, to)`, resolved to block and
    /// line boundaries when the scan starts.
    Split { from: u64, to: u64 },
    /// Exact file-position ranges (from an index, or the whole data of a BCF file).
    Range(Range),
}

impl ScanTask {
    fn weight(&self) -> u64 {
        match &self.work {
            Work::Split { from, to } => to - from,
            Work::Range(r) if self.file.format == Format::Vcf => r.end.saturating_sub(r.start),
            Work::Range(r) => (r.end.min(self.file.len << 16) >> 16)
                .saturating_sub(r.start >> 16)
                .max(1),
        }
    }
}

/// Plans the tasks of every partition (at most `target` partitions, at least one).
pub(crate) fn plan(
    files: &[Arc<VcfFile>],
    region: &Region,
    target: usize,
) -> Result<Planned, Error> {
    let mut units = Vec::new();
    let single = files.len() == 1;
    let mut sorted = single;
    for file in files {
        // Indexed files are read contig by contig through the index: region queries touch
        // only their chunks, and a single file's partitions come out sorted.
        let indexed = file
            .index
            .as_ref()
            .filter(|_| single || region.is_restricted() || file.format == Format::Bcf);
        sorted &= indexed.is_some();
        if let Some(index) = indexed {
            let contigs = region
                .contigs
                .clone()
                .unwrap_or_else(|| index.contigs().to_vec());
            // Contigs are cut into windows of start positions so that partitions balance:
            // a full scan into about an equal share of the genome each, a region into one
            // window per partition. A record belongs to the window holding its POS, so none
            // is read twice; the first window also takes records starting before the region.
            let total: u64 = file.header.contigs.iter().filter_map(|c| c.length).sum();
            let full_step = (total / (4 * target.max(1) as u64)).max(1 << 20) as i64;
            for contig in &contigs {
                let length = file
                    .header
                    .contigs
                    .iter()
                    .find(|c| &c.id == contig)
                    .and_then(|c| c.length);
                let lo = region.start.max(1);
                let hi = match length {
                    Some(len) => region.end.min(len as i64),
                    None => region.end,
                };
                let step = if region.is_restricted() {
                    ((hi - lo + target.max(1) as i64) / target.max(1) as i64).max(MIN_REGION_WINDOW)
                } else {
                    full_step
                };
                for window in windows(lo, hi, step) {
                    let (start, end) = match window {
                        Some((s, e)) => (s.max(region.start), e.min(region.end)),
                        None => (region.start, region.end),
                    };
                    for range in merge_nearby(index.query(contig, start, end)?) {
                        units.push(ScanTask {
                            file: file.clone(),
                            work: Work::Range(range),
                            contig: Some(contig.clone()),
                            window,
                        });
                    }
                }
            }
        } else if file.format == Format::Bcf {
            let range = Range {
                start: file.data_start,
                end: u64::MAX,
                align: false,
            };
            units.push(ScanTask {
                file: file.clone(),
                work: Work::Range(range),
                contig: None,
                window: None,
            });
        } else {
            let pieces = (file.len / MIN_SPLIT).clamp(1, target.max(1) as u64);
            let step = file.len.div_ceil(pieces).max(1);
            let mut from = 0;
            while from < file.len || from == 0 {
                let to = (from + step).min(file.len);
                units.push(ScanTask {
                    file: file.clone(),
                    work: Work::Split { from, to },
                    contig: None,
                    window: None,
                });
                from = to;
                if to >= file.len {
                    break;
                }
            }
        }
    }
    let mut partitions = distribute(units, target.max(1));
    if sorted {
        for p in &mut partitions {
            p.sort_by(|a, b| {
                let start = |t: &ScanTask| match (t.window, &t.work) {
                    (Some((s, _)), _) => s as u64,
                    (None, Work::Range(r)) => r.start,
                    (None, Work::Split { from, .. }) => *from,
                };
                a.contig
                    .as_deref()
                    .map(str::as_bytes)
                    .cmp(&b.contig.as_deref().map(str::as_bytes))
                    .then(start(a).cmp(&start(b)))
            });
        }
    }
    Ok(Planned { partitions, sorted })
}

/// Regions smaller than this are not cut into windows.
const MIN_REGION_WINDOW: i64 = 16 * 1024;

/// Windows of start positions covering `[lo, hi]` in steps of `step`; the first is open
/// below and the last open above. `[None]` when no cut is needed or possible.
fn windows(lo: i64, hi: i64, step: i64) -> Vec<Option<(i64, i64)>> {
    if hi == i64::MAX || hi < lo || hi - lo < step {
        return vec![None];
    }
    let n = ((hi - lo) / step + 1).min(1024);
    (0..n)
        .map(|k| {
            let from = if k == 0 { i64::MIN } else { lo + k * step };
            let to = if k == n - 1 {
                i64::MAX
            } else {
                lo + (k + 1) * step - 1
            };
            Some((from, to))
        })
        .collect()
}

/// Chunks whose gap is under one BGZF block are read as one range: inflating the block
/// again for the next chunk costs more than decoding the few records between them (the
/// scan drops records outside the region anyway).
fn merge_nearby(mut chunks: Vec<super::index::Chunk>) -> Vec<Range> {
    chunks.sort_by_key(|c| c.start);
    let mut out: Vec<Range> = Vec::with_capacity(chunks.len());
    for c in chunks {
        match out.last_mut() {
            Some(last)
                if (c.start >> 16) <= (last.end >> 16) + crate::bgzf::MAX_BLOCK_SIZE as u64 =>
            {
                last.end = last.end.max(c.end);
            }
            _ => out.push(Range {
                start: c.start,
                end: c.end,
                align: false,
            }),
        }
    }
    out
}

/// Groups consecutive units into at most `n` partitions of similar weight.
fn distribute(units: Vec<ScanTask>, n: usize) -> Vec<Vec<ScanTask>> {
    if units.len() <= n {
        let mut parts: Vec<Vec<ScanTask>> = units.into_iter().map(|u| vec![u]).collect();
        if parts.is_empty() {
            parts.push(Vec::new());
        }
        return parts;
    }
    let total: u64 = units.iter().map(ScanTask::weight).sum();
    let per = total.div_ceil(n as u64).max(1);
    let mut parts = vec![Vec::new()];
    let mut acc = 0;
    for u in units {
        let w = u.weight();
        if acc > 0 && acc + w > per && parts.len() < n {
            parts.push(Vec::new());
            acc = 0;
        }
        acc += w;
        if let Some(last) = parts.last_mut() {
            last.push(u);
        }
    }
    parts
}
