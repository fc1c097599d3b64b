//! Printing results as a table, CSV (with a header line) or JSON.

use std::io::Write;

use arrow::array::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use clap::ValueEnum;

use super::CliError;

/// How `genofed sql` prints results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Csv,
    Json,
}

/// Writes batches in the chosen format. Nested values (lists, structs) are written in
/// Arrow's display form in tables and CSV, and as JSON arrays/objects in JSON.
pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    batches: &[RecordBatch],
    schema: &arrow::datatypes::Schema,
) -> Result<(), CliError> {
    if schema.fields().is_empty() {
        // DDL such as CREATE EXTERNAL TABLE: nothing to print.
        return Ok(());
    }
    match format {
        OutputFormat::Table => {
            if batches.iter().all(|b| b.num_rows() == 0) {
                let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                writeln!(out, "(0 rows; columns: {})", names.join(", "))?;
            } else {
                writeln!(
                    out,
                    "{}",
                    arrow::util::pretty::pretty_format_batches(batches)?
                )?;
            }
        }
        OutputFormat::Csv => {
            let names: Vec<String> = schema
                .fields()
                .iter()
                .map(|f| csv_field(f.name()))
                .collect();
            writeln!(out, "{}", names.join(","))?;
            let options = FormatOptions::default().with_null("");
            let mut cell = String::new();
            for batch in batches {
                let formatters = batch
                    .columns()
                    .iter()
                    .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
                    .collect::<Result<Vec<_>, _>>()?;
                for row in 0..batch.num_rows() {
                    for (i, f) in formatters.iter().enumerate() {
                        if i > 0 {
                            out.write_all(b",")?;
                        }
                        cell.clear();
                        std::fmt::Write::write_fmt(&mut cell, format_args!("{}", f.value(row)))
                            .map_err(|e| std::io::Error::other(e.to_string()))?;
                        if cell.contains([',', '"', '\n', '\r']) {
                            out.write_all(csv_field(&cell).as_bytes())?;
                        } else {
                            out.write_all(cell.as_bytes())?;
                        }
                    }
                    out.write_all(b"\n")?;
                }
            }
        }
        OutputFormat::Json => {
            let mut writer = arrow::json::ArrayWriter::new(&mut *out);
            let refs: Vec<&RecordBatch> = batches.iter().collect();
            writer.write_batches(&refs)?;
            writer.finish()?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
