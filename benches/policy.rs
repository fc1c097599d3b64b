//! The cost of policies in the plan (targets: a full scan under a consent filter
//! <= 1.05x the same scan without policy; analysis + rewrite of a 5-table join <= 1 ms).
//! A generated cohort of 20,000 records x 200 samples with phenopackets; 20 participants
//! consented to type 2 diabetes research only, and the researcher declares general
//! biomedical research, so their genotypes are filtered out.

use criterion::{Criterion, criterion_group, criterion_main};
use genofed::engine::access::{Requester, identity_facts};
use genofed::engine::genofed_policies::{Principal, Researcher};
use genofed::engine::{Node, NodeConfig};
use genofed::generate::{
    CohortFiles, FormatSet, GenerateOptions, generate, individual_id, write_phenopackets,
};
use genofed_ontologies::Date;
use genofed_ontologies::duo::{RequestFacts, ResearchPurpose};

/// A full scan of every genotype (the filter keeps the plan shape the same with and
/// without policy).
const SCAN: &str = "SELECT count(*) FROM cohort.genotypes WHERE gt_alt_count(gt) > 0";
/// A sum the VCF scan computes itself (site-aggregate pushdown) when nothing stands
/// between the aggregate and the scan; the consent filter does.
const SUMS: &str = "SELECT sum(gt_alt_count(gt)) FROM cohort.genotypes";
const JOIN5: &str = "SELECT d.term['id'], count(DISTINCT i.individual_id) \
    FROM cohort.genotypes g \
    JOIN cohort.samples s ON s.sample_id = g.sample_id \
    JOIN cohort.individuals i ON i.individual_id = s.individual_id \
    JOIN cohort.phenotypic_features f ON f.individual_id = i.individual_id \
    JOIN cohort.diseases d ON d.individual_id = i.individual_id \
    WHERE g.chrom = 'chr1' AND g.pos < 100000 AND gt_alt_count(g.gt) > 0 AND NOT f.excluded \
    GROUP BY 1";

fn policy(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        seed: 5,
        name: "cohort".into(),
        records: 20_000,
        samples: 200,
        formats: FormatSet {
            vcf_gz_tbi: true,
            ..FormatSet::NONE
        },
        ..Default::default()
    };
    generate(&opts, dir.path(), &|_| {}).expect("generate");
    write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir.path())
        .expect("phenopackets");
    let group: Vec<String> = (0..20)
        .map(|i| format!("\"{}\"", individual_id(i)))
        .collect();
    let toml = format!(
        "[datasets.cohort]\nvcf = [\"cohort.vcf.gz\"]\nphenopackets = [\"cohort.phenopackets\"]\n\
         [datasets.cohort.consent]\npermission = \"GRU\"\n\
         [datasets.cohort.consent_groups.t2d]\nindividuals = [{}]\n\
         consent = {{ permission = \"DS\", diseases = [\"MONDO:0005148\"] }}\n",
        group.join(", ")
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let config = NodeConfig::from_toml(&toml, dir.path()).expect("config");
    let node = rt.block_on(Node::open(config)).expect("node");
    let principal = Principal::Researcher(Researcher {
        id: "alice".into(),
        country: Some("FI".into()),
        ..Researcher::default()
    });
    let mut facts = RequestFacts::new(Date::today());
    identity_facts(&principal, &mut facts);
    let requester = Requester {
        principal,
        purpose: ResearchPurpose::parse("HMB", &[], node.ontologies()).expect("purpose"),
        facts,
    };
    let operator = node.operator_session();
    let remote = node.remote_session(requester).expect("session");

    let mut g = c.benchmark_group("scan");
    g.sample_size(10);
    for (name, sql) in [("genotypes", SCAN), ("genotype_sums", SUMS)] {
        g.bench_function(format!("{name}_without_policy"), |b| {
            b.iter(|| {
                rt.block_on(async { operator.sql(sql).await?.collect().await })
                    .expect("scan")
            })
        });
        g.bench_function(format!("{name}_consent_filtered"), |b| {
            b.iter(|| rt.block_on(remote.collect(sql)).expect("scan"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("analyze");
    let plan = |ctx: &datafusion::prelude::SessionContext| {
        rt.block_on(ctx.state().create_logical_plan(JOIN5))
            .expect("plan")
    };
    for (name, ctx) in [
        ("join5_operator", &operator),
        ("join5_policy", remote.context()),
    ] {
        let state = ctx.state();
        let logical = plan(ctx);
        g.bench_function(name, |b| {
            b.iter(|| {
                state
                    .analyzer()
                    .execute_and_check(logical.clone(), state.config_options(), |_, _| {})
                    .expect("analyze")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, policy);
criterion_main!(benches);
