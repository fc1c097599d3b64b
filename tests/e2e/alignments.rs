//! Alignments against samtools: every field and tag of every record of generated BAM,
//! CRAM and SAM files and of the third-party BAM/CRAM under `../shared`, region counts
//! through the indexes, flag and MAPQ filters, and CRAM reference errors.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use arrow::array::{Array, AsArray, RecordBatch};
use genofed::connectors::alignments::{AlignmentTable, OpenOptions};
use genofed::connectors::crypt4gh::PrivateKey;
use genofed::generate::{GenerateOptions, write_reads, write_reference};

use super::support::{render, run, runtime, shared};

/// Generated reads as SAM, sorted BAM (+ .bai), CRAM (+ .crai) and the reference.
pub struct Reads {
    _dir: tempfile::TempDir,
    pub sam: PathBuf,
    pub bam: PathBuf,
    pub cram: PathBuf,
    pub fasta: PathBuf,
    pub dir: PathBuf,
}

pub fn reads() -> &'static Reads {
    static READS: OnceLock<Reads> = OnceLock::new();
    READS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = GenerateOptions {
            seed: 13,
            name: "reads".into(),
            samples: 4,
            ..Default::default()
        };
        let fasta = write_reference(&opts, dir.path()).expect("reference");
        let sam = write_reads(&opts, 6000, dir.path()).expect("reads");
        let bam = dir.path().join("reads.bam");
        let cram = dir.path().join("reads.cram");
        run(Command::new("samtools")
            .arg("sort")
            .arg("-o")
            .arg(&bam)
            .arg(&sam));
        run(Command::new("samtools").arg("index").arg(&bam));
        // MD and NM stored: genofed reports the tags a CRAM holds and does not
        // regenerate them from the reference as htslib does.
        run(Command::new("samtools")
            .args(["view", "-C", "--output-fmt-option", "store_md=1"])
            .args(["--output-fmt-option", "store_nm=1", "-T"])
            .arg(&fasta)
            .arg("-o")
            .arg(&cram)
            .arg(&bam));
        run(Command::new("samtools").arg("index").arg(&cram));
        Reads {
            dir: dir.path().to_path_buf(),
            _dir: dir,
            sam,
            bam,
            cram,
            fasta,
        }
    })
}

pub fn bob() -> PrivateKey {
    PrivateKey::read(shared("c4gh/keys/bob.sec"), None).expect("bob.sec")
}

/// Runs `sql` over `path` registered as `t`.
pub fn query(path: &Path, options: &OpenOptions, sql: &str) -> Result<Vec<RecordBatch>, String> {
    let table = AlignmentTable::open(&[path], options).map_err(|e| e.to_string())?;
    runtime().block_on(async {
        let ctx = genofed::engine::new_session(Some(2));
        ctx.register_table("t", Arc::new(table))
            .map_err(|e| e.to_string())?;
        let df = ctx.sql(sql).await.map_err(|e| e.to_string())?;
        df.collect().await.map_err(|e| e.to_string())
    })
}

const FIELDS: &str = "qname, flag, rname, pos, mapq, cigar, rnext, pnext, tlen, seq, qual, tags";

/// Each row of a `SELECT {FIELDS}` as a SAM line (tags as `KEY:VALUE`, without types).
fn sam_lines(batches: &[RecordBatch]) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            let cell = |i: usize| {
                let v = render(b.column(i), r);
                if v == "." {
                    if matches!(i, 3 | 7) {
                        "0".into()
                    } else {
                        "*".into()
                    }
                } else {
                    v
                }
            };
            let rname = cell(2);
            let mut rnext = cell(6);
            if rnext == rname && rnext != "*" {
                rnext = "=".into();
            }
            let mut fields = vec![
                cell(0),
                cell(1),
                rname,
                cell(3),
                cell(4),
                cell(5),
                rnext,
                cell(7),
                cell(8),
                cell(9),
                cell(10),
            ];
            let tags = b.column(11).as_map();
            let entries = tags.value(r);
            let keys = entries.column(0).as_string::<i32>();
            let values = entries.column(1).as_string::<i32>();
            // Tag order carries no meaning (CRAM keeps `RG` apart from the other tags).
            let mut tags: Vec<String> = (0..entries.len())
                .map(|i| format!("{}:{}", keys.value(i), values.value(i)))
                .collect();
            tags.sort();
            fields.extend(tags);
            out.push(fields.join("\t"));
        }
    }
    out.sort();
    out
}

