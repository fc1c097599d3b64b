//! Site-level aggregates over genotypes computed inside the scan agree with the same
//! aggregates computed row by row, and with the INFO/AC that bcftools reads.

use std::collections::BTreeMap;
use std::process::Command;

use genofed::connectors::vcf::Shape;

use super::support::{cohort, query, rows, run};

const PUSHED: &str = "SELECT chrom, pos, sum(gt_alt_count(gt)) AS ac, count(*) AS n, count(gt) AS called \
                      FROM t GROUP BY chrom, pos ORDER BY chrom, pos";
// `+ 0` and `coalesce` defeat the rule: the same numbers, computed row by row.
const ROW_BY_ROW: &str = "SELECT chrom, pos, sum(gt_alt_count(gt) + 0) AS ac, count(coalesce(1, 0)) AS n, \
                          sum(CASE WHEN gt IS NULL THEN 0 ELSE 1 END) AS called \
                          FROM t GROUP BY chrom, pos ORDER BY chrom, pos";

#[test]
fn pushed_aggregates_match_row_by_row_and_bcftools() {
    let g = cohort();
    for file in [&g.vcf_gz, &g.vcf] {
        let file = file.as_ref().expect("file");
        let plan =
            rows(&query(file, Shape::Genotypes, &format!("EXPLAIN {PUSHED}")).expect("explain"));
        let plan: String = plan
            .iter()
            .map(|r| r[1].clone())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            plan.contains("site_aggregates=[SumAltCount, CountRows, CountCalled]"),
            "{plan}"
        );

        let pushed = rows(&query(file, Shape::Genotypes, PUSHED).expect("pushed"));
        let row_by_row = rows(&query(file, Shape::Genotypes, ROW_BY_ROW).expect("row by row"));
        assert_eq!(pushed, row_by_row, "{}", file.display());

        // The generator writes INFO/AC consistent with the genotypes.
        let ac = run(Command::new("bcftools")
            .args(["query", "-f", "%CHROM\t%POS\t%INFO/AC\n"])
            .arg(file));
        let mut expected: BTreeMap<(String, i64), i64> = BTreeMap::new();
        for line in ac.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let sum: i64 = f[2].split(',').filter_map(|v| v.parse::<i64>().ok()).sum();
            *expected
                .entry((f[0].to_string(), f[1].parse().expect("pos")))
                .or_default() += sum;
        }
        let ours: BTreeMap<(String, i64), i64> = pushed
            .iter()
            .map(|r| {
                (
                    (r[0].clone(), r[1].parse().expect("pos")),
                    r[2].parse().unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(ours, expected, "{}", file.display());
    }
}

#[test]
fn other_aggregates_are_not_pushed() {
    let g = cohort();
    let file = g.vcf_gz.as_ref().expect("vcf.gz");
    for sql in [
        "SELECT sample_id, count(*) FROM t GROUP BY sample_id",
        "SELECT chrom, max(pos) FROM t GROUP BY chrom",
        "SELECT chrom, count(*) FROM t WHERE gt[1] = 1 GROUP BY chrom",
    ] {
        let plan =
            rows(&query(file, Shape::Genotypes, &format!("EXPLAIN {sql}")).expect("explain"));
        assert!(
            plan.iter().all(|r| !r[1].contains("site_aggregates")),
            "{sql}: {plan:?}"
        );
    }
    // BCF files are aggregated row by row (no in-scan counting for BCF yet).
    let bcf = g.bcf.as_ref().expect("bcf");
    let plan = rows(&query(bcf, Shape::Genotypes, &format!("EXPLAIN {PUSHED}")).expect("explain"));
    assert!(
        plan.iter().all(|r| !r[1].contains("site_aggregates")),
        "{plan:?}"
    );
}
