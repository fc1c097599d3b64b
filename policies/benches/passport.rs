//! Verifying a GA4GH Passport with 5 visas, keys loaded: without caches (every signature
//! checked), and a repeated token (cache hit by token hash).

use criterion::{Criterion, criterion_group, criterion_main};
use genofed_policies::passport::{IssuerKey, PassportConfig, SigningAlgorithm, Verifier, VisaSpec};

const NODE: &str = "https://node.test";
const NOW: i64 = 1_800_000_000;

fn token(broker: &IssuerKey, dac: &IssuerKey) -> String {
    let kinds = [
        (
            "ResearcherStatus",
            "https://doi.org/10.1038/s41431-018-0219-y",
        ),
        ("AffiliationAndRole", "faculty@helsinki.fi"),
        (
            "AcceptedTermsAndPolicies",
            "https://doi.org/10.1038/s41431-018-0219-y",
        ),
        ("ControlledAccessGrants", "cohort"),
        ("ControlledAccessGrants", "cohort2"),
    ];
    let visas: Vec<String> = kinds
        .iter()
        .map(|(k, v)| {
            let signer = if k.starts_with("Controlled") {
                dac
            } else {
                broker
            };
            signer
                .visa(&VisaSpec::new("alice", k, v, signer.issuer(), NOW).by("so"))
                .expect("visa")
        })
        .collect();
    broker
        .passport("alice", &[NODE], NOW, 3600, &visas)
        .expect("passport")
}

fn verifier(keys: &[&IssuerKey], cache: usize) -> Verifier {
    let mut config = PassportConfig::new(NODE);
    for k in keys {
        config = config.trust(k);
    }
    config.cache_entries = cache;
    Verifier::new(config).expect("verifier")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("passport");
    for (name, dac_alg) in [
        ("5_visas_all_es256", SigningAlgorithm::Es256),
        ("5_visas_dac_rs256", SigningAlgorithm::Rs256),
    ] {
        let broker =
            IssuerKey::generate("https://broker.test/", SigningAlgorithm::Es256).expect("key");
        let dac = IssuerKey::generate("https://dac.test/", dac_alg).expect("key");
        let t = token(&broker, &dac);
        let uncached = verifier(&[&broker, &dac], 0);
        g.bench_function(format!("verify_{name}_uncached"), |b| {
            b.iter(|| uncached.verify_at(&t, NOW + 1).expect("valid"))
        });
        let cached = verifier(&[&broker, &dac], 10_000);
        g.bench_function(format!("verify_{name}_cached"), |b| {
            b.iter(|| cached.verify_at(&t, NOW + 1).expect("valid"))
        });
    }
    let rs = IssuerKey::generate("https://rs.test/", SigningAlgorithm::Rs256).expect("key");
    let t = token(&rs, &rs);
    let uncached = verifier(&[&rs], 0);
    g.bench_function("verify_5_visas_all_rs256_uncached", |b| {
        b.iter(|| uncached.verify_at(&t, NOW + 1).expect("valid"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
