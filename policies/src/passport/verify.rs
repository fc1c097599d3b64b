//! Verifying a passport and its visas.

use std::collections::HashMap;
use std::sync::Arc;

use super::cache::{Cache, hash};
use super::claims::{PassportClaims, Registered, Visa, VisaClaims, VisaType};
use super::config::{PassportConfig, TokenKind};
use super::identity::{Identity, linked_identities};
use super::jwt::Jws;
use super::keys::TrustedIssuer;
use super::{IssuerError, PassportError, conditions};

/// The `typ` of a passport JWT.
pub const PASSPORT_TYP: &str = "vnd.ga4gh.passport+jwt";

/// A visa the node did not use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredVisa {
    /// 1-based position in `ga4gh_passport_v1`.
    pub position: usize,
    pub issuer: String,
    pub reason: String,
}

/// A verified passport.
#[derive(Debug, Clone)]
pub struct Passport {
    pub issuer: String,
    pub subject: String,
    /// `exp`, seconds since the epoch.
    pub expires: i64,
    /// The visas the node uses (verified, current, this subject's, conditions met).
    pub visas: Vec<Visa>,
    pub ignored: Vec<IgnoredVisa>,
    identity: Identity,
}

impl Passport {
    /// The researcher its visas describe.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }
}

/// A visa whose signature verified, with its conditions (cached by token hash).
#[derive(Debug, Clone)]
struct Checked {
    registered: Registered,
    visa: Visa,
    conditions: Option<serde_json::Value>,
}

