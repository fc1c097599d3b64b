//! Tickets and prepared-statement handles: the query, its bound parameters, who may
//! redeem it and until when, signed with a key that lives only in the server's memory.
//! At `DoGet` the caller is authenticated again, must be the ticket's caller, and the
//! query is planned again under the policies (re-authorised, not trusted).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use blake2::Blake2bMac512;
use blake2::digest::{KeyInit, Mac};
use serde::{Deserialize, Serialize};
use tonic::Status;

const TAG: usize = 64;

/// What a ticket or handle carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The SQL text.
    pub sql: String,
    /// Bound parameters: one row, Arrow IPC stream bytes (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    /// The caller's session key (hex).
    pub caller: String,
    /// Unix seconds after which the claim is refused.
    pub expires: u64,
}

impl Claim {
    /// The parameters as IPC bytes.
    pub fn params(&self) -> Result<Option<Vec<u8>>, Status> {
        self.params
            .as_deref()
            .map(|p| STANDARD.decode(p))
            .transpose()
            .map_err(|_| Status::invalid_argument("the handle's parameters are damaged"))
    }

    pub fn with_params(mut self, ipc: &[u8]) -> Self {
        self.params = Some(STANDARD.encode(ipc));
        self
    }
}

/// Signs and checks claims.
pub struct Signer {
    key: [u8; 32],
    ttl: u64,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("ttl", &self.ttl).finish()
    }
}

pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Signer {
    /// A signer with a fresh random key; claims live `ttl` seconds.
    pub fn new(ttl: u64) -> Result<Self, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(Self { key, ttl })
    }

    fn mac(&self) -> Blake2bMac512 {
        // A 32-byte key is always a valid BLAKE2b key.
        <Blake2bMac512 as KeyInit>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!())
    }

    /// A claim for `caller` on `sql`, valid from now.
    pub fn claim(&self, caller: &str, sql: &str) -> Claim {
        Claim {
            sql: sql.to_string(),
            params: None,
            caller: caller.to_string(),
            expires: now() + self.ttl,
        }
    }

    /// The signed bytes of `claim`, with a fresh expiry.
    pub fn sign(&self, mut claim: Claim) -> Vec<u8> {
        claim.expires = now() + self.ttl;
        let mut body = serde_json::to_vec(&claim).unwrap_or_default();
        let mut mac = self.mac();
        mac.update(&body);
        body.extend_from_slice(&mac.finalize().into_bytes());
        body
    }

    /// The claim of `bytes`, if this server signed it, it has not expired and `caller`
    /// is the one it was issued to.
    pub fn open(&self, bytes: &[u8], caller: &str) -> Result<Claim, Status> {
        let refused = || Status::permission_denied("the ticket is not valid on this node");
        if bytes.len() <= TAG {
            return Err(refused());
        }
        let (body, tag) = bytes.split_at(bytes.len() - TAG);
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_slice(tag).map_err(|_| refused())?;
        let claim: Claim = serde_json::from_slice(body).map_err(|_| refused())?;
        if claim.expires < now() {
            return Err(Status::permission_denied(
                "the ticket has expired: run the query again",
            ));
        }
        if claim.caller != caller {
            return Err(Status::permission_denied(
                "the ticket was issued to another caller (passport or purpose)",
            ));
        }
        Ok(claim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tampered_foreign_and_other_caller_tickets_are_refused() {
        let signer = Signer::new(60).unwrap();
        let bytes = signer.sign(signer.claim("alice", "SELECT 1"));
        assert_eq!(signer.open(&bytes, "alice").unwrap().sql, "SELECT 1");
        assert!(signer.open(&bytes, "mallory").is_err());
        let mut tampered = bytes.clone();
        let i = tampered.iter().position(|b| *b == b'1').unwrap();
        tampered[i] = b'2';
        assert!(signer.open(&tampered, "alice").is_err());
        let other = Signer::new(60).unwrap();
        assert!(other.open(&bytes, "alice").is_err());
        assert!(signer.open(b"short", "alice").is_err());
    }
}
