//! Orchestration: validates options, draws records contig by contig and
//! streams them into every requested output and index.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::bcf::{self, Encoder};
use super::bgzf::{Pool, Writer};
use super::genotype::{Calls, Genotyper};
use super::header::{self, FULL_FORMAT, FormatKey, GT_ONLY_FORMAT};
use super::index::{BcfIndex, Span, VcfIndex};
use super::info::{self, Counts, InfoGen};
use super::rng::Rng;
use super::site::{Site, SiteGen};
use super::text;
use super::{FULL_FORMAT_MAX_SAMPLES, GenerateError, GenerateOptions, Generated};

/// Bases kept free at the end of each contig so REF alleles of deletions
/// (up to 11 bp) stay inside it.
const TAIL: u64 = 10;
/// Longest contig a tabix index can address.
const TABIX_MAX_LEN: u64 = 1 << 29;
/// libdeflate level used for BGZF blocks (htslib's default is 6 too).
const LEVEL: i32 = 6;
/// How often `progress` is called.
const PROGRESS_EVERY: usize = 4096;

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> GenerateError + '_ {
    move |source| GenerateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn validate(opts: &GenerateOptions, per_contig: &[usize]) -> Result<(), GenerateError> {
    let invalid = |msg: String| Err(GenerateError::InvalidOptions(msg));
    if opts.name.is_empty() || opts.name.contains(['/', '\\']) {
        return invalid(format!(
            "file stem `{}` must be non-empty and contain no path separators",
            opts.name
        ));
    }
    if opts.contigs.is_empty() {
        return invalid("at least one contig is required".to_string());
    }
    for (i, (name, len)) in opts.contigs.iter().enumerate() {
        if !header::valid_contig_name(name) {
            return invalid(format!("`{name}` is not a valid VCF contig name"));
        }
        if opts.contigs[..i].iter().any(|(n, _)| n == name) {
            return invalid(format!("contig `{name}` is listed twice"));
        }
        if *len <= TAIL || *len > i32::MAX as u64 {
            return invalid(format!(
                "contig `{name}` length {len} is outside 11..=2147483647"
            ));
        }
        if per_contig[i] as u64 > len - TAIL {
            return invalid(format!(
                "contig `{name}` ({len} bp) is too short for {} records",
                per_contig[i]
            ));
        }
        if opts.formats.vcf_gz_tbi && *len > TABIX_MAX_LEN {
            return invalid(format!(
                "contig `{name}` is longer than 2^29 bp, which a tabix index cannot address; request csi instead"
            ));
        }
    }
    Ok(())
}

/// Splits `total` records across contigs proportionally to their lengths
/// (largest-remainder rounding, ties to the earlier contig).
fn split_records(total: usize, contigs: &[(String, u64)]) -> Vec<usize> {
    let sum: u128 = contigs.iter().map(|(_, l)| u128::from(*l)).sum();
    if sum == 0 {
        return vec![0; contigs.len()];
    }
    let mut counts = Vec::with_capacity(contigs.len());
    let mut rems = Vec::with_capacity(contigs.len());
    for (i, (_, len)) in contigs.iter().enumerate() {
        let exact = total as u128 * u128::from(*len);
        counts.push((exact / sum) as usize);
        rems.push((exact % sum, i));
    }
    let assigned: usize = counts.iter().sum();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in rems.iter().take(total - assigned) {
        counts[i] += 1;
    }
    counts
}

/// Sorted positions in `1..=max_pos` drawn as uniform order statistics,
/// one at a time, forced strictly increasing.
struct Positions {
    x: f64,
    prev: u64,
    remaining: u64,
    max_pos: u64,
}

impl Positions {
    fn new(n: usize, max_pos: u64) -> Self {
        Self {
            x: 0.0,
            prev: 0,
            remaining: n as u64,
            max_pos,
        }
    }

    fn next(&mut self, rng: &mut Rng) -> u64 {
        let k = self.remaining as f64;
        self.x += (1.0 - self.x) * (1.0 - rng.uniform_open0().powf(1.0 / k));
        self.remaining -= 1;
        let candidate = 1 + (self.x * self.max_pos as f64) as u64;
        let pos = candidate
            .min(self.max_pos - self.remaining)
            .max(self.prev + 1);
        self.prev = pos;
        pos
    }
}

fn is_sex_chromosome(name: &str) -> bool {
    let bare = name
        .strip_prefix("chr")
        .or_else(|| name.strip_prefix("Chr"))
        .or_else(|| name.strip_prefix("CHR"))
        .unwrap_or(name);
    matches!(bare, "X" | "Y")
}

