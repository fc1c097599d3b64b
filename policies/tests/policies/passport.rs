//! GA4GH Passports: what a node accepts, and an attack suite where each forged, replayed
//! or malformed token is rejected with its reason (never a panic).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use genofed_policies::passport::{
    IssuerConfig, IssuerKey, PassportConfig, PassportError, SigningAlgorithm, TokenKind, Verifier,
    VisaSpec,
};
use serde_json::{Value, json};

const NODE: &str = "https://node.test";
const BROKER: &str = "https://broker.test/";
const DAC: &str = "https://dac.test/";
const BONA_FIDE: &str = "https://doi.org/10.1038/s41431-018-0219-y";
const NOW: i64 = 1_800_000_000;

struct Fixture {
    broker: IssuerKey,
    dac: IssuerKey,
    verifier: Verifier,
}

fn dac_issuer(dac: &IssuerKey, jku: Vec<String>) -> IssuerConfig {
    IssuerConfig {
        issuer: DAC.into(),
        jwks_file: None,
        jwks_url: None,
        refresh_seconds: 3600,
        jwks_json: Some(dac.jwks_json()),
        jku,
        signs: vec![TokenKind::Visas],
    }
}

fn fixture() -> Fixture {
    let broker = IssuerKey::generate(BROKER, SigningAlgorithm::Es256).expect("broker key");
    let dac = IssuerKey::generate(DAC, SigningAlgorithm::Rs256).expect("dac key");
    let mut config = PassportConfig::new(NODE).trust(&broker);
    config.issuers.push(dac_issuer(&dac, Vec::new()));
    let verifier = Verifier::new(config).expect("verifier");
    Fixture {
        broker,
        dac,
        verifier,
    }
}

fn grant(f: &Fixture, dataset: &str) -> String {
    f.dac
        .visa(&VisaSpec::new("alice", "ControlledAccessGrants", dataset, DAC, NOW).by("dac"))
        .expect("visa")
}

fn five_visas(f: &Fixture) -> Vec<String> {
    let b = |kind: &str, value: &str| {
        f.broker
            .visa(&VisaSpec::new("alice", kind, value, BROKER, NOW).by("so"))
            .expect("visa")
    };
    vec![
        b("ResearcherStatus", BONA_FIDE),
        b("AffiliationAndRole", "faculty@helsinki.fi"),
        b(
            "AcceptedTermsAndPolicies",
            "https://doi.org/10.1038/s41431-018-0219-y",
        ),
        grant(f, "cohort"),
        b(
            "LinkedIdentities",
            "alice%40elixir,https%3A%2F%2Flogin.elixir.test%2F",
        ),
    ]
}

fn passport(f: &Fixture, visas: &[String]) -> String {
    f.broker
        .passport("alice", &[NODE], NOW, 3600, visas)
        .expect("passport")
}

/// A JWT with `header` and `claims`, signed by `sign` over `header.claims`.
fn forge(header: &Value, claims: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let message = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    let sig = sign(message.as_bytes());
    format!("{message}.{}", B64.encode(sig))
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&B64.decode(payload).expect("base64")).expect("json")
}

fn header_of(token: &str) -> Value {
    let h = token.split('.').next().expect("header");
    serde_json::from_slice(&B64.decode(h).expect("base64")).expect("json")
}

