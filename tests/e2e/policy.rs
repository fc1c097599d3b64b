//! `genofed policy` and the node's policies: the schema, DUO consent compiled into Cedar,
//! and strict validation — a policy that does not validate stops the node.

use std::process::Command;

use genofed::engine::{Node, NodeConfig};

use super::support::{cohort, node_open_error, run, runtime};

fn genofed() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genofed"))
}

fn node_dir() -> tempfile::TempDir {
    let g = cohort();
    let dir = tempfile::tempdir().expect("tempdir");
    let vcf = g.vcf_gz.as_ref().expect("vcf.gz");
    std::fs::write(
        dir.path().join("node.toml"),
        format!(
            "[datasets.cohort]\nvcf = [\"{}\"]\n\n[datasets.cohort.consent]\n\
             permission = \"DS\"\ndiseases = [\"MONDO:0005015\"]\nmodifiers = [\"IRB\", \"GS\"]\n\
             regions = [\"EU\"]\n\n[policies]\ndir = \"policies\"\n",
            vcf.display()
        ),
    )
    .expect("config");
    std::fs::create_dir(dir.path().join("policies")).expect("policies dir");
    std::fs::write(
        dir.path().join("policies/public.cedar"),
        "// Anyone may ask whether the node has data (Beacon boolean).\n\
         @id(\"public.discover\")\n\
         permit (principal, action == Genofed::Action::\"discover\", resource);\n",
    )
    .expect("policy");
    dir
}

#[test]
fn schema_compile_and_validate() {
    let schema = run(genofed().args(["policy", "schema"]));
    assert!(schema.contains("namespace Genofed") && schema.contains("entity Researcher"));
    let dir = node_dir();
    let config = dir.path().join("node.toml");
    let text = run(genofed()
        .args(["policy", "compile", "--config"])
        .arg(&config));
    assert!(text.contains("@id(\"cohort.duo.DS\")"), "{text}");
    assert!(text.contains("MONDO:0005015 diabetes mellitus"), "{text}");
    assert!(
        text.contains("\"FI\"") && text.contains("principal.country"),
        "{text}"
    );
    let out = dir.path().join("compiled");
    let written = run(genofed()
        .args(["policy", "compile", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&out));
    assert_eq!(
        written.trim(),
        out.join("cohort.cedar").display().to_string()
    );
    assert_eq!(
        std::fs::read_to_string(out.join("cohort.cedar")).expect("read"),
        text
    );
    let valid = run(genofed()
        .args(["policy", "validate", "--config"])
        .arg(&config));
    assert!(
        valid.contains("valid: cohort.cedar (generated)")
            && valid.contains("public.cedar")
            && valid.contains("6 policies validate"),
        "{valid}"
    );
    // The node starts with them.
    let node = runtime()
        .block_on(Node::open(NodeConfig::from_file(&config).expect("config")))
        .expect("node");
    assert_eq!(node.policies().policies.policies().count(), 6);
}

#[test]
fn a_policy_that_does_not_validate_stops_the_node() {
    let dir = node_dir();
    let config = dir.path().join("node.toml");
    std::fs::write(
        dir.path().join("policies/typo.cedar"),
        "permit (principal, action, resource) when { principal.contry == \"FI\" };\n",
    )
    .expect("policy");
    let text = node_open_error(NodeConfig::from_file(&config).expect("config"));
    assert!(
        text.contains("typo.cedar") && text.contains("contry"),
        "{text}"
    );
    let out = genofed()
        .args(["policy", "validate", "--config"])
        .arg(&config)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("typo.cedar"),
        "{stderr}"
    );
    // Consent that does not resolve is refused too.
    std::fs::remove_file(dir.path().join("policies/typo.cedar")).expect("rm");
    let text = std::fs::read_to_string(&config)
        .expect("read")
        .replace("MONDO:0005015", "MONDO:9999999");
    std::fs::write(&config, text).expect("write");
    let text = node_open_error(NodeConfig::from_file(&config).expect("config"));
    assert!(text.contains("`cohort`: invalid consent"), "{text}");
}

const ALICE: &str = "id = \"alice@example.org\"\nissuer = \"https://issuer.example\"\n\
                     bona_fide = true\ncountry = \"FI\"\n";

/// `genofed sql --config CONFIG --as ALICE ARGS… -c SQL`.
fn sql_as(config: &std::path::Path, alice: &std::path::Path, args: &[&str], sql: &str) -> Command {
    let mut cmd = genofed();
    cmd.args(["sql", "--format", "csv", "--config"])
        .arg(config)
        .arg("--as")
        .arg(alice)
        .args(args)
        .args(["-c", sql]);
    cmd
}

