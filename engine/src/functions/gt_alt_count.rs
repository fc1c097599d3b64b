//! `gt_alt_count(gt)`: the number of called non-reference alleles in a genotype.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int32Array, Int64Builder};
use datafusion::arrow::datatypes::{DataType, Int32Type};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};

/// `gt_alt_count(gt List<Int32>) -> Int64`: alleles that are called (not `.`) and not the
/// reference (`0`); `NULL` when the genotype is `NULL`. `sum(gt_alt_count(gt))` over a
/// site is the site's INFO/AC summed over its alternate alleles.
pub fn gt_alt_count() -> ScalarUDF {
    let list = DataType::List(Arc::new(
        datafusion::arrow::datatypes::Field::new_list_field(DataType::Int32, true),
    ));
    create_udf(
        "gt_alt_count",
        vec![list],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(invoke),
    )
}

fn invoke(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let [arg] = args else {
        return exec_err!("gt_alt_count takes one argument");
    };
    let array = arg.to_array(1)?;
    let Some(list) = array.as_list_opt::<i32>() else {
        return exec_err!("gt_alt_count expects List<Int32>");
    };
    let values: &Int32Array = list.values().as_primitive::<Int32Type>();
    let offsets = list.value_offsets();
    let mut out = Int64Builder::with_capacity(list.len());
    for i in 0..list.len() {
        if list.is_null(i) {
            out.append_null();
            continue;
        }
        let (s, e) = (offsets[i] as usize, offsets[i + 1] as usize);
        let n = (s..e)
            .filter(|&j| values.is_valid(j) && values.value(j) > 0)
            .count();
        out.append_value(n as i64);
    }
    let result: ArrayRef = Arc::new(out.finish());
    Ok(match arg {
        ColumnarValue::Scalar(_) => {
            ColumnarValue::Scalar(datafusion::scalar::ScalarValue::try_from_array(&result, 0)?)
        }
        ColumnarValue::Array(_) => ColumnarValue::Array(result),
    })
}
