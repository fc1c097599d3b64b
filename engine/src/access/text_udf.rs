//! Text → text functions the rule puts in plans (`pseudonym`, `participant`).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};

/// `name(text)`: `f` of each value; NULL stays NULL.
pub fn text_udf(
    name: &'static str,
    f: impl Fn(&str, &mut StringBuilder) + Send + Sync + 'static,
) -> ScalarUDF {
    create_udf(
        name,
        vec![DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let [arg] = args else {
                return exec_err!("{name} takes one argument");
            };
            let array = arg.to_array(1)?;
            let Some(strings) = array.as_string_opt::<i32>() else {
                return exec_err!("{name} expects Utf8");
            };
            let mut out = StringBuilder::with_capacity(strings.len(), strings.len() * 16);
            for v in strings.iter() {
                match v {
                    None => out.append_null(),
                    Some(v) => f(v, &mut out),
                }
            }
            let result: ArrayRef = Arc::new(out.finish());
            Ok(match arg {
                ColumnarValue::Scalar(_) => {
                    ColumnarValue::Scalar(ScalarValue::try_from_array(&result, 0)?)
                }
                ColumnarValue::Array(_) => ColumnarValue::Array(result),
            })
        }),
    )
}
