//! Loading the node's ontology store, through its cache when one is configured.

use std::path::PathBuf;

use genofed_ontologies::{Store, builtin};

use crate::{EngineError, NodeConfig};

/// Builds the store the config describes. With `cache` set, a cache written by this
/// version whose sources (files and built-in vocabulary, by size and content hash) are
/// unchanged is read instead; a missing, stale or damaged cache is rebuilt and rewritten
/// (a cache that cannot be written is a warning, not an error).
pub fn load_ontologies(config: &NodeConfig) -> Result<Store, EngineError> {
    let oc = &config.ontologies;
    let files: Vec<PathBuf> = oc.files.iter().map(|f| config.resolve(f)).collect();
    let cache = oc.cache.as_ref().map(|c| config.resolve(c));
    if let Some(cache) = &cache
        && let Ok(store) = Store::read_cache(cache)
    {
        let mut expected: Vec<String> = Vec::new();
        if oc.builtin {
            expected.extend(builtin::sources().into_iter().map(|s| s.name));
        }
        expected.extend(files.iter().map(|f| f.display().to_string()));
        let names: Vec<&str> = store.sources().iter().map(|s| s.name.as_str()).collect();
        if names == expected && store.sources_current(&builtin::sources()) {
            return Ok(store);
        }
    }
    let mut builder = Store::builder();
    if oc.builtin {
        builder = builder.builtin()?;
    }
    for f in &files {
        builder = builder.load(f)?;
    }
    let store = builder.build()?;
    if let Some(cache) = &cache {
        // The cache only speeds up the next start: failing to write it is not fatal.
        let written = match cache.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| genofed_ontologies::Error::Io {
                    path: dir.to_path_buf(),
                    source,
                })
            }
            None => Ok(()),
        }
        .and_then(|()| store.write_cache(cache));
        if let Err(e) = written {
            eprintln!("warning: ontology cache not written: {e}");
        }
    }
    Ok(store)
}
