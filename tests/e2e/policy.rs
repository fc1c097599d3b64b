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
    assert_eq!(node.policies().policies.policies().count(), 5);
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
