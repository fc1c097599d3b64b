//! The bypass suite: a remote researcher tries to see what the node's policies withhold.
//! The node: `cohort` under GRU consent, whose first 6 participants consented to type 2
//! diabetes research only (`restricted`); genotypes may only be counted (k = 5); one
//! column masked; and a `secret` dataset nobody may discover. The researcher declares
//! general biomedical research (HMB), so the restricted participants are withheld.
//! Every attempt must be blocked or harmless.

use arrow::array::RecordBatch;
use genofed::engine::Node;

use super::access_support::{SAMPLES, data_dir, node, operator, remote, requester};
use super::support::rows;

const RESTRICTED: usize = 6;

fn restricted_ids() -> Vec<String> {
    (1..=RESTRICTED).map(|i| format!("IND{i:05}")).collect()
}

pub(crate) fn setup() -> (tempfile::TempDir, Node) {
    let ids: Vec<String> = restricted_ids()
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect();
    let extra = format!(
        "[datasets.cohort.consent]\npermission = \"GRU\"\n\n\
         [datasets.cohort.consent_groups.restricted]\nindividuals = [{}]\n\
         consent = {{ permission = \"DS\", diseases = [\"MONDO:0005148\"] }}\n\n\
         [datasets.secret]\nvcf = [\"{}/cohort.vcf.gz\"]\n[datasets.secret.consent]\npermission = \"GRU\"\n",
        ids.join(", "),
        data_dir().display()
    );
    let policies = r#"
@id("genotypes.count_only")
forbid (principal, action == Genofed::Action::"read", resource in Genofed::Table::"cohort.genotypes");

@id("secret.hidden")
forbid (principal, action, resource in Genofed::Dataset::"secret");

@id("karyotype.masked")
@mask("null")
forbid (principal, action, resource == Genofed::Column::"cohort.individuals.karyotypic_sex");
"#;
    node(&extra, policies)
}

