//! Crypt4GH: the shared encrypted files against their plaintext twins, interop both ways
//! with the Python `crypt4gh` CLI, region reads that decrypt only what they need, and
//! tampered, truncated or malformed input.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use arrow::util::pretty::pretty_format_batches;
use genofed::connectors::crypt4gh::{self, Crypt4ghReader, EditList, PrivateKey, PublicKey};
use genofed::connectors::vcf::{Shape, VcfFile};

use super::support::{cohort, query_key, run, shared};
pub(super) fn genofed() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genofed"))
}

/// The Python `crypt4gh` CLI, installed by `scripts/test.sh` into `target/venv`.
pub(super) fn python_c4gh() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/crypt4gh");
    assert!(
        p.exists(),
        "{} is missing: run `bash scripts/test.sh`, which installs the crypt4gh CLI",
        p.display()
    );
    p
}

pub(super) fn python() -> PathBuf {
    python_c4gh().with_file_name("python")
}

pub(super) fn keys(name: &str) -> PathBuf {
    shared(&format!("c4gh/keys/{name}"))
}

/// `genofed crypt4gh keygen`, the private key protected by `passphrase` if given.
pub(super) fn keygen(sk: &Path, pk: &Path, passphrase: Option<&str>) {
    let mut cmd = genofed();
    cmd.args([
        "crypt4gh",
        "keygen",
        "--sk",
        sk.to_str().unwrap(),
        "--pk",
        pk.to_str().unwrap(),
    ]);
    match passphrase {
        Some(p) => cmd.env("C4GH_PASSPHRASE", p),
        None => cmd.env_remove("C4GH_PASSPHRASE"),
    };
    run(&mut cmd);
}

pub(super) fn bob() -> PrivateKey {
    PrivateKey::read(keys("bob.sec"), None).unwrap()
}

/// Runs a command with `stdin` from a file and `stdout` to a file.
pub(super) fn pipe(cmd: &mut Command, input: &Path, output: &Path) {
    let status = cmd
        .stdin(std::fs::File::open(input).unwrap())
        .stdout(std::fs::File::create(output).unwrap())
        .stderr(Stdio::inherit())
        .status()
        .unwrap();
    assert!(status.success(), "{cmd:?} failed");
}

pub(super) fn decrypt_all(path: &Path, key: &PrivateKey) -> Vec<u8> {
    let reader = Crypt4ghReader::open(path, key).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    crypt4gh::decrypt_to(&reader, &mut out, 2).unwrap();
    out
}

const TWINS: &[(&str, &str)] = &[
    (
        "c4gh/htsnexus_test_NA12878.bam.c4gh",
        "bam/htsnexus_test_NA12878.bam",
    ),
    (
        "c4gh/htsnexus_test_NA12878.cram.c4gh",
        "cram/htsnexus_test_NA12878.cram",
    ),
    (
        "c4gh/sample1-bcbio-cancer.vcf.gz.c4gh",
        "vcf/sample1-bcbio-cancer.vcf.gz",
    ),
    (
        "c4gh/sample1-bcbio-cancer.bcf.c4gh",
        "bcf/sample1-bcbio-cancer.bcf",
    ),
    ("c4gh/spec-v4.3.vcf.gz.c4gh", "vcf/spec-v4.3.vcf.gz"),
    ("c4gh/spec-v4.3.bcf.c4gh", "bcf/spec-v4.3.bcf"),
];

#[test]
fn shared_files_decrypt_to_their_twins() {
    let bob = bob();
    for (enc, plain) in TWINS {
        let expected = std::fs::read(shared(plain)).unwrap();
        assert_eq!(decrypt_all(&shared(enc), &bob), expected, "{enc}");
        // Positional reads at arbitrary offsets agree too.
        let reader = Crypt4ghReader::open(shared(enc), &bob).unwrap();
        assert_eq!(reader.len(), expected.len() as u64);
        for offset in [
            0,
            1,
            65_535,
            65_536,
            65_537,
            expected.len() as u64 / 2,
            expected.len() as u64 - 1,
        ] {
            let offset = offset.min(expected.len() as u64 - 1);
            let mut buf = vec![0u8; 70_000.min(expected.len() - offset as usize)];
            reader.read_exact_at(&mut buf, offset).unwrap();
            assert_eq!(
                buf,
                expected[offset as usize..offset as usize + buf.len()],
                "{enc} at {offset}"
            );
        }
    }
}

