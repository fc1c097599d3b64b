//! The node configuration (TOML). Unknown keys are rejected so typos fail loudly.
//!
//! ```toml
//! [node]
//! name = "node-a"
//!
//! [datasets.cohort]
//! description = "Synthetic cohort"
//! vcf = ["data/cohort.vcf.gz"]   # VCF, bgzipped VCF or BCF; paths relative to this file
//!                               # (`.c4gh` Crypt4GH-encrypted files too, with a key:)
//! crypt4gh = { key = "keys/node.sec", passphrase_env = "GENOFED_KEY_PASSPHRASE" }
//! alignments = ["data/reads.bam", "data/more.cram"]   # BAM, CRAM, SAM (+ .bai/.csi/.crai)
//! reference = "data/ref.fa"                           # for CRAM, with ref.fa.fai
//! phenopackets = ["data/phenopackets/"]               # files, directories, .jsonl
//! samples = { S00001 = "IND00001" }                   # sample id -> individual id
//!
//! [datasets.cohort.consent]                          # GA4GH DUO, compiled to Cedar
//! permission = "DS"
//! diseases = ["MONDO:0005015"]
//! modifiers = ["IRB"]
//!
//! [datasets.cohort.consent_groups.hmb_only]          # participants with other consent
//! individuals = ["IND00007", "IND00011"]
//! consent = { permission = "HMB" }
//!
//! [policies]
//! dir = "policies"                                    # the operator's and DACs' .cedar files
//! discoverable = true                                 # anyone may list the datasets
//!
//! [ontologies]
//! files = ["ontologies/duo.owl", "ontologies/hp.obo"]  # OWL (RDF/XML, OWL/XML, OFN) or OBO
//! cache = "cache/ontologies.bin"                      # optional; rebuilt when stale
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::EngineError;

mod beacon;
mod network;

pub use self::beacon::{BeaconConfig, Environment, Organization};
pub use self::network::{FederationConfig, PeerConfig, ServerConfig, TlsConfig};

/// A whole node configuration.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    #[serde(default)]
    pub node: NodeSection,
    #[serde(default)]
    pub datasets: BTreeMap<String, DatasetConfig>,
    #[serde(default)]
    pub ontologies: OntologyConfig,
    #[serde(default)]
    pub policies: PolicyConfig,
    /// GA4GH Passports: the audience and the issuers this node trusts. Without it, the
    /// node accepts no passports (only anonymous requests and principal files).
    pub passports: Option<genofed_policies::passport::PassportConfig>,
    /// The approved access register: which research purposes a DAC approved for whom.
    /// With it, a researcher counts or reads a dataset only for an approved purpose.
    pub access: Option<AccessConfig>,
    /// The Flight SQL endpoint of `genofed serve`.
    #[serde(default)]
    pub server: ServerConfig,
    /// Peer nodes: with them this node is a coordinator whose sessions see each peer's
    /// tables as `<peer>.<dataset>.<table>` and their unions as `federated.<table>`.
    pub federation: Option<FederationConfig>,
    /// The Beacon v2 facade; without it `genofed serve` serves Flight SQL only.
    pub beacon: Option<BeaconConfig>,
    /// Directory that relative paths are resolved against (the config file's directory).
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// `[node]`: identity and execution settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSection {
    #[serde(default = "default_name")]
    pub name: String,
    /// Partitions per scan (defaults to the number of cores).
    pub target_partitions: Option<usize>,
}

impl Default for NodeSection {
    fn default() -> Self {
        Self {
            name: default_name(),
            target_partitions: None,
        }
    }
}

fn default_name() -> String {
    "genofed".to_string()
}

/// `[policies]`: Cedar policies of the node operator and DACs, beside those generated from
/// each dataset's consent. All are validated against genofed's schema when the node
/// starts; one that does not validate stops it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// A directory of `.cedar` files (read in name order).
    pub dir: Option<PathBuf>,
    /// Whether every dataset may be discovered (listed, named in errors) by anyone; when
    /// false, only `discover` permits in the node's own policies open them (default true).
    #[serde(default = "yes")]
    pub discoverable: bool,
}

/// `[ontologies]`: the terms policies and filters reason over.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OntologyConfig {
    /// Include genofed's embedded DUO vocabulary and MONDO fragment (default true).
    #[serde(default = "yes")]
    pub builtin: bool,
    /// Ontology files, merged in order.
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// A cache of the merged store, reused while every source is unchanged.
    pub cache: Option<PathBuf>,
}

impl Default for OntologyConfig {
    fn default() -> Self {
        Self {
            builtin: true,
            files: Vec::new(),
            cache: None,
        }
    }
}

