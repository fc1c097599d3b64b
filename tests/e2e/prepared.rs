//! Prepared plans (`RemoteSession::run_prepared`, what the Beacon runs): on the bypass
//! suite's node, a plan with a placeholder answers as the same query in SQL does for
//! every value, one plan is kept per shape, and the policy rule's refusals and `k`
//! threshold hold on every run, first or later.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field};
use datafusion::functions_aggregate::count::count_all;
use datafusion::logical_expr::expr::Placeholder;
use datafusion::logical_expr::{Expr, LogicalPlan, col};
use datafusion::scalar::ScalarValue;
use genofed::engine::access::{AccessDenied, RemoteSession};

use super::access_support::{operator, requester};
use super::bypass::setup;
use super::support::{rows, runtime};

fn param(data_type: DataType) -> Expr {
    Expr::Placeholder(Placeholder::new_with_field(
        "$1".into(),
        Some(Arc::new(Field::new("", data_type, true))),
    ))
}

/// `SELECT chrom, count(*) FROM cohort.genotypes WHERE <column> = $1 GROUP BY chrom`.
async fn counts_by_chrom(session: &RemoteSession, column: &str, t: DataType) -> LogicalPlan {
    session
        .context()
        .table("cohort.genotypes")
        .await
        .expect("table")
        .filter(col(column).eq(param(t)))
        .expect("filter")
        .aggregate(vec![col("chrom")], vec![count_all()])
        .expect("aggregate")
        .sort(vec![col("chrom").sort(true, false)])
        .expect("sort")
        .into_unoptimized_plan()
}

#[test]
fn prepared_plans_answer_as_sql_for_every_value_under_the_policy() {
    let (_dir, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    let session = node.remote_session(who).expect("session");
    let sql = |condition: &str| {
        format!(
            "SELECT chrom, count(*) FROM cohort.genotypes WHERE {condition} GROUP BY chrom ORDER BY chrom"
        )
    };
    // Genotypes may only be counted, k = 5: one sample's count is withheld (no row),
    // though the operator sees it.
    for s in ["S00001", "S00020"] {
        let seen = operator(&node, &sql(&format!("sample_id = '{s}'")));
        assert!(!rows(&seen).is_empty(), "the operator sees {s}");
    }
    let positions = operator(
        &node,
        "SELECT DISTINCT pos FROM cohort.genotypes ORDER BY pos LIMIT 3",
    );
    let positions: Vec<i64> = rows(&positions)
        .iter()
        .map(|r| r[0].parse().expect("pos"))
        .collect();
    runtime().block_on(async {
        let by_sample = counts_by_chrom(&session, "sample_id", DataType::Utf8).await;
        let by_pos = counts_by_chrom(&session, "pos", DataType::Int64).await;
        let mut runs = Vec::new();
        for s in ["S00001", "S00020"] {
            runs.push((
                by_sample.clone(),
                ScalarValue::from(s),
                format!("sample_id = '{s}'"),
            ));
        }
        for p in positions {
            runs.push((by_pos.clone(), ScalarValue::from(p), format!("pos = {p}")));
        }
        for _pass in 0..2 {
            for (plan, value, condition) in &runs {
                let ours = session
                    .run_prepared(plan.clone(), vec![value.clone()])
                    .await
                    .expect("prepared run");
                let theirs = session.collect(&sql(condition)).await.expect("sql");
                assert_eq!(rows(&ours), rows(&theirs), "{condition}");
                if condition.starts_with("sample_id") {
                    assert!(rows(&ours).is_empty(), "one sample's count is withheld");
                } else {
                    assert!(!rows(&ours).is_empty(), "a position's count is released");
                }
            }
        }
        assert_eq!(session.prepared_plans(), 2, "one plan per shape");
    });
}

#[test]
fn prepared_plans_are_refused_as_their_sql_is_on_every_run() {
    let (_dir, node) = setup();
    let who = requester(node.ontologies(), Some("FI"), "HMB", &[], true);
    let session = node.remote_session(who).expect("session");
    runtime().block_on(async {
        // Rows of a count-only table.
        let rows_of = session
            .context()
            .table("cohort.genotypes")
            .await
            .expect("table")
            .filter(col("pos").eq(param(DataType::Int64)))
            .expect("filter")
            .into_unoptimized_plan();
        for _ in 0..2 {
            let e = session
                .run_prepared(rows_of.clone(), vec![ScalarValue::from(1i64)])
                .await
                .expect_err("rows of a count-only table");
            assert!(AccessDenied::find(&e).is_some(), "a denial: {e}");
        }
        assert_eq!(session.prepared_plans(), 0, "a refused plan is not kept");
        // Values must be of their parameters' types (a cast would run as rows reach it).
        let by_pos = counts_by_chrom(&session, "pos", DataType::Int64).await;
        let e = session
            .run_prepared(by_pos.clone(), vec![ScalarValue::from("x")])
            .await
            .expect_err("a string for an Int64 parameter");
        assert!(e.to_string().contains("parameter `$1` is Int64"), "{e}");
        let e = session
            .run_prepared(by_pos, Vec::new())
            .await
            .expect_err("no value");
        assert!(e.to_string().contains("1 parameters, and 0 values"), "{e}");
        // Statements cannot be prepared.
        let explain = session
            .context()
            .sql("EXPLAIN SELECT count(*) FROM cohort.genotypes")
            .await
            .expect("explain")
            .into_unoptimized_plan();
        let e = session
            .run_prepared(explain, Vec::new())
            .await
            .expect_err("EXPLAIN");
        assert!(AccessDenied::find(&e).is_some(), "a denial: {e}");
    });
}