/// `samtools view` lines with each tag's type letter dropped.
fn samtools_lines(args: &[&str], path: &Path) -> Vec<String> {
    let text = run(Command::new("samtools").arg("view").args(args).arg(path));
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let mut tags: Vec<String> = fields
                .get(11..)
                .unwrap_or_default()
                .iter()
                .map(|f| format!("{}:{}", &f[..2], f.get(5..).unwrap_or_default()))
                .collect();
            tags.sort();
            let mut out: Vec<String> = fields.iter().take(11).map(|f| f.to_string()).collect();
            out.extend(tags);
            out.join("\t")
        })
        .collect();
    lines.sort();
    lines
}

fn assert_same(what: &str, ours: &[String], theirs: &[String]) {
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{what}: record count differs (genofed {}, samtools {})",
        ours.len(),
        theirs.len()
    );
    for (a, b) in ours.iter().zip(theirs) {
        assert_eq!(a, b, "{what}: first differing record");
    }
}

fn check_all_fields(path: &Path, options: &OpenOptions, theirs: &[String]) {
    let ours = query(path, options, &format!("SELECT {FIELDS} FROM t")).expect("query");
    assert_same(&path.display().to_string(), &sam_lines(&ours), theirs);
}

#[test]
fn generated_bam_cram_and_sam_agree_with_samtools_on_every_field() {
    let r = reads();
    let theirs = samtools_lines(&[], &r.bam);
    assert!(theirs.len() > 12_000, "{} records", theirs.len());
    check_all_fields(&r.bam, &OpenOptions::default(), &theirs);
    check_all_fields(&r.sam, &OpenOptions::default(), &theirs);
    let with_ref = OpenOptions {
        reference: Some(r.fasta.clone()),
        ..OpenOptions::default()
    };
    check_all_fields(&r.cram, &with_ref, &theirs);
    // CRAM 3.1 (rANS Nx16, arithmetic, fqzcomp and name tokeniser codecs).
    let cram31 = r.dir.join("reads31.cram");
    run(Command::new("samtools")
        .args(["view", "-O", "cram,version=3.1,store_md=1,store_nm=1", "-T"])
        .arg(&r.fasta)
        .arg("-o")
        .arg(&cram31)
        .arg(&r.bam));
    let head = std::fs::read(&cram31).expect("read");
    assert_eq!(&head[..6], b"CRAM\x03\x01", "a CRAM 3.1 file");
    check_all_fields(&cram31, &with_ref, &theirs);
}

#[test]
fn third_party_bam_and_cram_agree_with_samtools() {
    let bam = shared("bam/htsnexus_test_NA12878.bam");
    let theirs = samtools_lines(&[], &bam);
    assert_eq!(theirs.len(), 39_918);
    check_all_fields(&bam, &OpenOptions::default(), &theirs);
    // The CRAM embeds its reference (`embed_ref=2`): it decodes without hs37d5.
    let cram = shared("cram/htsnexus_test_NA12878.cram");
    // Its MD/NM tags were not stored: htslib regenerates them unless told not to, genofed
    // reports the tags the file holds.
    let theirs_cram = samtools_lines(&["--input-fmt-option", "decode_md=0"], &cram);
    check_all_fields(&cram, &OpenOptions::default(), &theirs_cram);
    // The Crypt4GH copy, with its plaintext index beside it.
    let c4gh = shared("c4gh/htsnexus_test_NA12878.bam.c4gh");
    let key = OpenOptions {
        key: Some(bob()),
        ..OpenOptions::default()
    };
    check_all_fields(&c4gh, &key, &theirs);
    let c4gh_cram = shared("c4gh/htsnexus_test_NA12878.cram.c4gh");
    check_all_fields(&c4gh_cram, &key, &theirs_cram);
}

