//! In-process latency of a 100 kb region query through SQL planning, the tabix index and
//! the scan (target: p50 <= 5 ms), on the plain file and on its Crypt4GH encryption
//! (target: <= 1.2x the plain query). Uses `bench-data/sites.vcf.gz` from `compare.sh`
//! when present, else generates a 900k-record sites-only file in a temporary directory.
//! The `*_moving` benchmarks query a different 100 kb window each iteration, so the
//! encrypted reader's segment cache does not hide the decryption cost.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::prelude::{SessionConfig, SessionContext};
use genofed::connectors::crypt4gh::{self, PrivateKey};
use genofed::connectors::vcf::{Shape, VcfTable};
use genofed::generate::{FormatSet, GenerateOptions, generate};

fn sites() -> (Option<tempfile::TempDir>, PathBuf) {
    let existing = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench-data/sites.vcf.gz");
    if existing.exists() {
        return (None, existing);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let formats = FormatSet {
        vcf_gz_tbi: true,
        ..FormatSet::NONE
    };
    let opts = GenerateOptions {
        name: "sites".into(),
        records: 900_000,
        samples: 0,
        formats,
        ..Default::default()
    };
    let generated = generate(&opts, dir.path(), &|_| {}).expect("generate");
    let path = generated.vcf_gz.expect("vcf.gz");
    (Some(dir), path)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn region_query(c: &mut Criterion) {
    let (_keep, path) = sites();
    let rt = runtime();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    let table = VcfTable::open(&[&path], Shape::Variants).expect("open");
    ctx.register_table("s", Arc::new(table)).expect("register");
    let sql = "SELECT * FROM s WHERE chrom = 'chr1' AND pos <= 2100000 AND \"end\" >= 2000000";
    let rows: usize = rt
        .block_on(async { ctx.sql(sql).await?.collect().await })
        .expect("query")
        .iter()
        .map(|b| b.num_rows())
        .sum();
    eprintln!("100 kb region: {rows} records");
    c.bench_function("region_100kb_all_columns", |b| {
        b.iter(|| {
            rt.block_on(async { ctx.sql(sql).await?.collect().await })
                .expect("query")
        })
    });
    let count =
        "SELECT count(*) FROM s WHERE chrom = 'chr1' AND pos <= 2100000 AND \"end\" >= 2000000";
    c.bench_function("region_100kb_count", |b| {
        b.iter(|| {
            rt.block_on(async { ctx.sql(count).await?.collect().await })
                .expect("query")
        })
    });
}

/// The same file encrypted with a fresh key, its `.tbi` beside it.
fn encrypted(dir: &std::path::Path, plain: &std::path::Path) -> (PathBuf, PrivateKey) {
    let key = PrivateKey::generate().expect("key");
    let enc = dir.join("sites.vcf.gz.c4gh");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&enc).expect("create"));
    crypt4gh::encrypt(
        &mut std::fs::File::open(plain).expect("open"),
        &mut out,
        &key,
        &[key.public_key()],
        None,
    )
    .expect("encrypt");
    drop(out);
    let mut tbi = plain.as_os_str().to_owned();
    tbi.push(".tbi");
    std::fs::copy(&tbi, dir.join("sites.vcf.gz.tbi")).expect("copy index");
    (enc, key)
}

fn encrypted_region_query(c: &mut Criterion) {
    let (_keep, path) = sites();
    let dir = tempfile::tempdir().expect("tempdir");
    let (enc, key) = encrypted(dir.path(), &path);
    let rt = runtime();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    ctx.register_table(
        "s",
        Arc::new(VcfTable::open(&[&path], Shape::Variants).expect("open")),
    )
    .expect("register");
    ctx.register_table(
        "e",
        Arc::new(VcfTable::open_with(&[&enc], Shape::Variants, Some(&key)).expect("open")),
    )
    .expect("register");
    for table in ["s", "e"] {
        let sql = format!(
            "SELECT * FROM {table} WHERE chrom = 'chr1' AND pos <= 2100000 AND \"end\" >= 2000000"
        );
        c.bench_function(
            &format!(
                "region_100kb_all_columns_{}",
                if table == "s" { "plain_again" } else { "c4gh" }
            ),
            |b| {
                b.iter(|| {
                    rt.block_on(async { ctx.sql(&sql).await?.collect().await })
                        .expect("query")
                })
            },
        );
        let mut i = 0u64;
        c.bench_function(&format!("region_100kb_all_columns_moving_{}", if table == "s" { "plain" } else { "c4gh" }), |b| {
            b.iter(|| {
                i = (i + 1) % 40;
                let from = 1 + i * 120_000;
                let sql = format!("SELECT * FROM {table} WHERE chrom = 'chr1' AND pos <= {} AND \"end\" >= {from}", from + 100_000);
                rt.block_on(async { ctx.sql(&sql).await?.collect().await }).expect("query")
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = region_query, encrypted_region_query
}
criterion_main!(benches);