/// Verifies passports against a node's trusted issuers, caching verified passports and
/// visas by token hash until they expire.
pub struct Verifier {
    config: PassportConfig,
    issuers: HashMap<String, TrustedIssuer>,
    passports: Cache<Arc<Passport>>,
    visas: Cache<Arc<Checked>>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("audience", &self.config.audience)
            .field("issuers", &self.issuers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Seconds since the epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Why a token's times make it unusable now, if they do.
fn times(r: &Registered, part: &str, now: i64, skew: u64) -> Result<(), PassportError> {
    let s = i64::try_from(skew).unwrap_or(0);
    let part = part.to_string();
    if r.exp.saturating_add(s) < now {
        return Err(PassportError::Expired {
            part,
            exp: r.exp,
            now,
            skew,
        });
    }
    if let Some(nbf) = r.nbf
        && nbf.saturating_sub(s) > now
    {
        return Err(PassportError::NotYetValid {
            part,
            nbf,
            now,
            skew,
        });
    }
    if let Some(iat) = r.iat
        && iat.saturating_sub(s) > now
    {
        return Err(PassportError::IssuedInFuture {
            part,
            iat,
            now,
            skew,
        });
    }
    Ok(())
}

/// The earliest time a token is valid at: its `nbf` and `iat`, less the skew.
fn valid_from(r: &Registered, skew: u64) -> i64 {
    let s = i64::try_from(skew).unwrap_or(0);
    r.nbf
        .into_iter()
        .chain(r.iat)
        .max()
        .map_or(i64::MIN, |t| t.saturating_sub(s))
}

impl Verifier {
    /// Loads the trusted issuers' key files (URLs are fetched on first use).
    pub fn new(config: PassportConfig) -> Result<Self, IssuerError> {
        config.check()?;
        let mut issuers = HashMap::new();
        for i in &config.issuers {
            issuers.insert(i.issuer.clone(), TrustedIssuer::new(i)?);
        }
        Ok(Self {
            passports: Cache::new(config.cache_entries),
            visas: Cache::new(config.cache_entries),
            config,
            issuers,
        })
    }

    pub fn config(&self) -> &PassportConfig {
        &self.config
    }

    /// Verifies `token` now.
    pub fn verify(&self, token: &str) -> Result<Arc<Passport>, PassportError> {
        self.verify_at(token, now())
    }

    /// Verifies `token` at `now` (seconds since the epoch).
    pub fn verify_at(&self, token: &str, now: i64) -> Result<Arc<Passport>, PassportError> {
        let token = token.trim();
        if token.len() > self.config.max_token_bytes {
            return Err(PassportError::TooLarge {
                len: token.len(),
                max: self.config.max_token_bytes,
            });
        }
        let key = hash(token);
        if let Some(p) = self.passports.get(&key, now) {
            return Ok(p);
        }
        let (passport, from) = self.verify_uncached(token, now)?;
        let passport = Arc::new(passport);
        let until = passport
            .visas
            .iter()
            .map(|v| v.expires)
            .fold(passport.expires, i64::min);
        self.passports
            .insert(key, passport.clone(), (from, until), now);
        Ok(passport)
    }

    fn trusted(&self, issuer: &str, kind: TokenKind) -> Option<&TrustedIssuer> {
        self.issuers.get(issuer).filter(|i| i.signs.contains(&kind))
    }

    /// The passport, and the earliest time it is valid at (its `iat`/`nbf` less the skew).
    fn verify_uncached(&self, token: &str, now: i64) -> Result<(Passport, i64), PassportError> {
        let skew = self.config.clock_skew_seconds;
        let part = "passport";
        let jws = Jws::<PassportClaims>::parse(token, part)?;
        let typ = jws.header.typ.as_deref().unwrap_or("(none)");
        if !typ.eq_ignore_ascii_case(PASSPORT_TYP) {
            return Err(PassportError::NotAPassport {
                part: part.into(),
                typ: typ.chars().take(64).collect(),
            });
        }
        let claims = &jws.claims;
        let issuer = claims.registered.iss.as_str();
        let trusted = self.trusted(issuer, TokenKind::Passports).ok_or_else(|| {
            PassportError::UnknownIssuer {
                part: part.into(),
                issuer: issuer.chars().take(200).collect(),
                kind: "passports",
            }
        })?;
        trusted.verify(&jws, issuer, part)?;
        times(&claims.registered, part, now, skew)?;
        let aud_ok = claims
            .registered
            .aud
            .as_ref()
            .is_some_and(|a| a.contains(&self.config.audience));
        if !aud_ok {
            return Err(PassportError::Audience {
                part: part.into(),
                expected: self.config.audience.clone(),
            });
        }
        let tokens = &claims.ga4gh_passport_v1;
        if tokens.len() > self.config.max_visas {
            return Err(PassportError::TooManyVisas {
                count: tokens.len(),
                max: self.config.max_visas,
            });
        }
        let subject = claims.registered.sub.clone();
        let mut ignored = Vec::new();
        let mut checked = Vec::new();
        for (i, visa_token) in tokens.iter().enumerate() {
            let position = i + 1;
            match self.check_visa(visa_token, position, now)? {
                Ok(c) => checked.push((position, c)),
                Err(skip) => ignored.push(skip),
            }
        }
        let visas = self.accept(&subject, checked, &mut ignored);
        for skip in &ignored {
            tracing::info!(
                subject = %subject, visa = skip.position, issuer = %skip.issuer,
                reason = %skip.reason, "visa not used"
            );
        }
        let identity = Identity::from_visas(&subject, issuer, &visas, &self.config.bona_fide);
        let passport = Passport {
            issuer: issuer.to_string(),
            subject,
            expires: claims.registered.exp,
            visas,
            ignored,
            identity,
        };
        Ok((passport, valid_from(&claims.registered, skew)))
    }

    /// A visa verified (or from the cache), or set aside with a reason; `Err` rejects the
    /// whole passport (a malformed visa, or one claiming a trusted issuer that does not
    /// verify).
    #[allow(clippy::type_complexity)]
    fn check_visa(
        &self,
        token: &str,
        position: usize,
        now: i64,
    ) -> Result<Result<Arc<Checked>, IgnoredVisa>, PassportError> {
        let part = format!("visa #{position}");
        let key = hash(token);
        let checked = match self.visas.get(&key, now) {
            Some(c) => c,
            None => {
                let jws = Jws::<VisaClaims>::parse(token, &part)?;
                let issuer = jws.claims.registered.iss.clone();
                let Some(trusted) = self.trusted(&issuer, TokenKind::Visas) else {
                    return Ok(Err(IgnoredVisa {
                        position,
                        reason: format!("issuer `{issuer}` is not trusted to issue visas"),
                        issuer,
                    }));
                };
                trusted.verify(&jws, &issuer, &part)?;
                let c = Arc::new(Checked {
                    visa: jws.claims.visa(),
                    conditions: jws.claims.ga4gh_visa_v1.conditions.clone(),
                    registered: jws.claims.registered,
                });
                // Kept for as long as the signature matters; times are checked below on
                // every use.
                let until = c
                    .registered
                    .exp
                    .saturating_add(i64::try_from(self.config.clock_skew_seconds).unwrap_or(0));
                self.visas.insert(key, c.clone(), (i64::MIN, until), now);
                c
            }
        };
        let ignore = |reason: String| IgnoredVisa {
            position,
            issuer: checked.visa.issuer.clone(),
            reason,
        };
        if let Err(e) = times(
            &checked.registered,
            &part,
            now,
            self.config.clock_skew_seconds,
        ) {
            return Ok(Err(ignore(e.to_string())));
        }
        if let Some(aud) = &checked.registered.aud
            && !aud.contains(&self.config.audience)
        {
            return Ok(Err(ignore(format!(
                "its audience does not include `{}`",
                self.config.audience
            ))));
        }
        Ok(Ok(checked))
    }

    /// The visas the node uses: the passport subject's (or a linked identity's), with
    /// their conditions met.
    fn accept(
        &self,
        subject: &str,
        checked: Vec<(usize, Arc<Checked>)>,
        ignored: &mut Vec<IgnoredVisa>,
    ) -> Vec<Visa> {
        let mut linked: Vec<(String, String)> = checked
            .iter()
            .filter(|(_, c)| {
                c.visa.kind == VisaType::LinkedIdentities
                    && c.visa.subject == subject
                    && c.conditions.is_none()
            })
            .flat_map(|(_, c)| linked_identities(&c.visa.value))
            .collect();
        linked.sort();
        let mut own = Vec::new();
        for (position, c) in checked {
            let v = &c.visa;
            let mine = v.subject == subject
                || linked
                    .binary_search(&(v.subject.clone(), v.issuer.clone()))
                    .is_ok();
            if mine {
                own.push((position, c));
            } else {
                ignored.push(IgnoredVisa {
                    position,
                    issuer: v.issuer.clone(),
                    reason: "it is for another subject, not linked to the passport's".into(),
                });
            }
        }
        let plain: Vec<&Visa> = own
            .iter()
            .filter(|(_, c)| c.conditions.is_none())
            .map(|(_, c)| &c.visa)
            .collect();
        let mut out = Vec::with_capacity(own.len());
        for (position, c) in &own {
            let Some(cond) = &c.conditions else {
                out.push(c.visa.clone());
                continue;
            };
            match conditions::hold(cond, &plain) {
                Ok(true) => out.push(c.visa.clone()),
                Ok(false) => ignored.push(IgnoredVisa {
                    position: *position,
                    issuer: c.visa.issuer.clone(),
                    reason: "its conditions are not met by the passport's other visas".into(),
                }),
                Err(why) => ignored.push(IgnoredVisa {
                    position: *position,
                    issuer: c.visa.issuer.clone(),
                    reason: why,
                }),
            }
        }
        ignored.sort_by_key(|i| i.position);
        out
    }
}
