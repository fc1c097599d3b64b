//! Crypt4GH key files: `-----BEGIN CRYPT4GH PRIVATE KEY-----` (unencrypted, or protected
//! by a passphrase through scrypt / bcrypt-pbkdf and ChaCha20-Poly1305) and
//! `-----BEGIN CRYPT4GH PUBLIC KEY-----`.
//!
//! Private key blob: `c4gh-v1`, then u16-BE-length-prefixed strings: KDF name (`none`,
//! `scrypt`, `bcrypt`), for a KDF its options (u32 BE rounds + salt), cipher name (`none` or
//! `chacha20_poly1305`), key material (32 bytes, or nonce + encrypted key + MAC), and an
//! optional comment.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use blake2::{Blake2b512, Digest};
use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use x25519_dalek::{PublicKey as XPublic, StaticSecret};
use zeroize::Zeroizing;

use crate::{Error, ErrorKind, Location};

const PRIVATE_BEGIN: &str = "-----BEGIN CRYPT4GH PRIVATE KEY-----";
const PRIVATE_END: &str = "-----END CRYPT4GH PRIVATE KEY-----";
const PUBLIC_BEGIN: &str = "-----BEGIN CRYPT4GH PUBLIC KEY-----";
const PUBLIC_END: &str = "-----END CRYPT4GH PUBLIC KEY-----";
const KEY_MAGIC: &[u8] = b"c4gh-v1";

/// A recipient's (or sender's) X25519 public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

/// An X25519 private key; the secret is zeroed when dropped.
#[derive(Clone)]
pub struct PrivateKey {
    secret: Zeroizing<[u8; 32]>,
    public: PublicKey,
    /// Only header packets written by this key are opened, if set.
    sender: Option<PublicKey>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

fn key_error(path: &Path, what: impl Into<String>) -> Error {
    Error::new(path, Location::File, ErrorKind::KeyFile(what.into()))
}

fn read_text(path: &Path) -> Result<Zeroizing<String>, Error> {
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| Error::new(path, Location::File, ErrorKind::Io(e)))
}

/// The base64 body between armor lines.
fn unarmor(path: &Path, text: &str, begin: &str, end: &str) -> Result<Vec<u8>, Error> {
    let text = text.trim();
    let body = text
        .strip_prefix(begin)
        .and_then(|t| t.strip_suffix(end))
        .ok_or_else(|| key_error(path, format!("expected `{begin}` … `{end}`")))?;
    let b64: Zeroizing<String> = Zeroizing::new(body.split_whitespace().collect());
    STANDARD
        .decode(b64.as_bytes())
        .map_err(|e| key_error(path, format!("bad base64: {e}")))
}

fn armor(begin: &str, end: &str, bytes: &[u8]) -> String {
    format!("{begin}\n{}\n{end}\n", STANDARD.encode(bytes))
}

impl PublicKey {
    /// Reads a `CRYPT4GH PUBLIC KEY` file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        Self::parse(path, &read_text(path)?)
    }

    /// Parses the text of a public key file (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Self, Error> {
        let bytes = unarmor(path, text, PUBLIC_BEGIN, PUBLIC_END)?;
        let key: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            key_error(
                path,
                format!("a public key has 32 bytes, this one {}", b.len()),
            )
        })?;
        Ok(Self(key))
    }

    /// The key file text.
    pub fn to_pem(&self) -> String {
        armor(PUBLIC_BEGIN, PUBLIC_END, &self.0)
    }
}

/// Reads a u16-BE-length-prefixed string.
fn take_string<'a>(path: &Path, blob: &mut &'a [u8], what: &str) -> Result<&'a [u8], Error> {
    let short = || key_error(path, format!("truncated key blob: {what} missing"));
    let (len, rest) = blob.split_first_chunk::<2>().ok_or_else(short)?;
    let len = usize::from(u16::from_be_bytes(*len));
    if rest.len() < len {
        return Err(short());
    }
    let (s, rest) = rest.split_at(len);
    *blob = rest;
    Ok(s)
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s);
}

/// Derives the 32-byte key that protects a private key file.
fn derive(
    path: &Path,
    kdf: &[u8],
    passphrase: &[u8],
    salt: &[u8],
    rounds: u32,
) -> Result<Zeroizing<[u8; 32]>, Error> {
    let mut out = Zeroizing::new([0u8; 32]);
    match kdf {
        b"scrypt" => {
            let params = scrypt::Params::new(14, 8, 1)
                .map_err(|e| key_error(path, format!("scrypt parameters: {e}")))?;
            scrypt::scrypt(passphrase, salt, &params, out.as_mut())
                .map_err(|e| key_error(path, format!("scrypt: {e}")))?;
        }
        b"bcrypt" if rounds > 1 << 20 => {
            return Err(key_error(
                path,
                format!("bcrypt rounds {rounds} out of range"),
            ));
        }
        b"bcrypt" => {
            bcrypt_pbkdf::bcrypt_pbkdf(passphrase, salt, rounds, out.as_mut())
                .map_err(|e| key_error(path, format!("bcrypt-pbkdf: {e}")))?;
        }
        other => {
            return Err(key_error(
                path,
                format!(
                    "unsupported KDF `{}` (genofed reads scrypt and bcrypt)",
                    String::from_utf8_lossy(other)
                ),
            ));
        }
    }
    Ok(out)
}