impl Default for PolicyConfig {
    fn default() -> Self {
        Self {
            dir: None,
            discoverable: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// `[datasets.<id>]`: one dataset and its files.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DatasetConfig {
    #[serde(default)]
    pub description: String,
    /// VCF/BCF files (`.vcf`, `.vcf.gz`, `.bcf`); together they form the dataset's
    /// `variants` and `genotypes` tables.
    #[serde(default)]
    pub vcf: Vec<PathBuf>,
    /// BAM, CRAM and SAM files, together the dataset's `alignments` table.
    #[serde(default)]
    pub alignments: Vec<PathBuf>,
    /// The reference FASTA (with its `.fai`) CRAM files were compressed against.
    pub reference: Option<PathBuf>,
    /// Phenopackets v2 JSON files, directories of them, or JSON Lines files; they give the
    /// `individuals`, `phenotypic_features`, … tables.
    #[serde(default)]
    pub phenopackets: Vec<PathBuf>,
    /// Sample id (in the VCF/BAM files) → individual id, besides (and overriding) the
    /// links phenopackets declare in `files[].individualToFileIdentifiers`.
    #[serde(default)]
    pub samples: BTreeMap<String, String>,
    /// The data use conditions (GA4GH DUO) the dataset's participants consented to;
    /// compiled into Cedar policies (see `docs/policy-authors/cedar-policies.md`).
    pub consent: Option<genofed_ontologies::duo::DataUseSpec>,
    /// Participants whose own consent differs from the dataset's: each group's DUO
    /// conditions compile into Cedar policies on `Genofed::Dataset::"<dataset>/<group>"`,
    /// and a participant's rows are visible only when both the dataset's policies and
    /// their group's admit the request.
    #[serde(default)]
    pub consent_groups: BTreeMap<String, ConsentGroup>,
    /// Aggregate-only results need at least `k` individuals per output group.
    #[serde(default = "default_k")]
    pub k: u32,
    /// The node's key for Crypt4GH-encrypted files of this dataset.
    pub crypt4gh: Option<Crypt4ghConfig>,
    /// Which ControlledAccessGrants visas grant this dataset, and whether one is needed.
    #[serde(default)]
    pub grants: GrantsConfig,
}

/// `[datasets.<id>.grants]`: the DAC grants (GA4GH ControlledAccessGrants visas) of a
/// dataset.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GrantsConfig {
    /// Counting or reading needs a current grant (controlled access).
    #[serde(default)]
    pub required: bool,
    /// Visa values that grant this dataset (default: the dataset id itself).
    #[serde(default)]
    pub values: Vec<String>,
    /// Only grants with one of these `source`s (the DAC) count (default: any source,
    /// as long as a trusted issuer signed the visa).
    #[serde(default)]
    pub sources: Vec<String>,
}

/// `[access]`: the approved access register, as a DAC or REMS records it.
///
/// ```toml
/// [[access.approved]]
/// researcher = "alice@example.org"     # a passport subject; or `project = "P-42"`
/// dataset = "cohort"
/// purpose = "DS"
/// diseases = ["MONDO:0005148"]
/// until = "2027-12-31"                 # optional, inclusive
/// ```
///
/// and what the DAC recorded about its applicants that passports do not carry:
///
/// ```toml
/// [[access.researchers]]
/// id = "alice@example.org"             # a passport subject
/// country = "FI"                       # ISO 3166-1 alpha-2 (DUO GS)
/// institution = "University of Helsinki"   # (DUO IS)
/// organisation_type = "not_for_profit" # or "for_profit" (DUO NPU, NPUNCU)
/// ```
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AccessConfig {
    #[serde(default)]
    pub approved: Vec<Approval>,
    #[serde(default)]
    pub researchers: Vec<ResearcherRecord>,
}

/// An applicant as the DAC recorded them: facts DUO modifiers need (GS, IS, NPU) that a
/// GA4GH Passport does not carry. They fill in what the principal lacks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResearcherRecord {
    pub id: String,
    pub country: Option<String>,
    pub institution: Option<String>,
    pub organisation_type: Option<String>,
}

/// One approved purpose of a researcher (or of everyone in a project) on a dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub researcher: Option<String>,
    pub project: Option<String>,
    pub dataset: String,
    /// A DUO research purpose (GRU, HMB, DS, POA, …): requests for it or for a narrower
    /// purpose (DS(X) under HMB, a subtype of X under DS(X)) are approved.
    pub purpose: String,
    #[serde(default)]
    pub diseases: Vec<String>,
    pub until: Option<genofed_ontologies::Date>,
}

fn default_k() -> u32 {
    5
}

/// `[datasets.<id>.consent_groups.<group>]`: participants (individual ids, or sample ids)
/// who consented to other conditions than the dataset's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentGroup {
    pub individuals: Vec<String>,
    pub consent: genofed_ontologies::duo::DataUseSpec,
}

