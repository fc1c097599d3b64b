//! Column masks a policy declares with `@mask("…")` on a `forbid` of `read` (or `count`)
//! on a `Genofed::Column`: `null` (the default: the column is kept, as NULL), `hash` (a
//! keyed pseudonym, stable while the node runs, so joins still work), `round:N` (numbers
//! rounded down to a multiple of N) and `year` (dates and timestamps truncated to the
//! year).

use blake2::{Blake2b512, Digest};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::{Expr, ScalarUDF, lit};
use datafusion::prelude::{cast, floor};

use super::text_udf::text_udf;

/// A column mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    Null,
    Hash,
    Round(u32),
    Year,
}

impl Mask {
    /// Parses an `@mask` annotation (no annotation: `null`).
    pub fn parse(annotation: Option<&str>) -> Result<Self, String> {
        let Some(text) = annotation else {
            return Ok(Mask::Null);
        };
        match text.trim() {
            "null" => Ok(Mask::Null),
            "hash" => Ok(Mask::Hash),
            "year" => Ok(Mask::Year),
            t => match t.strip_prefix("round:").map(str::parse::<u32>) {
                Some(Ok(n)) if n > 0 => Ok(Mask::Round(n)),
                _ => Err(format!(
                    "`@mask(\"{text}\")` is not `null`, `hash`, `round:N` (N > 0) or `year`"
                )),
            },
        }
    }

    fn rank(self) -> u32 {
        match self {
            Mask::Null => 3,
            Mask::Hash => 2,
            Mask::Round(_) | Mask::Year => 1,
        }
    }

    /// The strongest of the masks the deciding policies declare (an unparsable or
    /// conflicting one is `null`).
    pub fn strongest<'a>(annotations: impl Iterator<Item = Option<&'a str>>) -> Self {
        let mut best: Option<Mask> = None;
        for a in annotations {
            let m = Mask::parse(a).unwrap_or(Mask::Null);
            best = Some(match best {
                None => m,
                Some(b) if b.rank() != m.rank() => {
                    if b.rank() > m.rank() {
                        b
                    } else {
                        m
                    }
                }
                Some(Mask::Round(x)) => match m {
                    Mask::Round(y) => Mask::Round(x.max(y)),
                    _ => Mask::Null,
                },
                Some(b) if b == m => b,
                Some(_) => Mask::Null,
            });
        }
        best.unwrap_or(Mask::Null)
    }

    /// The masked value of `column` (of type `field`), or why the mask does not apply.
    pub fn apply(self, column: Expr, field: &Field, key: &[u8; 32]) -> Result<Expr, String> {
        let ty = field.data_type();
        match self {
            Mask::Null => ScalarValue::try_from(ty)
                .map(lit)
                .map_err(|e| format!("column `{}`: {e}", field.name())),
            Mask::Hash if matches!(ty, DataType::Utf8) => Ok(pseudonym(*key).call(vec![column])),
            Mask::Round(n) if ty.is_integer() => {
                let n = i64::from(n);
                let wide = cast(column, DataType::Int64);
                let down = floor(cast(wide, DataType::Float64) / lit(n as f64)) * lit(n as f64);
                Ok(cast(down, ty.clone()))
            }
            Mask::Round(n) if ty.is_floating() => {
                let n = f64::from(n);
                Ok(cast(
                    floor(cast(column, DataType::Float64) / lit(n)) * lit(n),
                    ty.clone(),
                ))
            }
            Mask::Year
                if matches!(
                    ty,
                    DataType::Timestamp(..) | DataType::Date32 | DataType::Date64
                ) =>
            {
                Ok(cast(
                    datafusion::functions::datetime::expr_fn::date_trunc(lit("year"), column),
                    ty.clone(),
                ))
            }
            m => Err(format!(
                "mask {m:?} does not apply to column `{}` of type {ty}",
                field.name()
            )),
        }
    }
}

/// `pseudonym(text)`: 32 hex digits of BLAKE2b(node key ‖ text); NULL stays NULL.
fn pseudonym(key: [u8; 32]) -> ScalarUDF {
    text_udf("pseudonym", move |v, out| {
        let mut h = Blake2b512::new();
        h.update(key);
        h.update(v.as_bytes());
        let digest = h.finalize();
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        out.append_value(hex);
    })
}