fn count(path: &Path, options: &OpenOptions, filter: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM t WHERE {filter}");
    let b = query(path, options, &sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    b[0].column(0)
        .as_primitive::<arrow::datatypes::Int64Type>()
        .value(0)
}

fn samtools_count(path: &Path, args: &[&str]) -> i64 {
    run(Command::new("samtools")
        .args(["view", "-c"])
        .arg(path)
        .args(args))
    .trim()
    .parse()
    .expect("a count")
}

#[test]
fn region_counts_agree_with_samtools() {
    let r = reads();
    let with_ref = OpenOptions {
        reference: Some(r.fasta.clone()),
        ..OpenOptions::default()
    };
    let regions = [
        ("chr1", 1, 5_000_000),
        ("chr1", 1_000_000, 1_000_100),
        ("chr2", 2_500_000, 2_600_000),
        ("chrX", 1, 1),
        ("chrX", 2_999_900, 3_000_000),
    ];
    for (c, s, e) in regions {
        let region = format!("{c}:{s}-{e}");
        let filter = format!("rname = '{c}' AND pos <= {e} AND \"end\" >= {s}");
        let want = samtools_count(&r.bam, &[&region]);
        assert_eq!(
            count(&r.bam, &OpenOptions::default(), &filter),
            want,
            "BAM {region}"
        );
        assert_eq!(count(&r.cram, &with_ref, &filter), want, "CRAM {region}");
    }
    // The same BAM with a CSI index instead of the BAI.
    let dir = tempfile::tempdir().expect("tempdir");
    let csi_bam = dir.path().join("reads.bam");
    std::fs::copy(&r.bam, &csi_bam).expect("copy");
    run(Command::new("samtools").args(["index", "-c"]).arg(&csi_bam));
    assert!(dir.path().join("reads.bam.csi").exists());
    for (c, s, e) in regions {
        let region = format!("{c}:{s}-{e}");
        let filter = format!("rname = '{c}' AND pos <= {e} AND \"end\" >= {s}");
        let want = samtools_count(&r.bam, &[&region]);
        assert_eq!(
            count(&csi_bam, &OpenOptions::default(), &filter),
            want,
            "CSI {region}"
        );
    }
    let bam = shared("bam/htsnexus_test_NA12878.bam");
    let c4gh = shared("c4gh/htsnexus_test_NA12878.bam.c4gh");
    let cram = shared("cram/htsnexus_test_NA12878.cram");
    let key = OpenOptions {
        key: Some(bob()),
        ..OpenOptions::default()
    };
    for (c, s, e) in [
        ("11", 4_999_000, 5_001_000),
        ("11", 5_010_000, 5_020_000),
        ("20", 1, 100),
    ] {
        let region = format!("{c}:{s}-{e}");
        let filter = format!("rname = '{c}' AND pos <= {e} AND \"end\" >= {s}");
        let want = samtools_count(&bam, &[&region]);
        assert_eq!(
            count(&bam, &OpenOptions::default(), &filter),
            want,
            "{region}"
        );
        assert_eq!(count(&c4gh, &key, &filter), want, "c4gh {region}");
        assert_eq!(
            count(&cram, &OpenOptions::default(), &filter),
            want,
            "cram {region}"
        );
    }
}

#[test]
fn flag_and_mapq_filters_agree_with_samtools() {
    let r = reads();
    let d = OpenOptions::default();
    for (filter, args) in [
        ("mapq >= 30", vec!["-q", "30"]),
        ("is_reverse", vec!["-f", "16"]),
        ("is_unmapped", vec!["-f", "4"]),
        (
            "NOT is_secondary AND NOT is_supplementary",
            vec!["-F", "2304"],
        ),
        ("is_duplicate OR is_qc_fail", vec!["-f", "0", "-G", "0"]),
        ("(flag & 1024) != 0", vec!["-f", "1024"]),
        ("rname IS NULL", vec!["*"]),
    ] {
        if filter == "is_duplicate OR is_qc_fail" {
            let want = samtools_count(&r.bam, &["-f", "1024"])
                + samtools_count(&r.bam, &["-f", "512"])
                - samtools_count(&r.bam, &["-f", "1536"]);
            assert_eq!(count(&r.bam, &d, filter), want, "{filter}");
            continue;
        }
        let args: Vec<&str> = args.to_vec();
        assert_eq!(
            count(&r.bam, &d, filter),
            samtools_count(&r.bam, &args),
            "{filter}"
        );
    }
    let bam = shared("bam/htsnexus_test_NA12878.bam");
    assert_eq!(
        count(&bam, &d, "mapq >= 30"),
        samtools_count(&bam, &["-q", "30"])
    );
}

#[test]
fn cram_reference_problems_are_clear_errors() {
    let r = reads();
    // No reference configured: the generated CRAM needs one.
    let err = query(&r.cram, &OpenOptions::default(), "SELECT count(*) FROM t").unwrap_err();
    assert!(
        err.contains("reads.cram") && err.contains("no reference FASTA is configured"),
        "{err}"
    );
    // A reference of other lengths is refused when the table opens.
    let dir = tempfile::tempdir().expect("tempdir");
    let short = GenerateOptions {
        seed: 13,
        name: "short".into(),
        contigs: vec![("chr1".into(), 1000), ("chr2".into(), 1000)],
        ..Default::default()
    };
    let short = write_reference(&short, dir.path()).expect("reference");
    let options = OpenOptions {
        reference: Some(short),
        ..OpenOptions::default()
    };
    let err = AlignmentTable::open(&[&r.cram], &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("wrong reference") && err.contains("`chr1`"),
        "{err}"
    );
    // Same names and lengths, other bases: the slices' MD5 checks fail.
    let other = GenerateOptions {
        seed: 99,
        name: "other".into(),
        ..Default::default()
    };
    let other = write_reference(&other, dir.path()).expect("reference");
    let options = OpenOptions {
        reference: Some(other),
        ..OpenOptions::default()
    };
    let err = query(&r.cram, &options, "SELECT count(*) FROM t").unwrap_err();
    assert!(
        err.contains("reads.cram") && err.contains("cannot decode CRAM"),
        "{err}"
    );
    // A reference lacking a sequence the data needs.
    let partial = GenerateOptions {
        seed: 13,
        name: "partial".into(),
        contigs: vec![("chr1".into(), 5_000_000)],
        ..Default::default()
    };
    let partial = write_reference(&partial, dir.path()).expect("reference");
    let options = OpenOptions {
        reference: Some(partial.clone()),
        ..OpenOptions::default()
    };
    let err = query(&r.cram, &options, "SELECT count(*) FROM t").unwrap_err();
    assert!(
        err.contains("is not in") && err.contains("partial.fa") && !err.contains("`chr1`"),
        "{err}"
    );
    // Reads on chr1 alone still decode with it.
    let n = count(&r.cram, &options, "rname = 'chr1' AND pos >= 1");
    assert_eq!(n, samtools_count(&r.bam, &["chr1"]));
}

#[test]
fn sam_lines_without_a_position_read_as_samtools_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sam = dir.path().join("p0.sam");
    std::fs::write(
        &sam,
        "@SQ\tSN:chr1\tLN:1000\n\
         r1\t0\tchr1\t0\t30\t4M\t*\t0\t0\tACGT\tIIII\n\
         r2\t4\tchr1\t0\t0\t*\t*\t0\t0\tACGT\tIIII\n\
         r3\t0\tchr1\t5\t60\t4M\t*\t0\t0\tACGT\tIIII\tNM:i:0\n",
    )
    .expect("write");
    let theirs = samtools_lines(&[], &sam);
    check_all_fields(&sam, &OpenOptions::default(), &theirs);
}

