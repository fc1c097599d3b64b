//! Passports on a node: a verified researcher reads what policy allows for an approved
//! purpose; unapproved purposes, foreign or expired grants, and bad tokens are refused.

use std::process::Command;

use arrow::array::{Array, Int64Array};
use genofed::engine::genofed_policies::passport::{IssuerKey, SigningAlgorithm, VisaSpec};
use genofed::engine::{IdentityError, Node};
use genofed_ontologies::Date;
use genofed_ontologies::duo::{RequestFacts, ResearchPurpose};

use super::access_support::{files, node, remote};

const NODE: &str = "https://node.test";
const BROKER: &str = "https://broker.test/";
const DAC: &str = "https://dac.test/";
const BONA_FIDE: &str = "https://doi.org/10.1038/s41431-018-0219-y";

struct Setup {
    _keys: tempfile::TempDir,
    _conf: tempfile::TempDir,
    node: Node,
    broker: IssuerKey,
    dac: IssuerKey,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn setup() -> Setup {
    let keys = tempfile::tempdir().expect("tempdir");
    let broker = IssuerKey::generate(BROKER, SigningAlgorithm::Es256).expect("key");
    let dac = IssuerKey::generate(DAC, SigningAlgorithm::Rs256).expect("key");
    let bj = keys.path().join("broker.jwks.json");
    let dj = keys.path().join("dac.jwks.json");
    std::fs::write(&bj, broker.jwks_json()).expect("jwks");
    std::fs::write(&dj, dac.jwks_json()).expect("jwks");
    let d = files().dir.display().to_string();
    let extra = format!(
        r#"consent = {{ permission = "GRU" }}
grants = {{ required = true }}

[datasets.other]
phenopackets = ["{d}/cohort.phenopackets"]
consent = {{ permission = "GRU" }}
grants = {{ required = true, values = ["https://dac.test/datasets/other"], sources = ["{DAC}"] }}

[datasets.eu]
phenopackets = ["{d}/cohort.phenopackets"]
consent = {{ permission = "GRU", modifiers = ["GS"], regions = ["EU"] }}

[datasets.us]
phenopackets = ["{d}/cohort.phenopackets"]
consent = {{ permission = "GRU", modifiers = ["GS"], regions = ["US"] }}

[passports]
audience = "{NODE}"

[[passports.issuers]]
issuer = "{BROKER}"
jwks_file = "{bj}"

[[passports.issuers]]
issuer = "{DAC}"
jwks_file = "{dj}"
signs = ["visas"]

[[access.approved]]
researcher = "alice"
dataset = "cohort"
purpose = "HMB"

[[access.approved]]
project = "P-7"
dataset = "other"
purpose = "GRU"

[[access.approved]]
researcher = "alice"
dataset = "eu"
purpose = "GRU"

[[access.approved]]
researcher = "alice"
dataset = "us"
purpose = "GRU"

[[access.researchers]]
id = "alice"
country = "FI"
"#,
        bj = bj.display(),
        dj = dj.display()
    );
    let (conf, node) = node(&extra, "");
    Setup {
        _keys: keys,
        _conf: conf,
        node,
        broker,
        dac,
    }
}

impl Setup {
    fn grant(&self, value: &str, source: &str, exp: i64) -> String {
        let now = now();
        self.dac
            .visa(
                &VisaSpec::new("alice", "ControlledAccessGrants", value, source, now - 600)
                    .by("dac")
                    .expires(exp),
            )
            .expect("visa")
    }

    fn passport(&self, visas: &[String]) -> String {
        let status = self
            .broker
            .visa(&VisaSpec::new("alice", "ResearcherStatus", BONA_FIDE, BROKER, now()).by("so"))
            .expect("visa");
        let mut all = vec![status];
        all.extend_from_slice(visas);
        self.broker
            .passport("alice", &[NODE], now(), 3600, &all)
            .expect("passport")
    }

