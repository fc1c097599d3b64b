//! Phenopackets v2 for the generated cohort: one JSON file per individual, linked to its
//! VCF sample through `files[].individualToFileIdentifiers`.
//!
//! Individual `IND00001` is sample `S00001`; its sex matches the sample's ploidy on the
//! sex chromosomes, and the sample is the subject's one biosample (blood or saliva). Each
//! has 1–5 phenotypic features from a fixed list of real HPO terms (some excluded, some
//! with an onset age and severity), a disease (a real MONDO term) for about half of them,
//! an age at last encounter, and the phenopacket metadata.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::genotype::male_samples;
use super::header::sample_name;
use super::rng::Rng;
use super::{GenerateError, GenerateOptions};

/// Real HPO terms (id, label), all present in the HPO release under `../shared`.
pub const HPO_TERMS: &[(&str, &str)] = &[
    ("HP:0001250", "Seizure"),
    ("HP:0001249", "Intellectual disability"),
    ("HP:0000252", "Microcephaly"),
    ("HP:0001252", "Hypotonia"),
    ("HP:0004322", "Short stature"),
    ("HP:0000486", "Strabismus"),
    ("HP:0000365", "Hearing impairment"),
    ("HP:0000407", "Sensorineural hearing impairment"),
    ("HP:0000316", "Hypertelorism"),
    ("HP:0001508", "Failure to thrive"),
    ("HP:0002019", "Constipation"),
    ("HP:0000717", "Autism"),
    ("HP:0001513", "Obesity"),
    ("HP:0000819", "Diabetes mellitus"),
    ("HP:0000750", "Delayed speech and language development"),
    ("HP:0001251", "Ataxia"),
    ("HP:0002072", "Chorea"),
    ("HP:0001257", "Spasticity"),
    ("HP:0000505", "Visual impairment"),
    ("HP:0001638", "Cardiomyopathy"),
    ("HP:0000083", "Renal insufficiency"),
    ("HP:0000107", "Renal cyst"),
    ("HP:0002240", "Hepatomegaly"),
    ("HP:0001744", "Splenomegaly"),
    ("HP:0000964", "Eczema"),
    ("HP:0000175", "Cleft palate"),
    ("HP:0000256", "Macrocephaly"),
    ("HP:0000238", "Hydrocephalus"),
];

/// Real MONDO diseases (id, label), from genofed's built-in disease fragment.
pub const DISEASES: &[(&str, &str)] = &[
    ("MONDO:0009861", "phenylketonuria"),
    ("MONDO:0005148", "type 2 diabetes mellitus"),
    ("MONDO:0005147", "type 1 diabetes mellitus"),
    ("MONDO:0004979", "asthma"),
    ("MONDO:0009061", "cystic fibrosis"),
    ("MONDO:0007254", "breast cancer"),
    ("MONDO:0005027", "epilepsy"),
    ("MONDO:0007739", "Huntington disease"),
];

const SEVERITY: &[(&str, &str)] = &[
    ("HP:0012827", "Borderline"),
    ("HP:0012825", "Mild"),
    ("HP:0012826", "Moderate"),
    ("HP:0012828", "Severe"),
];

/// Tissues the biosamples are taken from (two in three blood, one in three saliva).
const TISSUES: &[(&str, &str)] = &[("UBERON:0000178", "blood"), ("UBERON:0001836", "saliva")];

fn class((id, label): (&str, &str)) -> Value {
    json!({ "id": id, "label": label })
}

/// The individual id of sample number `i` (0-based).
pub fn individual_id(i: usize) -> String {
    format!("IND{:05}", i + 1)
}

/// The files of a generated cohort that phenopackets list.
#[derive(Debug, Clone, Copy)]
pub struct CohortFiles<'a> {
    /// The VCF of every sample.
    pub vcf: &'a str,
    /// The reads (SAM) of the first [`READ_GROUPS`] samples, if written.
    pub reads: Option<&'a str>,
}

impl<'a> CohortFiles<'a> {
    /// The VCF alone.
    pub fn vcf(vcf: &'a str) -> Self {
        Self { vcf, reads: None }
    }
}

/// Samples with read groups in the generated SAM (see `write_reads`).
pub const READ_GROUPS: usize = 8;

