//! The Beacon under load (targets of issue [beacon]): a node serving ~1 M variants (a
//! sites-only VCF, as a variant Beacon serves; `GENOFED_BENCH_SAMPLES=100` gives the
//! records 100 samples' genotypes instead) and 100 phenopackets, HPO loaded, in this
//! process on loopback ports; load generator threads in this process too, with
//! keep-alive HTTP connections.
//!
//! 1. `g_variants` sequence queries (`referenceName`, `start`, `referenceBases`,
//!    `alternateBases`) of variants drawn from the file, at boolean, count and record
//!    granularity: requests per second and latency percentiles (>= 2,000 req/s, p99 <
//!    20 ms);
//! 2. a filtered `individuals` count (an HPO term with its descendants), one client:
//!    latency percentiles (p50 <= 10 ms).
//!
//! Every answer is checked (the variant exists; the count is the same every time).
//! `GENOFED_BENCH_SECONDS` (default 10) bounds each load phase, `GENOFED_BENCH_CLIENTS`
//! (default 4) sets the concurrent connections, `GENOFED_BENCH_RECORDS` (default
//! 1,000,000) the records generated (kept in `bench-data/beacon-<samples>/`),
//! `GENOFED_BENCH_BLOCK_CACHE_MB` (default 64, the node's default) the block cache.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use genofed::engine::{Node, NodeConfig};
use genofed::flight::Server;
use genofed::generate::{CohortFiles, FormatSet, GenerateOptions, generate, write_phenopackets};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Individuals with phenopackets.
const INDIVIDUALS: usize = 100;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Res<()> {
    let seconds: u64 = env_or("GENOFED_BENCH_SECONDS", 10);
    let clients: usize = env_or("GENOFED_BENCH_CLIENTS", 4);
    let records: usize = env_or("GENOFED_BENCH_RECORDS", 1_000_000);
    let samples: usize = env_or("GENOFED_BENCH_SAMPLES", 0);
    let cache_mb: usize = env_or("GENOFED_BENCH_BLOCK_CACHE_MB", 64);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("bench-data/beacon-{samples}"));
    prepare(&dir, records, samples)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let hpo = root.join("../shared/ontologies/hp_subset.obo");
    let text = format!(
        "[node]\nname = \"bench\"\n\n[server]\nblock_cache_mb = {cache_mb}\n\n[ontologies]\nfiles = [\"{}\"]\n\n\
         [datasets.cohort]\nvcf = [\"cohort.vcf.gz\"]\nphenopackets = [\"cohort.phenopackets\"]\n\
         consent = {{ permission = \"GRU\" }}\n\n\
         [beacon]\nid = \"org.genofed.bench\"\nname = \"bench\"\n\
         organization = {{ id = \"B\", name = \"bench\", url = \"https://bench.test\" }}\n",
        hpo.display()
    );
    let (stop, rx) = tokio::sync::watch::channel(false);
    let api = rt.block_on(async {
        let node = Arc::new(Node::open(NodeConfig::from_toml(&text, &dir)?).await?);
        let server = Server::bind_to(node, "127.0.0.1:0")
            .await?
            .with_beacon(Some("127.0.0.1:0"))
            .await?;
        let api = server.beacon_url().ok_or("no beacon")?;
        let mut rx = rx.clone();
        tokio::spawn(server.serve(async move {
            let _ = rx.wait_for(|s| *s).await;
        }));
        Res::Ok(api)
    })?;
    let variants = sample_variants(&api)?;
    eprintln!(
        "{records} records x {samples} samples; {} variants drawn; {clients} clients, {seconds} s per phase",
        variants.len()
    );
    println!("| query | requests | req/s | p50 | p99 | max |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for granularity in ["boolean", "count", "record"] {
        let paths: Vec<String> = variants
            .iter()
            .map(|(chrom, pos, r, a)| {
                format!(
                    "/g_variants?referenceName={chrom}&start={}&referenceBases={r}&alternateBases={a}&requestedGranularity={granularity}",
                    pos - 1
                )
            })
            .collect();
        let s = load(&api, &paths, clients, Duration::from_secs(seconds), |doc| {
            doc["responseSummary"]["exists"] == true
        })?;
        s.print(&format!("g_variants sequence, {granularity}"));
    }
    let (hits, misses) = genofed::connectors::bgzf::BlockCache::global().hits_and_misses();
    eprintln!(
        "block cache ({cache_mb} MiB): {hits} blocks read from it, {misses} inflated ({:.0}% hits)",
        100.0 * hits as f64 / (hits + misses).max(1) as f64
    );
    peer(&dir, &variants)?;
    // HP:0000707 (abnormality of the nervous system) and its descendants.
    let body = serde_json::json!({
        "meta": {"apiVersion": "v2.1.1"},
        "query": {"filters": [{"id": "HP:0000707"}], "requestedGranularity": "count"},
    })
    .to_string();
    let agent = agent();
    let count = |agent: &ureq::Agent| -> Res<u64> {
        let mut r = agent
            .post(format!("{api}/individuals"))
            .header("content-type", "application/json")
            .send(&body)?;
        let doc: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string()?)?;
        doc["responseSummary"]["numTotalResults"]
            .as_u64()
            .ok_or_else(|| format!("no count: {doc}").into())
    };
    let want = count(&agent)?;
    let mut lat = Vec::new();
    let until = Instant::now() + Duration::from_secs(seconds.min(5));
    while Instant::now() < until {
        let t = Instant::now();
        let n = count(&agent)?;
        lat.push(t.elapsed());
        if n != want {
            return Err(format!("count changed: {n} vs {want}").into());
        }
    }
    let s = Stats::new(lat, Duration::from_secs(seconds.min(5)), 0);
    s.print(&format!(
        "individuals count, HP:0000707 with descendants ({want} of {INDIVIDUALS}), 1 client"
    ));
    let _ = stop.send(true);
    Ok(())
}

