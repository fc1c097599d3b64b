//! Shared helpers: generated fixtures, running SQL, rendering values like `bcftools query`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Float32Type, Int32Type, Int64Type};
use genofed::connectors::vcf::{Shape, VcfTable};
use genofed::generate::{GenerateOptions, Generated, generate};

/// `../shared/genomics` beside the checkout.
pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/genomics")
        .join(rel)
}

/// A generated cohort, made once per test run.
pub fn cohort() -> &'static Generated {
    static COHORT: OnceLock<(tempfile::TempDir, Generated)> = OnceLock::new();
    &COHORT
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let opts = GenerateOptions {
                seed: 11,
                name: "cohort".into(),
                records: 3000,
                samples: 40,
                ..Default::default()
            };
            let g = generate(&opts, dir.path(), &|_| {}).expect("generate");
            (dir, g)
        })
        .1
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `sql` over `file` registered as table `t` of `shape`.
pub fn query(file: &Path, shape: Shape, sql: &str) -> Result<Vec<RecordBatch>, String> {
    query_with(2, file, shape, sql)
}

/// [`query`] in a session of `partitions` target partitions.
pub fn query_with(
    partitions: usize,
    file: &Path,
    shape: Shape,
    sql: &str,
) -> Result<Vec<RecordBatch>, String> {
    query_key(partitions, file, shape, sql, None)
}

/// [`query_with`] on a file that may be Crypt4GH-encrypted, decrypted with `key`.
pub fn query_key(
    partitions: usize,
    file: &Path,
    shape: Shape,
    sql: &str,
    key: Option<&genofed::connectors::crypt4gh::PrivateKey>,
) -> Result<Vec<RecordBatch>, String> {
    runtime().block_on(async {
        let ctx = genofed::engine::new_session(Some(partitions));
        let table = VcfTable::open_with(&[file], shape, key).map_err(|e| e.to_string())?;
        ctx.register_table("t", Arc::new(table))
            .map_err(|e| e.to_string())?;
        let df = ctx.sql(sql).await.map_err(|e| e.to_string())?;
        df.collect().await.map_err(|e| e.to_string())
    })
}

/// Runs a command and returns its stdout, panicking with stderr on failure.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Renders one cell as `bcftools query` prints it (`.` for missing, lists joined by `,`,
/// flags as `1`/`.`).
pub fn render(array: &ArrayRef, row: usize) -> String {
    if array.is_null(row) {
        return ".".into();
    }
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::Utf8View => array.as_string_view().value(row).to_string(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::UInt64 => array
            .as_primitive::<arrow::datatypes::UInt64Type>()
            .value(row)
            .to_string(),
        DataType::Float32 => array.as_primitive::<Float32Type>().value(row).to_string(),
        DataType::Boolean => (if array.as_boolean().value(row) {
            "1"
        } else {
            "."
        })
        .into(),
        DataType::List(_) => {
            let values = array.as_list::<i32>().value(row);
            if values.is_empty() {
                return ".".into();
            }
            (0..values.len())
                .map(|i| render(&values, i))
                .collect::<Vec<_>>()
                .join(",")
        }
        other => panic!("cannot render {other}"),
    }
}

/// Every row of the batches as rendered cells.
pub fn rows(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            out.push(b.columns().iter().map(|c| render(c, r)).collect());
        }
    }
    out
}

/// Whether two rendered cells agree: equal text, or equal numbers (bcftools prints floats
/// with 6 significant digits).
pub fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (xs, ys): (Vec<&str>, Vec<&str>) = (a.split(',').collect(), b.split(',').collect());
    xs.len() == ys.len()
        && xs.iter().zip(&ys).all(|(x, y)| {
            x == y
                || match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(x), Ok(y)) => (x - y).abs() <= 1e-5 * x.abs().max(y.abs()).max(1.0),
                    _ => false,
                }
        })
}

/// Compares genofed rows to bcftools lines, cell by cell, naming the first difference.
pub fn assert_same_rows(what: &str, ours: &[Vec<String>], theirs: &str) {
    // Partitions may interleave contigs: compare in (chrom, pos, 3rd column, rest) order.
    fn key(r: &[&str]) -> (String, i64, String, String) {
        let g = |i: usize| r.get(i).copied().unwrap_or_default().to_string();
        (
            g(0),
            g(1).parse().unwrap_or(-1),
            g(2),
            r.get(3..).unwrap_or_default().join("\t"),
        )
    }
    let mut theirs: Vec<Vec<&str>> = theirs.lines().map(|l| l.split('\t').collect()).collect();
    theirs.sort_by_key(|r| key(r));
    let mut ours: Vec<&Vec<String>> = ours.iter().collect();
    ours.sort_by_key(|r| key(&r.iter().map(String::as_str).collect::<Vec<_>>()));
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{what}: row count differs (genofed {}, bcftools {})",
        ours.len(),
        theirs.len()
    );
    for (i, (o, t)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(
            o.len(),
            t.len(),
            "{what}: row {i} column count: {o:?} vs {t:?}"
        );
        for (j, (a, b)) in o.iter().zip(t).enumerate() {
            assert!(
                same(a, b),
                "{what}: row {i} column {j} differs: genofed `{a}` vs bcftools `{b}`\n  genofed: {o:?}\n  bcftools: {t:?}"
            );
        }
    }
}

/// An error and all its causes, `: `-separated.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// Why a node with `config` does not open (every cause); panics if it opens.
pub fn node_open_error(config: genofed::engine::NodeConfig) -> String {
    let err = runtime()
        .block_on(genofed::engine::Node::open(config))
        .map(|_| ())
        .unwrap_err();
    error_chain(&err)
}

/// Starts `genofed serve <args> --config <config>` (stderr to `log`) and waits for its
/// readiness line; the process and the line's word starting with `scheme`
/// (`grpc://`, `http://`).
pub fn serve_process(
    args: &[&str],
    config: &Path,
    log: &Path,
    scheme: &str,
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_genofed"))
        .arg("serve")
        .args(args)
        .arg("--config")
        .arg(config)
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(log).expect("log"))
        .spawn()
        .expect("genofed serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("readiness line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with(scheme))
        .unwrap_or_else(|| {
            panic!(
                "no {scheme} URL in the readiness line of {}: `{line}`; log: {}",
                config.display(),
                std::fs::read_to_string(log).unwrap_or_default()
            )
        })
        .to_string();
    (child, url)
}