/// The open outputs.
struct Outputs {
    vcf: Option<(PathBuf, BufWriter<File>)>,
    vcf_gz: Option<Writer<Span>>,
    tbi: Option<VcfIndex>,
    vcf_csi: Option<VcfIndex>,
    bcf: Option<Writer<Span>>,
    bcf_csi: Option<BcfIndex>,
}

impl Outputs {
    /// Feeds finished records of the compressed streams to their indexers.
    fn drain(&mut self, contigs: &[(String, u64)]) -> Result<(), GenerateError> {
        if let Some(w) = &mut self.vcf_gz {
            let (tbi, csi) = (&mut self.tbi, &mut self.vcf_csi);
            let mut failure = None;
            let result = w.drain_resolved(|span, start, end| {
                let name = contigs[span.contig].0.as_str();
                for idx in [tbi.as_mut(), csi.as_mut()].into_iter().flatten() {
                    if let Err(e) = idx.add(name, span, start, end) {
                        failure = Some(e);
                        return Err(io::Error::other("index"));
                    }
                }
                Ok(())
            });
            if let Err(e) = result {
                return Err(failure.take().unwrap_or_else(|| io_error(w.path())(e)));
            }
        }
        if let Some(w) = &mut self.bcf {
            let idx = &mut self.bcf_csi;
            let mut failure = None;
            let result = w.drain_resolved(|span, start, end| {
                if let Some(idx) = idx.as_mut()
                    && let Err(e) = idx.add(span, start, end)
                {
                    failure = Some(e);
                    return Err(io::Error::other("index"));
                }
                Ok(())
            });
            if let Err(e) = result {
                return Err(failure.take().unwrap_or_else(|| io_error(w.path())(e)));
            }
        }
        Ok(())
    }
}

