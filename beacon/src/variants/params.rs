//! The `g_variants` request parameters, checked.

use serde_json::{Map, Value};

use crate::BeaconError;

/// Largest coordinate accepted (BCF's positions are 32-bit).
pub const MAX_COORDINATE: i64 = i32::MAX as i64;

/// Which coordinates a query gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No coordinates: every variant (narrowed by the other parameters).
    Any,
    /// `start=[s]`: variants starting at `s`.
    Sequence { start: i64 },
    /// `start=[s], end=[e]`: variants overlapping `[s, e)`.
    Range { start: i64, end: i64 },
    /// `start=[s0, s1], end=[e0, e1]`.
    Bracket { start: (i64, i64), end: (i64, i64) },
}

/// A `g_variants` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantQuery {
    pub reference_name: Option<String>,
    pub shape: Shape,
    /// Upper case IUPAC; `N` matches any one base.
    pub reference_bases: Option<String>,
    pub alternate_bases: Option<String>,
    /// `SNP`, `MNP`, `INS`, `DEL`, `INDEL`, or a symbolic allele's type (`DUP`, `CNV`...).
    pub variant_type: Option<String>,
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub assembly_id: Option<String>,
    /// `geneId`: the coordinates are the gene's, from the node's gene table.
    pub gene_id: Option<String>,
}

/// Parameters this facade knows but cannot answer yet.
const UNSUPPORTED: &[&str] = &["aminoacidChange", "genomicAlleleShortForm", "mateName"];

fn bad(message: String) -> BeaconError {
    BeaconError::BadRequest(message)
}

fn text(params: &Map<String, Value>, key: &str) -> Result<Option<String>, BeaconError> {
    match params.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(bad(format!("`{key}` must be a string, not `{v}`"))),
    }
}

fn integer(key: &str, v: &Value, min: i64) -> Result<i64, BeaconError> {
    let n = v
        .as_i64()
        .ok_or_else(|| bad(format!("`{key}` must hold integers, not `{v}`")))?;
    if n < min {
        return Err(bad(format!("`{key}` must be at least {min}, not {n}")));
    }
    if n > MAX_COORDINATE {
        return Err(bad(format!(
            "`{key}` must be at most {MAX_COORDINATE}, not {n}"
        )));
    }
    Ok(n)
}

fn integers(params: &Map<String, Value>, key: &str, min: i64) -> Result<Vec<i64>, BeaconError> {
    match params.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => {
            if list.is_empty() || list.len() > 2 {
                return Err(bad(format!("`{key}` must have one or two values")));
            }
            list.iter().map(|v| integer(key, v, min)).collect()
        }
        Some(v @ Value::Number(_)) => Ok(vec![integer(key, v, min)?]),
        Some(v) => Err(bad(format!(
            "`{key}` must be an array of integers, not `{v}`"
        ))),
    }
}

fn bases(params: &Map<String, Value>, key: &str) -> Result<Option<String>, BeaconError> {
    let Some(b) = text(params, key)? else {
        return Ok(None);
    };
    let upper = b.to_ascii_uppercase();
    if let Some(c) = upper.chars().find(|c| !"ACGTUNRYSWKMBDHV-.".contains(*c)) {
        return Err(bad(format!(
            "`{key}` `{b}` has `{c}`, which is not an IUPAC nucleotide code"
        )));
    }
    Ok(Some(upper))
}

impl VariantQuery {
    /// The query of the variants in `locus` (a gene's), with the other parameters kept.
    pub fn in_locus(&self, locus: &crate::genes::Locus) -> Self {
        Self {
            reference_name: Some(locus.chrom.clone()),
            shape: Shape::Range {
                start: locus.start,
                end: locus.end,
            },
            gene_id: None,
            ..self.clone()
        }
    }

