//! Phenopackets through a node: the phenotype ⋈ genotype join against an independent
//! computation (the JSON read with serde_json, genotypes from bcftools), the analyst
//! documentation's queries, `STORED AS PHENOPACKETS` on plain and Crypt4GH files, bad
//! input, and the generator's ontology terms against the real HPO and MONDO.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use genofed::engine::{Node, NodeConfig};
use genofed::generate::{
    CohortFiles, DISEASES, FormatSet, GenerateOptions, HPO_TERMS, generate, write_phenopackets,
    write_reads, write_reference,
};

use super::support::{node_open_error, rows, run, runtime};

/// A dataset with VCF genotypes, phenopackets and reads, and its node config.
struct Dataset {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    config: NodeConfig,
}

fn dataset() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = GenerateOptions {
            seed: 21,
            name: "cohort".into(),
            records: 1500,
            samples: 30,
            formats: FormatSet {
                vcf_gz_tbi: true,
                ..FormatSet::NONE
            },
            ..Default::default()
        };
        generate(&opts, dir.path(), &|_| {}).expect("generate");
        write_phenopackets(&opts, CohortFiles::vcf("file://cohort.vcf.gz"), dir.path())
            .expect("phenopackets");
        write_reference(&opts, dir.path()).expect("reference");
        write_reads(&opts, 20_000, dir.path()).expect("reads");
        let toml = "[datasets.cohort]\nvcf = [\"cohort.vcf.gz\"]\n\
                    phenopackets = [\"cohort.phenopackets\"]\nalignments = [\"cohort.sam\"]\n";
        let config = NodeConfig::from_toml(toml, dir.path()).expect("config");
        Dataset {
            dir: dir.path().to_path_buf(),
            _dir: dir,
            config,
        }
    })
}

fn sql(config: &NodeConfig, sql: &str) -> Result<Vec<RecordBatch>, String> {
    runtime().block_on(async {
        let node = Node::open(config.clone())
            .await
            .map_err(|e| e.to_string())?;
        let ctx = node.operator_session();
        let mut last = Vec::new();
        for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
            let df = ctx.sql(statement).await.map_err(|e| e.to_string())?;
            last = df.collect().await.map_err(|e| e.to_string())?;
        }
        Ok(last)
    })
}

/// Individual → HPO ids of its non-excluded features, and sample → individual, read
/// straight from the JSON files.
fn from_json(dir: &Path) -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, String>) {
    let mut features = BTreeMap::new();
    let mut samples = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let p: serde_json::Value = serde_json::from_str(&text).expect("json");
        let id = p["subject"]["id"].as_str().expect("subject id").to_string();
        let set: &mut BTreeSet<String> = features.entry(id).or_default();
        for f in p["phenotypicFeatures"].as_array().into_iter().flatten() {
            if !f["excluded"].as_bool().unwrap_or(false) {
                set.insert(f["type"]["id"].as_str().expect("type id").to_string());
            }
        }
        for file in p["files"].as_array().into_iter().flatten() {
            for (ind, sample) in file["individualToFileIdentifiers"]
                .as_object()
                .into_iter()
                .flatten()
            {
                samples.insert(sample.as_str().expect("sample").to_string(), ind.clone());
            }
        }
    }
    (features, samples)
}

#[test]
fn phenotype_genotype_join_matches_an_independent_computation() {
    let d = dataset();
    let (features, samples) = from_json(&d.dir.join("cohort.phenopackets"));
    let region = ("chr1", 1, 1_500_000);
    // Carriers of an alternate allele in the region, by bcftools.
    let calls = run(Command::new("bcftools")
        .args([
            "query",
            "-r",
            &format!("{}:{}-{}", region.0, region.1, region.2),
        ])
        .args(["-f", "[%SAMPLE\t%POS\t%GT\n]"])
        .arg(d.dir.join("cohort.vcf.gz")));
    let mut checked = 0;
    for (hpo, _) in HPO_TERMS.iter().take(8) {
        let mut want = BTreeSet::new();
        for line in calls.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let alt = f[2].split(['/', '|']).any(|a| a != "0" && a != ".");
            let Some(ind) = samples.get(f[0]) else {
                continue;
            };
            if alt && features.get(ind).is_some_and(|s| s.contains(*hpo)) {
                want.insert(vec![ind.clone(), f[1].to_string()]);
            }
        }
        let query = format!(
            "SELECT DISTINCT s.individual_id, CAST(g.pos AS VARCHAR) \
             FROM cohort.phenotypic_features f \
             JOIN cohort.samples s ON s.individual_id = f.individual_id \
             JOIN cohort.genotypes g ON g.sample_id = s.sample_id \
             WHERE f.type['id'] = '{hpo}' AND NOT f.excluded \
               AND g.chrom = '{}' AND g.pos >= {} AND g.pos <= {} AND gt_alt_count(g.gt) > 0",
            region.0, region.1, region.2
        );
        let got: BTreeSet<Vec<String>> = rows(&sql(&d.config, &query).expect("join"))
            .into_iter()
            .collect();
        assert_eq!(got, want, "carriers with {hpo}");
        checked += want.len();
    }
    assert!(checked > 20, "the check must cover real rows ({checked})");
}

#[test]
fn every_query_of_the_analyst_guide_runs() {
    let d = dataset();
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/analysts/phenotypes-and-alignments.md"),
    )
    .expect("doc");
    let mut blocks = 0;
    for block in doc.split("```sql").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        if block.contains("CREATE EXTERNAL TABLE") {
            continue;
        }
        let batches = sql(&d.config, block).unwrap_or_else(|e| panic!("{block}\n{e}"));
        let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert!(n > 0, "no rows from\n{block}");
        blocks += 1;
    }
    assert!(blocks >= 6, "{blocks} queries");
}

