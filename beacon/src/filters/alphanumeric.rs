//! Alphanumeric filters (`age > P40Y`, `familyId = FAM%`) and custom filters
//! (`affectedStatus:AFFECTED`) on the `individuals` table.

use datafusion::functions::core::expr_fn::get_field;
use datafusion::logical_expr::{Expr, col, lit};
use genofed_engine::genofed_connectors::phenopackets::duration::{DAYS_PER_YEAR, parse_days};

use super::Selection;
use crate::{BeaconError, Operator};

/// Text fields: (filter id, `individuals` column).
pub const FIELDS: &[(&str, &str)] = &[
    ("individualId", "individual_id"),
    ("cohortId", "cohort_id"),
    ("familyId", "family_id"),
    ("affectedStatus", "affected_status"),
    ("vitalStatus", "vital_status"),
];

/// Fields with few values, offered as custom filters (`affectedStatus:AFFECTED`).
pub const CATEGORICAL: &[&str] = &["affectedStatus", "vitalStatus"];

/// The filter id of the age at the last encounter.
pub const AGE: &str = "age";

pub(super) fn column(field: &str) -> Expr {
    match field {
        // A struct: its status enum.
        "vital_status" => get_field(col("vital_status"), "status"),
        c => col(c),
    }
}

pub(super) fn resolve(id: &str, op: Operator, value: &str) -> Result<Selection, BeaconError> {
    if id == AGE {
        let days = parse_days(value)
            .or_else(|| value.parse::<f64>().ok().map(|y| y * DAYS_PER_YEAR))
            .ok_or_else(|| {
                BeaconError::bad(format!(
                    "filter `age`: `{value}` is neither an ISO 8601 duration (`P40Y6M`) nor a number of years"
                ))
            })?;
        let age = get_field(col("time_at_last_encounter"), "days");
        let days = lit(days);
        return Ok(Selection::Individuals(match op {
            Operator::Eq => age.eq(days),
            Operator::Not => age.not_eq(days),
            Operator::Lt => age.lt(days),
            Operator::Gt => age.gt(days),
            Operator::LtEq => age.lt_eq(days),
            Operator::GtEq => age.gt_eq(days),
        }));
    }
    let Some(&(_, c)) = FIELDS.iter().find(|f| f.0 == id) else {
        return Ok(unknown(id));
    };
    let pattern = value.contains('%');
    let e = column(c);
    Ok(Selection::Individuals(match (op, pattern) {
        (Operator::Eq, false) => e.eq(lit(value)),
        (Operator::Not, false) => e.not_eq(lit(value)),
        (Operator::Eq, true) => e.like(lit(value)),
        (Operator::Not, true) => e.not_like(lit(value)),
        _ => {
            return Err(BeaconError::bad(format!(
                "filter `{id}` compares text: use `=` or `!` (with `%` patterns)"
            )));
        }
    }))
}

/// Whether `id` is a custom filter (`<field>:<value>` for a known field).
pub(super) fn is_custom(id: &str) -> bool {
    id.split_once(':')
        .is_some_and(|(field, _)| FIELDS.iter().any(|f| f.0 == field))
}

/// A custom filter `<field>:<value>` (`affectedStatus:AFFECTED`).
pub(super) fn custom(id: &str) -> Selection {
    match id.split_once(':') {
        Some((field, value)) if FIELDS.iter().any(|f| f.0 == field) => {
            resolve(field, Operator::Eq, value).unwrap_or_else(|_| unknown(id))
        }
        _ => unknown(id),
    }
}

fn unknown(id: &str) -> Selection {
    Selection::Ignored(format!(
        "filter `{id}` names no field this beacon filters on; it was not applied"
    ))
}
