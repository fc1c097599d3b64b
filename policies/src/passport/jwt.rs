//! A compact JWS taken apart before its signature is checked: the header (only ES256 and
//! RS256 pass), the claims (typed), and what the signature covers. Nothing read here is
//! trusted until [`Jws::verify`] succeeds; it only selects the issuer's keys.

use aws_lc_rs::signature::ParsedPublicKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Header};
use serde::de::DeserializeOwned;

use super::PassportError;

pub(crate) struct Jws<'a, C> {
    pub header: Header,
    pub claims: C,
    message: &'a str,
    signature: &'a str,
}

fn malformed(part: &str, reason: impl Into<String>) -> PassportError {
    PassportError::Malformed {
        part: part.to_string(),
        reason: reason.into(),
    }
}

fn decode_segment(part: &str, what: &str, segment: &str) -> Result<Vec<u8>, PassportError> {
    URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|e| malformed(part, format!("its {what} is not base64url: {e}")))
}

impl<'a, C: DeserializeOwned> Jws<'a, C> {
    /// Splits and decodes `token`; `part` names it in errors (`passport`, `visa #2`).
    pub fn parse(token: &'a str, part: &str) -> Result<Self, PassportError> {
        let mut it = token.split('.');
        let (Some(h), Some(c), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(malformed(
                part,
                "it does not have three `.`-separated parts",
            ));
        };
        let raw = decode_segment(part, "header", h)?;
        let value: serde_json::Value = serde_json::from_slice(&raw)
            .map_err(|e| malformed(part, format!("its header is not JSON: {e}")))?;
        let alg = value.get("alg").and_then(|a| a.as_str()).unwrap_or("");
        if !matches!(alg, "ES256" | "RS256") {
            return Err(PassportError::Algorithm {
                part: part.to_string(),
                alg: alg.chars().take(32).collect(),
            });
        }
        if s.is_empty() {
            return Err(malformed(part, "it has no signature"));
        }
        if value.get("crit").is_some() {
            return Err(malformed(
                part,
                "it marks header parameters as critical (`crit`)",
            ));
        }
        let header: Header = serde_json::from_value(value)
            .map_err(|e| malformed(part, format!("its header is not a JWS header: {e}")))?;
        let raw = decode_segment(part, "payload", c)?;
        let claims = serde_json::from_slice(&raw)
            .map_err(|e| malformed(part, format!("its claims do not parse: {e}")))?;
        let message = &token[..h.len() + 1 + c.len()];
        Ok(Self {
            header,
            claims,
            message,
            signature: s,
        })
    }
}

impl<C> Jws<'_, C> {
    /// The algorithm (ES256 or RS256, checked by [`Jws::parse`]).
    pub fn alg(&self) -> Algorithm {
        self.header.alg
    }

    /// Checks the signature with `key` (aws-lc; ES256 signatures are the fixed-size
    /// `r || s` of JWS).
    pub fn verify(
        &self,
        key: &ParsedPublicKey,
        part: &str,
        issuer: &str,
    ) -> Result<(), PassportError> {
        let ok = URL_SAFE_NO_PAD
            .decode(self.signature)
            .is_ok_and(|sig| key.verify_sig(self.message.as_bytes(), &sig).is_ok());
        if ok {
            Ok(())
        } else {
            Err(PassportError::Signature {
                part: part.to_string(),
                issuer: issuer.to_string(),
            })
        }
    }
}
