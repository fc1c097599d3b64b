//! Running one partition: reading its tasks' records into batches.

use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;

use super::batch::BatchBuilder;
use super::bcf::BcfDecoder;
use super::file::{Format, VcfFile};
use super::plan::{ScanTask, Work};
use super::pushdown::SiteAgg;
use super::schema::{Col, Shape};
use super::text::{LineSource, Range, TextParser};
use crate::bgzf::{self, BlockReader};
use crate::region::Region;
use crate::{Error, ErrorKind, Location};

/// What every partition of a scan produces.
#[derive(Debug, Clone)]
pub(crate) struct ScanConfig {
    pub shape: Shape,
    pub cols: Vec<Col>,
    pub schema: SchemaRef,
    pub region: Region,
    pub batch_rows: usize,
    pub limit: Option<usize>,
    /// Aggregates computed per record inside the scan (see [`super::pushdown`]); when set,
    /// `cols` are the group columns and `schema` is the partial aggregate's output.
    pub site_aggs: Vec<SiteAgg>,
    /// The header shared by the table's files (INFO/FORMAT definitions).
    pub header: Arc<super::header::Header>,
    /// Genotypes: samples (by header index) whose rows are left out (a consent filter).
    pub skip: Option<Arc<[bool]>>,
}

/// Reads every task of a partition, handing batches to `emit` until it returns `false`.
pub(crate) fn run(
    tasks: &[ScanTask],
    cfg: &ScanConfig,
    emit: &mut dyn FnMut(RecordBatch) -> bool,
) -> Result<(), Error> {
    let mut emitted = 0usize;
    for task in tasks {
        let file = &task.file;
        let site = !cfg.site_aggs.is_empty();
        let group_schema = if site {
            let fields: Vec<_> = cfg
                .schema
                .fields()
                .iter()
                .take(cfg.cols.len())
                .cloned()
                .collect();
            Arc::new(arrow::datatypes::Schema::new(fields))
        } else {
            cfg.schema.clone()
        };
        let mut b = BatchBuilder::new(&file.header, cfg.cols.clone(), group_schema);
        b.skip = cfg.skip.clone();
        let mut aggs: Vec<arrow::array::Int64Builder> = cfg
            .site_aggs
            .iter()
            .map(|_| arrow::array::Int64Builder::new())
            .collect();
        let range = match task.work {
            Work::Range(r) => r,
            Work::Split { from, to } => resolve_split(file, from, to)?,
        };
        let mut source = LineSource::open(&file.input, &file.path, file.format != Format::Vcf)?;
        if task.contig.is_some() && is_small(&range) {
            source.cache_blocks(file.id);
        }
        if range.end == u64::MAX && file.format == Format::Bcf {
            // A BCF file read whole on one partition (no index to split it by contig).
            source.prefetch();
        }
        source.seek(&range)?;
        let genotypes = cfg.shape == Shape::Genotypes;
        let windowed;
        let region = match task.window {
            Some((from, to)) => {
                windowed = cfg.region.window(from, to);
                &windowed
            }
            None => &cfg.region,
        };
        let mut flush = |b: &mut BatchBuilder,
                         aggs: &mut Vec<arrow::array::Int64Builder>|
         -> Result<bool, Error> {
            let batch = b.finish().and_then(|groups| {
                if !site {
                    return Ok(groups);
                }
                let mut columns = groups.columns().to_vec();
                columns.extend(
                    aggs.iter_mut()
                        .map(|a| Arc::new(a.finish()) as arrow::array::ArrayRef),
                );
                RecordBatch::try_new(cfg.schema.clone(), columns)
            });
            let batch = batch.map_err(|e| {
                Error::new(
                    &file.path,
                    Location::File,
                    ErrorKind::Unsupported(e.to_string()),
                )
            })?;
            emitted += batch.num_rows();
            Ok(emit(batch) && cfg.limit.is_none_or(|l| emitted < l))
        };
        if file.format == Format::Bcf {
            let mut decoder = BcfDecoder::new(file.header.clone(), genotypes);
            loop {
                if source.position_of_next() >= range.end {
                    break;
                }
                let Some((at, result)) = decoder.next(&mut source, region, &mut b)? else {
                    break;
                };
                if let Err(kind) = result {
                    let (block, offset) = bgzf::split_virtual_position(at);
                    return Err(Error::new(
                        &file.path,
                        Location::Virtual { block, offset },
                        kind,
                    ));
                }
                if b.rows >= cfg.batch_rows && !flush(&mut b, &mut aggs)? {
                    return Ok(());
                }
            }
        } else {
            let mut parser = TextParser::new(file.header.clone(), genotypes && !site);
            parser.count_gt = site;
            // An index read is of one contig of a sorted file: past the region's end, no
            // later record of the contig can start inside it.
            let stop = task.contig.as_deref().filter(|_| region.end != i64::MAX);
            while let Some((line, at)) = source.next_line()? {
                if at >= range.end {
                    break;
                }
                if line.is_empty() || line[0] == b'#' {
                    continue;
                }
                if let Some(contig) = stop
                    && starts_after(line, contig, region.end)
                {
                    break;
                }
                match parser.parse(line, region, &mut b) {
                    Err(kind) => return Err(locate(file, at, kind)),
                    Ok(true) if site => {
                        for (agg, builder) in cfg.site_aggs.iter().zip(&mut aggs) {
                            builder.append_option(agg.value(&parser.counts));
                        }
                    }
                    Ok(_) => {}
                }
                if b.rows >= cfg.batch_rows && !flush(&mut b, &mut aggs)? {
                    return Ok(());
                }
            }
        }
        if b.rows > 0 && !flush(&mut b, &mut aggs)? {
            return Ok(());
        }
    }
    Ok(())
}

