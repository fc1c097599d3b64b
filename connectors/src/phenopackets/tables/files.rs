//! The `files` table: one row per (file, individual) pair.
//!
//! A file listed in a phenopacket or one of its biosamples gives one row for the subject; a
//! file listed at Cohort or Family level gives one row for every member. `file_sample_id` is
//! the individual's sample id in the file (`individualToFileIdentifiers`), null if the file
//! does not list the individual. `level` says where the file was listed: `phenopacket`,
//! `biosample`, `cohort` or `family`. `file_format` is `fileAttributes.fileFormat`
//! upper-cased, else the URI's extension (`VCF` for `x.vcf.gz`). `file_key` is
//! `<file name>:<sample>` (the sample id in the file, else the individual id): one per
//! file and individual, the id Beacon gives runs and analyses.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::columns::{Push, StrMap, Utf8, table_columns};
use crate::phenopackets::model::File;
use crate::phenopackets::{GroupKind, PhenopacketSet, Source};

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        biosample_id: Utf8,
        cohort_id: Utf8,
        family_id: Utf8,
        level: Utf8,
        uri: Utf8,
        file_sample_id: Utf8,
        file_format: Utf8,
        file_key: Utf8,
        file_attributes: StrMap,
    }
}

/// What every row of one phenopacket shares.
struct Row<'a> {
    individual_id: Option<&'a str>,
    phenopacket_id: Option<&'a str>,
    source: &'a Source,
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        let row = Row {
            individual_id: packet.subject_id(),
            phenopacket_id: packet.id.as_deref(),
            source: &entry.source,
        };
        for file in &packet.files {
            push(&mut c, &row, "phenopacket", None, file);
        }
        for biosample in &packet.biosamples {
            for file in &biosample.files {
                push(&mut c, &row, "biosample", biosample.id.as_deref(), file);
            }
        }
        if let Some(group) = &entry.source.group {
            let level = match group.kind {
                GroupKind::Cohort => "cohort",
                GroupKind::Family => "family",
            };
            for file in &group.files {
                push(&mut c, &row, level, None, file);
            }
        }
    }
    c.finish()
}

fn push(c: &mut Columns, row: &Row, level: &str, biosample_id: Option<&str>, file: &File) {
    c.individual_id.push(row.individual_id);
    c.phenopacket_id.push(row.phenopacket_id);
    c.biosample_id.push(biosample_id);
    c.cohort_id.push(row.source.cohort_id());
    c.family_id.push(row.source.family_id());
    c.level.push(Some(level));
    c.uri.push(file.uri.as_deref());
    let sample = row.individual_id.and_then(|id| file.sample_of(id));
    c.file_sample_id.push(sample);
    c.file_format.push(format(file).as_deref());
    let key = file.uri.as_deref().zip(sample.or(row.individual_id));
    c.file_key.push(
        key.map(|(uri, who)| format!("{}:{who}", name(uri)))
            .as_deref(),
    );
    c.file_attributes.push(Some(&file.file_attributes));
}

/// The last segment of a URI or path.
fn name(uri: &str) -> &str {
    uri.rsplit(['/', '\\']).next().unwrap_or(uri)
}

/// Extensions that name a format (after `.gz`, `.bgz` or `.c4gh` is taken off).
const EXTENSIONS: &[&str] = &[
    "vcf", "bcf", "gvcf", "bam", "cram", "sam", "fastq", "fq", "json", "txt",
];

/// `fileAttributes.fileFormat`, else the format the extension names, upper-cased.
fn format(file: &File) -> Option<String> {
    if let Some((_, f)) = file.file_attributes.iter().find(|(k, _)| k == "fileFormat") {
        return Some(f.to_uppercase());
    }
    let name = name(file.uri.as_deref()?).to_lowercase();
    let name = [".gz", ".bgz", ".c4gh"]
        .iter()
        .fold(name.as_str(), |n, z| n.strip_suffix(z).unwrap_or(n))
        .to_string();
    let (_, ext) = name.rsplit_once('.')?;
    EXTENSIONS.contains(&ext).then(|| ext.to_uppercase())
}
