//! Flight SQL end to end: three node processes and a coordinator process on free
//! loopback ports, the Rust client and the Python ADBC driver. Federated answers equal
//! the union of the nodes' own answers; rows a node's consent withholds never cross the
//! wire; a refusing, killed or silent node gives an error naming it (or, asked for, a
//! partial answer with each node's status); the SQL the coordinator pushes runs on a
//! node as it is.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};

use arrow::record_batch::RecordBatch;
use genofed::engine::genofed_policies::passport::{IssuerKey, SigningAlgorithm};
use genofed::flight::headers::{PARTIAL, PURPOSE};
use genofed::flight::{Client, ClientError, channel, collect};
use genofed::generate::{CohortFiles, GenerateOptions, generate, write_phenopackets};

use super::support::{rows, runtime, serve_process};

const AUDIENCE: &str = "https://network.test";
const BROKER: &str = "https://broker.test/";

/// A `genofed serve` process, killed when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `genofed serve --config` on a free port and waits for its readiness line.
fn serve(config: &Path, log: &Path) -> Served {
    let (child, url) = serve_process(&["--flight", "127.0.0.1:0"], config, log, "grpc://");
    Served { child, url }
}

/// A TCP proxy that records every byte the upstream sends back.
struct Recorder {
    url: String,
    seen: Arc<Mutex<Vec<u8>>>,
}

fn record(upstream: &str) -> Recorder {
    let target = upstream.trim_start_matches("grpc://").to_string();
    let listener = TcpListener::bind("127.0.0.1:0").expect("proxy");
    let url = format!("grpc://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            let (mut c_read, mut s_write) = (
                client.try_clone().expect("clone"),
                server.try_clone().expect("clone"),
            );
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c_read, &mut s_write);
            });
            let (mut s_read, mut c_write, log) = (server, client, log.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = s_read.read(&mut buf) {
                    if n == 0 || c_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    log.lock().expect("log").extend_from_slice(&buf[..n]);
                }
            });
        }
    });
    Recorder { url, seen }
}

/// A peer that accepts connections and never answers.
fn silent() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("silent");
    let url = format!("grpc://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in listener.incoming().flatten() {
            held.push(c);
        }
    });
    url
}

struct Cluster {
    dir: tempfile::TempDir,
    token: String,
    names: Vec<String>,
    nodes: Vec<Served>,
}

/// Three nodes: `a` (GRU), `b` (HMB; five participants consented to T2D research only),
/// `c` (DS diabetes, which refuses HMB). Each holds its own generated cohort.
fn cluster() -> Cluster {
    cluster_of(&[
        ("a", "consent = { permission = \"GRU\" }\n", ""),
        (
            "b",
            "consent = { permission = \"HMB\" }\n\n[datasets.cohort.consent_groups.t2d]\n\
             individuals = [\"IND00001\", \"IND00002\", \"IND00003\", \"IND00004\", \"IND00005\"]\n\
             consent = { permission = \"DS\", diseases = [\"MONDO:0005148\"] }\n",
            "",
        ),
        (
            "c",
            "consent = { permission = \"DS\", diseases = [\"MONDO:0005015\"] }\n",
            "",
        ),
    ])
}

/// Nodes (name, the cohort's settings in TOML, the node's own Cedar policies), each
/// serving its own generated cohort of 20 individuals (`IND00001`...) in a process.
fn cluster_of(specs: &[(&str, &str, &str)]) -> Cluster {
    let dir = tempfile::tempdir().expect("tempdir");
    let broker = IssuerKey::generate(BROKER, SigningAlgorithm::Es256).expect("key");
    std::fs::write(dir.path().join("broker.jwks.json"), broker.jwks_json()).expect("jwks");
    let now = genofed::engine::genofed_policies::passport::now();
    let token = broker
        .passport("alice@uni.test", &[AUDIENCE], now, 3600, &[])
        .expect("passport");
    let mut nodes = Vec::new();
    for (i, (name, settings, policies)) in specs.iter().enumerate() {
        let data = dir.path().join(name);
        std::fs::create_dir_all(data.join("policies")).expect("dir");
        let opts = GenerateOptions {
            seed: 100 + i as u64,
            name: "cohort".into(),
            records: 300,
            samples: 20,
            ..Default::default()
        };
        generate(&opts, &data, &|_| {}).expect("generate");
        write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), &data)
            .expect("phenopackets");
        std::fs::write(data.join("policies/operator.cedar"), policies).expect("policies");
        let config = data.join("node.toml");
        std::fs::write(
            &config,
            format!(
                "[node]\nname = \"{name}\"\n\n[datasets.cohort]\nvcf = [\"cohort.vcf.gz\"]\n\
                 phenopackets = [\"cohort.phenopackets\"]\n{settings}\n\
                 [policies]\ndir = \"policies\"\n\n{}",
                passports(dir.path())
            ),
        )
        .expect("config");
        nodes.push(serve(&config, &data.join("serve.log")));
    }
    let names = specs.iter().map(|s| s.0.to_string()).collect();
    Cluster {
        dir,
        token,
        names,
        nodes,
    }
}