    /// `count(*)` of `table` with `token` and `purpose` (project `P-7` if `project`).
    fn count(
        &self,
        token: Option<&str>,
        purpose: &str,
        diseases: &[&str],
        project: bool,
        table: &str,
    ) -> Result<i64, String> {
        let store = self.node.ontologies();
        let purpose = ResearchPurpose::parse(purpose, diseases, store).expect("purpose");
        let mut facts = RequestFacts::new(Date::today());
        if project {
            facts.project = Some("P-7".into());
        }
        let requester = self
            .node
            .requester(token, purpose, facts)
            .map_err(|e| format!("unauthenticated: {e}"))?;
        let batches = remote(
            &self.node,
            requester,
            &format!("SELECT count(*) FROM {table}"),
        )
        .map_err(|(_, e)| e)?;
        let col = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .expect("count");
        assert_eq!(col.len(), 1);
        Ok(col.value(0))
    }
}

#[test]
fn an_approved_purpose_reads_and_an_unapproved_one_is_denied_with_the_reason() {
    let s = setup();
    let token = s.passport(&[s.grant("cohort", DAC, now() + 86_400)]);
    let t = Some(token.as_str());
    // HMB is approved; a disease-specific purpose is narrower, so approved too.
    assert_eq!(s.count(t, "HMB", &[], false, "cohort.individuals"), Ok(24));
    assert_eq!(
        s.count(t, "DS", &["MONDO:0005148"], false, "cohort.individuals"),
        Ok(24)
    );
    // The consent (GRU) admits general research, but the register approved only HMB.
    let e = s
        .count(t, "GRU", &[], false, "cohort.individuals")
        .unwrap_err();
    assert!(e.contains("the purpose is not approved"), "{e}");
    assert!(e.contains("approves only HMB"), "{e}");
}

#[test]
fn a_grant_for_one_dataset_never_opens_another() {
    let s = setup();
    let token = s.passport(&[s.grant("cohort", DAC, now() + 86_400)]);
    let e = s
        .count(Some(&token), "GRU", &[], true, "other.individuals")
        .unwrap_err();
    assert!(e.contains("`other.grant`"), "{e}");
    // `other` is granted by its own value, from its DAC (and approved for project P-7).
    let value = "https://dac.test/datasets/other";
    let token = s.passport(&[s.grant(value, DAC, now() + 86_400)]);
    assert_eq!(
        s.count(Some(&token), "GRU", &[], true, "other.individuals"),
        Ok(24)
    );
    // Without the project, the register has no approval for alice on `other`.
    let e = s
        .count(Some(&token), "GRU", &[], false, "other.individuals")
        .unwrap_err();
    assert!(
        e.contains("approves no purpose of researcher `alice`"),
        "{e}"
    );
    // The same value from another source is not `other`'s DAC's grant.
    let token = s.passport(&[s.grant(value, "https://elsewhere.test/", now() + 86_400)]);
    let e = s
        .count(Some(&token), "GRU", &[], true, "other.individuals")
        .unwrap_err();
    assert!(e.contains("`other.grant`"), "{e}");
}

#[test]
fn the_registers_record_supplies_the_country_a_passport_lacks() {
    let s = setup();
    let token = s.passport(&[]);
    // Alice's record says FI: the EU-restricted consent admits her, the US one does not.
    assert_eq!(
        s.count(Some(&token), "GRU", &[], false, "eu.individuals"),
        Ok(24)
    );
    let e = s
        .count(Some(&token), "GRU", &[], false, "us.individuals")
        .unwrap_err();
    assert!(e.contains("`us.duo.GS`"), "{e}");
}

#[test]
fn expired_grants_do_not_grant() {
    let s = setup();
    let token = s.passport(&[s.grant("cohort", DAC, now() - 60 * 10)]);
    let e = s
        .count(Some(&token), "HMB", &[], false, "cohort.individuals")
        .unwrap_err();
    assert!(e.contains("`cohort.grant`"), "{e}");
}

#[test]
fn no_token_is_anonymous_and_a_bad_token_is_unauthenticated() {
    let s = setup();
    let e = s
        .count(None, "HMB", &[], false, "cohort.individuals")
        .unwrap_err();
    assert!(e.contains("`cohort.grant`"), "{e}");
    let token = s.passport(&[]);
    let forged = format!("{}x", &token[..token.len() - 1]);
    let store = s.node.ontologies();
    let purpose = ResearchPurpose::parse("HMB", &[], store).expect("purpose");
    let e = s
        .node
        .requester(Some(&forged), purpose, RequestFacts::new(Date::today()))
        .unwrap_err();
    assert!(matches!(e, IdentityError::Passport(_)), "{e}");
}

fn genofed() -> Command {
    Command::new(env!("CARGO_BIN_EXE_genofed"))
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run genofed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn cli_keygen_mint_verify_and_sql_with_a_passport() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    run(genofed()
        .args(["passport", "keygen", "--name", "broker", "--out"])
        .arg(d));
    run(genofed()
        .args([
            "passport", "keygen", "--alg", "rs256", "--name", "dac", "--out",
        ])
        .arg(d));
    let data = files().dir.display().to_string();
    std::fs::write(
        d.join("node.toml"),
        format!(
            r#"[datasets.cohort]
phenopackets = ["{data}/cohort.phenopackets"]
consent = {{ permission = "HMB" }}
grants = {{ required = true }}

[passports]
audience = "{NODE}"

[[passports.issuers]]
issuer = "{BROKER}"
jwks_file = "broker.jwks.json"

[[passports.issuers]]
issuer = "{DAC}"
jwks_file = "dac.jwks.json"
signs = ["visas"]

[[access.approved]]
researcher = "alice"
dataset = "cohort"
purpose = "HMB"
"#
        ),
    )
    .expect("config");
    std::fs::write(
        d.join("alice.toml"),
        format!(
            r#"[passport]
issuer = "{BROKER}"
key = "broker.pem"
subject = "alice"
audience = ["{NODE}"]

[[visas]]
issuer = "{DAC}"
key = "dac.pem"
type = "ControlledAccessGrants"
value = "cohort"
source = "{DAC}"
by = "dac"

[[visas]]
issuer = "https://stranger.test/"
key = "dac.pem"
type = "ControlledAccessGrants"
value = "cohort"
source = "{DAC}"
by = "dac"
"#
        ),
    )
    .expect("spec");
    let token = d.join("alice.jwt");
    run(genofed()
        .args(["passport", "mint"])
        .arg(d.join("alice.toml"))
        .arg("--out")
        .arg(&token));
    let shown = run(genofed()
        .args(["passport", "verify", "--config"])
        .arg(d.join("node.toml"))
        .arg(&token));
    assert!(shown.contains("grant:        `cohort`"), "{shown}");
    assert!(shown.contains("-> cohort"), "{shown}");
    assert!(
        shown.contains(
            "visa #2 (https://stranger.test/): issuer `https://stranger.test/` is not trusted"
        ),
        "{shown}"
    );
    let sql = |purpose: &str| {
        genofed()
            .args(["sql", "--format", "csv", "--config"])
            .arg(d.join("node.toml"))
            .arg("--passport")
            .arg(&token)
            .args([
                "--purpose",
                purpose,
                "-c",
                "SELECT count(*) AS n FROM cohort.individuals",
            ])
            .output()
            .expect("run")
    };
    let out = sql("HMB");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "n\n24");
    let out = sql("GRU");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not approved"), "{err}");
    // A token that is not a passport: rejected, with the reason.
    std::fs::write(d.join("bad.jwt"), "eyJhbGciOiJub25lIn0.e30.").expect("write");
    let out = genofed()
        .args(["passport", "verify", "--config"])
        .arg(d.join("node.toml"))
        .arg(d.join("bad.jwt"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("algorithm `none`"), "{err}");
}
