//! In-process latency of a 100 kb region query through SQL planning, the tabix index and
//! the scan (target: p50 <= 5 ms). Uses `bench-data/sites.vcf.gz` from `compare.sh` when
//! present, else generates a 900k-record sites-only file in a temporary directory.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::prelude::{SessionConfig, SessionContext};
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

fn region_query(c: &mut Criterion) {
    let (_keep, path) = sites();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = region_query
}
criterion_main!(benches);
