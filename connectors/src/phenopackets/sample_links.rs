//! Links between the samples of data files (e.g. VCF columns) and individuals.

use std::collections::HashSet;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::model::File;

/// A sample of a file that belongs to an individual, from `File.individualToFileIdentifiers`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SampleLink {
    /// The file's URI as given, e.g. `file:///data/genomes/P000001C.vcf.gz`.
    pub file_uri: Option<String>,
    /// The sample's id in the file (e.g. the VCF sample name).
    pub file_sample_id: String,
    /// The individual's id (`Individual.id`).
    pub individual_id: String,
}

/// Every (file, sample, individual) link declared by the files of the set, at phenopacket,
/// biosample, Cohort and Family level, without duplicates, in input order.
pub fn sample_links(set: &PhenopacketSet) -> Vec<SampleLink> {
    let mut seen = HashSet::new();
    let mut links = Vec::new();
    let mut add = |file: &File| {
        for (individual, sample) in &file.individual_to_file_identifiers {
            let link = SampleLink {
                file_uri: file.uri.clone(),
                file_sample_id: sample.clone(),
                individual_id: individual.clone(),
            };
            if seen.insert(link.clone()) {
                links.push(link);
            }
        }
    };
    for entry in set.entries() {
        let packet = &entry.packet;
        packet.files.iter().for_each(&mut add);
        for biosample in &packet.biosamples {
            biosample.files.iter().for_each(&mut add);
        }
        if let Some(group) = &entry.source.group {
            group.files.iter().for_each(&mut add);
        }
    }
    links
}
