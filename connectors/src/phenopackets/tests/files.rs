//! The `files` table and sample links.

use std::path::Path;

use crate::phenopackets::tests::{at, load, read, rows_where};
use crate::phenopackets::{Format, PhenopacketSet, SampleLink, sample_links, tables};

#[test]
fn files_of_a_phenopacket_and_its_biosample() {
    let t = load(&["phenopacket.json"]).files;
    assert_eq!(t.num_rows(), 2);
    let expect = [
        ("individual_id", "patient-1"),
        ("phenopacket_id", "PPK-0001"),
        ("biosample_id", "∅"),
        ("cohort_id", "∅"),
        ("family_id", "∅"),
        ("level", "phenopacket"),
        ("uri", "file:///data/genomes/patient-1.vcf.gz"),
        ("file_sample_id", "P1-GERMLINE"),
        ("file_format", "VCF"),
        ("file_key", "patient-1.vcf.gz:P1-GERMLINE"),
        (
            "file_attributes",
            "{genomeAssembly: GRCh38, fileFormat: vcf, description: exome}",
        ),
    ];
    for (path, value) in expect {
        assert_eq!(at(&t, path, 0), value, "{path}");
    }
    assert_eq!(at(&t, "level", 1), "biosample");
    assert_eq!(at(&t, "biosample_id", 1), "biosample-1");
    assert_eq!(at(&t, "file_sample_id", 1), "P1-TUMOR");
}

#[test]
fn group_files_apply_to_every_member() {
    let t = load(&["cohort.json", "family.json"]).files;
    let cohort = rows_where(&t, "level", "cohort");
    assert_eq!(cohort.len(), 3);
    for (row, (individual, sample)) in
        cohort
            .into_iter()
            .zip([("C1", "S001"), ("C2", "S002"), ("C3", "S003")])
    {
        assert_eq!(at(&t, "individual_id", row), individual);
        assert_eq!(at(&t, "file_sample_id", row), sample);
        assert_eq!(at(&t, "cohort_id", row), "cohort-dee");
        assert_eq!(at(&t, "uri", row), "file:///data/genomes/cohort-dee.vcf.gz");
    }
    let own = rows_where(&t, "uri", "file:///data/genomes/C2-exome.vcf.gz");
    assert_eq!(own.len(), 1);
    assert_eq!(at(&t, "level", own[0]), "phenopacket");
    assert_eq!(at(&t, "file_attributes", own[0]), "{}");

    let family = rows_where(&t, "level", "family");
    assert_eq!(family.len(), 3);
    let samples: Vec<_> = family
        .iter()
        .map(|&row| at(&t, "file_sample_id", row))
        .collect();
    assert_eq!(samples, ["F7-01", "F7-02", "F7-03"]);
    assert_eq!(at(&t, "family_id", family[1]), "family-7");
    assert_eq!(at(&t, "individual_id", family[1]), "F7-mother");
}

#[test]
fn sample_links_from_every_level_without_duplicates() {
    let set = read(&["phenopacket.json", "cohort.json", "family.json"]).expect("valid");
    let links = sample_links(&set);
    let link = |uri: &str, sample: &str, individual: &str| SampleLink {
        file_uri: Some(uri.to_owned()),
        file_sample_id: sample.to_owned(),
        individual_id: individual.to_owned(),
    };
    assert_eq!(
        links,
        [
            link(
                "file:///data/genomes/patient-1.vcf.gz",
                "P1-GERMLINE",
                "patient-1"
            ),
            link(
                "file:///data/genomes/patient-1-tumor.vcf.gz",
                "P1-TUMOR",
                "patient-1"
            ),
            link("file:///data/genomes/cohort-dee.vcf.gz", "S001", "C1"),
            link("file:///data/genomes/cohort-dee.vcf.gz", "S002", "C2"),
            link("file:///data/genomes/cohort-dee.vcf.gz", "S003", "C3"),
            link("file:///data/genomes/C2-exome.vcf.gz", "C2-EX", "C2"),
            link(
                "file:///data/genomes/family-7.trio.vcf.gz",
                "F7-01",
                "F7-child"
            ),
            link(
                "file:///data/genomes/family-7.trio.vcf.gz",
                "F7-02",
                "F7-mother"
            ),
            link(
                "file:///data/genomes/family-7.trio.vcf.gz",
                "F7-03",
                "F7-father"
            ),
        ]
    );
}

#[test]
fn file_not_listing_the_individual() {
    let json = br#"{"id": "p", "subject": {"id": "A"},
        "files": [{"uri": "x.vcf", "individualToFileIdentifiers": {"B": "S-B"}}, {"uri": "y.bam"}]}"#;
    let mut set = PhenopacketSet::new();
    set.read(Path::new("p.json"), json, Format::Json)
        .expect("valid");
    let t = tables(&set).expect("tables").files;
    assert_eq!(t.num_rows(), 2);
    assert_eq!(at(&t, "individual_id", 0), "A");
    assert_eq!(at(&t, "file_sample_id", 0), "∅");
    assert_eq!(at(&t, "uri", 1), "y.bam");
    assert_eq!(at(&t, "file_sample_id", 1), "∅");
    assert_eq!(at(&t, "file_attributes", 1), "{}");
    // Formats from extensions; keys with the individual's id when the file has no sample.
    assert_eq!(at(&t, "file_format", 0), "VCF");
    assert_eq!(at(&t, "file_key", 0), "x.vcf:A");
    assert_eq!(at(&t, "file_format", 1), "BAM");
    assert_eq!(at(&t, "file_key", 1), "y.bam:A");
    let links = sample_links(&set);
    assert_eq!(links.len(), 1);
    assert_eq!(
        (
            links[0].individual_id.as_str(),
            links[0].file_sample_id.as_str()
        ),
        ("B", "S-B")
    );
}
