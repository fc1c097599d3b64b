//! GA4GH Crypt4GH (version 1): keys, headers, a seekable decrypting reader that decrypts
//! only the 64 KiB segments a read touches, and encryption / re-encryption.
//!
//! Built on RustCrypto (X25519, BLAKE2b, ChaCha20-Poly1305, scrypt, bcrypt-pbkdf); the
//! file format, key files and key exchange match the `crypt4gh` Python CLI, which the
//! tests use as an oracle in both directions.
//!
//! ```
//! use genofed_connectors::crypt4gh::{self, PrivateKey, Crypt4ghReader};
//! let alice = PrivateKey::generate()?;
//! let bob = PrivateKey::generate()?;
//! let mut encrypted = Vec::new();
//! crypt4gh::encrypt(&mut &b"hello, genomes"[..], &mut encrypted, &alice, &[bob.public_key()], None)?;
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("hello.c4gh");
//! std::fs::write(&path, &encrypted)?;
//! let reader = Crypt4ghReader::open(&path, &bob)?;
//! let mut buf = [0u8; 6];
//! reader.read_exact_at(&mut buf, 7)?;
//! assert_eq!(&buf, b"genome");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cursor;
mod edit_list;
mod header;
mod keys;
mod reader;
mod segment;
mod writer;

pub use cursor::{AsyncCrypt4ghCursor, Crypt4ghCursor};
pub use edit_list::EditList;
pub use header::Header;
pub use keys::{KeySource, PrivateKey, PublicKey};
pub use reader::Crypt4ghReader;
pub use writer::{decrypt_to, encrypt, reencrypt};

/// The first 8 bytes of every Crypt4GH file.
pub const MAGIC: &[u8; 8] = b"crypt4gh";
/// Plaintext bytes per data segment.
pub const SEGMENT_SIZE: usize = 65_536;
/// Nonce (12) and MAC (16) added to each segment.
pub const SEGMENT_OVERHEAD: usize = 28;
/// Ciphertext bytes per full data segment.
pub const CIPHER_SEGMENT_SIZE: usize = SEGMENT_SIZE + SEGMENT_OVERHEAD;

/// Whether `head` (the first bytes of a file) starts with the Crypt4GH magic.
pub fn is_crypt4gh(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}