/// Generates the VCF and the phenopackets once (a stamp says with which options).
fn prepare(dir: &Path, records: usize, samples: usize) -> Res<()> {
    let stamp = dir.join(".generated");
    let want = format!("records={records} samples={samples} v1");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let opts = GenerateOptions {
        seed: 11,
        name: "cohort".into(),
        records,
        samples,
        formats: FormatSet {
            vcf_gz_tbi: true,
            ..FormatSet::NONE
        },
        ..Default::default()
    };
    eprintln!(
        "generating {records} records x {samples} samples into {}...",
        dir.display()
    );
    generate(&opts, dir, &|_| {})?;
    let files = CohortFiles::vcf("file://cohort.vcf.gz");
    let people = GenerateOptions {
        samples: INDIVIDUALS,
        ..opts
    };
    write_phenopackets(&people, files, dir)?;
    std::fs::write(&stamp, want)?;
    Ok(())
}

/// The peer's figure in the same run: bcftools reading the same positions through the
/// same index, in one process (`view -H -R`), so that no process start is counted.
fn peer(dir: &Path, variants: &[(String, u64, String, String)]) -> Res<()> {
    let regions = dir.join("bench-positions.tsv");
    let mut sorted: Vec<_> = variants
        .iter()
        .map(|(c, p, _, _)| (c.clone(), *p))
        .collect();
    sorted.sort();
    let text: String = sorted
        .iter()
        .map(|(c, p)| format!("{c}\t{p}\t{p}\n"))
        .collect();
    std::fs::write(&regions, text)?;
    let start = Instant::now();
    let out = std::process::Command::new("bcftools")
        .args(["view", "-H", "-R"])
        .arg(&regions)
        .arg(dir.join("cohort.vcf.gz"))
        .output()?;
    let elapsed = start.elapsed();
    if !out.status.success() {
        return Err(format!("bcftools: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let n = sorted.len();
    println!(
        "| bcftools view -H -R, the same {n} positions in one process ({} records) | {n} | {:.0} | {:.2} ms per position | – | – |",
        out.stdout.iter().filter(|b| **b == b'\n').count(),
        n as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e3 / n as f64,
    );
    Ok(())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// 2,000 variants spread over the file, read with record queries over wide ranges.
fn sample_variants(api: &str) -> Res<Vec<(String, u64, String, String)>> {
    let agent = agent();
    let mut out = Vec::new();
    for (chrom, len) in [
        ("chr1", 5_000_000u64),
        ("chr2", 4_000_000),
        ("chrX", 3_000_000),
    ] {
        // Spread evenly over the genome, one variant per window (the first plain one), so
        // that the queries touch every part of the file, as uniform traffic would.
        let windows = len / 6_000;
        for i in 0..windows {
            let start = len / windows * i;
            let url = format!(
                "{api}/g_variants?referenceName={chrom}&start={start}&end={}&requestedGranularity=record&limit=3",
                start + 3_000
            );
            let doc: serde_json::Value =
                serde_json::from_str(&agent.get(&url).call()?.body_mut().read_to_string()?)?;
            for set in doc["response"]["resultSets"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for r in set["results"].as_array().into_iter().flatten() {
                    let v = &r["variation"];
                    let loc = &v["location"];
                    let (Some(pos), Some(re), Some(alt)) = (
                        loc["interval"]["start"]["value"].as_u64(),
                        v["referenceBases"].as_str(),
                        v["alternateBases"].as_str(),
                    ) else {
                        continue;
                    };
                    // Symbolic and long alleles are not sequence queries.
                    if alt.is_empty()
                        || re.is_empty()
                        || alt.starts_with('<')
                        || re.len() > 50
                        || alt.len() > 50
                    {
                        continue;
                    }
                    out.push((chrom.to_string(), pos + 1, re.to_string(), alt.to_string()));
                    break;
                }
            }
        }
    }
    if out.len() < 100 {
        return Err(format!("only {} variants drawn", out.len()).into());
    }
    Ok(out)
}

struct Stats {
    latencies: Vec<Duration>,
    elapsed: Duration,
    errors: usize,
}

impl Stats {
    fn new(mut latencies: Vec<Duration>, elapsed: Duration, errors: usize) -> Self {
        latencies.sort();
        Self {
            latencies,
            elapsed,
            errors,
        }
    }

    fn at(&self, q: f64) -> f64 {
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[i].as_secs_f64() * 1e3
    }

    fn print(&self, what: &str) {
        let n = self.latencies.len();
        println!(
            "| {what} | {n}{} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms |",
            if self.errors > 0 {
                format!(" ({} wrong)", self.errors)
            } else {
                String::new()
            },
            n as f64 / self.elapsed.as_secs_f64(),
            self.at(0.5),
            self.at(0.99),
            self.at(1.0),
        );
    }
}

/// `clients` threads asking `paths` round-robin for `time`; `ok` checks each answer.
fn load(
    api: &str,
    paths: &[String],
    clients: usize,
    time: Duration,
    ok: fn(&serde_json::Value) -> bool,
) -> Res<Stats> {
    let paths: Arc<Vec<String>> = Arc::new(paths.iter().map(|p| format!("{api}{p}")).collect());
    let start = Instant::now();
    let until = start + time;
    let workers: Vec<_> = (0..clients)
        .map(|w| {
            let paths = paths.clone();
            std::thread::spawn(move || -> Res<(Vec<Duration>, usize)> {
                let agent = agent();
                let mut lat = Vec::new();
                let mut wrong = 0;
                let mut i = w * 7919;
                while Instant::now() < until {
                    let url = &paths[i % paths.len()];
                    i += 1;
                    let t = Instant::now();
                    let text = agent.get(url).call()?.body_mut().read_to_string()?;
                    lat.push(t.elapsed());
                    let doc: serde_json::Value = serde_json::from_str(&text)?;
                    if !ok(&doc) {
                        wrong += 1;
                        if wrong == 1 {
                            eprintln!("unexpected answer to {url}: {text}");
                        }
                    }
                }
                Ok((lat, wrong))
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (lat, wrong) = w.join().map_err(|_| "a client panicked")??;
        all.extend(lat);
        errors += wrong;
    }
    Ok(Stats::new(all, start.elapsed(), errors))
}
