//! The consent filter: `consent_admits(<participant column>)` is false for the rows of
//! participants whose consent group does not admit the request. The excluded ids live in
//! the function, so plans (and `EXPLAIN`) show the filter but never the participants.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, Volatility, create_udf};

/// The filter expression over `column` (Utf8).
pub fn admits(column: Expr, excluded: Arc<HashSet<String>>) -> Expr {
    let udf = create_udf(
        "consent_admits",
        vec![DataType::Utf8],
        DataType::Boolean,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let [arg] = args else {
                return exec_err!("consent_admits takes one argument");
            };
            match arg {
                ColumnarValue::Scalar(s) => {
                    let admitted = match s {
                        ScalarValue::Utf8(Some(v)) => !excluded.contains(v.as_str()),
                        _ => true,
                    };
                    Ok(ColumnarValue::Scalar(ScalarValue::Boolean(Some(admitted))))
                }
                ColumnarValue::Array(array) => {
                    let Some(strings) = array.as_string_opt::<i32>() else {
                        return exec_err!("consent_admits expects Utf8");
                    };
                    // A NULL participant id is not an excluded participant.
                    let out: BooleanArray = (0..strings.len())
                        .map(|i| Some(strings.is_null(i) || !excluded.contains(strings.value(i))))
                        .collect();
                    Ok(ColumnarValue::Array(Arc::new(out)))
                }
            }
        }),
    );
    udf.call(vec![column])
}
