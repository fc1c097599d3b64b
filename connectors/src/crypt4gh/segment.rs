//! One data segment: nonce (12) ‖ ChaCha20-Poly1305 ciphertext ‖ MAC (16).

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use zeroize::Zeroizing;

use super::SEGMENT_OVERHEAD;

/// The ciphers of a file's data keys.
#[derive(Clone)]
pub(crate) struct SegmentCipher(Vec<ChaCha20Poly1305>);

impl SegmentCipher {
    pub(crate) fn new(keys: &[Zeroizing<[u8; 32]>]) -> Self {
        Self(
            keys.iter()
                .map(|k| ChaCha20Poly1305::new(&Key::from(**k)))
                .collect(),
        )
    }

    /// Authenticates and decrypts a cipher segment in place; the plaintext is then
    /// `segment[12..len - 16]`. `false` if no data key authenticates it (the buffer is
    /// left as it was).
    pub(crate) fn decrypt_in_place(&self, segment: &mut [u8]) -> bool {
        if segment.len() < SEGMENT_OVERHEAD {
            return false;
        }
        let (nonce, rest) = segment.split_at_mut(12);
        let (body, tag) = rest.split_at_mut(rest.len() - 16);
        let (Ok(nonce), Ok(tag)) = (Nonce::try_from(&*nonce), Tag::try_from(&*tag)) else {
            return false;
        };
        self.0.iter().any(|c| {
            c.decrypt_inout_detached(&nonce, &[], (&mut *body).into(), &tag)
                .is_ok()
        })
    }

    /// Encrypts `plain` with the first key and a random nonce, appending the cipher
    /// segment to `out`.
    pub(crate) fn encrypt(&self, plain: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
        let start = out.len();
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let cipher = self
            .0
            .first()
            .ok_or_else(|| std::io::Error::other("no data key"))?;
        let tag = cipher
            .encrypt_inout_detached(&Nonce::from(nonce), &[], (&mut out[start + 12..]).into())
            .map_err(|_| std::io::Error::other("segment encryption failed"))?;
        out.extend_from_slice(tag.as_slice());
        Ok(())
    }
}