impl Drop for Cluster {
    /// On failure, the nodes' logs say what they saw.
    fn drop(&mut self) {
        if std::thread::panicking() {
            for n in &self.names {
                let log = std::fs::read_to_string(self.dir.path().join(n).join("serve.log"))
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                eprintln!(
                    "--- node {n} log (last lines, newest first):\n{}",
                    tail.join("\n")
                );
            }
        }
    }
}

fn passports(dir: &Path) -> String {
    format!(
        "[passports]\naudience = \"{AUDIENCE}\"\n\n[[passports.issuers]]\nissuer = \"{BROKER}\"\n\
         jwks_file = \"{}\"\n",
        dir.join("broker.jwks.json").display()
    )
}

impl Cluster {
    /// A coordinator over `peers` (name, url), with `timeout` seconds per peer.
    fn coordinator(&self, peers: &[(&str, &str)], timeout: u64) -> Served {
        let mut text = format!(
            "[node]\nname = \"coordinator\"\n\n{}\n[federation]\ntimeout_seconds = {timeout}\n",
            passports(self.dir.path())
        );
        for (name, url) in peers {
            text.push_str(&format!(
                "\n[[federation.peers]]\nname = \"{name}\"\nurl = \"{url}\"\n"
            ));
        }
        let n = peers.len() + timeout as usize * 10;
        let config = self.dir.path().join(format!("coordinator-{n}.toml"));
        std::fs::write(&config, text).expect("config");
        serve(
            &config,
            &self.dir.path().join(format!("coordinator-{n}.log")),
        )
    }
}

fn client(url: &str, token: Option<&str>, purpose: &str, partial: bool) -> Client {
    let mut c = Client::new(channel(url, None, std::time::Duration::from_secs(20)).expect("url"))
        .with_timeout(std::time::Duration::from_secs(60));
    if let Some(t) = token {
        c.authorize(t, &[(PURPOSE, purpose.to_string())]);
    } else {
        c.set_header(PURPOSE, purpose);
    }
    if partial {
        c.set_header(PARTIAL, "true");
    }
    c
}

fn sql(url: &str, token: &str, q: &str) -> Result<Vec<RecordBatch>, ClientError> {
    runtime().block_on(async {
        let mut c = client(url, Some(token), "HMB", false);
        collect(c.query(q).await?.batches).await
    })
}

fn sorted(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let mut r = rows(batches);
    r.sort();
    r
}

/// The union of `q` run on each node, each row prefixed with the node's name.
fn union_of(cluster: &Cluster, names: &[&str], q: &str) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for (i, n) in ["a", "b", "c"].iter().enumerate() {
        if !names.contains(n) {
            continue;
        }
        let batches = sql(&cluster.nodes[i].url, &cluster.token, q).expect("node query");
        for mut row in rows(&batches) {
            row.insert(0, n.to_string());
            all.push(row);
        }
    }
    all.sort();
    all
}

