//! Plan snapshots: what the scan receives from the optimizer.

use genofed::connectors::vcf::Shape;

use super::support::{cohort, query, rows};

fn physical_plan(sql: &str) -> String {
    let g = cohort();
    let out = rows(
        &query(
            g.vcf_gz.as_ref().expect("vcf.gz"),
            Shape::Variants,
            &format!("EXPLAIN {sql}"),
        )
        .expect("explain"),
    );
    out.iter()
        .filter(|r| r[0] == "physical_plan")
        .map(|r| r[1].clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn scan_line(plan: &str) -> String {
    plan.lines()
        .find(|l| l.contains("VcfScanExec"))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| panic!("no scan in:\n{plan}"))
}

#[test]
fn region_filters_reach_the_scan() {
    let plan = physical_plan(
        "SELECT pos FROM t WHERE chrom = 'chr1' AND pos <= 120000 AND \"end\" >= 100000",
    );
    assert_eq!(
        scan_line(&plan),
        "VcfScanExec: shape=Variants, partitions=2, tasks=2, region=Some([\"chr1\"]):100000-120000, sorted"
    );
    // The filter is Inexact: it is still applied above the scan.
    assert!(plan.contains("FilterExec"), "{plan}");

    let plan = physical_plan(
        "SELECT pos FROM t WHERE chrom IN ('chr2', 'chrX') AND pos BETWEEN 5 AND 500000",
    );
    assert_eq!(
        scan_line(&plan),
        "VcfScanExec: shape=Variants, partitions=2, tasks=4, region=Some([\"chr2\", \"chrX\"]):5-500000, sorted"
    );
}

#[test]
fn other_filters_and_limits() {
    // A whole indexed file is read in windows of each contig (9 here), two partitions.
    let plan = physical_plan("SELECT pos FROM t WHERE qual > 10 OR chrom = 'chr1'");
    assert_eq!(
        scan_line(&plan),
        "VcfScanExec: shape=Variants, partitions=2, tasks=9, sorted"
    );
    let plan = physical_plan("SELECT pos FROM t LIMIT 5");
    assert_eq!(
        scan_line(&plan),
        "VcfScanExec: shape=Variants, partitions=2, tasks=9, sorted, limit=5"
    );
}

#[test]
fn sorted_partitions_need_no_sort() {
    // Each partition is ordered by (chrom, pos): ORDER BY merges instead of sorting, and
    // GROUP BY chrom, pos aggregates in streaming mode.
    let plan = physical_plan("SELECT chrom, pos FROM t ORDER BY chrom, pos");
    assert!(
        plan.contains("SortPreservingMergeExec") && !plan.contains("SortExec:"),
        "{plan}"
    );
    let plan = physical_plan("SELECT chrom, pos, count(*) FROM t GROUP BY chrom, pos");
    assert!(plan.contains("ordering_mode=Sorted"), "{plan}");
    // Without `chrom` in the projection only nothing is claimed.
    let plan = physical_plan("SELECT pos FROM t ORDER BY pos");
    assert!(plan.contains("SortExec:"), "{plan}");
}

#[test]
fn info_keys_are_parsed_alone() {
    // `info['AF']` reaches the scan, which then parses only that key.
    let plan = physical_plan("SELECT count(*) FROM t WHERE array_max(info['AF']) > 0.05");
    assert!(!plan.contains("get_field"), "{plan}");
    let g = cohort();
    let file = g.vcf_gz.as_ref().expect("vcf.gz");
    let single = rows(
        &query(
            file,
            Shape::Variants,
            "SELECT pos, info['AF'], info['DB'] FROM t ORDER BY chrom, pos",
        )
        .expect("keys"),
    );
    let whole = rows(&query(file, Shape::Variants, "SELECT pos, af, db FROM (SELECT chrom, pos, info AS i, get_field(info, 'AF') AS af, get_field(info, 'DB') AS db FROM t) ORDER BY chrom, pos").expect("struct"));
    assert_eq!(single, whole);
}