#[test]
fn shared_encrypted_vcf_and_bcf_query_like_their_twins() {
    let bob = bob();
    let sql = "SELECT * FROM t ORDER BY chrom, pos, ref, alt";
    for (enc, plain) in TWINS
        .iter()
        .filter(|(e, _)| e.contains("vcf") || e.contains("bcf"))
    {
        for shape in [Shape::Variants, Shape::Genotypes] {
            let want = query_key(2, &shared(plain), shape, sql, None).unwrap();
            let got = query_key(2, &shared(enc), shape, sql, Some(&bob))
                .unwrap_or_else(|e| panic!("{enc}: {e}"));
            assert_eq!(
                pretty_format_batches(&got).unwrap().to_string(),
                pretty_format_batches(&want).unwrap().to_string(),
                "{enc} {shape:?}"
            );
            assert!(!want.is_empty());
        }
    }
    // A region query through the plaintext index beside the encrypted file.
    let region =
        "SELECT pos FROM t WHERE chrom = '20' AND pos BETWEEN 14000 AND 1110000 ORDER BY pos";
    let want = query_key(
        2,
        &shared("vcf/spec-v4.3.vcf.gz"),
        Shape::Variants,
        region,
        None,
    )
    .unwrap();
    let got = query_key(
        2,
        &shared("c4gh/spec-v4.3.vcf.gz.c4gh"),
        Shape::Variants,
        region,
        Some(&bob),
    )
    .unwrap();
    assert_eq!(
        pretty_format_batches(&got).unwrap().to_string(),
        pretty_format_batches(&want).unwrap().to_string()
    );
    let file = VcfFile::open_with(shared("c4gh/spec-v4.3.vcf.gz.c4gh"), Some(&bob)).unwrap();
    assert!(
        file.index.is_some(),
        "the plaintext .tbi beside the .c4gh is used"
    );
}

#[test]
fn the_wrong_key_cannot_open_a_header() {
    let alice = PrivateKey::read(keys("alice.sec"), None).unwrap();
    for (enc, _) in TWINS {
        let e = Crypt4ghReader::open(shared(enc), &alice)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no header packet could be opened with the given key"),
            "{enc}: {e}"
        );
    }
    // Through SQL, and without any key.
    let e = query_key(
        2,
        &shared("c4gh/spec-v4.3.vcf.gz.c4gh"),
        Shape::Variants,
        "SELECT 1",
        Some(&alice),
    )
    .unwrap_err();
    assert!(e.contains("no header packet could be opened"), "{e}");
    let e = query_key(
        2,
        &shared("c4gh/spec-v4.3.vcf.gz.c4gh"),
        Shape::Variants,
        "SELECT 1",
        None,
    )
    .unwrap_err();
    assert!(
        e.contains("Crypt4GH-encrypted but no key is configured"),
        "{e}"
    );
}

/// A generated, indexed VCF of many BGZF blocks, encrypted by genofed with its index
/// beside it.
fn encrypted_cohort(dir: &Path) -> (PathBuf, PathBuf, PrivateKey) {
    let g = cohort();
    let plain = g.vcf_gz.clone().expect("vcf.gz");
    let enc = dir.join("cohort.vcf.gz.c4gh");
    let key = PrivateKey::generate().unwrap();
    let mut out = std::fs::File::create(&enc).unwrap();
    crypt4gh::encrypt(
        &mut std::fs::File::open(&plain).unwrap(),
        &mut out,
        &key,
        &[key.public_key()],
        None,
    )
    .unwrap();
    let tbi = dir.join("cohort.vcf.gz.tbi");
    std::fs::copy(g.tbi.clone().expect("tbi"), &tbi).unwrap();
    // Encryption usually comes after indexing: an index older than the .c4gh is fine.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&tbi)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    (plain, enc, key)
}