/// `crypt4gh = { key = "…", passphrase_env = "…" }`: a private key file and, if it is
/// protected, where its passphrase comes from (an environment variable, or `passphrase`
/// here). Never from the command line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crypt4ghConfig {
    pub key: PathBuf,
    pub passphrase_env: Option<String>,
    pub passphrase: Option<String>,
    /// Trust only header packets written by this public key.
    pub sender_pk: Option<PathBuf>,
}

impl NodeConfig {
    /// Reads and validates a config file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, EngineError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| EngineError::ReadConfig {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::from_toml(&text, base).map_err(|e| match e {
            EngineError::ParseConfig { source, .. } => EngineError::ParseConfig {
                path: path.to_path_buf(),
                source,
            },
            e => e,
        })
    }

    /// Parses config text; relative paths resolve against `base_dir`.
    pub fn from_toml(text: &str, base_dir: impl Into<PathBuf>) -> Result<Self, EngineError> {
        let mut config: NodeConfig =
            toml::from_str(text).map_err(|e| EngineError::ParseConfig {
                path: PathBuf::from("<inline>"),
                source: Box::new(e),
            })?;
        config.base_dir = base_dir.into();
        if let Some(p) = &mut config.passports {
            p.resolve_paths(&config.base_dir);
            p.check()
                .map_err(|e| EngineError::Invalid(format!("[passports]: {e}")))?;
        }
        if let Some(tls) = &mut config.server.tls {
            tls.cert = config.base_dir.join(&tls.cert);
            tls.key = config.base_dir.join(&tls.key);
        }
        if let Some(f) = &mut config.federation {
            f.resolve_paths(&config.base_dir);
            let datasets: Vec<&str> = config.datasets.keys().map(String::as_str).collect();
            f.check(&datasets)
                .map_err(|e| EngineError::Invalid(format!("[federation]: {e}")))?;
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), EngineError> {
        for (name, ds) in &self.datasets {
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok || name.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(EngineError::Invalid(format!(
                    "dataset id `{name}` must be lowercase letters, digits and `_`, not starting with a digit"
                )));
            }
            if matches!(name.as_str(), "public" | "information_schema") {
                return Err(EngineError::Invalid(format!(
                    "dataset id `{name}` is reserved"
                )));
            }
            if ds.vcf.is_empty() && ds.alignments.is_empty() && ds.phenopackets.is_empty() {
                return Err(EngineError::Invalid(format!(
                    "dataset `{name}` lists no files (`vcf`, `alignments` or `phenopackets`)"
                )));
            }
            let mut seen = BTreeMap::new();
            for (group, g) in &ds.consent_groups {
                let ok = !group.is_empty()
                    && group
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !ok {
                    return Err(EngineError::Invalid(format!(
                        "dataset `{name}`: consent group `{group}` must be lowercase letters, digits and `_`"
                    )));
                }
                for id in &g.individuals {
                    if let Some(other) = seen.insert(id.clone(), group.clone()) {
                        return Err(EngineError::Invalid(format!(
                            "dataset `{name}`: `{id}` is in consent groups `{other}` and `{group}`"
                        )));
                    }
                }
            }
            if ds.reference.is_some() && ds.alignments.is_empty() {
                return Err(EngineError::Invalid(format!(
                    "dataset `{name}` has a `reference` but no `alignments`"
                )));
            }
        }
        if let Some(access) = &self.access {
            for (i, a) in access.approved.iter().enumerate() {
                let n = i + 1;
                if a.researcher.is_none() == a.project.is_none() {
                    return Err(EngineError::Invalid(format!(
                        "[[access.approved]] #{n}: name exactly one of `researcher` and `project`"
                    )));
                }
                if !self.datasets.contains_key(&a.dataset) {
                    return Err(EngineError::Invalid(format!(
                        "[[access.approved]] #{n}: no dataset `{}`",
                        a.dataset
                    )));
                }
            }
            let mut ids = std::collections::BTreeSet::new();
            for r in &access.researchers {
                if !ids.insert(r.id.as_str()) {
                    return Err(EngineError::Invalid(format!(
                        "[[access.researchers]]: `{}` is recorded twice",
                        r.id
                    )));
                }
                crate::access::organisation(r.organisation_type.as_deref())?;
            }
        }
        Ok(())
    }

    /// A path from the config, resolved against the config's directory.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys_and_bad_ids() {
        assert!(NodeConfig::from_toml("[node]\nnmae = \"x\"\n", ".").is_err());
        assert!(NodeConfig::from_toml("[datasets.Bad]\nvcf = [\"a.vcf\"]\n", ".").is_err());
        assert!(NodeConfig::from_toml("[datasets.ok]\nvcf = []\n", ".").is_err());
        let c = NodeConfig::from_toml("[datasets.ok]\nvcf = [\"a.vcf\"]\n", "/data").unwrap();
        assert_eq!(
            c.resolve(&c.datasets["ok"].vcf[0]),
            PathBuf::from("/data/a.vcf")
        );
    }
}
