//! `genofed demo`: the README's main job. Generates a realistic cohort (once) with its
//! phenopackets and reads, encrypts a copy with Crypt4GH, writes a node config for them,
//! runs a short tour of queries (genotypes joined to phenotypes among them), and matches
//! the cohort's DUO consent against two research purposes.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, OutputFormat, progress, sql};
use crate::generate::{
    CohortFiles, GenerateOptions, generate, write_phenopackets, write_reads, write_reference,
};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the demo dataset and its node config are written.
    #[arg(long, default_value = "demo-data")]
    pub dir: PathBuf,
    /// Records in the demo cohort.
    #[arg(long, default_value_t = 20_000)]
    pub records: usize,
    /// Samples in the demo cohort.
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// After the tour, keep the federation's servers up (until Ctrl-C) to connect to.
    #[arg(long)]
    pub serve: bool,
}

/// The tour: (what it shows, SQL).
const TOUR: &[(&str, &str)] = &[
    (
        "The node's tables (information_schema works as in any SQL database)",
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY 1, 2",
    ),
    (
        "Variants per contig, with how many are SNVs and how many are multi-allelic",
        "SELECT chrom, count(*) AS variants, \
                sum(CASE WHEN length(ref) = 1 AND length(alt[1]) = 1 THEN 1 ELSE 0 END) AS snvs, \
                sum(CASE WHEN cardinality(alt) > 1 THEN 1 ELSE 0 END) AS multiallelic \
         FROM cohort.variants GROUP BY chrom ORDER BY chrom",
    ),
    (
        "The allele-frequency spectrum: most variants are rare or low-frequency (AF < 5%)",
        "SELECT CASE WHEN info['AF'][1] < 0.001 THEN 'a: AF < 0.1%' WHEN info['AF'][1] < 0.01 THEN 'b: 0.1-1%' \
                     WHEN info['AF'][1] < 0.05 THEN 'c: 1-5%' ELSE 'd: >= 5%' END AS af_bin, count(*) AS variants \
         FROM cohort.variants GROUP BY 1 ORDER BY 1",
    ),
    (
        "A region query (uses the tabix index; deletions that start before the region but overlap it are included)",
        "SELECT chrom, pos, \"end\", ref, alt, qual, filter FROM cohort.variants \
         WHERE chrom = 'chr1' AND pos <= 120000 AND \"end\" >= 100000 ORDER BY pos LIMIT 8",
    ),
    (
        "Alternate-allele count per site, computed from every genotype, beside the file's INFO/AC",
        "SELECT g.chrom, g.pos, sum(gt_alt_count(g.gt)) AS ac_from_genotypes \
         FROM cohort.genotypes g GROUP BY g.chrom, g.pos ORDER BY ac_from_genotypes DESC, g.chrom, g.pos LIMIT 5",
    ),
    (
        "Samples with the most heterozygous calls on chr2",
        "SELECT sample_id, count(*) AS het_calls FROM cohort.genotypes \
         WHERE chrom = 'chr2' AND gt[1] <> gt[2] GROUP BY sample_id ORDER BY het_calls DESC, sample_id LIMIT 5",
    ),
    (
        "Phenotypes from the cohort's phenopackets: the most frequent HPO features (excluded ones not counted)",
        "SELECT f.type['id'] AS hpo, f.type['label'] AS feature, count(DISTINCT f.individual_id) AS individuals \
         FROM cohort.phenotypic_features f WHERE NOT f.excluded GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 5",
    ),
    (
        "Phenotype + genotype: individuals with Seizure (HP:0001250) carrying an alternate allele in chr1:1-500000 \
         (samples link VCF sample ids to individuals)",
        "SELECT s.individual_id, i.sex, g.chrom, g.pos, g.ref, g.alt, g.gt \
         FROM cohort.phenotypic_features f \
         JOIN cohort.samples s ON s.individual_id = f.individual_id \
         JOIN cohort.individuals i ON i.individual_id = f.individual_id \
         JOIN cohort.genotypes g ON g.sample_id = s.sample_id \
         WHERE f.type['id'] = 'HP:0001250' AND NOT f.excluded \
           AND g.chrom = 'chr1' AND g.pos <= 500000 AND gt_alt_count(g.gt) > 0 \
         ORDER BY g.pos, s.individual_id LIMIT 8",
    ),
    (
        "Alignments (SAM here; BAM and CRAM likewise): reads per contig, how many with MAPQ >= 30, and duplicates",
        "SELECT rname, count(*) AS reads, sum(CASE WHEN mapq >= 30 THEN 1 ELSE 0 END) AS mapq30, \
                sum(CASE WHEN is_duplicate THEN 1 ELSE 0 END) AS duplicates \
         FROM cohort.alignments GROUP BY rname ORDER BY rname NULLS LAST",
    ),
    (
        "The same data read from BCF: counts agree",
        "SELECT (SELECT count(*) FROM cohort.variants) AS vcf_records, (SELECT count(*) FROM cohort_bcf.variants) AS bcf_records",
    ),
    (
        "The cohort again, Crypt4GH-encrypted at rest and queried in place (only the segments the region needs are decrypted)",
        "SELECT (SELECT count(*) FROM cohort.variants WHERE chrom = 'chr2' AND pos BETWEEN 200000 AND 300000) AS plain, \
                (SELECT count(*) FROM cohort_c4gh.variants WHERE chrom = 'chr2' AND pos BETWEEN 200000 AND 300000) AS encrypted",
    ),
];