#[test]
fn region_queries_decrypt_only_the_segments_they_need() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, enc, key) = encrypted_cohort(dir.path());
    let total_segments = std::fs::metadata(&plain)
        .unwrap()
        .len()
        .div_ceil(crypt4gh::SEGMENT_SIZE as u64);
    assert!(
        total_segments >= 8,
        "fixture too small: {total_segments} segments"
    );

    let file = Arc::new(VcfFile::open_with(&enc, Some(&key)).unwrap());
    let reader = file.input.crypt4gh().expect("encrypted input").clone();
    let index = file.index.clone().expect("index");
    let contig = index.contigs()[0].clone();
    let (start, end) = (100_000, 200_000);
    // The compressed bytes a region read can touch: from the first chunk's block to the
    // last chunk's end, plus the reader's 64 KiB read-ahead.
    let chunks = index.query(&contig, start, end).unwrap();
    let first = chunks.iter().map(|c| c.start >> 16).min().unwrap();
    let last = chunks.iter().map(|c| (c.end >> 16) + 65_536).max().unwrap();
    let upper = (first + 65_536)
        .max(last)
        .div_ceil(crypt4gh::SEGMENT_SIZE as u64)
        - first / crypt4gh::SEGMENT_SIZE as u64;

    let before = reader.segments_decrypted();
    let sql = format!(
        "SELECT count(*) AS n FROM t WHERE chrom = '{contig}' AND pos BETWEEN {start} AND {end}"
    );
    let got = genofed::connectors::vcf::VcfTable::from_files(vec![file.clone()], Shape::Variants)
        .unwrap();
    let batches = super::support::runtime().block_on(async {
        let ctx = genofed::engine::new_session(Some(2));
        ctx.register_table("t", Arc::new(got)).unwrap();
        ctx.sql(&sql).await.unwrap().collect().await.unwrap()
    });
    let decrypted = reader.segments_decrypted() - before;
    let want = query_key(2, &plain, Shape::Variants, &sql, None).unwrap();
    assert_eq!(
        pretty_format_batches(&batches).unwrap().to_string(),
        pretty_format_batches(&want).unwrap().to_string()
    );
    assert!(
        decrypted >= 1 && decrypted <= upper,
        "decrypted {decrypted} segments; the region's blocks span at most {upper} of {total_segments}"
    );
    assert!(
        decrypted < total_segments / 2,
        "decrypted {decrypted} of {total_segments}"
    );
}

#[test]
fn tampered_segments_fail_authentication_and_stop_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, enc, key) = encrypted_cohort(dir.path());
    let mut bytes = std::fs::read(&enc).unwrap();
    let plain_len = std::fs::metadata(&plain).unwrap().len();
    let header_len =
        bytes.len() as u64 - (plain_len + plain_len.div_ceil(crypt4gh::SEGMENT_SIZE as u64) * 28);
    let segment = 3u64;
    let at = header_len + segment * crypt4gh::CIPHER_SEGMENT_SIZE as u64 + 500;
    bytes[at as usize] ^= 0x01;
    let bad = dir.path().join("cohort.vcf.gz.c4gh");
    std::fs::write(&bad, &bytes).unwrap();

    let e = query_key(
        2,
        &bad,
        Shape::Variants,
        "SELECT count(*) FROM t",
        Some(&key),
    )
    .unwrap_err();
    assert!(e.contains("authentication failed in data segment 3"), "{e}");
    let e = query_key(1, &bad, Shape::Genotypes, "SELECT * FROM t", Some(&key)).unwrap_err();
    assert!(e.contains("authentication failed in data segment 3"), "{e}");

    // Decrypting stops before the tampered segment: nothing from it or after it is output.
    let sk = dir.path().join("k.sec");
    std::fs::write(&sk, key.to_pem(None, None).unwrap()).unwrap();
    let out = dir.path().join("out.bin");
    let status = genofed()
        .args([
            "crypt4gh",
            "decrypt",
            "--sk",
            sk.to_str().unwrap(),
            "-i",
            bad.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!status.status.success());
    assert!(
        String::from_utf8_lossy(&status.stderr).contains("authentication failed in data segment 3")
    );
    assert_eq!(
        std::fs::metadata(&out).unwrap().len(),
        3 * crypt4gh::SEGMENT_SIZE as u64
    );
}

