//! Splitting a scan into partitions: index chunks for region queries, byte ranges (cut at
//! BGZF block and line boundaries) for whole-file text scans.

use std::sync::Arc;

use super::file::{Format, VcfFile};
use super::region::Region;
use super::text::Range;
use crate::Error;

/// Below this many compressed bytes a file is not split further.
const MIN_SPLIT: u64 = 4 << 20;

/// One piece of work of a partition.
#[derive(Debug, Clone)]
pub(crate) struct ScanTask {
    pub file: Arc<VcfFile>,
    pub work: Work,
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
) -> Result<Vec<Vec<ScanTask>>, Error> {
    let mut units = Vec::new();
    for file in files {
        let indexed = file
            .index
            .as_ref()
            .filter(|_| region.is_restricted() || file.format == Format::Bcf);
        if let Some(index) = indexed {
            let contigs = region
                .contigs
                .clone()
                .unwrap_or_else(|| index.contigs().to_vec());
            for contig in &contigs {
                for range in merge_nearby(index.query(contig, region.start, region.end)?) {
                    units.push(ScanTask {
                        file: file.clone(),
                        work: Work::Range(range),
                    });
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
                });
                from = to;
                if to >= file.len {
                    break;
                }
            }
        }
    }
    Ok(distribute(units, target.max(1)))
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
