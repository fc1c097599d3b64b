//! Bad input: every case is a clear error naming the file and the place, never a panic
//! and never silently fewer rows.

use std::path::{Path, PathBuf};
use std::process::Command;

use genofed::connectors::vcf::Shape;

use super::support::{cohort, query, run};

const HEADER: &str = "##fileformat=VCFv4.3\n##contig=<ID=1,length=1000>\n\
##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n\
##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">\n\
##INFO=<ID=NOTE,Number=1,Type=String,Description=\"Free text\">\n\
##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n\
1\t10\t.\tA\tC\t50\tPASS\tDP=3;AF=0.5\tGT\t0/1\n\
1\t20\t.\tG\tT\t50\tPASS\tDP=4\tGT\t1/1\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// Runs a full scan of both shapes; returns the first error.
fn scan_error(path: &Path) -> String {
    for shape in [Shape::Variants, Shape::Genotypes] {
        if let Err(e) = query(path, shape, "SELECT * FROM t") {
            return e;
        }
    }
    panic!("reading `{}` should fail", path.display());
}

fn assert_error(path: &Path, wants: &[&str]) {
    let e = scan_error(path);
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(e.contains(name), "error should name the file `{name}`: {e}");
    for w in wants {
        assert!(e.contains(w), "error should mention `{w}`: {e}");
    }
}

#[test]
fn a_good_fixture_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "good.vcf", HEADER.as_bytes());
    let rows = query(&p, Shape::Genotypes, "SELECT count(*) FROM t").expect("good file");
    assert_eq!(rows[0].num_rows(), 1);
}

#[test]
fn record_errors_name_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "columns.vcf",
            "1\t30\t.\tA\tC\t50\tPASS\tDP=1\tGT\n",
            &["line 10", "wrong number of columns", "expected 10, found 9"],
        ),
        (
            "undeclared.vcf",
            "1\t30\t.\tA\tC\t50\tPASS\tXX=1\tGT\t0/0\n",
            &["line 10", "INFO key `XX` is not declared"],
        ),
        (
            "badnum.vcf",
            "1\t30\t.\tA\tC\t50\tPASS\tDP=abc\tGT\t0/0\n",
            &["line 10", "INFO/DP", "`abc`"],
        ),
        (
            "badpos.vcf",
            "1\t3x0\t.\tA\tC\t50\tPASS\tDP=1\tGT\t0/0\n",
            &["line 10", "POS", "`3x0`"],
        ),
        (
            "badgt.vcf",
            "1\t30\t.\tA\tC\t50\tPASS\tDP=1\tGT\t0/x\n",
            &["line 10", "GT"],
        ),
        (
            "filter.vcf",
            "1\t30\t.\tA\tC\t50\tnope\tDP=1\tGT\t0/0\n",
            &["line 10", "FILTER `nope`"],
        ),
    ];
    for (name, record, wants) in cases {
        let p = write(dir.path(), name, format!("{HEADER}{record}").as_bytes());
        assert_error(&p, wants);
    }
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"1\t30\t.\tA\tC\t50\tPASS\tNOTE=caf\xe9\tGT\t0/0\n");
    let p = write(dir.path(), "utf8.vcf", &bytes);
    assert_error(&p, &["line 10", "invalid UTF-8"]);
}

#[test]
fn header_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "notvcf.vcf", b"chrom,pos\n1,10\n");
    assert_error(&p, &["line 1", "not a VCF file"]);
    let p = write(
        dir.path(),
        "noheader.vcf",
        b"##fileformat=VCFv4.2\n1\t10\t.\tA\tC\t.\t.\t.\n",
    );
    assert_error(&p, &["line 2", "#CHROM"]);
    let p = write(dir.path(), "empty.vcf", b"");
    assert_error(&p, &["not a VCF file"]);
}

#[test]
fn compressed_errors_give_the_uncompressed_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(
        dir.path(),
        "undeclared.vcf",
        format!("{HEADER}1\t30\t.\tA\tC\t50\tPASS\tYY=1\tGT\t0/0\n").as_bytes(),
    );
    run(Command::new("bgzip").arg("-f").arg(&p));
    assert_error(&dir.path().join("undeclared.vcf.gz"), &["line 10", "`YY`"]);
}

#[test]
fn truncated_and_corrupt_bgzf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read(cohort().vcf_gz.as_ref().expect("vcf.gz")).expect("read");
    // Cut inside a block, and cut exactly before the end-of-file marker.
    let p = write(dir.path(), "cut.vcf.gz", &source[..source.len() / 2]);
    assert_error(&p, &["truncated"]);
    let p = write(dir.path(), "noeof.vcf.gz", &source[..source.len() - 28]);
    assert_error(&p, &["end-of-file marker"]);
    // Flip bytes inside compressed data (past the header blocks).
    let mut bad = source.clone();
    let at = bad.len() * 2 / 3;
    for b in &mut bad[at..at + 16] {
        *b ^= 0x5a;
    }
    let p = write(dir.path(), "corrupt.vcf.gz", &bad);
    let e = scan_error(&p);
    assert!(
        e.contains("corrupt.vcf.gz")
            && (e.contains("BGZF") || e.contains("inflate") || e.contains("checksum")),
        "{e}"
    );
    assert!(e.contains("offset"), "error should give the offset: {e}");
}

#[test]
fn corrupt_and_stale_indexes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = cohort();
    let data = std::fs::read(g.vcf_gz.as_ref().expect("vcf.gz")).expect("read");
    let p = write(dir.path(), "x.vcf.gz", &data);
    write(dir.path(), "x.vcf.gz.tbi", b"this is not an index");
    let e = query(&p, Shape::Variants, "SELECT count(*) FROM t").expect_err("corrupt index");
    assert!(
        e.contains("x.vcf.gz.tbi") && e.contains("cannot read index"),
        "{e}"
    );

    let tbi = std::fs::read(g.tbi.as_ref().expect("tbi")).expect("read");
    write(dir.path(), "x.vcf.gz.tbi", &tbi);
    // Make the data newer than its index.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(&p)
        .expect("open");
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .expect("touch");
    let e = query(&p, Shape::Variants, "SELECT count(*) FROM t").expect_err("stale index");
    assert!(e.contains("older than the data file"), "{e}");
}

#[test]
fn bcf_errors_do_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read(cohort().bcf.as_ref().expect("bcf")).expect("read");
    let p = write(dir.path(), "cut.bcf", &source[..source.len() / 2]);
    assert_error(&p, &["truncated"]);
}
