//! The demo's federation: three nodes (own cohorts, own consents) and a coordinator,
//! each a Flight SQL server on a free loopback port in this process; alice's passport
//! queries them all through the coordinator.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use genofed_engine::{Node, NodeConfig};
use genofed_flight_server::headers::PURPOSE;
use genofed_flight_server::{Client, Server, channel, collect};

use super::{CliError, OutputFormat, output};
use crate::generate::{CohortFiles, FormatSet, GenerateOptions, generate, write_phenopackets};

/// Each node: its name, its cohort's consent (TOML), and what it means.
const NODES: &[(&str, &str, &str)] = &[
    (
        "helsinki",
        "consent = { permission = \"GRU\" }",
        "general research use",
    ),
    (
        "barcelona",
        "consent = { permission = \"HMB\" }\n\n[datasets.cohort.consent_groups.t2d_only]\n\
         individuals = [\"IND00001\", \"IND00002\", \"IND00003\", \"IND00004\", \"IND00005\"]\n\
         consent = { permission = \"DS\", diseases = [\"MONDO:0005148\"] }",
        "health/medical research; five participants: type 2 diabetes research only",
    ),
    (
        "heidelberg",
        "consent = { permission = \"DS\", diseases = [\"MONDO:0005015\"] }",
        "diabetes research only",
    ),
];

const QUERIES: &[(&str, &str)] = &[
    (
        "A federated count: each node counts its own individuals, the coordinator adds up",
        "SELECT node, sex, count(*) AS individuals FROM federated.individuals \
         WHERE node <> 'heidelberg' GROUP BY node, sex ORDER BY node, sex",
    ),
    (
        "A federated join of phenotypes and genotypes: carriers of an alternate allele on chr1 per HPO feature",
        "SELECT f.node, f.type.label AS feature, count(DISTINCT f.individual_id) AS carriers \
         FROM federated.phenotypic_features f \
         JOIN federated.samples s ON f.node = s.node AND f.individual_id = s.individual_id \
         JOIN federated.genotypes g ON g.node = s.node AND g.sample_id = s.sample_id \
         WHERE f.node <> 'heidelberg' AND s.node <> 'heidelberg' AND g.node <> 'heidelberg' \
         AND NOT f.excluded AND g.chrom = 'chr1' AND g.pos < 5000000 AND gt_alt_count(g.gt) > 0 \
         GROUP BY f.node, f.type.label ORDER BY carriers DESC, f.node, feature LIMIT 6",
    ),
    (
        "Every node, for HMB: heidelberg's consent refuses it, and the coordinator says so",
        "SELECT node, count(*) AS individuals FROM federated.individuals GROUP BY node",
    ),
];

fn cohort(dir: &Path, i: usize) -> Result<(), CliError> {
    if dir.join("cohort.phenopackets").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let opts = GenerateOptions {
        seed: 70 + i as u64,
        name: "cohort".into(),
        records: 2_000,
        samples: 30,
        formats: FormatSet {
            vcf_gz_tbi: true,
            ..FormatSet::NONE
        },
        ..Default::default()
    };
    generate(&opts, dir, &|_| {})?;
    write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir)?;
    Ok(())
}

/// Starts a node's server on a free port; returns its URL.
async fn start(
    config: NodeConfig,
    stop: &tokio::sync::watch::Receiver<bool>,
) -> Result<String, CliError> {
    let node = Arc::new(Node::open(config).await?);
    let server = Server::bind_to(node, "127.0.0.1:0").await?;
    let url = server.url();
    let mut stop = stop.clone();
    tokio::spawn(server.serve(async move {
        let _ = stop.wait_for(|s| *s).await;
    }));
    Ok(url)
}

/// Runs the federation part of the tour; with `serve`, keeps the servers up until
/// Ctrl-C.
pub async fn run(
    dir: &Path,
    passports: &str,
    first: usize,
    serve: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let mut peers = String::new();
    writeln!(
        out,
        "\n-- Federation: three nodes and a coordinator on loopback ports"
    )?;
    for (i, (name, consent, meaning)) in NODES.iter().enumerate() {
        let data = dir.join("federation").join(name);
        cohort(&data, i)?;
        let text = format!(
            "[node]\nname = \"{name}\"\n\n[datasets.cohort]\nvcf = [\"cohort.vcf.gz\"]\n\
             phenopackets = [\"cohort.phenopackets\"]\n{consent}\n{passports}"
        );
        let config = NodeConfig::from_toml(&text, &data)?;
        let url = start(config, &stop).await?;
        writeln!(out, "--   node {name:<10} {url}  consent: {meaning}")?;
        peers.push_str(&format!(
            "\n[[federation.peers]]\nname = \"{name}\"\nurl = \"{url}\"\n"
        ));
    }
    let text = format!(
        "[node]\nname = \"coordinator\"\n{passports}\n[federation]\ntimeout_seconds = 30\n{peers}"
    );
    let config = NodeConfig::from_toml(&text, dir)?;
    let coordinator = start(config, &stop).await?;
    writeln!(out, "--   coordinator     {coordinator}")?;
    let token = std::fs::read_to_string(dir.join("alice.jwt"))?;
    let token = token.trim();
    let timeout = std::time::Duration::from_secs(60);
    let mut client = Client::new(channel(&coordinator, None, timeout)?).with_timeout(timeout);
    client.authorize(token, &[(PURPOSE, "HMB".to_string())]);
    for (i, (title, query)) in QUERIES.iter().enumerate() {
        writeln!(
            out,
            "\n-- {}. {title}\n-- genofed sql --connect {coordinator} --passport {}/alice.jwt --purpose HMB -c \"...\"\n{query};",
            first + i,
            dir.display()
        )?;
        match client.query(query).await {
            Ok(answer) => {
                let schema = answer.schema.as_ref().clone();
                match collect(answer.batches).await {
                    Ok(batches) => output::write(out, OutputFormat::Table, &batches, &schema)?,
                    Err(e) => writeln!(out, "error: {e}")?,
                }
            }
            Err(e) => writeln!(out, "error: {e}")?,
        }
    }
    writeln!(
        out,
        "\nConnect from Python (ADBC) while `genofed demo --serve` runs:\n\
         import adbc_driver_flightsql.dbapi as flight_sql\n\
         conn = flight_sql.connect(\"{coordinator}\", db_kwargs={{\n\
         \x20   \"adbc.flight.sql.authorization_header\": \"Bearer \" + open(\"{}/alice.jwt\").read().strip(),\n\
         \x20   \"adbc.flight.sql.rpc.call_header.x-genofed-purpose\": \"HMB\"}}, autocommit=True)",
        dir.display()
    )?;
    out.flush()?;
    if serve {
        writeln!(out, "\nServing until Ctrl-C.")?;
        out.flush()?;
        super::serve::shutdown_signal().await;
    }
    let _ = stop_tx.send(true);
    Ok(())
}
