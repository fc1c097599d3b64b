//! `genofed ontology` and the node's `[ontologies]` section: files, cache reuse and
//! rebuild, and the DUO decision the policy-author docs show.

use std::path::PathBuf;
use std::process::Command;

use genofed_engine::{NodeConfig, load_ontologies};

use super::support::run;

fn genofed() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genofed"))
}

fn shared_ontology(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/ontologies")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn lookups_on_hpo() {
    let hp = shared_ontology("hp_subset.obo");
    let out = run(genofed().args(["ontology", "--load", &hp, "descendants", "HP:0001250"]));
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(first, "HP:0001250\tSeizure");
    assert!(out.lines().count() > 1, "{out}");
    let out = run(genofed().args([
        "ontology",
        "--load",
        &hp,
        "is-a",
        "HP:0001250",
        "HP:0000118",
    ]));
    assert_eq!(out, "true\n");
    let out = run(genofed().args(["ontology", "is-a", "MONDO:0005148", "MONDO:0005066"]));
    assert_eq!(out, "true\n");
    let out = run(genofed().args(["ontology", "--load", &hp, "show", "HP:0001250"]));
    assert!(out.contains("id: HP:0001250\nlabel: Seizure\n"), "{out}");
    // Bad input: an unknown prefix is an error naming it, with a non-zero exit.
    let failed = genofed()
        .args(["ontology", "is-a", "DOID:9351", "MONDO:0000001"])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("unknown prefix `DOID`"));
}

#[test]
fn duo_match_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let conditions = dir.path().join("diabetes.toml");
    std::fs::write(&conditions, "permission = \"DS\"\ndiseases = [\"MONDO:0005015\"]\nmodifiers = [\"IRB\", \"GS\"]\nregions = [\"EU\"]\n").unwrap();
    let c = conditions.display().to_string();
    let out = run(genofed().args([
        "ontology",
        "match",
        "--data-use",
        &c,
        "--purpose",
        "DS",
        "--disease",
        "MONDO:0005148",
        "--country",
        "FI",
        "--attest",
        "irb",
        "--today",
        "2026-11-24",
    ]));
    assert_eq!(
        out,
        "permit
  DS (DUO:0000007 disease specific research): satisfied: `MONDO:0005148 (type 2 diabetes mellitus)` is a `MONDO:0005015 (diabetes mellitus)`
  IRB (DUO:0000021 ethics approval required): satisfied: attested: local ethics (IRB/ERB) approval
  GS (DUO:0000022 geographical restriction): satisfied: `FI` is within `EU`
"
    );
    let out = run(genofed().args([
        "ontology",
        "match",
        "--data-use",
        &c,
        "--purpose",
        "DS",
        "--disease",
        "MONDO:0004992",
        "--country",
        "US",
        "--today",
        "2026-11-24",
    ]));
    assert_eq!(
        out,
        "deny
  DS (DUO:0000007 disease specific research): violated: `MONDO:0004992 (cancer)` is not subsumed by `MONDO:0005015 (diabetes mellitus)`
  IRB (DUO:0000021 ethics approval required): needs attestation: requires local ethics (IRB/ERB) approval
  GS (DUO:0000022 geographical restriction): violated: `US` is outside EU
"
    );
}

#[test]
fn node_config_loads_files_through_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.obo");
    std::fs::write(
        &extra,
        "[Term]\nid: MONDO:9000001\nname: local subtype of T2D\nis_a: MONDO:0005148\n",
    )
    .unwrap();
    let toml = format!(
        "[ontologies]\nfiles = [\"{}\", \"extra.obo\"]\ncache = \"cache/ontologies.bin\"\n",
        shared_ontology("duo.owl")
    );
    let config = NodeConfig::from_toml(&toml, dir.path()).unwrap();
    let cache = dir.path().join("cache/ontologies.bin");

    let store = load_ontologies(&config).unwrap();
    assert!(store.is_a_curie("MONDO:9000001", "MONDO:0005015").unwrap());
    assert!(store.term("DUO:0000044").is_ok());
    assert!(cache.exists());
    let written = std::fs::metadata(&cache).unwrap().modified().unwrap();

    // Unchanged sources: the cache is read, not rewritten.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = load_ontologies(&config).unwrap();
    assert_eq!(again.len(), store.len());
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        written
    );

    // A changed file makes it stale: rebuilt with the new term.
    std::fs::write(
        &extra,
        "[Term]\nid: MONDO:9000002\nname: another\nis_a: MONDO:0005147\n",
    )
    .unwrap();
    let rebuilt = load_ontologies(&config).unwrap();
    assert!(
        rebuilt
            .is_a_curie("MONDO:9000002", "MONDO:0007179")
            .unwrap()
    );
    assert!(rebuilt.lookup("MONDO:9000001").is_none());

    // A damaged cache is rebuilt too.
    std::fs::write(&cache, b"garbage").unwrap();
    let repaired = load_ontologies(&config).unwrap();
    assert_eq!(repaired.len(), rebuilt.len());
    assert!(genofed_ontologies::Store::read_cache(&cache).is_ok());

    // A broken file stops loading with its name and line.
    std::fs::write(&extra, "[Term]\nid: MONDO:9000003\nis_a: not an id\n").unwrap();
    let e = load_ontologies(&config).unwrap_err();
    let chain = format!(
        "{e}: {}",
        std::error::Error::source(&e)
            .map(|s| s.to_string())
            .unwrap_or_default()
    );
    assert!(chain.contains("extra.obo` line 3"), "{chain}");

    // Unknown keys are rejected.
    assert!(NodeConfig::from_toml("[ontologies]\nfile = [\"x.obo\"]\n", dir.path()).is_err());
}

#[test]
fn cache_command_writes_a_readable_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("duo.cache");
    let printed = run(genofed().args([
        "ontology",
        "--load",
        &shared_ontology("duo.owl"),
        "cache",
        "--out",
        &out.display().to_string(),
    ]));
    assert!(printed.starts_with("wrote "), "{printed}");
    let store = genofed_ontologies::Store::read_cache(&out).unwrap();
    assert!(store.term("DUO:0000044").is_ok());
}