#[test]
fn federated_queries_over_three_node_processes() {
    let cluster = cluster();
    let b = record(&cluster.nodes[1].url);
    let peers = [
        ("a", cluster.nodes[0].url.as_str()),
        ("b", b.url.as_str()),
        ("c", cluster.nodes[2].url.as_str()),
    ];
    let coordinator = cluster.coordinator(&peers, 20);
    let url = coordinator.url.as_str();
    let token = cluster.token.as_str();

    // A federated count per group equals the union of each node's own count.
    let fed = sql(
        url,
        token,
        "SELECT node, sex, count(*) AS n FROM federated.individuals \
         WHERE node IN ('a', 'b') GROUP BY node, sex",
    )
    .expect("federated count");
    let direct = union_of(
        &cluster,
        &["a", "b"],
        "SELECT sex, count(*) FROM cohort.individuals GROUP BY sex",
    );
    assert_eq!(sorted(&fed), direct);
    // b withholds its five T2D-only participants from HMB research.
    let b_total: i64 = sorted(&fed)
        .iter()
        .filter(|r| r[0] == "b")
        .map(|r| r[2].parse::<i64>().expect("count"))
        .sum();
    assert_eq!(
        b_total, 15,
        "b's HMB answer leaves out the T2D-only participants"
    );

    // A join of phenotypes and genotypes across nodes equals each node's own join.
    let join = "SELECT f.node, f.type.id AS term, count(*) AS n \
        FROM federated.phenotypic_features f \
        JOIN federated.samples s ON f.node = s.node AND f.dataset = s.dataset AND f.individual_id = s.individual_id \
        JOIN federated.genotypes g ON g.node = s.node AND g.dataset = s.dataset AND g.sample_id = s.sample_id \
        WHERE f.node <> 'c' AND s.node <> 'c' AND g.node <> 'c' AND NOT f.excluded AND g.chrom = 'chr1' AND g.pos < 3000000 AND gt_alt_count(g.gt) > 0 \
        GROUP BY f.node, f.type.id";
    let local = "SELECT f.type.id AS term, count(*) AS n FROM cohort.phenotypic_features f \
        JOIN cohort.samples s ON f.individual_id = s.individual_id \
        JOIN cohort.genotypes g ON g.sample_id = s.sample_id \
        WHERE NOT f.excluded AND g.chrom = 'chr1' AND g.pos < 3000000 AND gt_alt_count(g.gt) > 0 \
        GROUP BY f.type.id";
    let fed = sql(url, token, join).expect("federated join");
    assert!(!fed.is_empty() && fed.iter().map(RecordBatch::num_rows).sum::<usize>() > 0);
    assert_eq!(sorted(&fed), union_of(&cluster, &["a", "b"], local));

    // c's consent refuses HMB: the federated query fails, naming c and its reason.
    let err = sql(
        url,
        token,
        "SELECT node, count(*) FROM federated.individuals GROUP BY node",
    )
    .expect_err("c refuses HMB");
    assert_eq!(err.code(), tonic::Code::PermissionDenied, "{err}");
    assert!(err.to_string().contains("node `c`"), "{err}");
    // Asked for, a partial answer: a and b, and a report naming c's refusal.
    let (partial, report) = runtime().block_on(async {
        let mut c = client(url, Some(token), "HMB", true);
        let answer = c
            .query("SELECT node, count(*) AS n FROM federated.individuals GROUP BY node")
            .await
            .expect("partial");
        let meta = answer.app_metadata.clone();
        let batches = collect(answer.batches).await.expect("partial rows");
        let report = meta.lock().expect("meta").concat();
        (batches, String::from_utf8(report).expect("utf8"))
    });
    assert_eq!(
        sorted(&partial),
        vec![
            vec!["a".to_string(), "20".into()],
            vec!["b".into(), "15".into()]
        ]
    );
    let report: serde_json::Value = serde_json::from_str(&report).expect("report json");
    assert_eq!(report["nodes"]["c"]["status"], "failed", "{report}");
    assert_eq!(report["nodes"]["a"]["status"], "ok", "{report}");

    // What crossed the wire from b: included participants, never the withheld ones.
    let genotypes = sql(url, token, "SELECT node, sample_id, count(*) FROM federated.genotypes WHERE node = 'b' GROUP BY node, sample_id")
        .expect("b genotypes");
    assert_eq!(rows(&genotypes).len(), 15);
    let _ = sql(url, token, "SELECT * FROM b.cohort.individuals").expect("b individuals");
    let _ = sql(
        url,
        token,
        "SELECT sample_id, gt FROM b.cohort.genotypes WHERE chrom = 'chr1'",
    )
    .expect("b gt");
    let seen = b.seen.lock().expect("seen").clone();
    let contains = |s: &str| seen.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(
        contains("IND00006") && contains("S00006"),
        "the recorder sees b's answers"
    );
    for i in 1..=5 {
        let (ind, sample) = (format!("IND{i:05}"), format!("S{i:05}"));
        assert!(
            !contains(&ind) && !contains(&sample),
            "withheld `{ind}`/`{sample}` reached the coordinator"
        );
    }

    // The SQL the coordinator pushes runs on the node as it is, with the same rows.
    pushdown_regressions(&cluster, url, token);

    // No token, a bad token: Unauthenticated, at the coordinator and at a node.
    for target in [url, cluster.nodes[0].url.as_str()] {
        let none = runtime().block_on(async {
            let mut c = client(target, None, "HMB", false);
            c.query("SELECT 1").await.map(|_| ())
        });
        assert_eq!(
            none.expect_err("no token").code(),
            tonic::Code::Unauthenticated
        );
        let bad = runtime().block_on(async {
            let mut c = client(target, Some("not.a.jwt"), "HMB", false);
            c.query("SELECT 1").await.map(|_| ())
        });
        assert_eq!(
            bad.expect_err("bad token").code(),
            tonic::Code::Unauthenticated
        );
    }

    adbc(&cluster, url);
}