/// Participants of the `t2d_only` consent group (the first individuals).
const T2D_ONLY: usize = 10;

/// The demo's researcher (a principal file, as `genofed sql --as` reads).
const ALICE: &str = "# A researcher, as a GA4GH Passport would describe her.\n\
id = \"alice@helsinki.example\"\n\
issuer = \"https://login.elixir-czech.org/oidc/\"\n\
bona_fide = true\n\
country = \"FI\"\n\
institution = \"University of Helsinki\"\n\
organisation_type = \"not_for_profit\"\n";

/// The policy tour: (what it shows, purpose, diseases, SQL).
const AS_ALICE: &[(&str, &str, &[&str], &str)] = &[
    (
        "Allowed: type 2 diabetes research with ethics approval, from Finland: every participant's consent admits it",
        "DS",
        &["MONDO:0005148"],
        "SELECT count(*) AS individuals FROM cohort.individuals",
    ),
    (
        "Filtered by consent: diabetes mellitus research (broader than type 2): the `t2d_only` participants' rows are left out",
        "DS",
        &["MONDO:0005015"],
        "SELECT count(*) AS individuals FROM cohort.individuals",
    ),
    (
        "Denied: general biomedical research is not what the cohort consented to",
        "HMB",
        &[],
        "SELECT count(*) AS individuals FROM cohort.individuals",
    ),
];

/// Data use conditions of the demo cohort (DUO), matched below against two purposes.
const CONSENT: &str = "permission = \"DS\"\ndiseases = [\"MONDO:0005015\"]\nmodifiers = [\"IRB\", \"GS\"]\nregions = [\"EU\"]\n";

pub async fn run(args: DemoArgs) -> Result<(), CliError> {
    let config = prepare(&args)?;
    let node = sql::open_node(Some(&config)).await?;
    let runner = sql::Runner::Operator(node.operator_session());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, (title, query)) in TOUR.iter().enumerate() {
        use std::io::Write;
        writeln!(out, "\n-- {}. {title}\n{};", i + 1, pretty(query))?;
        sql::execute(&runner, query, OutputFormat::Table, &mut out).await?;
    }
    use std::io::Write;
    consent(&node, &mut out)?;
    as_alice(&node, &args.dir, &mut out).await?;
    let jwks = std::fs::canonicalize(args.dir.join("passports/broker.jwks.json"))?;
    let passports = format!(
        "\n[passports]\naudience = \"{DEMO_AUDIENCE}\"\n\n[[passports.issuers]]\n\
         issuer = \"{DEMO_BROKER}\"\njwks_file = \"{}\"\n",
        jwks.display()
    );
    let first = TOUR.len() + AS_ALICE.len() + 3;
    super::federation_demo::run(&args.dir, &passports, first, args.serve, &mut out).await?;
    writeln!(
        out,
        "\nTry your own: cargo run --release -- sql --config {} -c \"SELECT ...\"",
        config.display()
    )?;
    Ok(())
}