#[test]
fn samples_table_merges_phenopacket_and_config_links() {
    let d = dataset();
    let mut config = d.config.clone();
    let ds = config.datasets.get_mut("cohort").expect("dataset");
    ds.samples.insert("S00001".into(), "PATIENT-1".into());
    let got = rows(
        &sql(
            &config,
            "SELECT sample_id, individual_id, source FROM cohort.samples \
             WHERE sample_id IN ('S00001', 'S00002') ORDER BY 1",
        )
        .expect("samples"),
    );
    assert_eq!(
        got,
        [
            ["S00001", "PATIENT-1", "config"],
            ["S00002", "IND00002", "phenopacket"]
        ]
    );
}

#[test]
fn a_sample_linked_to_two_individuals_stops_the_node() {
    let d = dataset();
    let dir = tempfile::tempdir().expect("tempdir");
    let packets = dir.path().join("p");
    std::fs::create_dir(&packets).expect("dir");
    for i in ["IND00001", "IND00002"] {
        let text = std::fs::read_to_string(d.dir.join(format!("cohort.phenopackets/{i}.json")))
            .expect("read");
        // Both claim sample S00001.
        let text = text.replace("\"S00002\"", "\"S00001\"");
        std::fs::write(packets.join(format!("{i}.json")), text).expect("write");
    }
    let toml = "[datasets.d]\nphenopackets = [\"p\", \"p/IND00001.json\"]\n";
    let config = NodeConfig::from_toml(toml, dir.path()).expect("config");
    let text = node_open_error(config.clone());
    assert!(
        text.contains(
            "sample `S00001` is linked to individual `IND00001` and to individual `IND00002`"
        ),
        "{text}"
    );
    // The config settles it; the file listed twice is read once.
    let mut config = config;
    let ds = config.datasets.get_mut("d").expect("dataset");
    ds.samples.insert("S00001".into(), "IND00002".into());
    let got = rows(
        &sql(
            &config,
            "SELECT (SELECT count(*) FROM d.individuals) AS individuals, \
             (SELECT count(*) FROM d.samples) AS samples",
        )
        .expect("query"),
    );
    assert_eq!(got, [["2", "1"]]);
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("connectors/tests/data/phenopackets")
}

#[test]
fn stored_as_phenopackets_reads_plain_and_encrypted_files() {
    use genofed::connectors::crypt4gh::{self, PrivateKey};
    let dir = tempfile::tempdir().expect("tempdir");
    let key = PrivateKey::generate().expect("key");
    let sk = dir.path().join("node.sec");
    std::fs::write(&sk, key.to_pem(None, None).expect("pem")).expect("write key");
    let enc = dir.path().join("cohort.json.c4gh");
    let mut out = std::fs::File::create(&enc).expect("create");
    crypt4gh::encrypt(
        &mut std::fs::File::open(fixtures().join("cohort.json")).expect("open"),
        &mut out,
        &key,
        &[key.public_key()],
        None,
    )
    .expect("encrypt");
    let plain = fixtures().join("cohort.json");
    let q = format!(
        "CREATE EXTERNAL TABLE p STORED AS PHENOPACKETS LOCATION '{}' OPTIONS ('table' 'phenotypic_features'); \
         CREATE EXTERNAL TABLE e STORED AS PHENOPACKETS LOCATION '{}' \
           OPTIONS ('table' 'phenotypic_features', 'crypt4gh.key' '{}'); \
         SELECT (SELECT count(*) FROM p) AS plain, (SELECT count(*) FROM e) AS encrypted, \
                (SELECT count(*) FROM p JOIN e ON p.individual_id = e.individual_id AND p.type = e.type) AS same",
        plain.display(),
        enc.display(),
        sk.display()
    );
    let got = rows(&sql(&NodeConfig::default(), &q).expect("query"));
    let n = &got[0][0];
    assert!(n.parse::<usize>().expect("count") > 0);
    assert_eq!(got[0], [n.clone(), n.clone(), n.clone()]);
    // Without the key the encrypted file is refused.
    let q = format!(
        "CREATE EXTERNAL TABLE e STORED AS PHENOPACKETS LOCATION '{}'",
        enc.display()
    );
    let err = sql(&NodeConfig::default(), &q).unwrap_err();
    assert!(
        err.contains("cohort.json.c4gh") && err.contains("no key"),
        "{err}"
    );
}

#[test]
fn bad_phenopackets_stop_the_node_naming_file_and_json_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures().join("bad_enum.json"), dir.path().join("p.json")).expect("copy");
    let toml = "[datasets.d]\nphenopackets = [\"p.json\"]\n";
    let config = NodeConfig::from_toml(toml, dir.path()).expect("config");
    let text = node_open_error(config);
    assert!(
        text.contains("p.json") && text.contains("`$.subject.sex`"),
        "{text}"
    );
    // A file of another kind is named too.
    std::fs::write(dir.path().join("notes.txt"), "hello").expect("write");
    let toml = "[datasets.d]\nphenopackets = [\"notes.txt\"]\n";
    let config = NodeConfig::from_toml(toml, dir.path()).expect("config");
    let text = node_open_error(config);
    assert!(
        text.contains("notes.txt") && text.contains(".jsonl"),
        "{text}"
    );
}

#[test]
fn generated_terms_are_real_hpo_and_mondo_terms() {
    let hp = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ontologies/hp_subset.obo");
    let store = genofed::engine::genofed_ontologies::Store::builder()
        .builtin()
        .and_then(|b| b.load(&hp))
        .and_then(|b| b.build())
        .expect("ontologies");
    for (id, label) in HPO_TERMS.iter().chain(DISEASES) {
        let term = store.term(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(term.label.as_deref(), Some(*label), "{id}");
    }
}
