//! Flight SQL and federation, in one run (targets of issue [flight]):
//!
//! 1. a count-by-group over genotypes split across three nodes (one chromosome each),
//!    asked of their coordinator, against the same query on one node holding all three
//!    files: <= 1.5x;
//! 2. raw Flight streaming of a large scan from one node: >= 1 GB/s of Arrow data on
//!    loopback (also reported: a genotype scan, which VCF decoding bounds);
//! 3. 32 clients x 30 s of mixed queries (federated counts, region scans, phenotype
//!    counts, table listings): 0 errors, and the peak RSS of the process while they run,
//!    with a 512 MB DataFusion memory pool per node.
//!
//! Every server runs in this process on its own loopback port; every query goes over
//! TCP through the Flight SQL client, with a signed passport and an HMB declaration.
//! `GENOFED_BENCH_SECONDS` shortens the concurrency run; `GENOFED_BENCH_SCALE` (default
//! 1.0) scales the generated data.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arrow::array::Array;
use futures::StreamExt;
use genofed::engine::genofed_policies::passport::{IssuerKey, SigningAlgorithm, now};
use genofed::engine::{Node, NodeConfig};
use genofed::flight::headers::PURPOSE;
use genofed::flight::{Client, Server, channel, collect};
use genofed::generate::{CohortFiles, FormatSet, GenerateOptions, generate, write_phenopackets};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AUDIENCE: &str = "https://bench.test";
const BROKER: &str = "https://broker.bench.test/";
const SAMPLES: usize = 100;
/// Records per node (one chromosome each).
const RECORDS: usize = 60_000;
const CLIENTS: usize = 32;
const POOL_MB: usize = 512;

const GROUPED: &str = "SELECT chrom, sample_id, count(*) AS carriers FROM {t} \
    WHERE gt_alt_count(gt) > 0 GROUP BY chrom, sample_id";
const STREAM: &str = "SELECT value AS a, value + 1 AS b, value * 2 AS c, value - 1 AS d \
    FROM range(0, 60000000)";
const SCAN: &str = "SELECT chrom, pos, sample_id, gt FROM cohort.genotypes";

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn main() -> Res<()> {
    let scale: f64 = env_or("GENOFED_BENCH_SCALE", 1.0);
    let seconds: u64 = env_or("GENOFED_BENCH_SECONDS", 30);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let dir = tempfile::tempdir()?;
    let records = ((RECORDS as f64) * scale) as usize;
    eprintln!("generating 3 x {records} records x {SAMPLES} samples...");
    let cluster = rt.block_on(Cluster::start(dir.path(), records))?;
    rt.block_on(async {
        federation(&cluster).await?;
        streaming(&cluster).await?;
        concurrency(&cluster, Duration::from_secs(seconds)).await
    })
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Cluster {
    token: String,
    /// One node with all three files.
    whole: String,
    coordinator: String,
    _stop: tokio::sync::watch::Sender<bool>,
}

impl Cluster {
    async fn start(dir: &Path, records: usize) -> Res<Self> {
        let broker = IssuerKey::generate(BROKER, SigningAlgorithm::Es256)?;
        std::fs::write(dir.join("broker.jwks.json"), broker.jwks_json())?;
        let token = broker.passport("bench@uni.test", &[AUDIENCE], now(), 86_400, &[])?;
        let passports = format!(
            "[passports]\naudience = \"{AUDIENCE}\"\n\n[[passports.issuers]]\n\
             issuer = \"{BROKER}\"\njwks_file = \"{}\"\n\n[server]\nmemory_limit_mb = {POOL_MB}\n",
            dir.join("broker.jwks.json").display()
        );
        let mut files = Vec::new();
        for (i, chrom) in ["chr1", "chr2", "chr3"].iter().enumerate() {
            let opts = GenerateOptions {
                seed: 900 + i as u64,
                name: format!("part_{chrom}"),
                contigs: vec![(chrom.to_string(), 50_000_000)],
                records,
                samples: SAMPLES,
                formats: FormatSet {
                    vcf_gz_tbi: true,
                    ..FormatSet::NONE
                },
            };
            generate(&opts, dir, &|_| {})?;
            if i == 0 {
                write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir)?;
            }
            files.push(format!("\"part_{chrom}.vcf.gz\""));
        }
        let phenopackets = "part_chr1.phenopackets";
        let (stop, rx) = tokio::sync::watch::channel(false);
        let mut peers = String::new();
        for (name, file) in ["a", "b", "c"].iter().zip(&files) {
            let text = format!(
                "[node]\nname = \"{name}\"\n\n[datasets.cohort]\nvcf = [{file}]\n\
                 phenopackets = [\"{phenopackets}\"]\nconsent = {{ permission = \"GRU\" }}\n\n{passports}"
            );
            let url = start(&text, dir, &rx).await?;
            peers.push_str(&format!(
                "\n[[federation.peers]]\nname = \"{name}\"\nurl = \"{url}\"\n"
            ));
        }
        let text = format!(
            "[node]\nname = \"whole\"\n\n[datasets.cohort]\nvcf = [{}]\n\
             phenopackets = [\"{phenopackets}\"]\nconsent = {{ permission = \"GRU\" }}\n\n{passports}",
            files.join(", ")
        );
        let whole = start(&text, dir, &rx).await?;
        let text = format!("[node]\nname = \"coordinator\"\n\n{passports}\n[federation]\n{peers}");
        let coordinator = start(&text, dir, &rx).await?;
        Ok(Self {
            token,
            whole,
            coordinator,
            _stop: stop,
        })
    }

    fn client(&self, url: &str) -> Res<Client> {
        let timeout = Duration::from_secs(120);
        let mut c = Client::new(channel(url, None, timeout)?).with_timeout(timeout);
        c.authorize(&self.token, &[(PURPOSE, "HMB".to_string())]);
        Ok(c)
    }
}

