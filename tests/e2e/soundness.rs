//! Soundness of the plan rewriting: random consents, consent groups, researchers and
//! purposes. For each query, the rows a researcher gets equal a naive evaluation: the
//! node's Cedar policies decided row by row (for each row's participant), the admitted
//! rows copied into plain in-memory tables, and the same query run over those.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use arrow::array::{AsArray, BooleanArray, RecordBatch};
use arrow::compute::filter_record_batch;
use datafusion::catalog::{MemorySchemaProvider, SchemaProvider};
use datafusion::datasource::MemTable;
use genofed::engine::Node;
use genofed::engine::access::Requester;
use genofed::engine::genofed_policies::{
    Action, authorize, contexts, dataset_uid, request_entities, table_uid,
};

use super::access_support::{SAMPLES, node, operator, remote, requester};
use super::support::{rows, runtime};

/// Queries: (the tables they read, SQL).
const QUERIES: &[(&[&str], &str)] = &[
    (
        &["individuals"],
        "SELECT individual_id, sex FROM cohort.individuals",
    ),
    (
        &["genotypes"],
        "SELECT sample_id, chrom, pos, gt FROM cohort.genotypes WHERE gt_alt_count(gt) > 0",
    ),
    (
        &["genotypes", "samples", "individuals"],
        "SELECT i.individual_id, i.sex, g.chrom, g.pos FROM cohort.genotypes g \
         JOIN cohort.samples s ON s.sample_id = g.sample_id \
         JOIN cohort.individuals i ON i.individual_id = s.individual_id \
         WHERE gt_alt_count(g.gt) > 1",
    ),
    (
        &["individuals", "phenotypic_features"],
        "SELECT individual_id FROM cohort.individuals WHERE individual_id IN \
         (SELECT individual_id FROM cohort.phenotypic_features WHERE NOT excluded)",
    ),
    (
        &["genotypes", "samples"],
        "WITH carriers AS (SELECT sample_id, count(*) AS n FROM cohort.genotypes \
         WHERE gt_alt_count(gt) > 0 GROUP BY sample_id) \
         SELECT s.individual_id, c.n FROM carriers c JOIN cohort.samples s ON s.sample_id = c.sample_id",
    ),
    (
        &["individuals", "samples"],
        "SELECT individual_id FROM cohort.individuals UNION SELECT individual_id FROM cohort.samples",
    ),
    (
        &["individuals"],
        "SELECT individual_id, row_number() OVER (ORDER BY individual_id) AS r FROM cohort.individuals",
    ),
    (
        &["genotypes"],
        "SELECT chrom, count(*), sum(gt_alt_count(gt)) FROM cohort.genotypes GROUP BY chrom",
    ),
    (
        &["phenotypic_features"],
        "SELECT f.type['id'], count(DISTINCT f.individual_id) FROM cohort.phenotypic_features f GROUP BY 1",
    ),
];

const CONSENTS: &[&str] = &[
    "permission = \"GRU\"",
    "permission = \"HMB\"",
    "permission = \"DS\"\ndiseases = [\"MONDO:0005015\"]",
    "permission = \"DS\"\ndiseases = [\"MONDO:0005148\"]",
    "permission = \"DS\"\ndiseases = [\"MONDO:0004992\"]",
    "permission = \"GRU\"\nmodifiers = [\"IRB\"]",
    "permission = \"HMB\"\nmodifiers = [\"GS\"]\nregions = [\"EU\"]",
    "permission = \"POA\"",
];

const PURPOSES: &[(&str, &[&str])] = &[
    ("GRU", &[]),
    ("HMB", &[]),
    ("DS", &["MONDO:0005015"]),
    ("DS", &["MONDO:0005148"]),
    ("DS", &["MONDO:0004992"]),
    ("POA", &[]),
];

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// A random node config: a dataset consent and up to three consent groups.
fn config(rng: &mut Rng) -> (String, BTreeMap<String, Vec<String>>) {
    let mut text = format!(
        "[datasets.cohort.consent]\n{}\n",
        CONSENTS[rng.below(CONSENTS.len())]
    );
    let mut groups = BTreeMap::new();
    let mut free: Vec<usize> = (1..=SAMPLES).collect();
    for g in 0..rng.below(4) {
        let mut members = Vec::new();
        for _ in 0..1 + rng.below(6) {
            if free.is_empty() {
                break;
            }
            members.push(format!("IND{:05}", free.remove(rng.below(free.len()))));
        }
        let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
        text.push_str(&format!(
            "[datasets.cohort.consent_groups.g{g}]\nindividuals = [{}]\n\
             [datasets.cohort.consent_groups.g{g}.consent]\n{}\n",
            quoted.join(", "),
            CONSENTS[rng.below(CONSENTS.len())]
        ));
        groups.insert(format!("g{g}"), members);
    }
    (text, groups)
}

/// The naive evaluation: Cedar decided for each row's participant.
struct Naive<'a> {
    node: &'a Node,
    requester: &'a Requester,
    groups: &'a BTreeMap<String, Vec<String>>,
    sample_of: BTreeMap<String, String>,
}