fn rejected(f: &Fixture, token: &str) -> PassportError {
    match f.verifier.verify_at(token, NOW + 10) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_valid_passport_describes_its_researcher() {
    let f = fixture();
    let p = f
        .verifier
        .verify_at(&passport(&f, &five_visas(&f)), NOW + 10)
        .expect("valid");
    assert_eq!(p.subject, "alice");
    assert!(p.ignored.is_empty(), "{:?}", p.ignored);
    let id = p.identity();
    assert!(id.bona_fide);
    assert_eq!(id.affiliations, ["faculty@helsinki.fi"]);
    assert_eq!(id.roles, ["faculty"]);
    assert_eq!(id.grants.len(), 1);
    assert_eq!(id.grants[0].value, "cohort");
    assert_eq!(id.grants[0].source, DAC);
    assert_eq!(id.grants[0].expires, NOW + 365 * 86_400);
    assert_eq!(
        id.linked,
        [(
            "alice@elixir".to_string(),
            "https://login.elixir.test/".to_string()
        )]
    );
    let researcher = id.researcher(|g| vec![g.value.clone()]);
    assert_eq!(
        researcher.grants,
        [("cohort".to_string(), (NOW + 365 * 86_400) / 86_400)]
    );
}

#[test]
fn rs256_passports_verify_too() {
    let f = fixture();
    let rs = IssuerKey::generate("https://rs.test/", SigningAlgorithm::Rs256).expect("key");
    let verifier = Verifier::new(PassportConfig::new(NODE).trust(&rs)).expect("verifier");
    let token = rs.passport("bob", &[NODE], NOW, 60, &[]).expect("token");
    assert!(verifier.verify_at(&token, NOW).is_ok());
    // …and a node trusting only the broker rejects it.
    assert!(matches!(
        rejected(&f, &token),
        PassportError::UnknownIssuer { .. }
    ));
}

#[test]
fn alg_none_is_rejected() {
    let f = fixture();
    let good = passport(&f, &[]);
    let mut header = header_of(&good);
    header["alg"] = json!("none");
    let token = format!(
        "{}.{}.",
        B64.encode(header.to_string()),
        good.split('.').nth(1).unwrap_or_default()
    );
    let e = rejected(&f, &token);
    assert!(
        matches!(&e, PassportError::Algorithm { alg, .. } if alg == "none"),
        "{e}"
    );
    assert!(e.to_string().contains("only ES256 and RS256"), "{e}");
}

#[test]
fn hs256_signed_with_the_public_key_is_rejected() {
    let f = fixture();
    let good = passport(&f, &[]);
    let mut header = header_of(&good);
    header["alg"] = json!("HS256");
    // The classic confusion: the issuer's public key used as an HMAC secret.
    let secret = f.broker.jwks_json();
    let token = forge(&header, &claims_of(&good), |m| {
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
        aws_lc_rs::hmac::sign(&key, m).as_ref().to_vec()
    });
    assert!(matches!(
        rejected(&f, &token),
        PassportError::Algorithm { alg, .. } if alg == "HS256"
    ));
}

#[test]
fn unknown_issuer_is_rejected() {
    let f = fixture();
    let evil = IssuerKey::generate("https://evil.test/", SigningAlgorithm::Es256).expect("key");
    let token = evil
        .passport("alice", &[NODE], NOW, 3600, &[])
        .expect("token");
    let e = rejected(&f, &token);
    assert!(matches!(e, PassportError::UnknownIssuer { .. }), "{e}");
    assert!(e.to_string().contains("`https://evil.test/`"), "{e}");
}

#[test]
fn a_trusted_issuer_spoofed_by_another_key_is_rejected() {
    let f = fixture();
    // The passport claims the broker but is signed with another key.
    let evil = IssuerKey::generate(BROKER, SigningAlgorithm::Es256).expect("key");
    let token = evil
        .passport("alice", &[NODE], NOW, 3600, &[])
        .expect("token");
    let e = rejected(&f, &token);
    assert!(
        matches!(
            e,
            PassportError::NoKey { .. } | PassportError::Signature { .. }
        ),
        "{e}"
    );
    // A visa claiming the DAC, signed by another key carrying the DAC's key id.
    let evil_dac = IssuerKey::generate(DAC, SigningAlgorithm::Rs256).expect("key");
    let spoofed = evil_dac
        .visa(&VisaSpec::new("alice", "ControlledAccessGrants", "cohort", DAC, NOW).by("dac"))
        .expect("visa");
    // The same visa with the DAC's key id in its header: the key is found, and the
    // signature does not verify with it.
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(f.dac.kid().to_string());
    header.typ = Some("JWT".into());
    let key =
        jsonwebtoken::EncodingKey::from_rsa_pem(evil_dac.private_pem().as_bytes()).expect("key");
    let relabelled = jsonwebtoken::encode(&header, &claims_of(&spoofed), &key).expect("signed");
    let token = passport(&f, &[relabelled]);
    let e = rejected(&f, &token);
    assert!(
        matches!(&e, PassportError::Signature { part, .. } if part == "visa #1"),
        "{e}"
    );
    // Without the kid trick, the visa names a key id the DAC does not have.
    let token = passport(&f, &[spoofed]);
    let e = rejected(&f, &token);
    assert!(
        matches!(&e, PassportError::NoKey { part, .. } if part == "visa #1"),
        "{e}"
    );
}

#[test]
fn expired_and_not_yet_valid_passports_are_rejected() {
    let f = fixture();
    let token = passport(&f, &[]);
    let e = f.verifier.verify_at(&token, NOW + 3600 + 61).unwrap_err();
    assert!(matches!(e, PassportError::Expired { .. }), "{e}");
    // Within the clock skew (60 s) it is still accepted.
    assert!(f.verifier.verify_at(&token, NOW + 3600 + 59).is_ok());
    let e = f.verifier.verify_at(&token, NOW - 61).unwrap_err();
    assert!(matches!(e, PassportError::IssuedInFuture { .. }), "{e}");
    let mut claims = claims_of(&token);
    claims["nbf"] = json!(NOW + 1000);
    let later = f
        .broker
        .sign(Some("vnd.ga4gh.passport+jwt"), None, &claims)
        .expect("signed");
    let e = f.verifier.verify_at(&later, NOW + 10).unwrap_err();
    assert!(matches!(e, PassportError::NotYetValid { .. }), "{e}");
}

#[test]
fn a_cached_passport_still_expires() {
    let f = fixture();
    let token = passport(&f, &five_visas(&f));
    let a = f.verifier.verify_at(&token, NOW).expect("valid");
    let b = f.verifier.verify_at(&token, NOW + 1).expect("cached");
    assert!(
        Arc::ptr_eq(&a, &b),
        "the second verification is a cache hit"
    );
    assert!(f.verifier.verify_at(&token, NOW + 3600 * 2).is_err());
}

#[test]
fn the_audience_must_name_the_node() {
    let f = fixture();
    let other = f
        .broker
        .passport("alice", &["https://other-node.test"], NOW, 3600, &[])
        .expect("token");
    assert!(matches!(
        rejected(&f, &other),
        PassportError::Audience { .. }
    ));
    let mut claims = claims_of(&other);
    claims.as_object_mut().map(|c| c.remove("aud"));
    let none = f
        .broker
        .sign(Some("vnd.ga4gh.passport+jwt"), None, &claims)
        .expect("signed");
    assert!(matches!(
        rejected(&f, &none),
        PassportError::Audience { .. }
    ));
}

#[test]
fn tampered_tokens_are_rejected() {
    let f = fixture();
    let token = passport(&f, &five_visas(&f));
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims = claims_of(&token);
    claims["sub"] = json!("mallory");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        B64.encode(claims.to_string()),
        parts[2]
    );
    assert!(matches!(
        rejected(&f, &tampered),
        PassportError::Signature { .. }
    ));
    // A visa edited (grant of another dataset), then the passport signed again by an
    // honest broker: the visa's own signature fails.
    let visa = grant(&f, "cohort");
    let vp: Vec<&str> = visa.split('.').collect();
    let mut vc = claims_of(&visa);
    vc["ga4gh_visa_v1"]["value"] = json!("other_dataset");
    let edited = format!("{}.{}.{}", vp[0], B64.encode(vc.to_string()), vp[2]);
    let e = rejected(&f, &passport(&f, &[edited]));
    assert!(
        matches!(&e, PassportError::Signature { part, .. } if part == "visa #1"),
        "{e}"
    );
}