    /// Reads and checks the parameters of a `g_variants` request.
    pub fn parse(params: &Map<String, Value>) -> Result<Self, BeaconError> {
        for key in params.keys() {
            if UNSUPPORTED.contains(&key.as_str()) {
                return Err(bad(format!(
                    "`{key}` queries are not supported by this beacon"
                )));
            }
            if !KNOWN.contains(&key.as_str()) {
                return Err(bad(format!("unknown request parameter `{key}`")));
            }
        }
        let reference_name = text(params, "referenceName")?;
        let start = integers(params, "start", 0)?;
        let end = integers(params, "end", 0)?;
        let alternate_bases = bases(params, "alternateBases")?;
        let shape = match (start.as_slice(), end.as_slice()) {
            ([], []) => Shape::Any,
            ([s], []) => {
                if alternate_bases.is_none() {
                    return Err(bad(
                        "a sequence query (`start` without `end`) needs `alternateBases`".into(),
                    ));
                }
                Shape::Sequence { start: *s }
            }
            ([s], [e]) => {
                if e <= s {
                    return Err(bad(format!(
                        "`end` ({e}) must be greater than `start` ({s})"
                    )));
                }
                Shape::Range { start: *s, end: *e }
            }
            ([s0, s1], [e0, e1]) => {
                if s0 > s1 || e0 > e1 {
                    return Err(bad(
                        "a bracket query needs `start[0] <= start[1]` and `end[0] <= end[1]`"
                            .into(),
                    ));
                }
                Shape::Bracket {
                    start: (*s0, *s1),
                    end: (*e0, *e1),
                }
            }
            ([], _) => return Err(bad("`end` needs `start`".into())),
            _ => {
                return Err(bad(
                    "give `start` alone (sequence), `start` and `end` (range) or two of each (bracket)"
                        .into(),
                ));
            }
        };
        let gene_id = text(params, "geneId")?;
        if gene_id.is_some() && (shape != Shape::Any || reference_name.is_some()) {
            return Err(bad(
                "`geneId` gives the coordinates: leave out `referenceName`, `start` and `end`"
                    .into(),
            ));
        }
        if shape != Shape::Any && reference_name.is_none() {
            return Err(bad("a query with coordinates needs `referenceName`".into()));
        }
        let length = |key: &str| -> Result<Option<i64>, BeaconError> {
            params.get(key).map(|v| integer(key, v, 0)).transpose()
        };
        let variant_type = text(params, "variantType")?.map(|t| t.to_ascii_uppercase());
        Ok(Self {
            reference_name,
            shape,
            reference_bases: bases(params, "referenceBases")?,
            alternate_bases,
            variant_type,
            min_length: length("variantMinLength")?,
            max_length: length("variantMaxLength")?,
            assembly_id: text(params, "assemblyId")?,
            gene_id,
        })
    }
}

const KNOWN: &[&str] = &[
    "referenceName",
    "start",
    "end",
    "referenceBases",
    "alternateBases",
    "variantType",
    "variantMinLength",
    "variantMaxLength",
    "assemblyId",
    "geneId",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<VariantQuery, BeaconError> {
        VariantQuery::parse(v.as_object().unwrap())
    }

    #[test]
    fn shapes() {
        let q = parse(json!({"referenceName": "1", "start": [99], "alternateBases": "t"})).unwrap();
        assert_eq!(q.shape, Shape::Sequence { start: 99 });
        assert_eq!(q.alternate_bases.as_deref(), Some("T"));
        let q = parse(json!({"referenceName": "1", "start": [0], "end": [10]})).unwrap();
        assert_eq!(q.shape, Shape::Range { start: 0, end: 10 });
        let q = parse(json!({"referenceName": "1", "start": [5, 6], "end": [7, 9]})).unwrap();
        assert!(matches!(q.shape, Shape::Bracket { .. }));
    }

    #[test]
    fn refusals() {
        for bad in [
            json!({"referenceName": "1", "start": [-1], "end": [5]}),
            json!({"referenceName": "1", "start": [1], "end": [99999999999i64]}),
            json!({"referenceName": "1", "start": [10], "end": [10]}),
            json!({"referenceName": "1", "start": [1]}),
            json!({"start": [1], "end": [5]}),
            json!({"referenceName": "1", "start": "5", "end": [9]}),
            json!({"referenceName": 1}),
            json!({"alternateBases": "X"}),
            json!({"geneId": "BRCA1", "referenceName": "17"}),
            json!({"geneId": 7}),
            json!({"colour": "blue"}),
        ] {
            let e = parse(bad.clone()).unwrap_err();
            assert_eq!(e.status(), 400, "{bad}: {e}");
        }
    }
}