fn failing(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(!out.status.success(), "{cmd:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn sql_as_a_researcher_is_allowed_or_denied_with_the_reason() {
    let dir = node_dir();
    let config = dir.path().join("node.toml");
    let alice = dir.path().join("alice.toml");
    std::fs::write(&alice, ALICE).expect("principal");
    let sql = "SELECT count(*) FROM cohort.variants";
    let operator = run(genofed()
        .args(["sql", "--format", "csv", "--config"])
        .arg(&config)
        .args(["-c", sql]));
    let allowed = run(&mut sql_as(
        &config,
        &alice,
        &[
            "--purpose",
            "DS",
            "--disease",
            "MONDO:0005148",
            "--attest",
            "irb",
        ],
        sql,
    ));
    assert_eq!(allowed, operator);
    let denied = failing(&mut sql_as(
        &config,
        &alice,
        &["--purpose", "DS", "--disease", "MONDO:0005148"],
        sql,
    ));
    assert!(
        denied.contains("access denied: `cohort.variants`")
            && denied.contains("cohort.duo.IRB")
            && denied.contains("ethics approval required"),
        "{denied}"
    );
    let ddl = failing(&mut sql_as(
        &config,
        &alice,
        &["--purpose", "GRU"],
        "CREATE TABLE t AS VALUES (1)",
    ));
    assert!(ddl.contains("only queries"), "{ddl}");
    let usage = failing(genofed().args(["sql", "--config"]).arg(&config).args([
        "--purpose",
        "GRU",
        "-c",
        sql,
    ]));
    assert!(usage.contains("--as"), "{usage}");
}

#[test]
fn policy_explain_names_the_deciding_policies_and_duo_terms() {
    let dir = node_dir();
    let config = dir.path().join("node.toml");
    let alice = dir.path().join("alice.toml");
    std::fs::write(&alice, ALICE).expect("principal");
    let text = run(genofed()
        .args(["policy", "explain", "--config"])
        .arg(&config)
        .arg("--as")
        .arg(&alice)
        .args(["--purpose", "DS", "--disease", "MONDO:0004992"]));
    assert!(text.contains("dataset `cohort`"), "{text}");
    assert!(
        text.contains("discover  allow (node.discoverable, public.discover)"),
        "{text}"
    );
    assert!(text.contains("read      deny  (cohort.duo.IRB)"), "{text}");
    assert!(
        text.contains("DS (DUO:0000007 disease specific research): violated"),
        "{text}"
    );
    assert!(text.contains("table cohort.variants: denied"), "{text}");
}

#[test]
fn policy_test_runs_the_documented_cases_on_the_demo_node() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = dir.path().join("demo");
    run(genofed()
        .args(["demo", "--records", "300", "--samples", "20", "--dir"])
        .arg(&demo));
    let docs = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/policy-authors/demo-cases.toml"
    );
    let cases = std::fs::read_to_string(docs)
        .expect("cases")
        .replace("../../demo-data/alice.toml", "demo/alice.toml");
    let file = dir.path().join("cases.toml");
    std::fs::write(&file, &cases).expect("cases");
    let out = run(genofed()
        .args(["policy", "test", "--config"])
        .arg(demo.join("node.toml"))
        .arg(&file));
    assert!(out.contains("6 passed, 0 failed"), "{out}");
    // A case that does not get its decision fails the command.
    std::fs::write(
        &file,
        cases.replacen("expect = \"read\"", "expect = \"denied\"", 1),
    )
    .expect("cases");
    let err = genofed()
        .args(["policy", "test", "--config"])
        .arg(demo.join("node.toml"))
        .arg(&file)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&err.stdout);
    assert!(
        !err.status.success()
            && stdout.contains("FAILED")
            && stdout.contains("expected denied, got read"),
        "{stdout}"
    );
}

#[test]
fn a_denial_without_a_forbid_names_the_consent_permission() {
    let dir = node_dir();
    let config = dir.path().join("node.toml");
    let alice = dir.path().join("alice.toml");
    std::fs::write(&alice, ALICE).expect("principal");
    let denied = failing(&mut sql_as(
        &config,
        &alice,
        &["--purpose", "HMB", "--attest", "irb"],
        "SELECT count(*) FROM cohort.variants",
    ));
    assert!(
        denied.contains("no policy permits it: the consent's `cohort.duo.DS` (DUO:0000007 disease specific research)"),
        "{denied}"
    );
}