impl PrivateKey {
    /// A new random key.
    pub fn generate() -> std::io::Result<Self> {
        let mut secret = Zeroizing::new([0u8; 32]);
        getrandom::fill(secret.as_mut()).map_err(std::io::Error::other)?;
        Ok(Self::from_secret(*secret))
    }

    /// The key with these secret bytes.
    pub fn from_secret(secret: [u8; 32]) -> Self {
        let public = XPublic::from(&StaticSecret::from(secret)).to_bytes();
        Self {
            secret: Zeroizing::new(secret),
            public: PublicKey(public),
            sender: None,
        }
    }

    /// This key, opening only header packets written by `sender` (the Python CLI's
    /// `--sender_pk`): a packet someone else added to the header is ignored.
    pub fn with_expected_sender(mut self, sender: PublicKey) -> Self {
        self.sender = Some(sender);
        self
    }

    /// The writer this key insists on, if any.
    pub fn expected_sender(&self) -> Option<PublicKey> {
        self.sender
    }

    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    /// Reads a `CRYPT4GH PRIVATE KEY` file; `passphrase` is needed when it is protected.
    pub fn read(path: impl AsRef<Path>, passphrase: Option<&str>) -> Result<Self, Error> {
        let path = path.as_ref();
        Self::parse(path, &read_text(path)?, passphrase)
    }

    /// Parses the text of a private key file (`path` names it in errors).
    pub fn parse(path: &Path, text: &str, passphrase: Option<&str>) -> Result<Self, Error> {
        let blob = Zeroizing::new(unarmor(path, text, PRIVATE_BEGIN, PRIVATE_END)?);
        let mut rest: &[u8] = blob.as_slice();
        rest = rest
            .strip_prefix(KEY_MAGIC)
            .ok_or_else(|| key_error(path, "missing `c4gh-v1` magic"))?;
        let kdf = take_string(path, &mut rest, "KDF name")?;
        let (rounds, salt) = if kdf == b"none" {
            (0, &[][..])
        } else {
            let options = take_string(path, &mut rest, "KDF options")?;
            let (rounds, salt) = options
                .split_first_chunk::<4>()
                .ok_or_else(|| key_error(path, "KDF options shorter than 4 bytes"))?;
            (u32::from_be_bytes(*rounds), salt)
        };
        let cipher = take_string(path, &mut rest, "cipher name")?;
        let material = take_string(path, &mut rest, "key material")?;
        let secret: [u8; 32] = match cipher {
            b"none" => material.try_into().map_err(|_| {
                key_error(
                    path,
                    format!("key material has {} bytes, not 32", material.len()),
                )
            })?,
            b"chacha20_poly1305" => {
                let Some(passphrase) = passphrase else {
                    return Err(Error::new(
                        path,
                        Location::File,
                        ErrorKind::PassphraseRequired,
                    ));
                };
                if material.len() != 12 + 32 + 16 {
                    return Err(key_error(
                        path,
                        format!(
                            "encrypted key material has {} bytes, not 60",
                            material.len()
                        ),
                    ));
                }
                let derived = derive(path, kdf, passphrase.as_bytes(), salt, rounds)?;
                let mut key = Zeroizing::new([0u8; 32]);
                key.copy_from_slice(&material[12..44]);
                let tag = Tag::try_from(&material[44..])
                    .map_err(|_| key_error(path, "bad MAC length"))?;
                let nonce = Nonce::try_from(&material[..12])
                    .map_err(|_| key_error(path, "bad nonce length"))?;
                ChaCha20Poly1305::new(&Key::from(*derived))
                    .decrypt_inout_detached(&nonce, &[], key.as_mut_slice().into(), &tag)
                    .map_err(|_| Error::new(path, Location::File, ErrorKind::WrongPassphrase))?;
                *key
            }
            other => {
                return Err(key_error(
                    path,
                    format!("unsupported cipher `{}`", String::from_utf8_lossy(other)),
                ));
            }
        };
        Ok(Self::from_secret(secret))
    }