/// DUO matching on the node's ontologies: the reasoning policies are compiled from.
fn consent(node: &genofed_engine::Node, out: &mut impl std::io::Write) -> Result<(), CliError> {
    use genofed_ontologies::duo::{self, Attestation, DataUseSpec, RequestFacts, ResearchPurpose};
    let store = node.ontologies();
    let spec: DataUseSpec = toml::from_str(CONSENT).map_err(|e| CliError::Usage(e.to_string()))?;
    let conditions = spec.resolve(store)?;
    writeln!(
        out,
        "\n-- {}. Consent: the cohort's DUO conditions (DS diabetes mellitus, IRB, EU only) against two research purposes",
        TOUR.len() + 1
    )?;
    let today = genofed_ontologies::Date::today();
    let mut facts = RequestFacts::new(today);
    facts.country = Some("FI".into());
    facts.attestations.insert(Attestation::EthicsApproval);
    let t2d = ResearchPurpose::parse("DS", &["MONDO:0005148"], store)?;
    writeln!(
        out,
        "purpose DS type 2 diabetes, researcher in FI with ethics approval:\n{}",
        duo::decide(store, &conditions, &t2d, &facts)
    )?;
    let mut facts = RequestFacts::new(today);
    facts.country = Some("US".into());
    let cancer = ResearchPurpose::parse("DS", &["MONDO:0004992"], store)?;
    writeln!(
        out,
        "purpose DS cancer, researcher in US:\n{}",
        duo::decide(store, &conditions, &cancer, &facts)
    )?;
    Ok(())
}

/// The same query as a researcher with three purposes: allowed, filtered, denied.
async fn as_alice(
    node: &genofed_engine::Node,
    dir: &std::path::Path,
    out: &mut impl std::io::Write,
) -> Result<(), CliError> {
    use genofed_engine::access::Requester;
    use genofed_ontologies::duo::{Attestation, RequestFacts, ResearchPurpose};
    let alice =
        genofed_engine::access::PrincipalFile::from_file(&dir.join("alice.toml"))?.principal()?;
    let n = TOUR.len() + 2;
    for (i, (title, code, diseases, query)) in AS_ALICE.iter().enumerate() {
        let mut facts = RequestFacts::new(genofed_ontologies::Date::today());
        facts.attestations.insert(Attestation::EthicsApproval);
        let purpose = ResearchPurpose::parse(code, diseases, node.ontologies())?;
        let requester = Requester::new(alice.clone(), purpose, facts);
        let flags: String = diseases.iter().map(|d| format!(" --disease {d}")).collect();
        writeln!(
            out,
            "\n-- {}. {title}\n-- genofed sql --config {dir}/node.toml --as {dir}/alice.toml --purpose {code}{flags} --attest irb\n{query};",
            n + i,
            dir = dir.display(),
        )?;
        let runner = sql::Runner::Remote(node.remote_session(requester)?);
        match sql::execute(&runner, query, OutputFormat::Table, out).await {
            Ok(()) => {}
            Err(e) => writeln!(out, "{e}")?,
        }
    }
    // The same researcher with her GA4GH Passport: signatures verified against the
    // broker's key; the country the consent's GS (EU) needs comes from the DAC's record
    // of her in the access register, which also approves her purpose.
    let token = std::fs::read_to_string(dir.join("alice.jwt"))?;
    let purpose = ResearchPurpose::parse("DS", &["MONDO:0005148"], node.ontologies())?;
    let mut facts = RequestFacts::new(genofed_ontologies::Date::today());
    facts.attestations.insert(Attestation::EthicsApproval);
    let requester =
        tokio::task::block_in_place(|| node.requester(Some(token.trim()), purpose, facts))?;
    let query = "SELECT count(*) AS individuals FROM cohort.individuals";
    writeln!(
        out,
        "\n-- {}. With her GA4GH Passport instead (verified: {}); her country comes from the DAC's record in the access register\n\
         -- genofed sql --config {dir}/node.toml --passport {dir}/alice.jwt --purpose DS --disease MONDO:0005148 --attest irb\n{query};",
        n + AS_ALICE.len(),
        requester.describe(),
        dir = dir.display(),
    )?;
    let runner = sql::Runner::Remote(node.remote_session(requester)?);
    if let Err(e) = sql::execute(&runner, query, OutputFormat::Table, out).await {
        writeln!(out, "{e}")?;
    }
    Ok(())
}

