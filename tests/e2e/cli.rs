//! The `genofed` binary: `sql -c` with each output format, `CREATE EXTERNAL TABLE`, and
//! a node config.

use std::process::Command;

use super::support::{cohort, run};

fn genofed() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genofed"))
}

#[test]
fn create_external_table_and_csv_output() {
    let g = cohort();
    let vcf = g.vcf_gz.as_ref().expect("vcf.gz").display().to_string();
    let bcf = g.bcf.as_ref().expect("bcf").display().to_string();
    let out = run(genofed().args([
        "sql",
        "--format",
        "csv",
        "-c",
        &format!("CREATE EXTERNAL TABLE v STORED AS VCF LOCATION '{vcf}'"),
        "-c",
        &format!("CREATE EXTERNAL TABLE g STORED AS BCF LOCATION '{bcf}' OPTIONS ('shape' 'genotypes')"),
        "-c",
        "SELECT (SELECT count(*) FROM v) AS records, (SELECT count(DISTINCT sample_id) FROM g) AS samples",
    ]));
    let records = run(Command::new("bcftools").args(["view", "-H", &vcf]))
        .lines()
        .count();
    let samples = run(Command::new("bcftools").args(["query", "-l", &bcf]))
        .lines()
        .count();
    assert_eq!(out, format!("records,samples\n{records},{samples}\n"));
}

#[test]
fn stored_as_bam_cram_and_sam_in_the_shell() {
    let bam = super::support::shared("bam/htsnexus_test_NA12878.bam");
    let cram = super::support::shared("cram/htsnexus_test_NA12878.cram");
    let dir = tempfile::tempdir().expect("tempdir");
    let sam = dir.path().join("reads.sam");
    let text = run(Command::new("samtools").args(["view", "-h"]).arg(&bam));
    std::fs::write(&sam, text).expect("write");
    let out = run(genofed().args([
        "sql",
        "--format",
        "csv",
        "-c",
        &format!(
            "CREATE EXTERNAL TABLE b STORED AS BAM LOCATION '{}'",
            bam.display()
        ),
        "-c",
        &format!(
            "CREATE EXTERNAL TABLE c STORED AS CRAM LOCATION '{}'",
            cram.display()
        ),
        "-c",
        &format!(
            "CREATE EXTERNAL TABLE s STORED AS SAM LOCATION '{}'",
            sam.display()
        ),
        "-c",
        "SELECT (SELECT count(*) FROM b WHERE mapq >= 30) AS bam, \
                (SELECT count(*) FROM c WHERE mapq >= 30) AS cram, \
                (SELECT count(*) FROM s WHERE mapq >= 30) AS sam",
    ]));
    let n = run(Command::new("samtools")
        .args(["view", "-c", "-q", "30"])
        .arg(&bam));
    let n = n.trim();
    assert_eq!(out, format!("bam,cram,sam\n{n},{n},{n}\n"));
    // An unknown option is refused with the known ones listed.
    let out = genofed()
        .args([
            "sql",
            "-c",
            &format!(
                "CREATE EXTERNAL TABLE b STORED AS BAM LOCATION '{}' OPTIONS ('referense' 'x.fa')",
                bam.display()
            ),
        ])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("`referense`") && err.contains("`reference`"),
        "{err}"
    );
}

#[test]
fn node_config_tables_and_information_schema() {
    let g = cohort();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("node.toml");
    std::fs::write(
        &config,
        format!(
            "[node]\nname = \"t\"\n[datasets.cohort]\nvcf = [\"{}\"]\n",
            g.vcf_gz.as_ref().expect("vcf.gz").display()
        ),
    )
    .expect("config");
    let out = run(genofed().arg("sql").arg("--config").arg(&config).args([
        "--format",
        "csv",
        "-c",
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'cohort' ORDER BY table_name",
    ]));
    assert_eq!(
        out,
        "table_schema,table_name\ncohort,genotypes\ncohort,variants\n"
    );
    let json = run(genofed().arg("sql").arg("--config").arg(&config).args([
        "--format",
        "json",
        "-c",
        "SELECT chrom, pos, alt FROM cohort.variants ORDER BY chrom, pos LIMIT 1",
    ]));
    assert!(json.starts_with("[{\"chrom\":\"chr1\",\"pos\":"), "{json}");

    std::fs::write(&config, "[node]\nname = \"t\"\ntypo = 1\n").expect("config");
    let out = genofed()
        .arg("sql")
        .arg("--config")
        .arg(&config)
        .args(["-c", "SELECT 1"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("node.toml") && err.contains("typo"), "{err}");
}

#[test]
fn shell_reads_statements_until_semicolons() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = genofed()
        .args(["sql", "--format", "csv"])
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"SELECT 40 +\n 2 AS answer;\nSELECT 'x' AS y;\n\\q\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "answer\n42\ny\nx\n");
    assert!(
        dir.path().join(".genofed_history").exists(),
        "history is saved"
    );
}

#[test]
fn demo_runs_its_tour_with_encryption_and_consent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("demo");
    let out = run(genofed().args([
        "demo",
        "--dir",
        d.to_str().unwrap(),
        "--records",
        "3000",
        "--samples",
        "12",
    ]));
    // The encrypted copy answers like the plain cohort.
    let line = out
        .lines()
        .skip_while(|l| !l.contains("Crypt4GH-encrypted at rest"))
        .find(|l| l.starts_with("| ") && l.chars().any(|c| c.is_ascii_digit()))
        .expect("the encrypted query's result row");
    let cells: Vec<&str> = line
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells.len(), 2, "{line}");
    assert_eq!(cells[0], cells[1], "plain and encrypted counts: {line}");
    assert!(
        out.contains("permit\n  DS (DUO:0000007 disease specific research): satisfied"),
        "{out}"
    );
    assert!(
        out.contains("deny\n  DS (DUO:0000007 disease specific research): violated"),
        "{out}"
    );
    // Alice's demo passport is verified (real ES256 signatures); with her country from
    // the access register, she counts every individual, as with her principal file.
    assert!(
        out.contains(
            "With her GA4GH Passport instead (verified: researcher `alice@helsinki.example`"
        ),
        "{out}"
    );
    let after = out
        .split("With her GA4GH Passport instead")
        .nth(1)
        .expect("passport step");
    let count = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("| ") && l.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_string)
    };
    let allowed = out
        .split("Allowed: type 2 diabetes research")
        .nth(1)
        .and_then(count)
        .expect("the allowed count");
    assert_eq!(count(after).as_deref(), Some(allowed.as_str()), "{after}");
    let key = std::fs::metadata(d.join("keys/node.sec")).expect("node key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(key.permissions().mode() & 0o777, 0o600);
    // A second run reuses the files and the key.
    let again = run(genofed().args([
        "demo",
        "--dir",
        d.to_str().unwrap(),
        "--records",
        "3000",
        "--samples",
        "12",
    ]));
    assert!(again.contains("permit"));
}
