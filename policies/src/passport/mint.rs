//! A test issuer: key pairs, their JWKS, and signed passports and visas — for tests and
//! demos (`genofed passport keygen|mint`), with real ES256/RS256 signatures. A production
//! node never signs: it verifies what its trusted issuers sign.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use jsonwebtoken::jwk::{Jwk, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::IssuerError;
use super::verify::PASSPORT_TYP;

/// The two algorithms genofed accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    Es256,
    Rs256,
}

impl SigningAlgorithm {
    fn jwt(self) -> Algorithm {
        match self {
            SigningAlgorithm::Es256 => Algorithm::ES256,
            SigningAlgorithm::Rs256 => Algorithm::RS256,
        }
    }
}

/// An issuer's signing key (PKCS#8), with its public JWK (key id: the RFC 7638
/// thumbprint).
pub struct IssuerKey {
    issuer: String,
    alg: SigningAlgorithm,
    key: EncodingKey,
    pem: String,
    jwk: Jwk,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("issuer", &self.issuer)
            .field("alg", &self.alg)
            .field("kid", &self.kid())
            .finish_non_exhaustive()
    }
}

fn key_error(e: impl std::fmt::Display) -> IssuerError {
    IssuerError::Key(e.to_string())
}

/// A visa to sign.
#[derive(Debug, Clone)]
pub struct VisaSpec {
    pub subject: String,
    /// `ControlledAccessGrants`, `ResearcherStatus`, …
    pub kind: String,
    pub value: String,
    pub source: String,
    pub by: Option<String>,
    pub asserted: i64,
    pub issued_at: i64,
    pub expires: i64,
    pub not_before: Option<i64>,
    pub audience: Option<Vec<String>>,
    pub jku: Option<String>,
    pub conditions: Option<Value>,
}

impl VisaSpec {
    /// A visa asserted and issued at `now`, valid for a year.
    pub fn new(subject: &str, kind: &str, value: &str, source: &str, now: i64) -> Self {
        Self {
            subject: subject.to_string(),
            kind: kind.to_string(),
            value: value.to_string(),
            source: source.to_string(),
            by: None,
            asserted: now,
            issued_at: now,
            expires: now + 365 * 86_400,
            not_before: None,
            audience: None,
            jku: None,
            conditions: None,
        }
    }

    pub fn by(mut self, by: &str) -> Self {
        self.by = Some(by.to_string());
        self
    }

    pub fn expires(mut self, exp: i64) -> Self {
        self.expires = exp;
        self
    }

    pub fn jku(mut self, url: &str) -> Self {
        self.jku = Some(url.to_string());
        self
    }

    pub fn conditions(mut self, conditions: Value) -> Self {
        self.conditions = Some(conditions);
        self
    }
}

impl IssuerKey {
    /// A new key pair for `issuer`.
    pub fn generate(issuer: &str, alg: SigningAlgorithm) -> Result<Self, IssuerError> {
        let der: Vec<u8> = match alg {
            SigningAlgorithm::Es256 => EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
                .and_then(|k| k.to_pkcs8v1())
                .map_err(key_error)?
                .as_ref()
                .to_vec(),
            SigningAlgorithm::Rs256 => RsaKeyPair::generate(KeySize::Rsa2048)
                .and_then(|k| k.as_der())
                .map_err(key_error)?
                .as_ref()
                .to_vec(),
        };
        let pem = pem::encode(&pem::Pem::new("PRIVATE KEY", der));
        Self::from_pem(issuer, &pem)
    }

