//! Plan snapshots of the policy rule (the analyzer's output for a researcher on the
//! bypass suite's node): the consent filter and masks directly above the scan, and the
//! `k` threshold added to aggregates of a count-only table.

use super::access_support::requester;
use super::bypass::setup;
use super::support::runtime;

fn analyzed(sql: &str) -> String {
    let (_dir, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    let session = node.remote_session(who).expect("session");
    let state = session.context().state();
    let plan = runtime()
        .block_on(state.create_logical_plan(sql))
        .expect("plan");
    let analyzed = state
        .analyzer()
        .execute_and_check(plan, state.config_options(), |_, _| {})
        .expect("analyze");
    analyzed.display_indent().to_string()
}

fn assert_plan(sql: &str, expected: &str) {
    let got = analyzed(sql);
    assert_eq!(
        got.trim(),
        expected.trim(),
        "\n--- plan of `{sql}` ---\n{got}\n"
    );
}

#[test]
fn consent_filter_and_masks_sit_directly_above_the_scan() {
    assert_plan(
        "SELECT individual_id, karyotypic_sex FROM cohort.individuals WHERE sex = 'FEMALE'",
        r#"
Projection: cohort.individuals.individual_id, cohort.individuals.karyotypic_sex
  Filter: cohort.individuals.sex = Utf8("FEMALE")
    Projection: cohort.individuals.individual_id, cohort.individuals.phenopacket_id, cohort.individuals.alternate_ids, cohort.individuals.date_of_birth, cohort.individuals.time_at_last_encounter, cohort.individuals.vital_status, cohort.individuals.sex, Utf8(NULL) AS karyotypic_sex, cohort.individuals.gender, cohort.individuals.taxonomy, cohort.individuals.cohort_id, cohort.individuals.family_id, cohort.individuals.family_role, cohort.individuals.consanguinous_parents, cohort.individuals.paternal_id, cohort.individuals.maternal_id, cohort.individuals.affected_status, cohort.individuals.created, cohort.individuals.created_by, cohort.individuals.submitted_by, cohort.individuals.phenopacket_schema_version, cohort.individuals.external_references, Utf8(NULL) AS source_path
      ConsentBarrier: table=cohort.individuals, consent filter on individual_id
        TableScan: cohort.individuals
"#,
    );
}

#[test]
fn count_only_aggregates_get_the_k_threshold() {
    assert_plan(
        "SELECT chrom, count(*) FROM cohort.genotypes GROUP BY chrom",
        r#"
Projection: cohort.genotypes.chrom, count(Int64(1)) AS count(*)
  Projection: cohort.genotypes.chrom, count(Int64(1))
    ConsentSeal: count-only cohort.genotypes
      Filter: __genofed_contributors_1 >= Int64(5)
        ConsentSeal: count-only cohort.genotypes
          Aggregate: groupBy=[[cohort.genotypes.chrom]], aggr=[[count(Int64(1)), count(DISTINCT participant(cohort.genotypes.sample_id)) AS __genofed_contributors_1]]
            ConsentBarrier: table=cohort.genotypes, consent filter on sample_id
              TableScan: cohort.genotypes
"#,
    );
}

#[test]
fn the_participant_column_is_carried_through_joins_and_aliases() {
    assert_plan(
        "SELECT i.sex, count(*) AS n FROM cohort.genotypes g \
         JOIN cohort.samples s ON s.sample_id = g.sample_id \
         JOIN cohort.individuals i ON i.individual_id = s.individual_id GROUP BY i.sex",
        r#"
Projection: i.sex, count(Int64(1)) AS count(*) AS n
  Projection: i.sex, count(Int64(1))
    ConsentSeal: count-only cohort.genotypes
      Filter: __genofed_contributors_1 >= Int64(5)
        ConsentSeal: count-only cohort.genotypes
          Aggregate: groupBy=[[i.sex]], aggr=[[count(Int64(1)), count(DISTINCT participant(g.sample_id)) AS __genofed_contributors_1]]
            Inner Join:  Filter: i.individual_id = s.individual_id
              Inner Join:  Filter: s.sample_id = g.sample_id
                SubqueryAlias: g
                  ConsentBarrier: table=cohort.genotypes, consent filter on sample_id
                    TableScan: cohort.genotypes
                SubqueryAlias: s
                  ConsentBarrier: table=cohort.samples, consent filter on individual_id
                    TableScan: cohort.samples
              SubqueryAlias: i
                Projection: cohort.individuals.individual_id, cohort.individuals.phenopacket_id, cohort.individuals.alternate_ids, cohort.individuals.date_of_birth, cohort.individuals.time_at_last_encounter, cohort.individuals.vital_status, cohort.individuals.sex, Utf8(NULL) AS karyotypic_sex, cohort.individuals.gender, cohort.individuals.taxonomy, cohort.individuals.cohort_id, cohort.individuals.family_id, cohort.individuals.family_role, cohort.individuals.consanguinous_parents, cohort.individuals.paternal_id, cohort.individuals.maternal_id, cohort.individuals.affected_status, cohort.individuals.created, cohort.individuals.created_by, cohort.individuals.submitted_by, cohort.individuals.phenopacket_schema_version, cohort.individuals.external_references, Utf8(NULL) AS source_path
                  ConsentBarrier: table=cohort.individuals, consent filter on individual_id
                    TableScan: cohort.individuals
"#,
    );
}
