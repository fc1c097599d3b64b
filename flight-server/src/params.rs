//! Parameters bound to a prepared statement: one row, kept in the signed handle as an
//! Arrow IPC stream.

use arrow::record_batch::RecordBatch;
use datafusion::common::{ParamValues, ScalarValue};
use tonic::Status;

/// The IPC bytes of the bound row (exactly one row across `batches`).
pub fn encode(batches: &[RecordBatch]) -> Result<Vec<u8>, Status> {
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    if rows != 1 {
        return Err(Status::invalid_argument(format!(
            "bind exactly one row of parameters (got {rows})"
        )));
    }
    let batch = batches
        .iter()
        .find(|b| b.num_rows() == 1)
        .ok_or_else(|| Status::invalid_argument("no parameter row"))?;
    let mut out = Vec::new();
    let mut writer = arrow::ipc::writer::StreamWriter::try_new(&mut out, &batch.schema())
        .map_err(crate::status::arrow)?;
    writer.write(batch).map_err(crate::status::arrow)?;
    writer.finish().map_err(crate::status::arrow)?;
    drop(writer);
    Ok(out)
}

/// The values of `$1`, `$2`, … from the IPC bytes of [`encode`].
pub fn values(ipc: &[u8]) -> Result<ParamValues, Status> {
    let bad = |e: &dyn std::fmt::Display| {
        Status::invalid_argument(format!("the bound parameters cannot be read: {e}"))
    };
    let reader = arrow::ipc::reader::StreamReader::try_new(std::io::Cursor::new(ipc), None)
        .map_err(|e| bad(&e))?;
    let mut values = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(&e))?;
        for column in batch.columns() {
            values.push(ScalarValue::try_from_array(column, 0).map_err(|e| bad(&e))?);
        }
    }
    Ok(ParamValues::from(values))
}
