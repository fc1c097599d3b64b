//! Exact agreement with bcftools: every fixed field, INFO value and genotype, and region
//! queries (records overlapping a region, including those starting before it).

use std::path::Path;
use std::process::Command;

use genofed::connectors::vcf::header::ValueType;
use genofed::connectors::vcf::{Shape, VcfFile};

use super::support::{assert_same_rows, cohort, query, rows, run, shared};

fn check_variants(file: &Path) {
    let header = VcfFile::open(file).expect("open").header.clone();
    let mut fmt = String::from("%CHROM\t%POS\t%END\t%ID\t%REF\t%ALT\t%QUAL\t%FILTER");
    let mut cols =
        String::from("chrom, pos, \"end\", id, ref, alt, qual, array_to_string(filter, ';')");
    for info in &header.infos {
        fmt.push_str(&format!("\t%INFO/{}", info.id));
        cols.push_str(&format!(", info['{}']", info.id));
    }
    fmt.push('\n');
    let theirs = run(Command::new("bcftools")
        .args(["query", "-f", &fmt])
        .arg(file));
    // INFO keys parsed one by one (the scan takes `info['KEY']`)...
    let ours = query(file, Shape::Variants, &format!("SELECT {cols} FROM t")).expect("query");
    assert_same_rows(
        &format!("variants of {}", file.display()),
        &rows(&ours),
        &theirs,
    );
    // ... and the whole `info` struct (the sort keeps `info['KEY']` above the scan).
    let sql = format!("SELECT {cols} FROM (SELECT * FROM t ORDER BY chrom, pos, ref, alt) AS t");
    let ours = query(file, Shape::Variants, &sql).expect("query");
    assert_same_rows(
        &format!("variants (info struct) of {}", file.display()),
        &rows(&ours),
        &theirs,
    );
}

fn check_genotypes(file: &Path) {
    let header = VcfFile::open(file).expect("open").header.clone();
    let mut fmt = String::from("[%CHROM\t%POS\t%SAMPLE\t%GT");
    let mut cols = String::from("chrom, pos, sample_id, gt_text");
    for f in header.formats.iter().filter(|f| f.id != "GT") {
        fmt.push_str(&format!("\t%{}", f.id));
        cols.push_str(&format!(", format['{}']", f.id));
    }
    fmt.push_str("\n]");
    let theirs = run(Command::new("bcftools")
        .args(["query", "-f", &fmt])
        .arg(file));
    // GT text: alleles joined by `|` when phased, else `/`.
    let sql = format!(
        "SELECT {cols} FROM (SELECT *, CASE WHEN gt IS NULL THEN '.' ELSE \
         array_to_string(gt, CASE WHEN phased THEN '|' ELSE '/' END, '.') END AS gt_text FROM t)"
    );
    let ours = query(file, Shape::Genotypes, &sql).expect("query");
    assert_same_rows(
        &format!("genotypes of {}", file.display()),
        &rows(&ours),
        &theirs,
    );
    let _ = ValueType::Flag;
}

#[test]
fn generated_variants_match_bcftools_in_every_format() {
    let g = cohort();
    for f in [&g.vcf, &g.vcf_gz, &g.bcf] {
        check_variants(f.as_ref().expect("generated"));
    }
}

#[test]
fn generated_genotypes_match_bcftools_in_every_format() {
    let g = cohort();
    for f in [&g.vcf, &g.vcf_gz, &g.bcf] {
        check_genotypes(f.as_ref().expect("generated"));
    }
}

#[test]
fn third_party_files_match_bcftools() {
    for f in [
        "vcf/spec-v4.3.vcf.gz",
        "vcf/sample1-bcbio-cancer.vcf.gz",
        "bcf/spec-v4.3.bcf",
        "bcf/sample1-bcbio-cancer.bcf",
    ] {
        let path = shared(f);
        check_variants(&path);
        check_genotypes(&path);
    }
}

