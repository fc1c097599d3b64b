//! `genofed crypt4gh`: keys, encryption, decryption and header re-encryption, compatible
//! with the GA4GH `crypt4gh` CLI. Passphrases come from an environment variable, never
//! from the command line.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use genofed_connectors::crypt4gh::{self, Crypt4ghReader, KeySource, PrivateKey, PublicKey};

use super::CliError;

#[derive(Debug, Args)]
pub struct Crypt4ghArgs {
    #[command(subcommand)]
    pub action: Action,
}

/// The environment variable a passphrase is read from (as the `crypt4gh` CLI).
const DEFAULT_PASSPHRASE_ENV: &str = "C4GH_PASSPHRASE";

#[derive(Debug, Args)]
pub struct SecretKeyArgs {
    /// Private key file.
    #[arg(long)]
    pub sk: PathBuf,
    /// Environment variable holding the private key's passphrase.
    #[arg(long, default_value = DEFAULT_PASSPHRASE_ENV)]
    pub passphrase_env: String,
    /// Open only header packets written by this public key (decrypt, reencrypt).
    #[arg(long)]
    pub sender_pk: Option<PathBuf>,
}

impl SecretKeyArgs {
    fn load(&self) -> Result<PrivateKey, CliError> {
        Ok(KeySource {
            key: self.sk.clone(),
            passphrase_env: Some(self.passphrase_env.clone()),
            passphrase: None,
            sender_pk: self.sender_pk.clone(),
        }
        .load()?)
    }
}

#[derive(Debug, Args)]
pub struct Streams {
    /// Input file (default: standard input).
    #[arg(long, short)]
    pub input: Option<PathBuf>,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

impl Streams {
    fn writer(&self) -> Result<Box<dyn Write>, CliError> {
        Ok(match &self.output {
            Some(p) => Box::new(BufWriter::with_capacity(1 << 20, File::create(p)?)),
            None => Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock())),
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Generate a key pair; the private key is protected when the passphrase variable is set.
    Keygen {
        #[arg(long)]
        sk: PathBuf,
        #[arg(long)]
        pk: PathBuf,
        /// Environment variable holding the passphrase for the new private key (unset or
        /// empty: the key is written unprotected).
        #[arg(long, default_value = DEFAULT_PASSPHRASE_ENV)]
        passphrase_env: String,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Encrypt for one or more recipients.
    Encrypt {
        #[command(flatten)]
        key: SecretKeyArgs,
        /// Recipient public key (repeatable).
        #[arg(long = "recipient-pk", required = true)]
        recipients: Vec<PathBuf>,
        /// Encrypt only this byte range of the input (`START-END`, end excluded, or `START`).
        #[arg(long)]
        range: Option<String>,
        #[command(flatten)]
        streams: Streams,
    },
    /// Decrypt (segments in parallel; edit lists applied).
    Decrypt {
        #[command(flatten)]
        key: SecretKeyArgs,
        /// Standard input is copied to a temporary file first (reads seek).
        #[command(flatten)]
        streams: Streams,
    },
    /// Rewrite only the header for new recipients, copying the data segments untouched.
    Reencrypt {
        #[command(flatten)]
        key: SecretKeyArgs,
        #[arg(long = "recipient-pk", required = true)]
        recipients: Vec<PathBuf>,
        /// Restrict the readable bytes with an edit list (`START-END`, end excluded, or
        /// `START`); only the data segments the range touches are copied.
        #[arg(long)]
        range: Option<String>,
        #[command(flatten)]
        streams: Streams,
    },
}

/// `START-END` (end excluded) or `START`.
fn parse_range(text: &str) -> Result<(u64, Option<u64>), CliError> {
    let bad = || {
        CliError::Usage(format!(
            "invalid range `{text}` (expected START-END or START)"
        ))
    };
    let (start, end) = match text.split_once('-') {
        Some((s, e)) => (s, Some(e)),
        None => (text, None),
    };
    let start: u64 = start.parse().map_err(|_| bad())?;
    let end = end
        .map(|e| e.parse::<u64>().map_err(|_| bad()))
        .transpose()?;
    if end.is_some_and(|e| e <= start) {
        return Err(bad());
    }
    Ok((start, end))
}

fn recipients(paths: &[PathBuf]) -> Result<Vec<PublicKey>, CliError> {
    paths
        .iter()
        .map(|p| PublicKey::read(p).map_err(CliError::from))
        .collect()
}

/// A seekable encrypted input: the file, or standard input spooled to a temporary file.
fn seekable(input: &Option<PathBuf>) -> Result<(PathBuf, Option<tempfile::TempPath>), CliError> {
    match input {
        Some(p) => Ok((p.clone(), None)),
        None => {
            let mut tmp = tempfile::NamedTempFile::new()?;
            std::io::copy(&mut std::io::stdin().lock(), &mut tmp)?;
            let path = tmp.into_temp_path();
            Ok((path.to_path_buf(), Some(path)))
        }
    }
}

pub fn run(args: Crypt4ghArgs) -> Result<(), CliError> {
    match args.action {
        Action::Keygen {
            sk,
            pk,
            passphrase_env,
            comment,
        } => {
            let key = PrivateKey::generate()?;
            let passphrase = std::env::var(&passphrase_env)
                .ok()
                .filter(|p| !p.is_empty());
            write_new(
                &sk,
                &key.to_pem(passphrase.as_deref(), comment.as_deref())?,
                true,
            )?;
            write_new(&pk, &key.public_key().to_pem(), false)?;
        }
        Action::Encrypt {
            key,
            recipients: rp,
            range,
            streams,
        } => {
            let sender = key.load()?;
            let recipients = recipients(&rp)?;
            let range = range.as_deref().map(parse_range).transpose()?;
            let mut input: Box<dyn Read> = match &streams.input {
                Some(p) => Box::new(File::open(p)?),
                None => Box::new(std::io::stdin().lock()),
            };
            // Like the Python CLI, a range encrypts only those bytes (no edit list, so the
            // recipient cannot read past them).
            if let Some((start, end)) = range {
                std::io::copy(&mut (&mut input).take(start), &mut std::io::sink())?;
                if let Some(end) = end {
                    input = Box::new(input.take(end - start));
                }
            }
            let mut out = streams.writer()?;
            crypt4gh::encrypt(&mut input, &mut out, &sender, &recipients, None)?;
        }
        Action::Decrypt { key, streams } => {
            let key = key.load()?;
            let (path, _tmp) = seekable(&streams.input)?;
            let reader = Crypt4ghReader::open(&path, &key)?;
            let mut out = streams.writer()?;
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
            crypt4gh::decrypt_to(&reader, &mut out, threads)?;
        }
        Action::Reencrypt {
            key,
            recipients: rp,
            range,
            streams,
        } => {
            let key = key.load()?;
            let recipients = recipients(&rp)?;
            let range = range.as_deref().map(parse_range).transpose()?;
            let (path, _tmp) = seekable(&streams.input)?;
            let mut out = streams.writer()?;
            crypt4gh::reencrypt(&path, &mut out, &key, &key, &recipients, range)?;
        }
    }
    Ok(())
}

/// Writes a key file that must not exist yet (private keys readable by the owner only).
fn write_new(path: &Path, text: &str, private: bool) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    if private {
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .map_err(|e| CliError::Usage(format!("cannot create `{}`: {e}", path.display())))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}
