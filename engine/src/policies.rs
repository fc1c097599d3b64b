//! The node's Cedar policies: those compiled from each dataset's DUO consent and those in
//! the `[policies]` directory, each validated strictly against genofed's schema when the
//! node starts. A policy that does not parse or validate stops the node, with Cedar's
//! diagnostic and the file it came from.

use std::path::{Path, PathBuf};

use cedar_policy::{PolicySet, Schema};
use genofed_ontologies::Store;

use crate::{EngineError, NodeConfig};

/// One source of policies: a generated consent or an operator file.
#[derive(Debug, Clone)]
pub struct PolicySource {
    /// `<dataset>.cedar (generated)` or the file's path.
    pub name: PathBuf,
    pub text: String,
}

/// Every policy of a node, validated.
#[derive(Debug, Clone)]
pub struct NodePolicies {
    pub schema: Schema,
    pub policies: PolicySet,
    pub sources: Vec<PolicySource>,
}

/// `[policies] discoverable = true`: anyone may learn which datasets exist.
const DISCOVERABLE: &str =
    "// Every dataset may be discovered: `[policies] discoverable = true` in the node config.
@id(\"node.discoverable\")
permit (principal, action == Genofed::Action::\"discover\", resource);
";

/// The policies compiled from each dataset's consent and each consent group's (as
/// dataset `<dataset>/<group>`), in id order.
pub fn compiled(config: &NodeConfig, store: &Store) -> Result<Vec<(String, String)>, EngineError> {
    let mut out = Vec::new();
    for (name, ds) in &config.datasets {
        let mut text = match &ds.consent {
            Some(spec) => {
                let conditions = spec.resolve(store).map_err(|source| EngineError::Consent {
                    dataset: name.clone(),
                    source,
                })?;
                genofed_policies::compile(name, &conditions, store)
            }
            None => String::new(),
        };
        if ds.grants.required {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&genofed_policies::compile::controlled(name));
        }
        if !text.is_empty() {
            out.push((name.clone(), text));
        }
    }
    for (name, ds) in &config.datasets {
        for (group, g) in &ds.consent_groups {
            let id = format!("{name}/{group}");
            let conditions = g
                .consent
                .resolve(store)
                .map_err(|source| EngineError::Consent {
                    dataset: id.clone(),
                    source,
                })?;
            let text = genofed_policies::compile(&id, &conditions, store);
            out.push((id, text));
        }
    }
    Ok(out)
}

fn cedar_files(dir: &Path) -> Result<Vec<PathBuf>, EngineError> {
    let io = |source| EngineError::ReadConfig {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "cedar") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Compiles, reads and validates every policy of the node (plus `extra` files).
pub fn load(
    config: &NodeConfig,
    store: &Store,
    extra: &[PathBuf],
) -> Result<NodePolicies, EngineError> {
    let schema = genofed_policies::schema()?;
    let mut sources = Vec::new();
    for (dataset, text) in compiled(config, store)? {
        sources.push(PolicySource {
            name: PathBuf::from(format!("{dataset}.cedar (generated)")),
            text,
        });
    }
    if config.policies.discoverable {
        sources.push(PolicySource {
            name: PathBuf::from("node.cedar (generated)"),
            text: DISCOVERABLE.to_string(),
        });
    }
    let mut files = match &config.policies.dir {
        Some(dir) => cedar_files(&config.resolve(dir))?,
        None => Vec::new(),
    };
    files.extend(extra.iter().cloned());
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|source| EngineError::ReadConfig {
            path: path.clone(),
            source,
        })?;
        sources.push(PolicySource { name: path, text });
    }
    let mut policies = PolicySet::new();
    for s in &sources {
        let set = genofed_policies::validate(&s.name, &s.text, &schema)?;
        for p in set.policies() {
            crate::access::Mask::parse(p.annotation("mask")).map_err(|why| {
                EngineError::Invalid(format!(
                    "`{}`: policy `{}`: {why}",
                    s.name.display(),
                    p.id()
                ))
            })?;
        }
        // Each file numbers its policies from `policy0`: rename on merging.
        policies
            .merge(&set, true)
            .map_err(|e| EngineError::Invalid(format!("`{}`: {e}", s.name.display())))?;
    }
    Ok(NodePolicies {
        schema,
        policies,
        sources,
    })
}