fn region_positions(file: &Path, chrom: &str, start: i64, end: i64) -> (String, String) {
    // `bcftools view -r` (unlike `bcftools query -r`) includes records that start before the
    // region and overlap it.
    let region = format!("{chrom}:{start}-{end}");
    let view = run(Command::new("bcftools")
        .args(["view", "-H", "-r", &region])
        .arg(file));
    let theirs: String = view
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            format!("{}\t{}\t{}\n", f[0], f[1], f[3])
        })
        .collect();
    let sql = format!(
        "SELECT chrom, pos, ref FROM t WHERE chrom = '{chrom}' AND pos <= {end} AND \"end\" >= {start} ORDER BY pos"
    );
    let ours = rows(&query(file, Shape::Variants, &sql).expect("region query"));
    let ours: String = ours.iter().map(|r| format!("{}\n", r.join("\t"))).collect();
    (ours, theirs)
}

#[test]
fn region_queries_match_bcftools_view_r() {
    let g = cohort();
    // Regions around the symbolic deletions (which start before the region and end inside
    // or past it), plus plain windows on every contig.
    let sql =
        "SELECT chrom, pos, \"end\" FROM t WHERE \"end\" - pos > 40 ORDER BY chrom, pos LIMIT 6";
    let dels =
        rows(&query(g.vcf_gz.as_ref().expect("vcf.gz"), Shape::Variants, sql).expect("deletions"));
    assert!(!dels.is_empty(), "the generator writes long deletions");
    let mut regions: Vec<(String, i64, i64)> = Vec::new();
    for d in &dels {
        let (pos, end): (i64, i64) = (d[1].parse().expect("pos"), d[2].parse().expect("end"));
        regions.push((d[0].clone(), pos + 1, pos + 1 + (end - pos) / 2));
        regions.push((d[0].clone(), end, end + 1000));
    }
    for chrom in ["chr1", "chr2", "chrX"] {
        regions.push((chrom.into(), 1, 100_000));
        regions.push((chrom.into(), 1_000_000, 1_100_000));
    }
    let mut total = 0;
    for file in [&g.vcf_gz, &g.bcf] {
        let file = file.as_ref().expect("indexed file");
        for (chrom, s, e) in &regions {
            let (ours, theirs) = region_positions(file, chrom, *s, *e);
            assert_eq!(ours, theirs, "region {chrom}:{s}-{e} of {}", file.display());
            total += theirs.lines().count();
        }
    }
    assert!(total > 50, "regions should hold records ({total})");
}

/// Point queries (`pos = p`, as a Beacon sequence query makes) on one open table, each
/// asked twice: the second time its blocks come from the block cache. Every answer is
/// the records `bcftools view -r chrom:p-p` gives that start at `p`.
#[test]
fn point_queries_through_the_block_cache_match_bcftools() {
    let g = cohort();
    let file = g.vcf_gz.as_ref().expect("vcf.gz");
    let sql = "SELECT chrom, pos FROM t WHERE pos % 97 = 0 ORDER BY chrom, pos LIMIT 40";
    let mut points: Vec<(String, i64)> = Vec::new();
    for r in rows(&query(file, Shape::Variants, sql).expect("positions")) {
        let p: i64 = r[1].parse().expect("pos");
        // The record's position, and the one after it (mostly no record).
        points.push((r[0].clone(), p));
        points.push((r[0].clone(), p + 1));
    }
    assert!(points.len() >= 40, "positions drawn: {}", points.len());
    let theirs: Vec<String> = points
        .iter()
        .map(|(chrom, p)| {
            let mut lines: Vec<String> = run(Command::new("bcftools")
                .args(["view", "-H", "-r", &format!("{chrom}:{p}-{p}")])
                .arg(file))
            .lines()
            .map(|l| l.split('\t').take(4).collect::<Vec<_>>())
            .filter(|f| f[1] == p.to_string())
            .map(|f| format!("{}\t{}\t{}\n", f[0], f[1], f[3]))
            .collect();
            lines.sort();
            lines.concat()
        })
        .collect();
    let table = genofed::connectors::vcf::VcfTable::open(&[file], Shape::Variants).expect("table");
    let ctx = genofed::engine::new_session(Some(2));
    ctx.register_table("t", std::sync::Arc::new(table))
        .expect("register");
    super::support::runtime().block_on(async {
        for pass in 0..2 {
            for ((chrom, p), theirs) in points.iter().zip(&theirs) {
                let sql = format!(
                    "SELECT chrom, pos, ref FROM t WHERE chrom = '{chrom}' AND pos = {p} ORDER BY ref"
                );
                let batches = ctx.sql(&sql).await.expect("plan").collect().await.expect("run");
                let ours: String = rows(&batches)
                    .iter()
                    .map(|r| format!("{}\n", r.join("\t")))
                    .collect();
                assert_eq!(&ours, theirs, "{chrom}:{p}, pass {pass}");
            }
        }
    });
    let found = theirs.iter().filter(|t| !t.is_empty()).count();
    assert!(found >= 20, "points with records: {found}");
}