#[test]
fn oversized_and_malformed_tokens_are_rejected() {
    let f = fixture();
    let big = "a".repeat(64 * 1024 + 1);
    assert!(matches!(rejected(&f, &big), PassportError::TooLarge { .. }));
    let many: Vec<String> = (0..101).map(|_| "x.y.z".to_string()).collect();
    let token = f
        .broker
        .passport("alice", &[NODE], NOW, 3600, &many)
        .expect("token");
    assert!(matches!(
        rejected(&f, &token),
        PassportError::TooManyVisas { .. }
    ));
    for bad in [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.e30.c2ln",
        "e30.e30.c2ln",
        "bm90IGpzb24.e30.c2ln",
    ] {
        let e = rejected(&f, bad);
        assert!(
            matches!(
                e,
                PassportError::Malformed { .. } | PassportError::Algorithm { .. }
            ),
            "`{bad}`: {e}"
        );
    }
    // A claim of the wrong type.
    let good = passport(&f, &[]);
    let mut claims = claims_of(&good);
    claims["exp"] = json!("tomorrow");
    let wrong = f
        .broker
        .sign(Some("vnd.ga4gh.passport+jwt"), None, &claims)
        .expect("signed");
    let e = rejected(&f, &wrong);
    assert!(matches!(e, PassportError::Malformed { .. }), "{e}");
    // A visa presented as the passport.
    let visa = grant(&f, "cohort");
    assert!(matches!(
        rejected(&f, &visa),
        PassportError::NotAPassport { .. } | PassportError::UnknownIssuer { .. }
    ));
    // A malformed visa rejects the passport, naming it.
    let e = rejected(&f, &passport(&f, &["not-a-jwt".into()]));
    assert!(e.to_string().starts_with("visa #1 is not a JWT"), "{e}");
}