fn pretty(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Generates the demo files unless the same ones are already there; writes `node.toml`.
fn prepare(args: &DemoArgs) -> Result<PathBuf, CliError> {
    std::fs::create_dir_all(&args.dir)?;
    let opts = GenerateOptions {
        seed: 7,
        name: "cohort".into(),
        records: args.records,
        samples: args.samples,
        ..Default::default()
    };
    let stamp = args.dir.join(".generated");
    let want = format!(
        "seed={} records={} samples={} v3",
        opts.seed, opts.records, opts.samples
    );
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
        let bar = progress::counter(opts.records as u64, "generating the demo cohort");
        generate(&opts, &args.dir, &|n| bar.set_position(n))?;
        bar.finish_and_clear();
        write_phenopackets(
            &opts,
            CohortFiles {
                vcf: "file://cohort.vcf.gz",
                reads: Some("file://cohort.sam"),
            },
            &args.dir,
        )?;
        write_reference(&opts, &args.dir)?;
        write_reads(&opts, 20_000, &args.dir)?;
        std::fs::write(&stamp, &want)?;
    }
    encrypt_cohort(&args.dir, &want)?;
    let config = args.dir.join("node.toml");
    let mut text = String::from(
        "# Written by `genofed demo`.\n[node]\nname = \"demo\"\n\n\
         [datasets.cohort]\ndescription = \"Synthetic cohort (bgzipped VCF + tabix index, phenopackets, reads)\"\n\
         vcf = [\"cohort.vcf.gz\"]\nphenopackets = [\"cohort.phenopackets\"]\nalignments = [\"cohort.sam\"]\n\n\
         [datasets.cohort_bcf]\ndescription = \"The same cohort as BCF + CSI\"\nvcf = [\"cohort.bcf\"]\n\n\
         [datasets.cohort_c4gh]\ndescription = \"The same cohort, Crypt4GH-encrypted for the node's key (index in clear)\"\n\
         vcf = [\"cohort.vcf.gz.c4gh\"]\ncrypt4gh = { key = \"keys/node.sec\" }\n",
    );
    // The cohort's consent, compiled into Cedar policies when the node starts.
    text.push_str("\n[datasets.cohort.consent]\n");
    text.push_str(CONSENT);
    // Ten participants consented to type 2 diabetes research only.
    let group: Vec<String> = (0..T2D_ONLY)
        .map(|i| format!("\"{}\"", crate::generate::individual_id(i)))
        .collect();
    text.push_str(&format!(
        "\n# These participants consented to type 2 diabetes research only.\n\
         [datasets.cohort.consent_groups.t2d_only]\nindividuals = [{}]\n\
         consent = {{ permission = \"DS\", diseases = [\"MONDO:0005148\"], modifiers = [\"IRB\", \"GS\"], regions = [\"EU\"] }}\n",
        group.join(", ")
    ));
    text.push_str(&passports(&args.dir)?);
    text.push_str(
        "\n# The Beacon v2 API of `genofed serve --config node.toml` (docs/beacon-clients).\n\
         [beacon]\nhttp = \"127.0.0.1:8080\"\nid = \"org.genofed.demo\"\nname = \"genofed demo beacon\"\n\
         organization = { id = \"GENOFED-DEMO\", name = \"genofed demo node\", url = \"https://genofed.example\" }\n\
         # Genes `geneId` queries look up.\ngenes = \"genes.bed\"\n",
    );
    std::fs::write(args.dir.join("genes.bed"), DEMO_GENES)?;
    std::fs::write(&config, text)?;
    std::fs::write(args.dir.join("alice.toml"), ALICE)?;
    Ok(config)
}