#[test]
fn region_queries_on_third_party_files() {
    for f in ["vcf/spec-v4.3.vcf.gz", "bcf/spec-v4.3.bcf"] {
        let path = shared(f);
        for (s, e) in [
            (14370, 14370),
            (1234568, 1234570),
            (17000, 1200000),
            (1, 100),
        ] {
            let (ours, theirs) = region_positions(&path, "20", s, e);
            assert_eq!(ours, theirs, "region 20:{s}-{e} of {f}");
        }
    }
}

#[test]
fn counts_per_contig_match() {
    let g = cohort();
    let theirs = run(Command::new("bcftools")
        .args(["query", "-f", "%CHROM\n"])
        .arg(g.vcf_gz.as_ref().expect("vcf.gz")));
    for f in [&g.vcf, &g.vcf_gz, &g.bcf] {
        let ours = rows(
            &query(
                f.as_ref().expect("file"),
                Shape::Variants,
                "SELECT chrom, count(*) FROM t GROUP BY chrom ORDER BY chrom",
            )
            .expect("count"),
        );
        for r in &ours {
            let n = theirs.lines().filter(|l| *l == r[0]).count();
            assert_eq!(r[1], n.to_string(), "records on {}", r[0]);
        }
        let sum: usize = ours.iter().map(|r| r[1].parse::<usize>().expect("n")).sum();
        assert_eq!(sum, theirs.lines().count());
    }
}

#[test]
fn unindexed_files_match_bcftools() {
    // Without an index a BCF is read in one pass with blocks inflated on a second thread.
    let g = cohort();
    let dir = tempfile::tempdir().expect("tempdir");
    for f in [&g.bcf, &g.vcf_gz] {
        let src = f.as_ref().expect("file");
        let dst = dir.path().join(src.file_name().expect("name"));
        std::fs::copy(src, &dst).expect("copy");
        check_variants(&dst);
        check_genotypes(&dst);
    }
}

#[test]
fn byte_range_splits_read_every_record_once() {
    // Unindexed files over 1 MiB are cut at BGZF block and line boundaries; with 5
    // partitions every cut must neither lose nor repeat a record.
    use genofed::generate::{FormatSet, GenerateOptions, generate};
    let dir = tempfile::tempdir().expect("tempdir");
    let formats = FormatSet {
        vcf: true,
        vcf_gz_tbi: true,
        ..FormatSet::NONE
    };
    let opts = GenerateOptions {
        seed: 5,
        name: "big".into(),
        records: 400_000,
        samples: 0,
        formats,
        ..Default::default()
    };
    let g = generate(&opts, dir.path(), &|_| {}).expect("generate");
    let gz = g.vcf_gz.expect("vcf.gz");
    std::fs::remove_file(g.tbi.expect("tbi")).expect("drop the index");
    let theirs = run(Command::new("bcftools")
        .args(["query", "-f", "%CHROM\t%POS\t%REF\t%ALT\n"])
        .arg(&gz));
    for file in [&gz, &g.vcf.expect("vcf")] {
        let plan = rows(
            &super::support::query_with(5, file, Shape::Variants, "EXPLAIN SELECT pos FROM t")
                .expect("explain"),
        );
        assert!(
            plan.iter().any(|r| r[1].contains("partitions=5")),
            "{plan:?}"
        );
        let ours = rows(
            &super::support::query_with(
                5,
                file,
                Shape::Variants,
                "SELECT chrom, pos, ref, array_to_string(alt, ',') FROM t",
            )
            .expect("scan"),
        );
        assert_same_rows(&format!("split {}", file.display()), &ours, &theirs);
    }
}
