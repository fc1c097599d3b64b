//! The `crypt4gh.*` options every `CREATE EXTERNAL TABLE … STORED AS …` accepts.

use std::path::PathBuf;

use datafusion::error::DataFusionError;

use crate::crypt4gh::KeySource;

/// Names of the options, for error messages.
pub(crate) const KEY_OPTIONS: &str =
    "`crypt4gh.key`, `crypt4gh.passphrase_env`, `crypt4gh.sender_pk`";

/// `'crypt4gh.key' 'node.sec'` (and `'crypt4gh.passphrase_env' 'VAR'` for a protected key,
/// `'crypt4gh.sender_pk' 'writer.pub'` to trust only that writer's header packets).
#[derive(Debug, Default)]
pub(crate) struct KeyOptions {
    key: Option<PathBuf>,
    passphrase_env: Option<String>,
    sender_pk: Option<PathBuf>,
}

impl KeyOptions {
    /// Takes option `name` if it is one of these; `false` otherwise.
    pub fn take(&mut self, name: &str, value: &str) -> bool {
        match name {
            "crypt4gh.key" => self.key = Some(value.into()),
            "crypt4gh.passphrase_env" => self.passphrase_env = Some(value.into()),
            "crypt4gh.sender_pk" => self.sender_pk = Some(value.into()),
            _ => return false,
        }
        true
    }

    /// The key to load, if one was named.
    pub fn finish(self) -> Result<Option<KeySource>, DataFusionError> {
        match self.key {
            Some(key) => Ok(Some(KeySource {
                key,
                passphrase_env: self.passphrase_env,
                sender_pk: self.sender_pk,
                ..KeySource::default()
            })),
            None if self.passphrase_env.is_some() || self.sender_pk.is_some() => {
                Err(DataFusionError::Plan(
                    "`crypt4gh.passphrase_env` and `crypt4gh.sender_pk` need `crypt4gh.key`".into(),
                ))
            }
            None => Ok(None),
        }
    }
}