/// Query shapes whose pushed SQL is checked on node `a` directly (the unparser has had
/// bugs with several of these; a shape it cannot print is kept at the coordinator).
const SHAPES: &[&str] = &[
    "SELECT chrom, pos, ref FROM {t} WHERE chrom = 'chr1' AND pos BETWEEN 1000 AND 2000000",
    "SELECT pos, id FROM {t} WHERE ref IN ('A', 'C') AND qual > 20",
    "SELECT pos FROM {t} WHERE qual IS NULL OR qual < 10.5",
    "SELECT pos, id FROM {t} WHERE id LIKE 'rs1%'",
    "SELECT pos FROM {t} WHERE NOT (chrom = 'chr2') AND \"end\" > pos",
    "SELECT pos, alt FROM {t} WHERE array_length(alt) > 1",
    "SELECT pos, info.\"AF\" FROM {t} WHERE info.\"DP\" > 10",
    "SELECT chrom, pos FROM {t} WHERE upper(chrom) = 'CHR1' AND pos % 2 = 0",
    "SELECT pos FROM {t} WHERE CAST(pos AS VARCHAR) LIKE '%7' LIMIT 5",
    "SELECT chrom, count(*) AS n, sum(pos) AS s, min(pos) AS lo, max(qual) AS hi FROM {t} GROUP BY chrom",
    "SELECT count(*) AS n FROM {t} WHERE chrom = 'chr2'",
    "SELECT ref, count(id) AS n FROM {t} WHERE pos > 100000 GROUP BY ref",
];

fn pushdown_regressions(cluster: &Cluster, url: &str, token: &str) {
    let node = cluster.nodes[0].url.as_str();
    for shape in SHAPES {
        let fed = shape.replace("{t}", "a.cohort.variants");
        let local = shape.replace("{t}", "cohort.variants");
        let ours = sql(url, token, &fed).unwrap_or_else(|e| panic!("`{fed}`: {e}"));
        let theirs = sql(node, token, &local).unwrap_or_else(|e| panic!("`{local}`: {e}"));
        if shape.contains("LIMIT") {
            assert_eq!(rows(&ours).len(), rows(&theirs).len(), "{shape}");
        } else {
            assert_eq!(sorted(&ours), sorted(&theirs), "{shape}");
        }
        // The statement sent to `a`, from the coordinator's plan, runs on `a` alone.
        let plan = sql(url, token, &format!("EXPLAIN {fed}")).expect("explain");
        let text = rows(&plan).concat().join("\n");
        let pushed = text
            .lines()
            .find_map(|l| l.split("RemoteExec: a: ").nth(1))
            .unwrap_or_else(|| panic!("no RemoteExec in the plan of `{fed}`:\n{text}"))
            .trim()
            .to_string();
        sql(node, token, &pushed).unwrap_or_else(|e| {
            panic!("pushed `{pushed}` (from `{shape}`) fails on the node: {e}")
        });
        if shape.contains("GROUP BY") || shape.contains("count(*)") {
            assert!(
                pushed.contains("count(") || pushed.contains("sum("),
                "the aggregate of `{shape}` is not pushed: `{pushed}`"
            );
        }
    }
}

fn venv_python() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python");
    let ok = p.exists()
        && Command::new(&p)
            .args(["-c", "import adbc_driver_flightsql, pyarrow"])
            .status()
            .is_ok_and(|s| s.success());
    ok.then_some(p)
}

