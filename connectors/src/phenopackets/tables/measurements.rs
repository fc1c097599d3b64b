//! The `measurements` table: one row per measurement of a subject or of a biosample.

use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::phenopackets::PhenopacketSet;
use crate::phenopackets::columns::{
    OntologyColumn, ProcedureColumn, Push, TimeElementColumn, Utf8, ValueColumn, table_columns,
};
use crate::phenopackets::model::{Measurement, MeasurementValue};
use crate::phenopackets::tables::complex_value;

table_columns! {
    Columns {
        individual_id: Utf8,
        phenopacket_id: Utf8,
        biosample_id: Utf8,
        assay: OntologyColumn,
        value: ValueColumn,
        complex_value: Utf8,
        time_observed: TimeElementColumn,
        procedure: ProcedureColumn,
        description: Utf8,
    }
}

pub(crate) fn build(set: &PhenopacketSet) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::default();
    for entry in set.entries() {
        let packet = &entry.packet;
        let ids = (packet.subject_id(), packet.id.as_deref());
        for measurement in &packet.measurements {
            push(&mut c, ids, None, measurement);
        }
        for biosample in &packet.biosamples {
            for measurement in &biosample.measurements {
                push(&mut c, ids, biosample.id.as_deref(), measurement);
            }
        }
    }
    c.finish()
}

fn push(
    c: &mut Columns,
    (individual_id, phenopacket_id): (Option<&str>, Option<&str>),
    biosample_id: Option<&str>,
    m: &Measurement,
) {
    c.individual_id.push(individual_id);
    c.phenopacket_id.push(phenopacket_id);
    c.biosample_id.push(biosample_id);
    c.assay.push(m.assay.as_ref());
    let (value, complex) = match &m.value {
        Some(MeasurementValue::Value(value)) => (Some(value), None),
        Some(MeasurementValue::ComplexValue(complex)) => (None, Some(complex)),
        None => (None, None),
    };
    c.value.push(value);
    c.complex_value
        .push(complex.map(complex_value::to_json).as_deref());
    c.time_observed.push(m.time_observed.as_ref());
    c.procedure.push(m.procedure.as_ref());
    c.description.push(m.description.as_deref());
}
