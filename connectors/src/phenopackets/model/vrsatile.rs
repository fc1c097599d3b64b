//! VRSATILE descriptors of variants and genes (`vrsatile.proto`).

use serde::Deserialize;

use crate::phenopackets::model::OntologyClass;
use crate::phenopackets::proto::{self, proto_enum};

/// A description of a variant: its identifiers, expressions (HGVS, SPDI, ...), VCF record and
/// allelic state. The VRS `variation` object is kept as JSON.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct VariationDescriptor {
    pub id: Option<String>,
    /// The GA4GH VRS 1.x variation (kept as JSON; tables show it as compact JSON text).
    pub variation: Option<serde_json::Value>,
    pub label: Option<String>,
    pub description: Option<String>,
    #[serde(alias = "gene_context")]
    pub gene_context: Option<GeneDescriptor>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub expressions: Vec<Expression>,
    #[serde(alias = "vcf_record")]
    pub vcf_record: Option<VcfRecord>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub xrefs: Vec<String>,
    #[serde(
        default,
        alias = "alternate_labels",
        deserialize_with = "proto::repeated"
    )]
    pub alternate_labels: Vec<String>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub extensions: Vec<Extension>,
    #[serde(alias = "molecule_context")]
    pub molecule_context: Option<MoleculeContext>,
    #[serde(alias = "structural_type")]
    pub structural_type: Option<OntologyClass>,
    #[serde(alias = "vrs_ref_allele_seq")]
    pub vrs_ref_allele_seq: Option<String>,
    #[serde(alias = "allelic_state")]
    pub allelic_state: Option<OntologyClass>,
}

impl PartialEq for VariationDescriptor {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.variation == other.variation
            && self.label == other.label
            && self.description == other.description
            && self.gene_context == other.gene_context
            && self.expressions == other.expressions
            && self.vcf_record == other.vcf_record
            && self.xrefs == other.xrefs
            && self.alternate_labels == other.alternate_labels
            && self.extensions == other.extensions
            && self.molecule_context == other.molecule_context
            && self.structural_type == other.structural_type
            && self.vrs_ref_allele_seq == other.vrs_ref_allele_seq
            && self.allelic_state == other.allelic_state
    }
}

/// A gene, e.g. `HGNC:3689` `FGFR2`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneDescriptor {
    #[serde(alias = "value_id")]
    pub value_id: Option<String>,
    pub symbol: Option<String>,
    pub description: Option<String>,
    #[serde(default, alias = "alternate_ids", deserialize_with = "proto::repeated")]
    pub alternate_ids: Vec<String>,
    #[serde(
        default,
        alias = "alternate_symbols",
        deserialize_with = "proto::repeated"
    )]
    pub alternate_symbols: Vec<String>,
    #[serde(default, deserialize_with = "proto::repeated")]
    pub xrefs: Vec<String>,
}

/// A variant in some syntax, e.g. `hgvs.c` `NM_000141.4:c.1694A>C`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Expression {
    pub syntax: Option<String>,
    pub value: Option<String>,
    pub version: Option<String>,
}

/// A VCF line describing the variant.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct VcfRecord {
    #[serde(alias = "genome_assembly")]
    pub genome_assembly: Option<String>,
    pub chrom: Option<String>,
    /// 1-based position (`uint64`, usually a JSON string).
    #[serde(default, deserialize_with = "proto::integer")]
    pub pos: Option<u64>,
    pub id: Option<String>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub alt: Option<String>,
    pub qual: Option<String>,
    pub filter: Option<String>,
    pub info: Option<String>,
}

/// A free-form name/value pair.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Extension {
    pub name: Option<String>,
    pub value: Option<String>,
}

proto_enum! {
    /// The molecule a variation is described on.
    MoleculeContext("molecule context") {
        UnspecifiedMoleculeContext = 0 => "unspecified_molecule_context",
        Genomic = 1 => "genomic",
        Transcript = 2 => "transcript",
        Protein = 3 => "protein",
    }
}

crate::phenopackets::proto::messages!(
    VariationDescriptor,
    GeneDescriptor,
    Expression,
    VcfRecord,
    Extension
);