/// Runs the generator; see [`super::generate`].
pub fn run(
    opts: &GenerateOptions,
    out_dir: &Path,
    progress: &dyn Fn(u64),
) -> Result<Generated, GenerateError> {
    let per_contig = split_records(opts.records, &opts.contigs);
    validate(opts, &per_contig)?;
    std::fs::create_dir_all(out_dir).map_err(|source| GenerateError::CreateDir {
        path: out_dir.to_path_buf(),
        source,
    })?;

    let full = opts.samples > 0 && opts.samples <= FULL_FORMAT_MAX_SAMPLES;
    let format: &'static [FormatKey] = if opts.samples == 0 {
        &[]
    } else if full {
        &FULL_FORMAT
    } else {
        &GT_ONLY_FORMAT
    };
    let header = header::build(opts, format);
    let max_len = opts.contigs.iter().map(|(_, l)| *l).max().unwrap_or(1);
    let file = |ext: &str| out_dir.join(format!("{}.{ext}", opts.name));
    let f = opts.formats;

    let pool = if f.vcf_gz() || f.bcf {
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8);
        Some(Pool::new(workers, LEVEL).map_err(GenerateError::Pool)?)
    } else {
        None
    };

    let mut out = Outputs {
        vcf: None,
        vcf_gz: None,
        tbi: None,
        vcf_csi: None,
        bcf: None,
        bcf_csi: None,
    };
    if f.vcf {
        let path = file("vcf");
        let w = File::create(&path).map_err(io_error(&path))?;
        out.vcf = Some((path, BufWriter::with_capacity(1 << 20, w)));
    }
    if let Some(pool) = &pool {
        if f.vcf_gz() {
            let path = file("vcf.gz");
            out.vcf_gz = Some(Writer::create(&path, pool).map_err(io_error(&path))?);
            if f.vcf_gz_tbi {
                out.tbi = Some(VcfIndex::new(file("vcf.gz.tbi"), false, max_len)?);
            }
            if f.vcf_gz_csi {
                out.vcf_csi = Some(VcfIndex::new(file("vcf.gz.csi"), true, max_len)?);
            }
        }
        if f.bcf {
            let path = file("bcf");
            out.bcf = Some(Writer::create(&path, pool).map_err(io_error(&path))?);
            out.bcf_csi = Some(BcfIndex::new(file("bcf.csi"), opts.contigs.len(), max_len)?);
        }
    }

    // Headers, each in its own BGZF block(s) like htslib does.
    if let Some((path, w)) = &mut out.vcf {
        w.write_all(&header.text).map_err(io_error(path))?;
    }
    if let Some(w) = &mut out.vcf_gz {
        let r = w
            .write_untracked(&header.text)
            .and_then(|()| w.flush_block());
        r.map_err(io_error(w.path()))?;
    }
    if let Some(w) = &mut out.bcf {
        let mut buf = Vec::new();
        bcf::write_header(&mut buf, &header.text);
        let r = w.write_untracked(&buf).and_then(|()| w.flush_block());
        r.map_err(io_error(w.path()))?;
    }

    let need_text = f.vcf || f.vcf_gz();
    let mut sites = SiteGen::new(opts.seed, opts.samples);
    let mut infos = InfoGen::new(opts.seed, opts.samples);
    let mut genotyper = Genotyper::new(opts.seed, opts.samples, full);
    let mut notional_rng = Rng::stream(opts.seed, 3);
    let mut site = Site::default();
    let mut calls = Calls::default();
    let mut counts = Counts::default();
    let mut encoder = Encoder::default();
    let mut line = Vec::with_capacity(64 + opts.samples * 8);
    let mut record = Vec::with_capacity(64 + opts.samples * 4);
    let mut done = 0usize;

    for (contig, ((name, len), &n)) in opts.contigs.iter().zip(&per_contig).enumerate() {
        let haploid = is_sex_chromosome(name);
        let mut positions = Positions::new(n, len - TAIL);
        for _ in 0..n {
            let pos = positions.next(sites.rng());
            sites.draw(&mut site, contig, *len, pos);
            if opts.samples > 0 {
                genotyper.sample(&site, haploid, &mut calls, &mut counts);
            } else {
                info::notional_counts(&mut notional_rng, &site, &mut counts);
            }
            infos.fill(&mut site, &counts);
            let calls_ref = (opts.samples > 0).then_some(&calls);
            let span = Span {
                contig,
                start: site.pos,
                end: site.end,
            };

            if need_text {
                line.clear();
                text::write_record(&mut line, &site, name, calls_ref, format);
                if let Some((path, w)) = &mut out.vcf {
                    w.write_all(&line).map_err(io_error(path))?;
                }
                if let Some(w) = &mut out.vcf_gz {
                    let r = w.write_record(&line, span);
                    r.map_err(io_error(w.path()))?;
                }
            }
            if let Some(w) = &mut out.bcf {
                record.clear();
                encoder.encode(&mut record, &site, calls_ref, &header);
                let r = w.write_record(&record, span);
                r.map_err(io_error(w.path()))?;
            }
            out.drain(&opts.contigs)?;

            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                progress(done as u64);
            }
        }
    }

    let mut generated = Generated {
        records: done,
        samples: opts.samples,
        ..Generated::default()
    };
    if let Some((path, mut w)) = out.vcf.take() {
        w.flush().map_err(io_error(&path))?;
        generated.vcf = Some(path);
    }
    if let Some(w) = &mut out.vcf_gz {
        let r = w.finish();
        r.map_err(io_error(w.path()))?;
    }
    if let Some(w) = &mut out.bcf {
        let r = w.finish();
        r.map_err(io_error(w.path()))?;
    }
    out.drain(&opts.contigs)?;
    // Close the data files (and stop the workers) before writing indexes so
    // the indexes are never older than the data.
    generated.vcf_gz = out.vcf_gz.take().map(|w| w.path().to_path_buf());
    generated.bcf = out.bcf.take().map(|w| w.path().to_path_buf());
    if let Some(pool) = pool {
        pool.shutdown().map_err(GenerateError::Pool)?;
    }
    if let Some(idx) = out.tbi.take() {
        generated.tbi = Some(idx.finish()?);
    }
    if let Some(idx) = out.vcf_csi.take() {
        generated.vcf_gz_csi = Some(idx.finish()?);
    }
    if let Some(idx) = out.bcf_csi.take() {
        generated.bcf_csi = Some(idx.finish()?);
    }
    progress(done as u64);
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_proportional_and_exact() {
        let contigs = vec![
            ("a".to_string(), 5u64),
            ("b".to_string(), 4),
            ("c".to_string(), 3),
        ];
        let s = split_records(2000, &contigs);
        assert_eq!(s.iter().sum::<usize>(), 2000);
        assert_eq!(s, vec![833, 667, 500]);
    }

    #[test]
    fn positions_strictly_increase_within_bounds() {
        let mut rng = Rng::new(1);
        let mut p = Positions::new(100, 100);
        let mut prev = 0;
        for _ in 0..100 {
            let x = p.next(&mut rng);
            assert!(x > prev && x <= 100);
            prev = x;
        }
    }

    #[test]
    fn sex_chromosomes() {
        assert!(is_sex_chromosome("chrX"));
        assert!(is_sex_chromosome("Y"));
        assert!(!is_sex_chromosome("chrX_random"));
        assert!(!is_sex_chromosome("chr1"));
    }
}