#[test]
fn random_corruption_never_panics_or_passes() {
    let f = fixture();
    let token = passport(&f, &five_visas(&f));
    let bytes = token.as_bytes();
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/{}\"";
    for _ in 0..2000 {
        let mut t = bytes.to_vec();
        for _ in 0..=(next() % 3) {
            let i = (next() as usize) % t.len();
            t[i] = alphabet[(next() as usize) % alphabet.len()];
        }
        if t == bytes {
            continue;
        }
        let Ok(s) = String::from_utf8(t) else {
            continue;
        };
        if let Ok(p) = f.verifier.verify_at(&s, NOW + 10) {
            // Base64 has slack bits: a change there decodes to the same token.
            let same = f.verifier.verify_at(&token, NOW + 10).expect("valid");
            assert_eq!(
                p.identity(),
                same.identity(),
                "a corrupted token changed meaning"
            );
        }
    }
}

#[test]
fn visas_the_node_does_not_use_are_set_aside_with_a_reason() {
    let f = fixture();
    let stranger =
        IssuerKey::generate("https://stranger.test/", SigningAlgorithm::Es256).expect("key");
    let untrusted = stranger
        .visa(&VisaSpec::new("alice", "ControlledAccessGrants", "cohort", DAC, NOW).by("dac"))
        .expect("visa");
    let expired = f
        .dac
        .visa(
            &VisaSpec::new("alice", "ControlledAccessGrants", "old", DAC, NOW - 1000)
                .by("dac")
                .expires(NOW - 500),
        )
        .expect("visa");
    let other_subject = f
        .dac
        .visa(&VisaSpec::new("mallory", "ControlledAccessGrants", "cohort2", DAC, NOW).by("dac"))
        .expect("visa");
    let self_asserted = f
        .broker
        .visa(&VisaSpec::new("alice", "ResearcherStatus", BONA_FIDE, BROKER, NOW).by("self"))
        .expect("visa");
    let p = f
        .verifier
        .verify_at(
            &passport(&f, &[untrusted, expired, other_subject, self_asserted]),
            NOW + 10,
        )
        .expect("the passport itself is valid");
    let reasons: Vec<(usize, &str)> = p
        .ignored
        .iter()
        .map(|i| (i.position, i.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].1.contains("not trusted to issue visas"),
        "{reasons:?}"
    );
    assert!(reasons[1].1.contains("expired"), "{reasons:?}");
    assert!(reasons[2].1.contains("another subject"), "{reasons:?}");
    let id = p.identity();
    assert!(
        id.grants.is_empty(),
        "expired or foreign grants never grant"
    );
    assert!(!id.bona_fide, "self-asserted status is not bona fide");
}

#[test]
fn visa_conditions_in_their_simple_forms() {
    let f = fixture();
    let conditional = |cond: Value| {
        f.dac
            .visa(
                &VisaSpec::new("alice", "ControlledAccessGrants", "cohort", DAC, NOW)
                    .by("dac")
                    .conditions(cond),
            )
            .expect("visa")
    };
    let affiliation = f
        .broker
        .visa(
            &VisaSpec::new(
                "alice",
                "AffiliationAndRole",
                "faculty@helsinki.fi",
                BROKER,
                NOW,
            )
            .by("so"),
        )
        .expect("visa");
    let met = conditional(json!([[{
        "type": "AffiliationAndRole", "value": "pattern:faculty@*.fi", "by": "so"
    }]]));
    let unmet = conditional(json!([[{
        "type": "AffiliationAndRole", "value": "const:student@helsinki.fi"
    }]]));
    let unsupported = conditional(json!([[{
        "type": "LinkedIdentities", "value": "split_pattern:*,*"
    }]]));
    let p = f
        .verifier
        .verify_at(&passport(&f, &[affiliation, met, unmet, unsupported]), NOW)
        .expect("valid");
    assert_eq!(
        p.identity().grants.len(),
        1,
        "only the met condition grants"
    );
    let reasons: Vec<&str> = p.ignored.iter().map(|i| i.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("not met"), "{reasons:?}");
    assert!(reasons[1].contains("split_pattern"), "{reasons:?}");
}