async fn start(text: &str, dir: &Path, stop: &tokio::sync::watch::Receiver<bool>) -> Res<String> {
    let node = Arc::new(Node::open(NodeConfig::from_toml(text, dir)?).await?);
    let server = Server::bind_to(node, "127.0.0.1:0").await?;
    let url = server.url();
    let mut stop = stop.clone();
    tokio::spawn(server.serve(async move {
        let _ = stop.wait_for(|s| *s).await;
    }));
    Ok(url)
}

/// Rows of `sql` and the seconds it took, through a fresh client (as a user would).
async fn timed(client: &mut Client, sql: &str) -> Res<(usize, f64)> {
    let started = Instant::now();
    let batches = collect(client.query(sql).await?.batches).await?;
    let rows = batches.iter().map(|b| b.num_rows()).sum();
    Ok((rows, started.elapsed().as_secs_f64()))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn federation(cluster: &Cluster) -> Res<()> {
    let mut fed = cluster.client(&cluster.coordinator)?;
    let mut one = cluster.client(&cluster.whole)?;
    let fed_sql = GROUPED.replace("{t}", "federated.genotypes");
    let one_sql = GROUPED.replace("{t}", "cohort.genotypes");
    // Warm up (sessions, discovery, page cache) and check that both answer the same.
    let (a, _) = timed(&mut fed, &fed_sql).await?;
    let (b, _) = timed(&mut one, &one_sql).await?;
    if a != b {
        return Err(format!("federated answer has {a} groups, the single node's {b}").into());
    }
    let (mut f, mut s) = (Vec::new(), Vec::new());
    for _ in 0..11 {
        f.push(timed(&mut fed, &fed_sql).await?.1);
        s.push(timed(&mut one, &one_sql).await?.1);
    }
    let (f, s) = (median(f), median(s));
    println!("## 1. count-by-group: 3 nodes via the coordinator vs one node with all data");
    println!("query: {one_sql}  ({a} groups)");
    println!(
        "federated (3 nodes, coordinator)  median {:8.1} ms",
        f * 1e3
    );
    println!(
        "one node, all three files         median {:8.1} ms",
        s * 1e3
    );
    println!("ratio {:.2}x (target <= 1.5x)\n", f / s);
    Ok(())
}

/// Bytes of Arrow data in the batches (the buffers' used lengths).
fn arrow_bytes(batch: &arrow::record_batch::RecordBatch) -> usize {
    batch
        .columns()
        .iter()
        .map(|c| c.to_data().get_slice_memory_size().unwrap_or(0))
        .sum()
}

async fn streaming(cluster: &Cluster) -> Res<()> {
    println!("## 2. Flight streaming from one node over loopback");
    for (what, sql) in [("range, 4 x Int64", STREAM), ("genotypes scan", SCAN)] {
        let mut c = cluster.client(&cluster.whole)?;
        let mut rates = Vec::new();
        let (mut bytes, mut rows) = (0usize, 0usize);
        for _ in 0..5 {
            let started = Instant::now();
            let mut answer = c.query(sql).await?;
            (bytes, rows) = (0, 0);
            while let Some(batch) = answer.batches.next().await {
                let batch = batch?;
                bytes += arrow_bytes(&batch);
                rows += batch.num_rows();
            }
            rates.push(bytes as f64 / started.elapsed().as_secs_f64());
        }
        let rate = median(rates);
        println!(
            "{what:<18} {rows} rows, {:.2} GB per query: median {:.2} GB/s, {:.1} M rows/s",
            bytes as f64 / 1e9,
            rate / 1e9,
            rate / bytes as f64 * rows as f64 / 1e6
        );
    }
    println!("target: >= 1 GB/s for the raw stream\n");
    Ok(())
}

/// The mix each client cycles through, starting at its own offset.
fn mixed(i: usize, round: usize) -> (usize, String) {
    let start = 10_000 + ((i * 7919 + round * 104_729) % 40_000_000) as u64;
    let kind = (i + round) % 5;
    let sql = match kind {
        0 => "SELECT node, sex, count(*) AS n FROM federated.individuals GROUP BY node, sex"
            .to_string(),
        1 => format!(
            "SELECT chrom, count(*) AS n FROM federated.genotypes WHERE pos BETWEEN {start} AND {} \
             AND gt_alt_count(gt) > 0 GROUP BY chrom",
            start + 200_000
        ),
        2 => format!(
            "SELECT pos, ref, alt, qual FROM cohort.variants WHERE chrom = 'chr2' \
             AND pos BETWEEN {start} AND {}",
            start + 500_000
        ),
        3 => "SELECT f.type.label AS feature, count(*) AS n FROM cohort.phenotypic_features f \
              WHERE NOT f.excluded GROUP BY 1 ORDER BY n DESC LIMIT 10"
            .to_string(),
        _ => String::new(),
    };
    (kind, sql)
}

fn rss_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

async fn concurrency(cluster: &Cluster, length: Duration) -> Res<()> {
    // Reset the peak RSS so it covers this run only (Linux: clear_refs 5).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = rss_kib("VmRSS:").unwrap_or(0);
    let errors = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + length;
    let mut tasks = Vec::new();
    for i in 0..CLIENTS {
        let urls = [cluster.coordinator.clone(), cluster.whole.clone()];
        let mut fed = cluster.client(&urls[0])?;
        let mut one = cluster.client(&urls[1])?;
        let errors = errors.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies: Vec<(usize, f64)> = Vec::new();
            let mut round = 0;
            while Instant::now() < deadline {
                let (kind, sql) = mixed(i, round);
                round += 1;
                let started = Instant::now();
                let result = match kind {
                    0 | 1 => timed(&mut fed, &sql).await.map(|_| ()),
                    4 => one.tables().await.map(|_| ()).map_err(Into::into),
                    _ => timed(&mut one, &sql).await.map(|_| ()),
                };
                match result {
                    Ok(()) => latencies.push((kind, started.elapsed().as_secs_f64())),
                    Err(e) => {
                        if errors.fetch_add(1, Ordering::Relaxed) < 5 {
                            eprintln!("client {i}: {e}");
                        }
                    }
                }
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await?);
    }
    let peak = rss_kib("VmHWM:").unwrap_or(0);
    let n = all.len();
    println!(
        "## 3. {CLIENTS} clients x {} s of mixed queries ({POOL_MB} MB DataFusion pool per node)",
        length.as_secs()
    );
    println!(
        "{n} queries ({:.1}/s), {} errors",
        n as f64 / length.as_secs_f64(),
        errors.load(Ordering::Relaxed)
    );
    let names = [
        "federated individuals count",
        "federated region count",
        "variants region scan",
        "phenotype feature count",
        "table listing (GetTables)",
    ];
    for (kind, name) in names.iter().enumerate() {
        let mut l: Vec<f64> = all
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, s)| *s)
            .collect();
        if l.is_empty() {
            continue;
        }
        l.sort_by(f64::total_cmp);
        println!(
            "{name:<28} {:6} queries  p50 {:7.1} ms  p99 {:7.1} ms",
            l.len(),
            l[l.len() / 2] * 1e3,
            l[(l.len() * 99 / 100).min(l.len() - 1)] * 1e3
        );
    }
    println!(
        "RSS of the whole process (5 servers and {CLIENTS} clients): {} MiB before, peak {} MiB{}",
        before / 1024,
        peak / 1024,
        if reset {
            " during the run"
        } else {
            " (since start: clear_refs unavailable)"
        }
    );
    Ok(())
}