/// Index ranges spanning at most this many compressed bytes read through the block cache.
const CACHED_SPAN: u64 = 4 * bgzf::MAX_BLOCK_SIZE as u64;

/// Partitions of at most this many small index reads run on the caller's thread.
const MAX_POINT_TASKS: usize = 4;

/// Whether a partition's tasks are a few small index reads (a point query): cheaper to
/// run on the thread that polls the scan than to hand to a blocking thread.
pub(crate) fn is_point_read(tasks: &[ScanTask]) -> bool {
    tasks.len() <= MAX_POINT_TASKS
        && tasks
            .iter()
            .all(|t| t.contig.is_some() && matches!(t.work, Work::Range(r) if is_small(&r)))
}

/// Whether `range` is a small read (a point or a short region), worth caching.
fn is_small(range: &Range) -> bool {
    range.end != u64::MAX
        && bgzf::split_virtual_position(range.end).0
            <= bgzf::split_virtual_position(range.start).0 + CACHED_SPAN
}

/// Whether a record line is on `contig` and starts after `end`. Lines it cannot read are
/// left to the parser, which names the fault.
fn starts_after(line: &[u8], contig: &str, end: i64) -> bool {
    let mut fields = line.splitn(3, |b| *b == b'\t');
    if fields.next() != Some(contig.as_bytes()) {
        return false;
    }
    fields
        .next()
        .and_then(|p| std::str::from_utf8(p).ok())
        .and_then(|p| p.parse::<i64>().ok())
        .is_some_and(|pos| pos > end)
}

/// Names the line of a text record that failed, counting lines from the file's start
/// (only done on the error path).
fn locate(file: &VcfFile, at: u64, kind: ErrorKind) -> Error {
    let line = line_number(file, at);
    let location = match line {
        Some(n) => Location::Line(n),
        None if file.format == Format::VcfGz => {
            let (block, offset) = bgzf::split_virtual_position(at);
            Location::Virtual { block, offset }
        }
        None => Location::Offset(at),
    };
    Error::new(&file.path, location, kind)
}

fn line_number(file: &VcfFile, at: u64) -> Option<u64> {
    let mut source = LineSource::open(&file.input, &file.path, file.format != Format::Vcf).ok()?;
    source
        .seek(&Range {
            start: 0,
            end: u64::MAX,
            align: false,
        })
        .ok()?;
    let mut n = 0;
    while let Ok(Some((_, pos))) = source.next_line() {
        n += 1;
        if pos >= at {
            return Some(n);
        }
    }
    None
}

/// Turns a byte span into a range of whole lines: lines that start in `[from, to)` after
/// both ends are moved to a block boundary (BGZF) and the first partial line is skipped.
fn resolve_split(file: &VcfFile, from: u64, to: u64) -> Result<Range, Error> {
    let (start, align) = boundary(file, from)?;
    let (end, _) = boundary(file, to)?;
    Ok(Range { start, end, align })
}

fn boundary(file: &VcfFile, offset: u64) -> Result<(u64, bool), Error> {
    if offset == 0 {
        return Ok((0, false));
    }
    if offset >= file.len {
        return Ok((u64::MAX, false));
    }
    let io = |e| Error::from_io(&file.path, Location::Offset(offset), e);
    let f = &file.input;
    if file.format == Format::Vcf {
        let mut prev = [0u8];
        f.read_exact_at(&mut prev, offset - 1).map_err(io)?;
        return Ok((offset, prev[0] != b'\n'));
    }
    let mut reader = BlockReader::new(&file.input, &file.path);
    let mut at = offset;
    loop {
        let Some(b1) = bgzf::block_at_or_after(f, at, file.len).map_err(io)? else {
            return Ok((u64::MAX, false));
        };
        let Some(header) = reader.header_at(b1)? else {
            return Ok((u64::MAX, false));
        };
        let b2 = b1 + header.block_len as u64;
        if reader.isize_at(b1, header)? == 0 {
            at = b2;
            continue;
        }
        if b2 >= file.len {
            return Ok((u64::MAX, false));
        }
        // A line starts at b2 exactly when b1's data ends with a newline.
        let mut data = Vec::with_capacity(bgzf::MAX_BLOCK_SIZE);
        reader.seek(b1);
        reader.read_block(&mut data)?;
        let align = data.last() != Some(&b'\n');
        return Ok((bgzf::virtual_position(b2, 0), align));
    }
}

/// Shared by every partition of one scan.
pub(crate) type SharedConfig = Arc<ScanConfig>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_starts_after_the_region_only_on_its_contig() {
        let line = b"chr2\t1500\t.\tA\tG\t.\tPASS\t.";
        assert!(starts_after(line, "chr2", 1499));
        assert!(!starts_after(line, "chr2", 1500));
        assert!(!starts_after(line, "chr1", 10), "another contig");
        assert!(
            !starts_after(b"chr2\tx\t.", "chr2", 1),
            "left to the parser"
        );
    }

    #[test]
    fn small_index_ranges_are_cached() {
        let r = |s: u64, e: u64| Range {
            start: s << 16,
            end: e << 16,
            align: false,
        };
        assert!(is_small(&r(1000, 1000 + 60_000)));
        assert!(!is_small(&r(1000, 1000 + 10_000_000)));
        assert!(!is_small(&Range {
            start: 0,
            end: u64::MAX,
            align: false
        }));
    }
}
