//! The TOML spec `genofed passport mint` signs:
//!
//! ```toml
//! [passport]
//! issuer = "https://broker.test/"
//! key = "broker.pem"                  # relative to the spec file
//! subject = "alice@example.org"
//! audience = ["https://node-a.test"]
//! lifetime_seconds = 3600
//!
//! [[visas]]
//! issuer = "https://dac.test/"
//! key = "dac.pem"
//! type = "ControlledAccessGrants"
//! value = "cohort"
//! source = "https://dac.test/"
//! by = "dac"
//! lifetime_seconds = 31536000
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use genofed_policies::passport::{IssuerKey, VisaSpec, now};
use serde::Deserialize;

use crate::cli::CliError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    passport: PassportSpec,
    #[serde(default)]
    visas: Vec<VisaEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PassportSpec {
    issuer: String,
    key: PathBuf,
    subject: String,
    audience: Vec<String>,
    #[serde(default = "hour")]
    lifetime_seconds: i64,
    /// Seconds since the epoch (default: now).
    issued_at: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VisaEntry {
    issuer: String,
    key: PathBuf,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    source: String,
    by: Option<String>,
    /// Default: the passport's subject.
    subject: Option<String>,
    #[serde(default = "year")]
    lifetime_seconds: i64,
    issued_at: Option<i64>,
    asserted: Option<i64>,
    jku: Option<String>,
    conditions: Option<toml::Value>,
}

fn hour() -> i64 {
    3600
}

fn year() -> i64 {
    365 * 86_400
}

/// Signs the passport `path` describes.
pub fn mint(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path)?;
    let spec: Spec =
        toml::from_str(&text).map_err(|e| CliError::Usage(format!("`{}`: {e}", path.display())))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut keys: HashMap<(String, PathBuf), IssuerKey> = HashMap::new();
    let now = now();
    let mut visas = Vec::new();
    for v in &spec.visas {
        let signer = key(&mut keys, base, &v.issuer, &v.key)?;
        let issued = v.issued_at.unwrap_or(now);
        let mut visa = VisaSpec::new(
            v.subject.as_deref().unwrap_or(&spec.passport.subject),
            &v.kind,
            &v.value,
            &v.source,
            issued,
        )
        .expires(issued + v.lifetime_seconds);
        visa.asserted = v.asserted.unwrap_or(issued);
        visa.by.clone_from(&v.by);
        visa.jku.clone_from(&v.jku);
        if let Some(c) = &v.conditions {
            visa.conditions = Some(
                serde_json::to_value(c).map_err(|e| CliError::Usage(format!("conditions: {e}")))?,
            );
        }
        visas.push(signer.visa(&visa)?);
    }
    let p = &spec.passport;
    let signer = key(&mut keys, base, &p.issuer, &p.key)?;
    let audience: Vec<&str> = p.audience.iter().map(String::as_str).collect();
    Ok(signer.passport(
        &p.subject,
        &audience,
        p.issued_at.unwrap_or(now),
        p.lifetime_seconds,
        &visas,
    )?)
}

/// The key in `file` for `issuer`, read once.
fn key<'a>(
    keys: &'a mut HashMap<(String, PathBuf), IssuerKey>,
    base: &Path,
    issuer: &str,
    file: &Path,
) -> Result<&'a IssuerKey, CliError> {
    let k = (issuer.to_string(), file.to_path_buf());
    if !keys.contains_key(&k) {
        let pem = std::fs::read_to_string(base.join(file))?;
        keys.insert(k.clone(), IssuerKey::from_pem(issuer, &pem)?);
    }
    Ok(&keys[&k])
}