fn attempt(sql: &str) -> Result<Vec<RecordBatch>, (bool, String)> {
    let (_dir, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    remote(&node, who, sql)
}

/// The attempt is refused by policy.
fn denied(sql: &str) -> String {
    match attempt(sql) {
        Ok(b) => panic!("`{sql}` was not refused: {:?}", rows(&b)),
        Err((true, message)) => {
            assert_no_ids(&message, sql);
            message
        }
        Err((false, message)) => panic!("`{sql}` failed, but not as a denial: {message}"),
    }
}

/// The attempt fails (any error) and its message quotes no participant.
fn fails(sql: &str) -> String {
    match attempt(sql) {
        Ok(b) => panic!("`{sql}` succeeded: {:?}", rows(&b)),
        Err((_, message)) => {
            assert_no_ids(&message, sql);
            message
        }
    }
}

/// `text` names no participant but those the query itself names.
fn assert_no_ids(text: &str, sql: &str) {
    for i in 1..=SAMPLES {
        for id in [format!("IND{i:05}"), format!("S{i:05}")] {
            assert!(
                sql.contains(&id) || !text.contains(&id),
                "leaks participant `{id}`: {text}"
            );
        }
    }
}

/// The attempt runs and returns these rows.
fn runs(sql: &str) -> Vec<Vec<String>> {
    match attempt(sql) {
        Ok(b) => rows(&b),
        Err((_, m)) => panic!("`{sql}` failed: {m}"),
    }
}

fn one(sql: &str) -> String {
    let r = runs(sql);
    assert_eq!(r.len(), 1, "{r:?}");
    r[0][0].clone()
}

#[test]
fn ddl_create_external_table_is_refused() {
    let m = denied(&format!(
        "CREATE EXTERNAL TABLE x STORED AS VCF LOCATION '{}/cohort.vcf.gz'",
        data_dir().display()
    ));
    assert!(m.contains("only queries"), "{m}");
}

#[test]
fn ddl_create_table_as_is_refused() {
    denied("CREATE TABLE t AS SELECT * FROM cohort.individuals");
}

#[test]
fn ddl_create_view_is_refused() {
    denied("CREATE VIEW v AS SELECT * FROM cohort.individuals");
}

#[test]
fn ddl_drop_is_refused() {
    denied("DROP TABLE cohort.individuals");
}

#[test]
fn dml_insert_is_refused() {
    denied("INSERT INTO cohort.individuals SELECT * FROM cohort.individuals");
}

#[test]
fn copy_to_a_file_is_refused_and_writes_nothing() {
    let out = tempfile::tempdir().expect("tempdir");
    let path = out.path().join("leak.csv");
    denied(&format!(
        "COPY (SELECT individual_id FROM cohort.individuals) TO '{}' STORED AS CSV",
        path.display()
    ));
    assert!(!path.exists());
}

#[test]
fn set_is_refused() {
    denied("SET datafusion.catalog.default_schema = 'cohort'");
}

#[test]
fn prepare_is_refused() {
    denied("PREPARE q AS SELECT individual_id FROM cohort.individuals");
}

#[test]
fn file_reading_table_functions_do_not_exist() {
    for f in [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM parquet_metadata('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
    ] {
        fails(f);
    }
}

#[test]
fn information_schema_lists_only_discoverable_datasets() {
    let schemas = runs("SELECT DISTINCT table_schema FROM information_schema.tables ORDER BY 1");
    let names: Vec<&str> = schemas.iter().map(|r| r[0].as_str()).collect();
    assert!(
        names.contains(&"cohort") && !names.contains(&"secret"),
        "{names:?}"
    );
    let columns =
        runs("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'secret'");
    assert_eq!(columns, vec![vec!["0".to_string()]]);
}

#[test]
fn show_tables_lists_only_discoverable_datasets() {
    let tables = runs("SHOW TABLES");
    assert!(
        tables.iter().all(|r| !r.iter().any(|v| v == "secret")),
        "{tables:?}"
    );
    assert!(tables.iter().any(|r| r.iter().any(|v| v == "cohort")));
}

#[test]
fn an_undiscoverable_dataset_is_not_found_not_denied() {
    let m = fails("SELECT count(*) FROM secret.variants");
    assert!(m.contains("not found") && !m.contains("denied"), "{m}");
}

#[test]
fn explain_shows_the_consent_filter_not_the_participants() {
    let plan = runs("EXPLAIN SELECT individual_id FROM cohort.individuals");
    let text = format!("{plan:?}");
    assert!(
        text.contains("ConsentBarrier: table=cohort.individuals"),
        "{text}"
    );
    assert!(
        text.contains("ConsentFilterExec: table=cohort.individuals"),
        "{text}"
    );
    assert_no_ids(&text, "");
}

#[test]
fn explain_verbose_is_refused() {
    denied("EXPLAIN VERBOSE SELECT individual_id FROM cohort.individuals");
}

#[test]
fn explain_analyze_is_refused() {
    denied("EXPLAIN ANALYZE SELECT individual_id FROM cohort.individuals");
}

#[test]
fn filtering_on_a_withheld_id_finds_nothing() {
    assert_eq!(
        one("SELECT count(*) FROM cohort.individuals WHERE individual_id = 'IND00001'"),
        "0"
    );
    assert_eq!(
        one("SELECT count(*) FROM cohort.individuals WHERE individual_id = 'IND00007'"),
        "1"
    );
}

#[test]
fn joining_withheld_ids_from_an_unprotected_table_finds_nothing() {
    let r = runs(
        "SELECT v.id, i.sex FROM (VALUES ('IND00001'), ('IND00002'), ('IND00009')) AS v(id) \
         JOIN cohort.individuals i ON i.individual_id = v.id ORDER BY v.id",
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0][0], "IND00009");
}

#[test]
fn correlated_subqueries_see_only_admitted_rows() {
    let n = one("SELECT count(*) FROM cohort.individuals i WHERE EXISTS \
         (SELECT 1 FROM cohort.phenotypic_features f WHERE f.individual_id = i.individual_id)");
    let (_d, node) = setup();
    let all = rows(&operator(
        &node,
        "SELECT count(*) FROM cohort.individuals i WHERE i.individual_id NOT IN \
         ('IND00001','IND00002','IND00003','IND00004','IND00005','IND00006') AND EXISTS \
         (SELECT 1 FROM cohort.phenotypic_features f WHERE f.individual_id = i.individual_id)",
    ));
    assert_eq!(n, all[0][0]);
    let scalar = one("SELECT (SELECT count(*) FROM cohort.phenotypic_features f \
         WHERE f.individual_id = 'IND00003') AS n");
    assert_eq!(scalar, "0");
}

#[test]
fn group_by_a_unique_column_does_not_dodge_k() {
    let r = runs("SELECT sample_id, count(*) FROM cohort.genotypes GROUP BY sample_id");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn counting_withheld_participants_alone_is_suppressed() {
    let r = runs("SELECT count(*) FROM cohort.genotypes WHERE sample_id = 'S00001'");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn counts_of_k_or_more_participants_are_answered() {
    let n = one("SELECT count(DISTINCT sample_id) FROM cohort.genotypes");
    assert_eq!(n, (SAMPLES - RESTRICTED).to_string());
}

#[test]
fn limit_offset_probing_of_a_count_only_table_is_refused() {
    denied("SELECT * FROM cohort.genotypes LIMIT 1 OFFSET 3");
    denied("SELECT sample_id FROM cohort.genotypes ORDER BY sample_id LIMIT 1");
}

#[test]
fn min_and_max_of_a_count_only_table_are_refused() {
    denied("SELECT max(pos) FROM cohort.genotypes");
    denied("SELECT min(sample_id) FROM cohort.genotypes");
    denied("SELECT array_agg(sample_id) FROM cohort.genotypes");
}

#[test]
fn window_functions_over_a_count_only_table_are_refused() {
    denied("SELECT count(*) OVER () FROM cohort.genotypes");
    denied(
        "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY pos) AS r FROM cohort.genotypes)",
    );
}

#[test]
fn subqueries_returning_count_only_rows_are_refused() {
    denied(
        "SELECT count(*) FROM cohort.individuals WHERE individual_id IN \
         (SELECT sample_id FROM cohort.genotypes)",
    );
    denied("WITH g AS (SELECT * FROM cohort.genotypes) SELECT * FROM g");
}

#[test]
fn union_of_count_only_rows_is_refused() {
    denied(
        "SELECT count(*) FROM (SELECT sample_id FROM cohort.genotypes \
         UNION ALL SELECT individual_id FROM cohort.individuals)",
    );
}

#[test]
fn error_messages_quote_no_values() {
    fails("SELECT CAST(individual_id AS INT) FROM cohort.individuals");
    fails("SELECT count(*) FROM cohort.genotypes WHERE CAST(sample_id AS INT) = 1");
}

#[test]
fn masked_columns_are_null_even_under_filters() {
    let r = runs("SELECT DISTINCT karyotypic_sex FROM cohort.individuals");
    assert_eq!(r, vec![vec![".".to_string()]], "{r:?}");
    let (_d, node) = setup();
    let real = rows(&operator(
        &node,
        "SELECT count(*) FROM cohort.individuals WHERE karyotypic_sex IS NOT NULL",
    ));
    assert_ne!(real[0][0], "0", "the fixture has karyotypes to hide");
    assert_eq!(
        one("SELECT count(*) FROM cohort.individuals WHERE karyotypic_sex IS NOT NULL"),
        "0"
    );
}

#[test]
fn server_paths_are_hidden() {
    let r = runs("SELECT DISTINCT source_path FROM cohort.individuals");
    assert_eq!(r, vec![vec![".".to_string()]], "{r:?}");
}

#[test]
fn dataframe_plans_are_guarded_too() {
    let (_d, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    let n = super::support::runtime().block_on(async {
        let session = node.remote_session(who).expect("session");
        let df = session
            .context()
            .table("cohort.individuals")
            .await
            .expect("table");
        df.count().await.expect("count")
    });
    assert_eq!(n, SAMPLES - RESTRICTED);
}

#[test]
fn conditions_inside_aggregates_are_refused() {
    denied(
        "SELECT chrom, pos FROM cohort.genotypes GROUP BY chrom, pos \
         HAVING sum(CASE WHEN sample_id = 'S00010' THEN gt_alt_count(gt) ELSE 0 END) > 0",
    );
    denied("SELECT count(*) FILTER (WHERE sample_id = 'S00010') FROM cohort.genotypes");
    denied(
        "SELECT sum(x) FROM (SELECT CASE WHEN sample_id = 'S00010' THEN gt_alt_count(gt) END AS x \
         FROM cohort.genotypes)",
    );
}

#[test]
fn a_failing_predicate_never_runs_on_withheld_rows() {
    let probe = |id: &str| {
        format!(
            "SELECT count(*) FROM cohort.individuals \
             WHERE CAST(CASE WHEN individual_id = '{id}' THEN 'x' ELSE '1' END AS INT) = 1"
        )
    };
    // A withheld participant's row is not there to make the cast fail ...
    assert_eq!(one(&probe("IND00001")), (SAMPLES - RESTRICTED).to_string());
    // ... an admitted one's is.
    fails(&probe("IND00009"));
}

#[test]
fn failing_predicates_on_count_only_rows_are_refused() {
    denied(
        "SELECT count(*) FROM cohort.genotypes \
         WHERE CAST(CASE WHEN sample_id = 'S00010' THEN 'x' ELSE '1' END AS INT) = 1",
    );
}

#[test]
fn having_never_runs_on_withheld_groups() {
    let r = runs(
        "SELECT sample_id, count(*) FROM cohort.genotypes GROUP BY sample_id \
         HAVING CAST(CASE WHEN sample_id = 'S00010' THEN 'x' ELSE '1' END AS INT) = 1",
    );
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn every_count_only_table_of_a_join_needs_k_participants() {
    let r = runs(
        "SELECT count(*) FROM cohort.genotypes a JOIN cohort.genotypes b \
         ON a.chrom = b.chrom AND a.pos = b.pos WHERE b.sample_id = 'S00010'",
    );
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn the_vcf_scan_leaves_excluded_samples_out_itself() {
    let plan = runs("EXPLAIN SELECT count(*) FROM cohort.genotypes");
    let text = format!("{plan:?}");
    assert!(
        text.contains("VcfScanExec: shape=Genotypes") && text.contains("consent filter"),
        "{text}"
    );
    assert!(!text.contains("site_aggregates"), "{text}");
    assert_no_ids(&text, "");
    // And the count is of the admitted samples' rows only.
    let (_d, node) = setup();
    let all = rows(&operator(&node, "SELECT count(*) FROM cohort.genotypes"));
    let total: usize = all[0][0].parse().expect("count");
    let admitted = one("SELECT count(*) FROM cohort.genotypes");
    assert_eq!(
        admitted,
        (total / SAMPLES * (SAMPLES - RESTRICTED)).to_string()
    );
}

#[test]
fn even_the_sessions_context_cannot_change_the_node() {
    let (_d, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    let session = node.remote_session(who).expect("session");
    let result = super::support::runtime().block_on(async {
        let ctx = session.context();
        let drop = ctx.sql("DROP TABLE cohort.individuals").await;
        let drop = match drop {
            Ok(df) => df.collect().await.map(|_| ()),
            Err(e) => Err(e),
        };
        let create = ctx
            .sql("CREATE EXTERNAL TABLE public.x STORED AS CSV LOCATION '/etc/passwd'")
            .await;
        (drop.is_err(), create.is_err())
    });
    assert_eq!(result, (true, true));
    // The node still has the table.
    let n = rows(&operator(&node, "SELECT count(*) FROM cohort.individuals"));
    assert_eq!(n[0][0], SAMPLES.to_string());
}
