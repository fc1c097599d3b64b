//! GA4GH Passports (AAI 1.2): a passport JWT and its embedded visas, verified against
//! exactly the issuers a node trusts, become the researcher of a Cedar request.
//!
//! - Only ES256 and RS256 signatures; keys come from each trusted issuer's JWKS (a file,
//!   or a URL fetched and cached); a token's `jku` is used only when allowlisted for its
//!   issuer, and is checked before anything is fetched.
//! - `exp`, `nbf` and `iat` are checked with a bounded clock skew; a passport's `aud` must
//!   name the node.
//! - A passport that fails any check is rejected as a whole, and so is one carrying a visa
//!   that claims a trusted issuer but does not verify (tampering). Visas the node simply
//!   does not use (an untrusted issuer, expired, another subject, unmet or unsupported
//!   `conditions`) are set aside with their reason ([`Passport::ignored`]): they never
//!   grant anything.
//!
//! ```
//! use genofed_policies::passport::{IssuerKey, PassportConfig, SigningAlgorithm, Verifier, VisaSpec};
//!
//! let broker = IssuerKey::generate("https://broker.test/", SigningAlgorithm::Es256).unwrap();
//! let now = 1_800_000_000;
//! let visa = broker
//!     .visa(&VisaSpec::new("alice", "ResearcherStatus",
//!         "https://doi.org/10.1038/s41431-018-0219-y", "https://broker.test/", now))
//!     .unwrap();
//! let token = broker.passport("alice", &["https://node.test"], now, 3600, &[visa]).unwrap();
//!
//! let config = PassportConfig::new("https://node.test").trust(&broker);
//! let verifier = Verifier::new(config).unwrap();
//! let passport = verifier.verify_at(&token, now + 10).unwrap();
//! assert!(passport.identity().bona_fide);
//! ```

mod cache;
mod claims;
mod conditions;
mod config;
mod error;
mod fetch;
mod identity;
mod jwt;
mod keys;
mod mint;
mod verify;

pub use self::claims::{Visa, VisaType};
pub use self::config::{IssuerConfig, PassportConfig, TokenKind};
pub use self::error::{IssuerError, PassportError};
pub use self::fetch::tls_config;
pub use self::identity::{Grant, Identity};
pub use self::mint::{IssuerKey, SigningAlgorithm, VisaSpec};
pub use self::verify::{IgnoredVisa, Passport, Verifier, now};
