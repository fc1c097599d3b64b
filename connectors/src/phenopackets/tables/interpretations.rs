//! The `interpretations` table: one row per genomic interpretation, with the columns of its
//! interpretation repeated; an interpretation without genomic interpretations has one row
//! with those columns null.
//!
//! A genomic interpretation is about a gene (`gene`) or a variant (the `variation_*`
//! columns and the others from its variation descriptor).

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    ExpressionColumn, GeneColumn, ListOf, OntologyColumn, Push, Utf8, VcfRecordColumn,
    table_columns,
};
use crate::phenopackets::model::{GenomicCall, GenomicInterpretation, Interpretation};

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        interpretation_id: Utf8,
        progress_status: Utf8,
        diagnosis: OntologyColumn,
        summary: Utf8,
        subject_or_biosample_id: Utf8,
        interpretation_status: Utf8,
        gene: GeneColumn,
        acmg_pathogenicity_classification: Utf8,
        therapeutic_actionability: Utf8,
        variation_id: Utf8,
        variation_label: Utf8,
        variation_description: Utf8,
        gene_context: GeneColumn,
        expressions: ListOf<ExpressionColumn>,
        vcf_record: VcfRecordColumn,
        xrefs: ListOf<Utf8>,
        allelic_state: OntologyColumn,
        molecule_context: Utf8,
        structural_type: OntologyColumn,
        variation: Utf8,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        let ids = (packet.subject_id(), packet.id.as_deref());
        for interpretation in &packet.interpretations {
            let diagnosis = interpretation.diagnosis.as_ref();
            let genomic = diagnosis.map_or(&[][..], |d| &d.genomic_interpretations);
            if genomic.is_empty() {
                push(&mut c, ids, interpretation, None);
            }
            for g in genomic {
                push(&mut c, ids, interpretation, Some(g));
            }
        }
    }
    c.finish()
}

fn push(
    c: &mut Columns,
    (individual_id, phenopacket_id): (Option<&str>, Option<&str>),
    i: &Interpretation,
    g: Option<&GenomicInterpretation>,
) {
    c.individual_id.push(individual_id);
    c.phenopacket_id.push(phenopacket_id);
    c.interpretation_id.push(i.id.as_deref());
    c.progress_status
        .push(i.progress_status.map(|s| s.as_str()));
    c.diagnosis
        .push(i.diagnosis.as_ref().and_then(|d| d.disease.as_ref()));
    c.summary.push(i.summary.as_deref());
    c.subject_or_biosample_id
        .push(g.and_then(|g| g.subject_or_biosample_id.as_deref()));
    c.interpretation_status
        .push(g.and_then(|g| g.interpretation_status).map(|s| s.as_str()));
    let call = g.and_then(|g| g.call.as_ref());
    let (gene, variant) = match call {
        Some(GenomicCall::Gene(gene)) => (Some(gene), None),
        Some(GenomicCall::VariantInterpretation(v)) => (None, Some(v)),
        None => (None, None),
    };
    c.gene.push(gene);
    c.acmg_pathogenicity_classification.push(
        variant
            .and_then(|v| v.acmg_pathogenicity_classification)
            .map(|a| a.as_str()),
    );
    c.therapeutic_actionability.push(
        variant
            .and_then(|v| v.therapeutic_actionability)
            .map(|a| a.as_str()),
    );
    let d = variant.and_then(|v| v.variation_descriptor.as_ref());
    c.variation_id.push(d.and_then(|d| d.id.as_deref()));
    c.variation_label.push(d.and_then(|d| d.label.as_deref()));
    c.variation_description
        .push(d.and_then(|d| d.description.as_deref()));
    c.gene_context.push(d.and_then(|d| d.gene_context.as_ref()));
    c.expressions.push(d.map(|d| &d.expressions));
    c.vcf_record.push(d.and_then(|d| d.vcf_record.as_ref()));
    c.xrefs.push(d.map(|d| &d.xrefs));
    c.allelic_state
        .push(d.and_then(|d| d.allelic_state.as_ref()));
    c.molecule_context
        .push(d.and_then(|d| d.molecule_context).map(|m| m.as_str()));
    c.structural_type
        .push(d.and_then(|d| d.structural_type.as_ref()));
    c.variation.push(
        d.and_then(|d| d.variation.as_ref())
            .map(|v| v.to_string())
            .as_deref(),
    );
}
