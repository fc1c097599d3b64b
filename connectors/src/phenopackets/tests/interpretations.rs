//! The `interpretations` table.

use crate::phenopackets::tests::{at, load, row_where};

#[test]
fn variant_interpretation() {
    let t = load(&["phenopacket.json"]).interpretations;
    assert_eq!(t.num_rows(), 2);
    let row = row_where(&t, "interpretation_id", "interpretation-1");
    let expect = [
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("progress_status", "SOLVED"),
        ("diagnosis.id", "MONDO:0100135"),
        ("diagnosis.label", "Dravet syndrome"),
        ("summary", "de novo SCN1A variant"),
        ("subject_or_biosample_id", "patient-1"),
        ("interpretation_status", "CAUSATIVE"),
        ("gene", "∅"),
        ("acmg_pathogenicity_classification", "PATHOGENIC"),
        ("therapeutic_actionability", "ACTIONABLE"),
        ("variation_id", "var-1"),
        ("variation_label", "SCN1A c.5434T>C"),
        ("variation_description", "missense"),
        ("gene_context.value_id", "HGNC:10585"),
        ("gene_context.symbol", "SCN1A"),
        ("expressions[0].syntax", "hgvs.c"),
        ("expressions[0].value", "NM_001165963.4:c.5434T>C"),
        ("expressions[0].version", "21.0"),
        ("expressions[1].syntax", "hgvs.g"),
        ("expressions[1].version", "∅"),
        ("vcf_record.genome_assembly", "GRCh38"),
        ("vcf_record.chrom", "chr2"),
        ("vcf_record.pos", "166002622"),
        ("vcf_record.id", "rs121917953"),
        ("vcf_record.ref", "A"),
        ("vcf_record.alt", "G"),
        ("vcf_record.qual", "99"),
        ("vcf_record.filter", "PASS"),
        ("vcf_record.info", "DP=35"),
        ("xrefs", "[ClinVar:68537]"),
        ("allelic_state.id", "GENO:0000135"),
        ("allelic_state.label", "heterozygous"),
        ("molecule_context", "genomic"),
        ("structural_type.id", "SO:0001483"),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, row), value, "{path}");
    }
    // The VRS variation is kept as compact JSON.
    let variation = at(&t, "variation", row);
    assert!(variation.starts_with(r#"{"allele":{"#), "{variation}");
    assert!(!variation.contains(": "), "{variation}");
    let value: serde_json::Value = serde_json::from_str(&variation).expect("JSON");
    assert_eq!(
        value["allele"]["literalSequenceExpression"]["sequence"],
        "T"
    );
}

#[test]
fn gene_interpretation() {
    let t = load(&["phenopacket.json"]).interpretations;
    let row = row_where(&t, "interpretation_id", "interpretation-2");
    assert_eq!(at(&t, "progress_status", row), "IN_PROGRESS");
    assert_eq!(at(&t, "diagnosis.label", row), "breast cancer");
    assert_eq!(at(&t, "subject_or_biosample_id", row), "biosample-1");
    assert_eq!(at(&t, "interpretation_status", row), "CANDIDATE");
    assert_eq!(at(&t, "gene.value_id", row), "HGNC:1100");
    assert_eq!(at(&t, "gene.symbol", row), "BRCA1");
    assert_eq!(at(&t, "variation_id", row), "∅");
    assert_eq!(at(&t, "vcf_record", row), "∅");
    assert_eq!(at(&t, "expressions", row), "∅");
}

#[test]
fn interpretation_without_genomic_interpretations() {
    let t = load(&["packets.jsonl", "family.json"]).interpretations;
    assert_eq!(t.num_rows(), 2);
    let row = row_where(&t, "individual_id", "L3");
    assert_eq!(at(&t, "interpretation_id", row), "L3-interpretation");
    assert_eq!(at(&t, "diagnosis.id", row), "MONDO:0100135");
    assert_eq!(at(&t, "subject_or_biosample_id", row), "∅");
    assert_eq!(at(&t, "interpretation_status", row), "∅");
    assert_eq!(at(&t, "gene", row), "∅");
    let row = row_where(&t, "individual_id", "F7-child");
    assert_eq!(at(&t, "gene.symbol", row), "SCN1A");
}