/// The Python ADBC driver: lists catalogs, runs a statement, a prepared statement and a
/// bound one through the coordinator; with no token it is refused.
fn adbc(cluster: &Cluster, url: &str) {
    let Some(python) = venv_python() else {
        assert!(
            std::env::var_os("GENOFED_REQUIRE_ADBC").is_none(),
            "the ADBC driver is missing from target/venv"
        );
        eprintln!("skipping the ADBC check: no adbc-driver-flightsql in target/venv");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/adbc_client.py");
    let token_file = cluster.dir.path().join("alice.jwt");
    std::fs::write(&token_file, &cluster.token).expect("token");
    let q = "SELECT node, sex, count(*) AS n FROM federated.individuals WHERE node <> 'c' GROUP BY node, sex";
    let out = Command::new(&python)
        .arg(&script)
        .arg(url)
        .arg(&token_file)
        .arg(r#"{"x-genofed-purpose": "HMB"}"#)
        .arg(q)
        .arg("SELECT count(*) AS n FROM federated.individuals WHERE node = $1")
        .arg("a")
        .output()
        .expect("python");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&out.stderr)));
    assert!(v.get("error").is_none(), "{v}");
    let catalogs: BTreeSet<&str> = v["catalogs"]
        .as_array()
        .expect("catalogs")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert_eq!(catalogs, BTreeSet::from(["a", "b", "c", "genofed"]));
    assert!(
        v["schemas"]
            .as_array()
            .expect("schemas")
            .iter()
            .any(|s| s == "genofed.federated")
    );
    let ours = sql(url, &cluster.token, q).expect("rust client");
    assert_eq!(v["rows"].as_array().expect("rows").len(), rows(&ours).len());
    assert_eq!(v["rows"], v["prepared"]);
    assert_eq!(v["bound"][0], r#"{"n": 20}"#);
    // No token: the driver reports Unauthenticated.
    let empty = cluster.dir.path().join("empty.jwt");
    std::fs::write(&empty, "").expect("empty");
    let out = Command::new(&python)
        .arg(&script)
        .arg(url)
        .arg(&empty)
        .arg(r#"{"x-genofed-purpose": "HMB"}"#)
        .arg(q)
        .output()
        .expect("python");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("UNAUTHENTICATED"), "{text}");
}