fn packet(i: usize, male: bool, files: CohortFiles, rng: &mut Rng) -> Value {
    let id = individual_id(i);
    let years = 1 + rng.index(80);
    let months = rng.index(12);
    let mut features = Vec::new();
    let n = 1 + rng.index(5);
    let mut used = Vec::new();
    while features.len() < n {
        let t = rng.index(HPO_TERMS.len());
        if used.contains(&t) {
            continue;
        }
        used.push(t);
        let mut f = json!({ "type": class(HPO_TERMS[t]) });
        if rng.bernoulli(0.15) {
            f["excluded"] = json!(true);
        } else {
            if rng.bernoulli(0.5) {
                let onset = 1 + rng.index(years);
                f["onset"] = json!({ "age": { "iso8601duration": format!("P{onset}Y") } });
            }
            if rng.bernoulli(0.3) {
                f["severity"] = class(SEVERITY[rng.index(SEVERITY.len())]);
            }
        }
        features.push(f);
    }
    let mut p = json!({
        "id": format!("phenopacket-{id}"),
        "subject": {
            "id": id,
            "alternateIds": [sample_name(i)],
            "timeAtLastEncounter": { "age": { "iso8601duration": format!("P{years}Y{months}M") } },
            "vitalStatus": { "status": "ALIVE" },
            "sex": if male { "MALE" } else { "FEMALE" },
            "karyotypicSex": if male { "XY" } else { "XX" },
            "taxonomy": { "id": "NCBITaxon:9606", "label": "Homo sapiens" }
        },
        "phenotypicFeatures": features,
        // The sample of the VCF is a biosample of the subject (no random draws here, so
        // the rest of the cohort does not depend on it).
        "biosamples": [{
            "id": sample_name(i),
            "individualId": id,
            "sampledTissue": class(TISSUES[i % 3 / 2]),
            "materialSample": { "id": "EFO:0009654", "label": "reference sample" },
            "timeOfCollection": { "age": { "iso8601duration": format!("P{years}Y") } }
        }],
        "files": [{
            "uri": files.vcf,
            "individualToFileIdentifiers": { id.clone(): sample_name(i) },
            "fileAttributes": {
                "fileFormat": "VCF",
                "genomeAssembly": "GRCh38",
                "pipelineName": "genofed generate",
                "variantCaller": "simulated"
            }
        }],
        "metaData": {
            "created": "2026-01-01T00:00:00Z",
            "createdBy": "genofed generate",
            "resources": [
                {
                    "id": "hp", "name": "human phenotype ontology",
                    "url": "http://purl.obolibrary.org/obo/hp.owl", "version": "2024-04-26",
                    "namespacePrefix": "HP", "iriPrefix": "http://purl.obolibrary.org/obo/HP_"
                },
                {
                    "id": "mondo", "name": "Mondo Disease Ontology",
                    "url": "http://purl.obolibrary.org/obo/mondo.obo", "version": "2024-06-04",
                    "namespacePrefix": "MONDO", "iriPrefix": "http://purl.obolibrary.org/obo/MONDO_"
                }
            ],
            "phenopacketSchemaVersion": "2.0"
        }
    });
    // The sample's reads: a sequencing run of its biosample.
    if let Some(reads) = files.reads.filter(|_| i < READ_GROUPS) {
        p["biosamples"][0]["files"] = json!([{
            "uri": reads,
            "individualToFileIdentifiers": { id.clone(): sample_name(i) },
            "fileAttributes": {
                "fileFormat": "SAM",
                "genomeAssembly": "GRCh38",
                "platform": "Illumina",
                "libraryStrategy": "WGS",
                "libraryLayout": "PAIRED",
                "runDate": "2025-11-03"
            }
        }]);
    }
    if rng.bernoulli(0.5) {
        let d = DISEASES[rng.index(DISEASES.len())];
        let onset = 1 + rng.index(years);
        p["diseases"] = json!([{
            "term": class(d),
            "onset": { "age": { "iso8601duration": format!("P{onset}Y") } }
        }]);
    }
    p
}

/// Writes `<out_dir>/<name>.phenopackets/IND00001.json`, … for `samples` individuals;
/// returns the directory. `files` are the cohort's files they list.
pub fn write_phenopackets(
    opts: &GenerateOptions,
    files: CohortFiles,
    out_dir: &Path,
) -> Result<PathBuf, GenerateError> {
    let dir = out_dir.join(format!("{}.phenopackets", opts.name));
    std::fs::create_dir_all(&dir).map_err(|source| GenerateError::CreateDir {
        path: dir.clone(),
        source,
    })?;
    let males = male_samples(opts.seed, opts.samples);
    let mut rng = Rng::stream(opts.seed, 11);
    for (i, male) in males.into_iter().enumerate() {
        let path = dir.join(format!("{}.json", individual_id(i)));
        let text =
            serde_json::to_string_pretty(&packet(i, male, files, &mut rng)).map_err(|e| {
                GenerateError::Io {
                    path: path.clone(),
                    source: e.into(),
                }
            })?;
        std::fs::write(&path, text).map_err(|source| GenerateError::Io { path, source })?;
    }
    Ok(dir)
}
