//! Parsing and strict validation of policy text against the shipped schema.

use std::path::Path;
use std::str::FromStr;

use cedar_policy::{PolicySet, Schema, ValidationMode, Validator};

use crate::PolicyError;

/// Parses `text` (read from `path`) and validates it in strict mode.
pub fn validate(path: &Path, text: &str, schema: &Schema) -> Result<PolicySet, PolicyError> {
    let set = PolicySet::from_str(text).map_err(|e| PolicyError::Parse {
        path: path.to_path_buf(),
        source: Box::new(e),
    })?;
    let result = Validator::new(schema.clone()).validate(&set, ValidationMode::Strict);
    if !result.validation_passed() {
        let message = result
            .validation_errors()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(PolicyError::Invalid {
            path: path.to_path_buf(),
            message,
        });
    }
    Ok(set)
}
