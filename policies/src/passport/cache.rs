//! Verified tokens kept by the hash of the token until they expire, so a client sending
//! the same passport on every request pays for its signatures once.

use std::collections::HashMap;
use std::sync::Mutex;

use blake2::{Blake2b512, Digest};

pub(crate) type TokenHash = [u8; 32];

/// The first 256 bits of BLAKE2b-512 of `token`.
pub(crate) fn hash(token: &str) -> TokenHash {
    let digest = Blake2b512::digest(token.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(&digest[..32]);
    out
}

/// A bounded map from token hash to a value valid from one time until another (seconds).
pub(crate) struct Cache<V> {
    capacity: usize,
    entries: Mutex<HashMap<TokenHash, (V, i64, i64)>>,
}

impl<V: Clone> Cache<V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &TokenHash, now: i64) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(_, from, until)| *from <= now && now <= *until)
            .map(|(v, _, _)| v.clone())
    }

    pub fn insert(&self, key: TokenHash, value: V, (from, until): (i64, i64), now: i64) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity {
            entries.retain(|_, (_, _, u)| now <= *u);
            if entries.len() >= self.capacity {
                // Still full of live entries: drop an eighth of them (arbitrary ones).
                let drop: Vec<TokenHash> = entries
                    .keys()
                    .take(self.capacity / 8 + 1)
                    .copied()
                    .collect();
                for k in drop {
                    entries.remove(&k);
                }
            }
        }
        entries.insert(key, (value, from, until));
    }
}