#[test]
fn malformed_files_and_keys_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bob = bob();
    let good = std::fs::read(shared("c4gh/spec-v4.3.vcf.gz.c4gh")).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let open_err = |p: &Path| {
        Crypt4ghReader::open(p, &bob)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    // Truncated: in the header, and in the last data segment.
    assert!(open_err(&write("h.c4gh", &good[..40])).contains("truncated"));
    let cut = write("cut.c4gh", &good[..good.len() - 10]);
    let e = decrypt_err(&cut, &bob);
    assert!(e.contains("authentication failed in data segment 0"), "{e}");
    let header_len = Crypt4ghReader::open(shared("c4gh/spec-v4.3.vcf.gz.c4gh"), &bob)
        .unwrap()
        .header()
        .len as usize;
    assert!(open_err(&write("tiny.c4gh", &good[..header_len + 20])).contains("truncated"));
    // Wrong magic, unsupported version.
    let mut magic = good.clone();
    magic[0] = b'C';
    assert!(open_err(&write("m.c4gh", &magic)).contains("not a Crypt4GH file"));
    let mut version = good.clone();
    version[8] = 2;
    assert!(open_err(&write("v.c4gh", &version)).contains("unsupported Crypt4GH version 2"));
    // Bad key files.
    let garbage = write(
        "garbage.sec",
        b"-----BEGIN CRYPT4GH PRIVATE KEY-----\n!!!!\n-----END CRYPT4GH PRIVATE KEY-----\n",
    );
    assert!(
        PrivateKey::read(&garbage, None)
            .unwrap_err()
            .to_string()
            .contains("bad base64")
    );
    let public = keys("bob.pub");
    assert!(
        PrivateKey::read(&public, None)
            .unwrap_err()
            .to_string()
            .contains("invalid Crypt4GH key file")
    );
    let short = write("short.sec", b"-----BEGIN CRYPT4GH PRIVATE KEY-----\nYzRnaC12MQAEbm9uZQ==\n-----END CRYPT4GH PRIVATE KEY-----\n");
    assert!(
        PrivateKey::read(&short, None)
            .unwrap_err()
            .to_string()
            .contains("truncated key blob")
    );
    // Wrong passphrase through the CLI: never from argv, from the environment.
    let sk = dir.path().join("p.sec");
    let pk = dir.path().join("p.pub");
    keygen(&sk, &pk, Some("right"));
    let out = genofed()
        .args([
            "crypt4gh",
            "decrypt",
            "--sk",
            sk.to_str().unwrap(),
            "-i",
            cut.to_str().unwrap(),
        ])
        .env("C4GH_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Edit lists are parsed, not trusted: one beyond the end keeps nothing.
    assert_eq!(EditList(vec![1 << 40, 5]).kept(100), []);
}

fn decrypt_err(path: &Path, key: &PrivateKey) -> String {
    match Crypt4ghReader::open(path, key) {
        Err(e) => e.to_string(),
        Ok(reader) => crypt4gh::decrypt_to(&reader, &mut Vec::new(), 2)
            .unwrap_err()
            .to_string(),
    }
}

#[test]
fn cursors_read_and_seek_sync_and_async() {
    use genofed::connectors::crypt4gh::{AsyncCrypt4ghCursor, Crypt4ghCursor};
    use std::io::{Read, Seek, SeekFrom};
    let expected = std::fs::read(shared("bam/htsnexus_test_NA12878.bam")).unwrap();
    let reader = Arc::new(
        Crypt4ghReader::open(shared("c4gh/htsnexus_test_NA12878.bam.c4gh"), &bob()).unwrap(),
    );

    let mut cursor = Crypt4ghCursor::new(reader.clone());
    let mut all = Vec::new();
    cursor.read_to_end(&mut all).unwrap();
    assert_eq!(all, expected);
    assert_eq!(
        cursor.seek(SeekFrom::End(-100)).unwrap(),
        expected.len() as u64 - 100
    );
    let mut tail = Vec::new();
    cursor.read_to_end(&mut tail).unwrap();
    assert_eq!(tail, expected[expected.len() - 100..]);
    assert!(
        cursor
            .seek(SeekFrom::Current(-(expected.len() as i64) - 1))
            .is_err()
    );

    // tokio's AsyncRead + AsyncSeek, polled by hand (no extra tokio features needed).
    let mut cursor = AsyncCrypt4ghCursor::new(reader);
    super::support::runtime().block_on(async {
        use std::pin::Pin;
        use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};
        Pin::new(&mut cursor)
            .start_seek(SeekFrom::Start(200_000))
            .unwrap();
        let pos = std::future::poll_fn(|cx| Pin::new(&mut cursor).poll_complete(cx))
            .await
            .unwrap();
        assert_eq!(pos, 200_000);
        let mut buf = vec![0u8; 100_000];
        let mut filled = 0;
        while filled < buf.len() {
            let mut rb = ReadBuf::new(&mut buf[filled..]);
            std::future::poll_fn(|cx| Pin::new(&mut cursor).poll_read(cx, &mut rb))
                .await
                .unwrap();
            let n = rb.filled().len();
            assert!(n > 0);
            filled += n;
        }
        assert_eq!(buf, expected[200_000..300_000]);
    });
}