#[test]
fn linked_identities_admit_their_visas() {
    let f = fixture();
    let linked = f
        .broker
        .visa(
            &VisaSpec::new(
                "alice",
                "LinkedIdentities",
                "alice-at-dac,https%3A%2F%2Fdac.test%2F",
                BROKER,
                NOW,
            )
            .by("system"),
        )
        .expect("visa");
    let theirs = f
        .dac
        .visa(
            &VisaSpec::new("alice-at-dac", "ControlledAccessGrants", "cohort", DAC, NOW).by("dac"),
        )
        .expect("visa");
    let p = f
        .verifier
        .verify_at(&passport(&f, &[linked, theirs.clone()]), NOW)
        .expect("valid");
    assert_eq!(p.identity().grants.len(), 1);
    let p = f
        .verifier
        .verify_at(&passport(&f, &[theirs]), NOW)
        .expect("valid");
    assert!(p.identity().grants.is_empty(), "not linked: not used");
}

/// A one-route HTTP server on a free loopback port that counts its requests.
fn serve_jwks(body: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/jwks", listener.local_addr().expect("addr"));
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, hits)
}

#[test]
fn jku_is_used_only_when_allowlisted_and_checked_before_any_fetch() {
    let broker = IssuerKey::generate(BROKER, SigningAlgorithm::Es256).expect("key");
    let dac = IssuerKey::generate(DAC, SigningAlgorithm::Es256).expect("key");
    // The DAC's static set holds an unrelated key: only the jku set verifies its visas.
    let unrelated = IssuerKey::generate(DAC, SigningAlgorithm::Es256).expect("key");
    let (allowed, allowed_hits) = serve_jwks(dac.jwks_json());
    let (untrusted, untrusted_hits) = serve_jwks(dac.jwks_json());
    let mut config = PassportConfig::new(NODE).trust(&broker);
    config
        .issuers
        .push(dac_issuer(&unrelated, vec![allowed.clone()]));
    let verifier = Verifier::new(config).expect("verifier");
    let visa = |jku: &str, value: &str| {
        dac.visa(
            &VisaSpec::new("alice", "ControlledAccessGrants", value, DAC, NOW)
                .by("dac")
                .jku(jku),
        )
        .expect("visa")
    };
    let pass = |visas: &[String]| {
        broker
            .passport("alice", &[NODE], NOW, 3600, visas)
            .expect("token")
    };
    let e = verifier
        .verify_at(&pass(&[visa(&untrusted, "cohort")]), NOW)
        .unwrap_err();
    assert!(matches!(e, PassportError::UntrustedJku { .. }), "{e}");
    assert_eq!(untrusted_hits.load(Ordering::SeqCst), 0, "nothing fetched");
    let p = verifier
        .verify_at(&pass(&[visa(&allowed, "cohort")]), NOW)
        .expect("allowlisted jku");
    assert_eq!(p.identity().grants.len(), 1);
    let p = verifier
        .verify_at(&pass(&[visa(&allowed, "cohort2")]), NOW)
        .expect("allowlisted jku");
    assert_eq!(p.identity().grants[0].value, "cohort2");
    assert_eq!(
        allowed_hits.load(Ordering::SeqCst),
        1,
        "the key set is cached"
    );
}

#[test]
fn configurations_that_would_trust_too_much_are_refused() {
    let mut c = PassportConfig::new(NODE);
    c.clock_skew_seconds = 3600;
    assert!(Verifier::new(c).is_err());
    let mut c = PassportConfig::new(NODE);
    c.issuers.push(IssuerConfig {
        issuer: BROKER.into(),
        jwks_file: None,
        jwks_url: Some("http://keys.example.org/jwks".into()),
        refresh_seconds: 60,
        jwks_json: None,
        jku: Vec::new(),
        signs: vec![TokenKind::Passports],
    });
    let e = Verifier::new(c).unwrap_err();
    assert!(e.to_string().contains("use https"), "{e}");
}