#[test]
fn repeated_reference_names_in_a_filter_read_each_reference_once() {
    let r = reads();
    let want = samtools_count(&r.bam, &["chr1", "chr2"]);
    let filter = "rname IN ('chr1', 'chr1', 'chr2', 'chr1', 'chr2')";
    assert_eq!(count(&r.bam, &OpenOptions::default(), filter), want);
    let with_ref = OpenOptions {
        reference: Some(r.fasta.clone()),
        ..OpenOptions::default()
    };
    assert_eq!(count(&r.cram, &with_ref, filter), want);
}

#[test]
fn bad_alignment_files_are_errors_naming_the_place() {
    let r = reads();
    let dir = tempfile::tempdir().expect("tempdir");
    // A BAM cut in the middle.
    let bytes = std::fs::read(&r.bam).expect("read");
    let cut = dir.path().join("cut.bam");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let err = query(&cut, &OpenOptions::default(), "SELECT count(*) FROM t").unwrap_err();
    assert!(err.contains("cut.bam") && err.contains("offset"), "{err}");
    // A SAM line with a bad field.
    let text = std::fs::read_to_string(&r.sam).expect("read");
    let header_lines = text.lines().take_while(|l| l.starts_with('@')).count();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let bad = header_lines + 3;
    let mut fields: Vec<&str> = lines[bad].split('\t').collect();
    fields[4] = "sixty";
    lines[bad] = fields.join("\t");
    let sam = dir.path().join("bad.sam");
    std::fs::write(&sam, lines.join("\n")).expect("write");
    let err = query(&sam, &OpenOptions::default(), "SELECT count(*) FROM t").unwrap_err();
    assert!(
        err.contains("bad.sam") && err.contains(&format!("line {}", bad + 1)),
        "{err}"
    );
    // A mapped read whose CIGAR does not cover its sequence.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let bad = header_lines + 5;
    let mut fields: Vec<String> = lines[bad].split('\t').map(String::from).collect();
    fields[1] = "0".into();
    fields[5] = "10M".into();
    lines[bad] = fields.join("\t");
    let sam = dir.path().join("cigar.sam");
    std::fs::write(&sam, lines.join("\n")).expect("write");
    let err = query(&sam, &OpenOptions::default(), "SELECT count(*) FROM t").unwrap_err();
    assert!(
        err.contains("cigar.sam")
            && err.contains(&format!("line {}", bad + 1))
            && (err.contains("the CIGAR covers 10 bases") || err.contains("length mismatch")),
        "{err}"
    );
    // Not an alignment file at all.
    let junk = dir.path().join("junk.bam");
    std::fs::write(&junk, [0u8, 1, 2, 3, 255, 254]).expect("write");
    let err = AlignmentTable::open(&[&junk], &OpenOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("junk.bam") && err.contains("not a BAM, CRAM or SAM"),
        "{err}"
    );
    // An encrypted BAM without a key.
    let c4gh = shared("c4gh/htsnexus_test_NA12878.bam.c4gh");
    let err = AlignmentTable::open(&[&c4gh], &OpenOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no key is configured"), "{err}");
}

#[test]
fn indexed_scans_split_across_partitions_and_regions_use_the_index() {
    let r = reads();
    let explain = |sql: &str| {
        let b = query(&r.bam, &OpenOptions::default(), &format!("EXPLAIN {sql}")).expect("explain");
        let plan = b[0].column(1).as_string::<i32>();
        (0..plan.len())
            .map(|i| plan.value(i).to_string())
            .collect::<String>()
    };
    let full = explain("SELECT count(*) FROM t");
    assert!(full.contains("AlignmentScanExec: partitions=2"), "{full}");
    let region = explain("SELECT count(*) FROM t WHERE rname = 'chr2' AND pos BETWEEN 100 AND 200");
    assert!(
        region.contains("tasks=1") && region.contains("region=Some([\"chr2\"]):100-200"),
        "{region}"
    );
    let _ = &r.dir;
    // Every record is read exactly once across the windows of a full scan.
    let b = query(
        &r.bam,
        &OpenOptions::default(),
        "SELECT count(*), count(DISTINCT qname || flag) FROM t",
    )
    .expect("query");
    let total = b[0]
        .column(0)
        .as_primitive::<arrow::datatypes::Int64Type>()
        .value(0);
    assert_eq!(total, samtools_count(&r.bam, &[]));
    assert!(!b[0].column(1).is_null(0));
}
