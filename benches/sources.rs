//! Data sources besides VCF:
//! - in-process latency of alignment region queries through SQL planning, the BAI index and
//!   the scan (target: p50 <= 5 ms). Uses `bench-data/reads.bam` from `alignments.sh` when
//!   present, else generates 500k read pairs and sorts/indexes them with samtools.
//!   `*_moving` queries a different window each iteration;
//! - loading 10,000 phenopackets (one JSON file each, as `genofed generate` writes them)
//!   into every phenopacket table (target: <= 1 s).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::prelude::{SessionConfig, SessionContext};
use genofed::connectors::alignments::{AlignmentTable, OpenOptions};
use genofed::connectors::phenopackets::PhenopacketTables;
use genofed::generate::{CohortFiles, GenerateOptions, write_phenopackets, write_reads};

fn reads() -> (Option<tempfile::TempDir>, PathBuf) {
    let existing = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench-data/reads.bam");
    if existing.exists() {
        return (None, existing);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        name: "reads".into(),
        samples: 8,
        ..Default::default()
    };
    let sam = write_reads(&opts, 500_000, dir.path()).expect("reads");
    let bam = dir.path().join("reads.bam");
    let ok = Command::new("samtools")
        .arg("sort")
        .arg("-o")
        .arg(&bam)
        .arg(&sam)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("samtools")
            .arg("index")
            .arg(&bam)
            .status()
            .is_ok_and(|s| s.success());
    assert!(ok, "samtools sort/index failed (is samtools installed?)");
    (Some(dir), bam)
}

fn region_queries(c: &mut Criterion) {
    let (_keep, path) = reads();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    let table = AlignmentTable::open(&[&path], &OpenOptions::default()).expect("open");
    ctx.register_table("a", Arc::new(table)).expect("register");
    let run = |sql: &str| {
        rt.block_on(async { ctx.sql(sql).await?.collect().await })
            .expect("query")
    };
    let window = |from: u64, len: u64, what: &str| {
        format!(
            "SELECT {what} FROM a WHERE rname = 'chr1' AND pos <= {} AND \"end\" >= {from}",
            from + len
        )
    };
    let rows: usize = run(&window(2_000_000, 10_000, "*"))
        .iter()
        .map(|b| b.num_rows())
        .sum();
    eprintln!("10 kb region: {rows} reads");
    let sql = window(2_000_000, 10_000, "*");
    c.bench_function("bam_region_10kb_all_columns", |b| b.iter(|| run(&sql)));
    // Planning and execution overhead: a region holding no read.
    let sql = "SELECT * FROM a WHERE rname = 'chr1' AND pos <= 10 AND \"end\" >= 1";
    c.bench_function("bam_region_empty", |b| b.iter(|| run(sql)));
    let sql = window(2_000_000, 100_000, "count(*)");
    c.bench_function("bam_region_100kb_count", |b| b.iter(|| run(&sql)));
    let mut i = 0u64;
    c.bench_function("bam_region_10kb_all_columns_moving", |b| {
        b.iter(|| {
            i = (i + 1) % 40;
            run(&window(1 + i * 120_000, 10_000, "*"))
        })
    });
}

fn phenopackets_10k(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        name: "cohort".into(),
        samples: 10_000,
        ..Default::default()
    };
    let packets = write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir.path())
        .expect("write");
    let bytes: u64 = std::fs::read_dir(&packets)
        .expect("dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    eprintln!("10,000 phenopackets: {:.1} MB", bytes as f64 / 1e6);
    let mut group = c.benchmark_group("phenopackets");
    group.sample_size(10);
    group.bench_function("load_10k_files_all_tables", |b| {
        b.iter(|| PhenopacketTables::open(std::slice::from_ref(&packets), None).expect("load"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = region_queries, phenopackets_10k
}
criterion_main!(benches);
