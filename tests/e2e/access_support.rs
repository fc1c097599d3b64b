//! A node with genotypes and phenopackets for the access tests, and requesters.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use genofed::engine::access::{AccessDenied, Requester, identity_facts};
use genofed::engine::genofed_policies::{Principal, Researcher};
use genofed::engine::{Node, NodeConfig};
use genofed::generate::{CohortFiles, FormatSet, GenerateOptions, generate, write_phenopackets};
use genofed_ontologies::duo::{Attestation, RequestFacts, ResearchPurpose};
use genofed_ontologies::{Date, Store};

use super::support::runtime;

/// Files of a cohort with genotypes (24 samples) and one phenopacket per sample.
pub struct Files {
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
}

pub const SAMPLES: usize = 24;

pub fn files() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = GenerateOptions {
            seed: 31,
            name: "cohort".into(),
            records: 400,
            samples: SAMPLES,
            formats: FormatSet {
                vcf_gz_tbi: true,
                ..FormatSet::NONE
            },
            ..Default::default()
        };
        generate(&opts, dir.path(), &|_| {}).expect("generate");
        write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir.path())
            .expect("phenopackets");
        Files {
            dir: dir.path().to_path_buf(),
            _dir: dir,
        }
    })
}

/// A node over [`files`]: `cohort` (VCF + phenopackets) with `extra` appended to its
/// config, and `policies` written as the node's `.cedar` directory.
pub fn node(extra: &str, policies: &str) -> (tempfile::TempDir, Node) {
    let f = files();
    let conf = tempfile::tempdir().expect("tempdir");
    let dir = conf.path().join("policies");
    std::fs::create_dir(&dir).expect("policies dir");
    std::fs::write(dir.join("operator.cedar"), policies).expect("policies");
    let toml = format!(
        "[datasets.cohort]\nvcf = [\"{d}/cohort.vcf.gz\"]\nphenopackets = [\"{d}/cohort.phenopackets\"]\n\
         {extra}\n[policies]\ndir = \"{p}\"\n",
        d = f.dir.display(),
        p = dir.display()
    );
    let config = NodeConfig::from_toml(&toml, conf.path()).expect("config");
    let node = runtime().block_on(Node::open(config)).expect("node");
    (conf, node)
}

/// A researcher from `country` with `purpose` (and diseases), attesting `irb`.
pub fn requester(
    store: &Store,
    country: Option<&str>,
    purpose: &str,
    diseases: &[&str],
    irb: bool,
) -> Requester {
    let principal = Principal::Researcher(Researcher {
        id: "alice@example.org".into(),
        issuer: "https://issuer.example".into(),
        bona_fide: true,
        country: country.map(str::to_string),
        ..Researcher::default()
    });
    let mut facts = RequestFacts::new(Date::new(2026, 11, 24).expect("date"));
    if irb {
        facts.attestations.insert(Attestation::EthicsApproval);
    }
    identity_facts(&principal, &mut facts);
    Requester {
        principal,
        purpose: ResearchPurpose::parse(purpose, diseases, store).expect("purpose"),
        facts,
    }
}

/// Runs `sql` as `requester`: rows, or the error's text and whether it is a denial.
pub fn remote(
    node: &Node,
    requester: Requester,
    sql: &str,
) -> Result<Vec<RecordBatch>, (bool, String)> {
    runtime().block_on(async {
        let session = node
            .remote_session(requester)
            .map_err(|e| (false, e.to_string()))?;
        session
            .collect(sql)
            .await
            .map_err(|e| (AccessDenied::find(&e).is_some(), e.to_string()))
    })
}

/// Runs `sql` as the operator.
pub fn operator(node: &Node, sql: &str) -> Vec<RecordBatch> {
    runtime().block_on(async {
        node.operator_session()
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run")
    })
}

/// The dataset's directory.
pub fn data_dir() -> &'static Path {
    &files().dir
}