impl Naive<'_> {
    fn allowed(&self, resource: &cedar_policy::EntityUid) -> bool {
        let store = self.node.ontologies();
        let policies = self.node.policies();
        let entities = request_entities(
            store,
            &self.requester.principal,
            &self.requester.purpose,
            self.node.resources().entities.iter().cloned(),
            &policies.schema,
        )
        .expect("entities");
        let contexts =
            contexts(store, &self.requester.purpose, &self.requester.facts).expect("contexts");
        authorize(
            &policies.policies,
            &entities,
            &policies.schema,
            &self.requester.principal.uid().expect("uid"),
            &Action::Read.uid(),
            resource,
            contexts,
        )
        .expect("authorize")
        .allowed
    }

    /// Whether the participant (individual or sample id) is admitted.
    fn admits(&self, participant: &str) -> bool {
        let individual = self
            .sample_of
            .get(participant)
            .map_or(participant, String::as_str);
        self.groups.iter().all(|(g, members)| {
            !members.iter().any(|m| m == individual || m == participant)
                || self.allowed(&dataset_uid(&format!("cohort/{g}")))
        })
    }

    /// The admitted rows of `table`.
    fn table(&self, table: &str) -> Vec<RecordBatch> {
        let key = if table == "genotypes" {
            "sample_id"
        } else {
            "individual_id"
        };
        let batches = operator(self.node, &format!("SELECT * FROM cohort.{table}"));
        let mut memo: BTreeMap<String, bool> = BTreeMap::new();
        batches
            .iter()
            .map(|b| {
                let ids = b
                    .column_by_name(key)
                    .expect("key")
                    .as_string::<i32>()
                    .clone();
                let mask: BooleanArray = ids
                    .iter()
                    .map(|id| {
                        let id = id.unwrap_or_default().to_string();
                        let ok = *memo.entry(id.clone()).or_insert_with(|| self.admits(&id));
                        Some(ok)
                    })
                    .collect();
                filter_record_batch(b, &mask).expect("filter")
            })
            .collect()
    }

    fn run(&self, tables: &[&str], sql: &str) -> Option<Vec<Vec<String>>> {
        if tables
            .iter()
            .any(|t| !self.allowed(&table_uid("cohort", t)))
        {
            return None;
        }
        let ctx = genofed::engine::new_session(Some(2));
        let schema = MemorySchemaProvider::new();
        for t in ["individuals", "phenotypic_features", "samples", "genotypes"] {
            let batches = self.table(t);
            let mem = MemTable::try_new(batches[0].schema(), vec![batches]).expect("mem");
            schema
                .register_table(t.into(), Arc::new(mem))
                .expect("register");
        }
        ctx.catalog(genofed::engine::CATALOG)
            .expect("catalog")
            .register_schema("cohort", Arc::new(schema))
            .expect("schema");
        let batches = runtime().block_on(async {
            ctx.sql(sql)
                .await
                .expect("plan")
                .collect()
                .await
                .expect("run")
        });
        Some(sorted(rows(&batches)))
    }
}

fn sorted(mut r: Vec<Vec<String>>) -> Vec<Vec<String>> {
    r.sort();
    r
}

#[test]
fn rewritten_queries_return_exactly_the_rows_cedar_admits() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut filtered, mut denied, mut whole) = (0, 0, 0);
    for _ in 0..8 {
        let (extra, groups) = config(&mut rng);
        let (_dir, node) = node(&extra, "");
        let links = rows(&operator(
            &node,
            "SELECT sample_id, individual_id FROM cohort.samples",
        ));
        let sample_of: BTreeMap<String, String> = links
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        for _ in 0..3 {
            let (purpose, diseases) = PURPOSES[rng.below(PURPOSES.len())];
            let country = [Some("FI"), Some("US"), None][rng.below(3)];
            let who = requester(
                node.ontologies(),
                country,
                purpose,
                diseases,
                rng.below(2) == 0,
            );
            let naive = Naive {
                node: &node,
                requester: &who,
                groups: &groups,
                sample_of: sample_of.clone(),
            };
            let admitted: HashSet<bool> =
                groups.values().flatten().map(|m| naive.admits(m)).collect();
            for (tables, sql) in QUERIES {
                let expected = naive.run(tables, sql);
                let got = remote(&node, who.clone(), sql);
                match (expected, got) {
                    (None, Err((true, _))) => denied += 1,
                    (Some(want), Ok(b)) => {
                        assert_eq!(
                            sorted(rows(&b)),
                            want,
                            "`{sql}` as {} under\n{extra}",
                            who.describe()
                        );
                        if admitted.contains(&false) {
                            filtered += 1;
                        } else {
                            whole += 1;
                        }
                    }
                    (want, got) => panic!(
                        "`{sql}` as {} under\n{extra}\nnaive: {want:?}\ngot: {:?}",
                        who.describe(),
                        got.map(|b| rows(&b))
                    ),
                }
            }
        }
    }
    // The random cases exercise all three outcomes.
    assert!(
        filtered > 0 && denied > 0 && whole > 0,
        "{filtered} {denied} {whole}"
    );
}