/// The demo Beacon's gene table.
const DEMO_GENES: &str = include_str!("demo_genes.bed");

/// The demo's passport broker (a test issuer, new key on every run) and alice's GA4GH
/// Passport (`alice.jwt`, valid 7 days); returns the node's `[passports]` section.
fn passports(dir: &std::path::Path) -> Result<String, CliError> {
    use genofed_policies::passport::{IssuerKey, SigningAlgorithm, VisaSpec};
    let broker = IssuerKey::generate(DEMO_BROKER, SigningAlgorithm::Es256)?;
    let keys = dir.join("passports");
    std::fs::create_dir_all(&keys)?;
    std::fs::write(keys.join("broker.jwks.json"), broker.jwks_json())?;
    let now = genofed_policies::passport::now();
    let visas = [
        (
            "ResearcherStatus",
            "https://doi.org/10.1038/s41431-018-0219-y",
        ),
        ("AffiliationAndRole", "faculty@helsinki.fi"),
    ]
    .iter()
    .map(|(kind, value)| {
        broker.visa(&VisaSpec::new(ALICE_ID, kind, value, DEMO_BROKER, now).by("so"))
    })
    .collect::<Result<Vec<_>, _>>()?;
    let token = broker.passport(ALICE_ID, &[DEMO_AUDIENCE], now, 7 * 86_400, &visas)?;
    std::fs::write(dir.join("alice.jwt"), format!("{token}\n"))?;
    Ok(format!(
        "\n# GA4GH Passports signed by the demo broker (`genofed passport` test issuer).\n\
         [passports]\naudience = \"{DEMO_AUDIENCE}\"\n\n[[passports.issuers]]\n\
         issuer = \"{DEMO_BROKER}\"\njwks_file = \"passports/broker.jwks.json\"\n\n\
         # The approved access register: what the DAC approved, and what it recorded about\n\
         # the applicant that a passport does not carry (the country the consent's GS needs).\n\
         [[access.approved]]\nresearcher = \"{ALICE_ID}\"\ndataset = \"cohort\"\npurpose = \"HMB\"\n\n\
         [[access.researchers]]\nid = \"{ALICE_ID}\"\ncountry = \"FI\"\n\
         institution = \"University of Helsinki\"\norganisation_type = \"not_for_profit\"\n"
    ))
}

const ALICE_ID: &str = "alice@helsinki.example";
const DEMO_BROKER: &str = "https://broker.demo.genofed.local/";
const DEMO_AUDIENCE: &str = "https://demo.genofed.local";

/// A node key (once) and `cohort.vcf.gz.c4gh` encrypted for it; its index is the plaintext
/// `cohort.vcf.gz.tbi` beside it.
fn encrypt_cohort(dir: &std::path::Path, generation: &str) -> Result<(), CliError> {
    use genofed_connectors::crypt4gh::{self, PrivateKey};
    let keys = dir.join("keys");
    let sk = keys.join("node.sec");
    let key = if sk.exists() {
        PrivateKey::read(&sk, None)?
    } else {
        std::fs::create_dir_all(&keys)?;
        let key = PrivateKey::generate()?;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&sk)?;
        std::io::Write::write_all(
            &mut f,
            key.to_pem(None, Some("genofed demo node key"))?.as_bytes(),
        )?;
        std::fs::write(keys.join("node.pub"), key.public_key().to_pem())?;
        key
    };
    let stamp = dir.join(".encrypted");
    let enc = dir.join("cohort.vcf.gz.c4gh");
    if enc.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(generation) {
        return Ok(());
    }
    let mut input = std::fs::File::open(dir.join("cohort.vcf.gz"))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&enc)?);
    crypt4gh::encrypt(&mut input, &mut out, &key, &[key.public_key()], None)?;
    std::io::Write::flush(&mut out)?;
    std::fs::write(&stamp, generation)?;
    Ok(())
}