#[test]
fn a_killed_or_silent_node_gives_a_named_error_or_a_partial_answer() {
    let mut cluster = cluster();
    let quiet = silent();
    let peers = [
        ("a", cluster.nodes[0].url.clone()),
        ("b", cluster.nodes[1].url.clone()),
    ];
    let coordinator = cluster.coordinator(
        &peers
            .iter()
            .map(|(n, u)| (*n, u.as_str()))
            .collect::<Vec<_>>(),
        3,
    );
    let url = coordinator.url.clone();
    let token = cluster.token.clone();
    let q = "SELECT node, count(*) AS n FROM federated.genotypes GROUP BY node";
    assert_eq!(rows(&sql(&url, &token, q).expect("both up")).len(), 2);

    // Kill b while a query streams from it (one runtime: it drives the connection).
    let rt = runtime();
    let streaming = rt.block_on(async {
        let mut c = client(&url, Some(&token), "HMB", false);
        let mut answer = c
            .query("SELECT node, sample_id, gt FROM federated.genotypes")
            .await
            .expect("started");
        use futures::StreamExt;
        let first = answer.batches.next().await;
        assert!(first.is_some_and(|b| b.is_ok()), "a first batch");
        (answer, c)
    });
    let b = cluster.nodes.remove(1);
    drop(b);
    let rest = rt.block_on(async {
        let (answer, _c) = streaming;
        collect(answer.batches).await
    });
    // The stream either had everything already or fails naming b: never hangs.
    if let Err(e) = rest {
        assert!(e.to_string().contains("node `b`"), "{e}");
    }

    // b is down: the query fails naming b, or answers without it when asked.
    let err = sql(&url, &token, q).expect_err("b is down");
    assert!(err.to_string().contains("node `b`"), "{err}");
    assert_eq!(err.code(), tonic::Code::Unavailable, "{err}");
    let partial = runtime().block_on(async {
        let mut c = client(&url, Some(&token), "HMB", true);
        collect(c.query(q).await.expect("partial").batches).await
    });
    assert_eq!(
        rows(&partial.expect("partial rows")),
        vec![vec!["a".to_string(), "6000".into()]]
    );

    // A peer that accepts and never answers: its timeout (3 s) ends the query.
    let coordinator = cluster.coordinator(
        &[("a", cluster.nodes[0].url.as_str()), ("s", quiet.as_str())],
        3,
    );
    let started = std::time::Instant::now();
    let err = sql(&coordinator.url, &token, q).expect_err("silent peer");
    assert!(err.to_string().contains("node `s`"), "{err}");
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

/// Two nodes whose `individuals` may be counted, not read (`a`: k = 5, `b`: k = 2), and
/// whose cohorts use the same individual ids: each node drops its own groups below its
/// `k` before anything leaves it, so a merged group never stands on a part a node would
/// not release, even where the parts together would reach `k`.
#[test]
fn count_only_tables_merge_only_the_groups_each_node_releases() {
    const COUNT_ONLY: &str = "@id(\"individuals.count_only\")\nforbid (principal, \
        action == Genofed::Action::\"read\", resource in Genofed::Table::\"cohort.individuals\");\n";
    let cluster = cluster_of(&[
        (
            "a",
            "k = 5\nconsent = { permission = \"GRU\" }\n",
            COUNT_ONLY,
        ),
        (
            "b",
            "k = 2\nconsent = { permission = \"GRU\" }\n",
            COUNT_ONLY,
        ),
    ]);
    let coordinator = cluster.coordinator(
        &[
            ("a", cluster.nodes[0].url.as_str()),
            ("b", cluster.nodes[1].url.as_str()),
        ],
        20,
    );
    let (url, token) = (coordinator.url.as_str(), cluster.token.as_str());

    // Rows are refused, and the coordinator names the node that refused them.
    let err = sql(
        url,
        token,
        "SELECT individual_id, sex FROM federated.individuals",
    )
    .expect_err("count-only rows");
    assert_eq!(err.code(), tonic::Code::PermissionDenied, "{err}");
    assert!(err.to_string().contains("node `"), "{err}");
    // So is an aggregate that can reveal one row's value, pushed to each node.
    let err = sql(
        url,
        token,
        "SELECT min(date_of_birth) FROM federated.individuals",
    )
    .expect_err("min of count-only rows");
    assert_eq!(err.code(), tonic::Code::PermissionDenied, "{err}");

    // Every id is on both nodes: merged, each group would count 2 (>= b's k), but each
    // node's part is one individual, below its own k, so neither node releases it.
    let per_id = sql(
        url,
        token,
        "SELECT individual_id, count(*) AS n FROM federated.individuals GROUP BY individual_id",
    )
    .expect("per-id counts");
    assert_eq!(rows(&per_id), Vec::<Vec<String>>::new());

    // Small groups: the merged answer is the sum of what each node releases on its own.
    let (mut released, mut sexes) = (Vec::new(), 0);
    for q in [
        "SELECT sex, count(*) AS n FROM {t} WHERE individual_id <= 'IND00007' GROUP BY sex",
        "SELECT sex, count(*) AS n FROM {t} GROUP BY sex",
    ] {
        let fed = sql(url, token, &q.replace("{t}", "federated.individuals"))
            .unwrap_or_else(|e| panic!("`{q}`: {e}"));
        let mut expected = std::collections::BTreeMap::<String, i64>::new();
        for (i, k) in [(0, 5), (1, 2)] {
            let local = q.replace("{t}", "cohort.individuals");
            let own = sql(&cluster.nodes[i].url, token, &local).expect("node's own answer");
            for row in rows(&own) {
                let n: i64 = row[1].parse().expect("count");
                assert!(n >= k, "node {i} released a group of {n} < k = {k}");
                *expected.entry(row[0].clone()).or_default() += n;
            }
        }
        let got: std::collections::BTreeMap<String, i64> = rows(&fed)
            .into_iter()
            .map(|r| (r[0].clone(), r[1].parse().expect("count")))
            .collect();
        assert_eq!(got, expected, "{q}");
        released.push(got.values().sum::<i64>());
        sexes = got.len();
    }
    // All 40 individuals form one group; by sex, a node withholds a group smaller than
    // its k (the generated cohorts have one), so the groups add up to fewer.
    let all = sql(
        url,
        token,
        "SELECT count(*) AS n FROM federated.individuals",
    )
    .expect("all");
    assert_eq!(rows(&all), vec![vec!["40".to_string()]]);
    assert!(released[1] < 40, "no group was withheld: {released:?}");
    // A distinct count becomes a GROUP BY pushed to the nodes: it counts released groups.
    let distinct = sql(
        url,
        token,
        "SELECT count(DISTINCT sex) FROM federated.individuals",
    )
    .expect("distinct");
    assert_eq!(rows(&distinct), vec![vec![sexes.to_string()]]);
}