    /// The key file text, protected by `passphrase` (scrypt, as the Python CLI writes it)
    /// when one is given.
    pub fn to_pem(
        &self,
        passphrase: Option<&str>,
        comment: Option<&str>,
    ) -> std::io::Result<String> {
        let mut blob = Zeroizing::new(KEY_MAGIC.to_vec());
        match passphrase.filter(|p| !p.is_empty()) {
            None => {
                put_string(&mut blob, b"none");
                put_string(&mut blob, b"none");
                put_string(&mut blob, self.secret.as_slice());
            }
            Some(passphrase) => {
                let mut salt = [0u8; 16];
                let mut nonce = [0u8; 12];
                getrandom::fill(&mut salt).map_err(std::io::Error::other)?;
                getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
                let derived = derive(
                    Path::new("<new key>"),
                    b"scrypt",
                    passphrase.as_bytes(),
                    &salt,
                    0,
                )
                .map_err(std::io::Error::other)?;
                let mut key = Zeroizing::new(*self.secret);
                let tag = ChaCha20Poly1305::new(&Key::from(*derived))
                    .encrypt_inout_detached(&Nonce::from(nonce), &[], key.as_mut_slice().into())
                    .map_err(|_| std::io::Error::other("cannot encrypt the key"))?;
                let mut options = 0u32.to_be_bytes().to_vec();
                options.extend_from_slice(&salt);
                let mut material = nonce.to_vec();
                material.extend_from_slice(key.as_slice());
                material.extend_from_slice(tag.as_slice());
                put_string(&mut blob, b"scrypt");
                put_string(&mut blob, &options);
                put_string(&mut blob, b"chacha20_poly1305");
                put_string(&mut blob, &material);
            }
        }
        if let Some(comment) = comment {
            if comment.len() > usize::from(u16::MAX) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "key comment longer than 65535 bytes",
                ));
            }
            put_string(&mut blob, comment.as_bytes());
        }
        Ok(armor(PRIVATE_BEGIN, PRIVATE_END, &blob))
    }

    /// The header-packet key when this key reads a packet written by `writer`:
    /// BLAKE2b-512(X25519(sk, writer) ‖ own public ‖ writer)[..32] (libsodium `crypto_kx`
    /// client receive key). `None` for a non-contributory (low-order) writer key.
    pub(crate) fn reader_key(&self, writer: &PublicKey) -> Option<Zeroizing<[u8; 32]>> {
        self.session_key(writer, &self.public, writer)
    }

    /// The header-packet key when this key writes for `recipient` (libsodium `crypto_kx`
    /// server transmit key): the same bytes the recipient derives.
    pub(crate) fn writer_key(&self, recipient: &PublicKey) -> Option<Zeroizing<[u8; 32]>> {
        self.session_key(recipient, recipient, &self.public)
    }

    fn session_key(
        &self,
        peer: &PublicKey,
        reader: &PublicKey,
        writer: &PublicKey,
    ) -> Option<Zeroizing<[u8; 32]>> {
        let shared = StaticSecret::from(*self.secret).diffie_hellman(&XPublic::from(peer.0));
        if !shared.was_contributory() {
            return None;
        }
        let mut h = Blake2b512::new();
        h.update(shared.as_bytes());
        h.update(reader.0);
        h.update(writer.0);
        let mut digest = Zeroizing::new([0u8; 64]);
        digest.copy_from_slice(&h.finalize());
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&digest[..32]);
        Some(key)
    }
}

/// Where a node's private key comes from: the key file, and its passphrase from an
/// environment variable or given directly (node config). Never from the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeySource {
    pub key: std::path::PathBuf,
    pub passphrase_env: Option<String>,
    pub passphrase: Option<String>,
    /// The public key of the only writer whose header packets are trusted.
    pub sender_pk: Option<std::path::PathBuf>,
}

impl KeySource {
    /// Reads the key file, unlocking it with the configured passphrase.
    pub fn load(&self) -> Result<PrivateKey, Error> {
        let from_env = match &self.passphrase_env {
            Some(var) => match std::env::var(var) {
                Ok(v) => Some(Zeroizing::new(v)),
                Err(_) => None,
            },
            None => None,
        };
        let passphrase = from_env
            .as_deref()
            .map(String::as_str)
            .or(self.passphrase.as_deref());
        let key = PrivateKey::read(&self.key, passphrase).map_err(|e| match (&e.kind, &self.passphrase_env) {
            (ErrorKind::PassphraseRequired, Some(var)) => Error::new(
                &self.key,
                Location::File,
                ErrorKind::KeyFile(format!(
                    "the key is protected by a passphrase; environment variable `{var}` is not set"
                )),
            ),
            _ => e,
        })?;
        Ok(match &self.sender_pk {
            Some(pk) => key.with_expected_sender(PublicKey::read(pk)?),
            None => key,
        })
    }
}