    /// A PKCS#8 PEM private key (P-256 or RSA) for `issuer`.
    pub fn from_pem(issuer: &str, text: &str) -> Result<Self, IssuerError> {
        let parsed = pem::parse(text).map_err(key_error)?;
        if parsed.tag() != "PRIVATE KEY" {
            return Err(IssuerError::Key(format!(
                "a `{}` PEM block is not a PKCS#8 `PRIVATE KEY`",
                parsed.tag()
            )));
        }
        let der = parsed.contents();
        let (alg, key) = if EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der).is_ok()
        {
            (SigningAlgorithm::Es256, EncodingKey::from_ec_der(der))
        } else if RsaKeyPair::from_pkcs8(der).is_ok() {
            let key = EncodingKey::from_rsa_pem(text.as_bytes()).map_err(key_error)?;
            (SigningAlgorithm::Rs256, key)
        } else {
            return Err(IssuerError::Key(
                "the key is neither a P-256 nor an RSA private key".into(),
            ));
        };
        let mut jwk = Jwk::from_encoding_key(&key, alg.jwt()).map_err(key_error)?;
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        jwk.common.key_id = Some(jwk.thumbprint(ThumbprintHash::SHA256).map_err(key_error)?);
        Ok(Self {
            issuer: issuer.to_string(),
            alg,
            key,
            pem: text.to_string(),
            jwk,
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn algorithm(&self) -> SigningAlgorithm {
        self.alg
    }

    /// The key id (RFC 7638 SHA-256 thumbprint of the public key).
    pub fn kid(&self) -> &str {
        self.jwk.common.key_id.as_deref().unwrap_or_default()
    }

    /// The private key, PKCS#8 PEM.
    pub fn private_pem(&self) -> &str {
        &self.pem
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> &Jwk {
        &self.jwk
    }

    /// `{"keys": [<the public JWK>]}`.
    pub fn jwks_json(&self) -> String {
        json!({ "keys": [&self.jwk] }).to_string()
    }

    /// Signs `claims` with `typ` and, optionally, a `jku` header.
    pub fn sign(
        &self,
        typ: Option<&str>,
        jku: Option<&str>,
        claims: &Value,
    ) -> Result<String, IssuerError> {
        let mut header = Header::new(self.alg.jwt());
        header.typ = typ.map(str::to_string);
        header.kid = Some(self.kid().to_string());
        header.jku = jku.map(str::to_string);
        jsonwebtoken::encode(&header, claims, &self.key)
            .map_err(|e| IssuerError::Sign(e.to_string()))
    }

    /// A signed visa (`ga4gh_visa_v1`).
    pub fn visa(&self, spec: &VisaSpec) -> Result<String, IssuerError> {
        let mut visa = json!({
            "type": spec.kind,
            "asserted": spec.asserted,
            "value": spec.value,
            "source": spec.source,
        });
        if let Some(by) = &spec.by {
            visa["by"] = json!(by);
        }
        if let Some(c) = &spec.conditions {
            visa["conditions"] = c.clone();
        }
        let mut claims = json!({
            "iss": self.issuer,
            "sub": spec.subject,
            "iat": spec.issued_at,
            "exp": spec.expires,
            "jti": jti(),
            "ga4gh_visa_v1": visa,
        });
        if let Some(nbf) = spec.not_before {
            claims["nbf"] = json!(nbf);
        }
        if let Some(aud) = &spec.audience {
            claims["aud"] = json!(aud);
        }
        self.sign(Some("JWT"), spec.jku.as_deref(), &claims)
    }

    /// A signed passport for `subject`, for `audience`, issued at `now`, valid `lifetime`
    /// seconds, carrying `visas`.
    pub fn passport(
        &self,
        subject: &str,
        audience: &[&str],
        now: i64,
        lifetime: i64,
        visas: &[String],
    ) -> Result<String, IssuerError> {
        let claims = json!({
            "iss": self.issuer,
            "sub": subject,
            "aud": audience,
            "iat": now,
            "exp": now + lifetime,
            "jti": jti(),
            "ga4gh_passport_v1": visas,
        });
        self.sign(Some(PASSPORT_TYP), None, &claims)
    }
}

/// A random token id.
fn jti() -> String {
    let mut b = [0u8; 16];
    // An all-zero id is still a valid (if unlucky) `jti`.
    let _ = aws_lc_rs::rand::fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}