#[test]
fn encrypted_bam_reads_through_noodles_like_samtools() {
    use genofed::connectors::crypt4gh::Crypt4ghCursor;
    let plain = shared("bam/htsnexus_test_NA12878.bam");
    let samtools_count = |args: &[&str]| -> usize {
        let mut cmd = Command::new("samtools");
        cmd.args(["view", "-c", plain.to_str().unwrap()]).args(args);
        run(&mut cmd).trim().parse().unwrap()
    };
    let reader = Arc::new(
        Crypt4ghReader::open(shared("c4gh/htsnexus_test_NA12878.bam.c4gh"), &bob()).unwrap(),
    );

    // The whole file, streamed through the decrypting cursor.
    let mut bam = noodles::bam::io::Reader::new(Crypt4ghCursor::new(reader.clone()));
    let header = bam.read_header().unwrap();
    let records = bam
        .records()
        .inspect(|r| assert!(r.is_ok(), "{r:?}"))
        .count();
    assert_eq!(records, samtools_count(&[]));

    // A region through the plaintext BAI beside the encrypted file: only the segments
    // holding the region's blocks are decrypted.
    let index = noodles::bam::bai::fs::read(shared("c4gh/htsnexus_test_NA12878.bam.bai")).unwrap();
    let fresh = Arc::new(
        Crypt4ghReader::open(shared("c4gh/htsnexus_test_NA12878.bam.c4gh"), &bob()).unwrap(),
    );
    let mut indexed =
        noodles::bam::io::IndexedReader::new(Crypt4ghCursor::new(fresh.clone()), index);
    for region in ["11:5000000-5010000", "20:59000000-59100000"] {
        let before = fresh.segments_decrypted();
        let mut query = indexed.query(&header, &region.parse().unwrap()).unwrap();
        let mut record = noodles::bam::Record::default();
        let mut n = 0;
        while query.read_record(&mut record).unwrap() != 0 {
            n += 1;
        }
        assert_eq!(n, samtools_count(&[region]), "{region}");
        let total = fresh.len().div_ceil(crypt4gh::SEGMENT_SIZE as u64);
        assert!(
            fresh.segments_decrypted() - before < total / 2,
            "{region}: decrypted {} of {total}",
            fresh.segments_decrypted() - before
        );
    }
}

#[test]
fn an_expected_sender_is_enforced() {
    // The shared files were written by alice for bob.
    let alice_pk = PublicKey::read(keys("alice.pub")).unwrap();
    let bob_pk = PublicKey::read(keys("bob.pub")).unwrap();
    let enc = shared("c4gh/spec-v4.3.vcf.gz.c4gh");
    assert!(Crypt4ghReader::open(&enc, &bob().with_expected_sender(alice_pk)).is_ok());
    let e = Crypt4ghReader::open(&enc, &bob().with_expected_sender(bob_pk))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no header packet written by the expected sender"),
        "{e}"
    );

    // The CLI's --sender-pk, and the SQL option.
    let decrypt = |sender: &str| {
        genofed()
            .args([
                "crypt4gh",
                "decrypt",
                "--sk",
                keys("bob.sec").to_str().unwrap(),
                "--sender-pk",
                keys(sender).to_str().unwrap(),
                "-i",
                enc.to_str().unwrap(),
            ])
            .env_remove("C4GH_PASSPHRASE")
            .output()
            .unwrap()
    };
    assert_eq!(
        decrypt("alice.pub").stdout,
        std::fs::read(shared("vcf/spec-v4.3.vcf.gz")).unwrap()
    );
    let refused = decrypt("bob.pub");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("expected sender"));
    let sql = |sender: &str| {
        genofed()
            .args([
                "sql",
                "-c",
                &format!(
                    "CREATE EXTERNAL TABLE e STORED AS VCF LOCATION '{}' OPTIONS ('crypt4gh.key' '{}', 'crypt4gh.sender_pk' '{}')",
                    enc.display(),
                    keys("bob.sec").display(),
                    keys(sender).display()
                ),
                "-c",
                "SELECT count(*) AS n FROM e",
            ])
            .output()
            .unwrap()
    };
    let ok = sql("alice.pub");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("| 5 "),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let refused = sql("bob.pub");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("expected sender"));
}
