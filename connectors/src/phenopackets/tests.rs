//! Tests of the phenopacket reader and tables, on the fixtures of `tests/data/phenopackets/`.

mod errors;
mod features;
mod files;
mod individuals;
mod interpretations;
mod medical_actions;
mod paths;
mod samples;
mod scalars;
mod units;

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use arrow::util::display::array_value_to_string;

use crate::error::Error;
use crate::phenopackets::{Format, PhenopacketSet, Table, Tables, tables};

/// The directory of the test fixtures.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/phenopackets")
}

/// Reads fixture files into a set.
fn read(names: &[&str]) -> Result<PhenopacketSet, Error> {
    let mut set = PhenopacketSet::new();
    for name in names {
        let path = fixtures().join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let format = Format::from_path(&path).expect("fixture format");
        set.read(&path, &bytes, format)?;
    }
    Ok(set)
}

/// The tables of fixture files.
fn load(names: &[&str]) -> Tables {
    tables(&read(names).expect("valid fixtures")).expect("tables")
}

/// The error reading a (bad) fixture, as displayed.
fn error(name: &str) -> String {
    match read(&[name]) {
        Ok(_) => panic!("`{name}` should not be read"),
        Err(e) => e.to_string(),
    }
}

/// The value at `row` of `path` in `batch`, displayed, or `None` if null. `path` is a column
/// name followed by struct fields and list indexes: `onset.age`, `modifiers[0].id`.
fn cell(batch: &RecordBatch, path: &str, row: usize) -> Option<String> {
    let mut array: Option<ArrayRef> = None;
    let mut row = row;
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (
                name,
                Some(rest.trim_end_matches(']').parse::<usize>().expect("index")),
            ),
            None => (segment, None),
        };
        let next = match &array {
            None => batch.column_by_name(name),
            Some(parent) => parent.as_struct().column_by_name(name),
        };
        let next = next
            .unwrap_or_else(|| panic!("no column `{name}` in `{path}`"))
            .clone();
        if next.is_null(row) {
            return None;
        }
        array = Some(next);
        if let Some(index) = index {
            let items = array.as_ref().expect("array").as_list::<i32>().value(row);
            assert!(
                index < items.len(),
                "`{path}`: no item {index} in row {row}"
            );
            if items.is_null(index) {
                return None;
            }
            array = Some(items);
            row = index;
        }
    }
    let array = array.expect("a path");
    Some(array_value_to_string(&array, row).expect("display"))
}

/// `cell` for assertions: the displayed value, `"∅"` for null.
fn at(batch: &RecordBatch, path: &str, row: usize) -> String {
    cell(batch, path, row).unwrap_or_else(|| "∅".to_owned())
}

/// The rows of `batch` whose `column` displays as `value`.
fn rows_where(batch: &RecordBatch, column: &str, value: &str) -> Vec<usize> {
    (0..batch.num_rows())
        .filter(|&row| cell(batch, column, row).as_deref() == Some(value))
        .collect()
}

/// The only row of `batch` whose `column` displays as `value`.
fn row_where(batch: &RecordBatch, column: &str, value: &str) -> usize {
    match rows_where(batch, column, value).as_slice() {
        [row] => *row,
        rows => panic!("{} rows with {column} = {value}", rows.len()),
    }
}

#[test]
fn every_table_has_its_declared_schema() {
    let tables = load(&[
        "phenopacket.json",
        "medical_actions.json",
        "cohort.json",
        "family.json",
        "packets.jsonl",
    ]);
    for (table, batch) in tables.iter() {
        assert_eq!(batch.schema(), table.schema(), "{}", table.name());
    }
    let empty = crate::phenopackets::tables(&PhenopacketSet::new()).expect("tables");
    for table in Table::ALL {
        assert_eq!(empty.get(table).num_rows(), 0);
        assert_eq!(empty.get(table).schema(), table.schema());
    }
}
