//! Rows of the `g_variants` plan as Beacon genomic variation records, and the records'
//! ids (`<chrom>-<pos>-<ref>-<alt>`, VCF's 1-based `pos`).

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use serde_json::{Value, json};

use crate::BeaconError;
use crate::contigs;

/// A variant's id taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantId {
    pub chrom: String,
    pub pos: i64,
    pub reference: String,
    pub alternate: String,
}

impl VariantId {
    /// `chr1-12345-A-T` (the contig may itself contain `-`).
    pub fn parse(id: &str) -> Result<Self, BeaconError> {
        let bad = || {
            BeaconError::bad(format!(
                "`{id}` is not a variant id (`<chrom>-<pos>-<ref>-<alt>`)"
            ))
        };
        let mut parts = id.rsplitn(4, '-');
        let alternate = parts.next().ok_or_else(bad)?;
        let reference = parts.next().ok_or_else(bad)?;
        let pos = parts.next().ok_or_else(bad)?;
        let chrom = parts.next().ok_or_else(bad)?;
        let pos: i64 = pos.parse().map_err(|_| bad())?;
        if chrom.is_empty() || reference.is_empty() || alternate.is_empty() || pos < 1 {
            return Err(bad());
        }
        Ok(Self {
            chrom: chrom.to_string(),
            pos,
            reference: reference.to_string(),
            alternate: alternate.to_string(),
        })
    }
}

/// The id of a variant.
pub fn variant_id(chrom: &str, pos: i64, reference: &str, alternate: &str) -> String {
    format!("{chrom}-{pos}-{reference}-{alternate}")
}

/// The Beacon `variationType`-style bases of a VCF allele: IUPAC letters only (a
/// symbolic or breakend allele has none).
fn iupac(allele: &str) -> Option<&str> {
    allele
        .chars()
        .all(|c| "ACGTUNRYSWKMBDHV".contains(c))
        .then_some(allele)
}

/// Records of the plan's rows (`chrom, pos, end, id, ref, alt, variant_type, ...`).
pub fn records(batches: &[RecordBatch], assembly: &str) -> Result<Vec<Value>, BeaconError> {
    let mut out = Vec::new();
    for b in batches {
        let missing = |c: &str| {
            BeaconError::Internal(format!("the variants plan has no column `{c}`").into())
        };
        let text = |c: &str| {
            b.column_by_name(c)
                .and_then(|a| a.as_string_opt::<i32>())
                .ok_or_else(|| missing(c))
        };
        let int = |c: &str| {
            b.column_by_name(c)
                .and_then(|a| a.as_primitive_opt::<Int64Type>())
                .ok_or_else(|| missing(c))
        };
        let (chrom, pos, end) = (text("chrom")?, int("pos")?, int("end")?);
        let (ids, reference, alternate, kind) = (
            text("id")?,
            text("ref")?,
            text("alt")?,
            text("variant_type")?,
        );
        for i in 0..b.num_rows() {
            let (c, p, r, a) = (
                chrom.value(i),
                pos.value(i),
                reference.value(i),
                alternate.value(i),
            );
            let mut variation = json!({
                "variantType": kind.value(i),
                "alternateBases": iupac(a).unwrap_or(""),
                "location": {
                    "type": "SequenceLocation",
                    "sequence_id": contigs::sequence_id(c, assembly),
                    "interval": {
                        "type": "SequenceInterval",
                        "start": {"type": "Number", "value": p - 1},
                        "end": {"type": "Number", "value": end.value(i)},
                    }
                }
            });
            if let Some(r) = iupac(r) {
                variation["referenceBases"] = Value::from(r);
            }
            let mut record = json!({
                "variantInternalId": variant_id(c, p, r, a),
                "variation": variation,
            });
            if !ids.is_null(i) && !ids.value(i).is_empty() {
                let alternative: Vec<Value> = ids
                    .value(i)
                    .split(';')
                    .map(|id| json!({ "id": id }))
                    .collect();
                record["identifiers"] = json!({ "variantAlternativeIds": alternative });
            }
            out.push(record);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let v = VariantId::parse("chr1-100-A-T").unwrap();
        assert_eq!((v.chrom.as_str(), v.pos), ("chr1", 100));
        let v = VariantId::parse("HLA-A*01-5-AC-A").unwrap();
        assert_eq!(v.chrom, "HLA-A*01");
        assert!(VariantId::parse("chr1-x-A-T").is_err());
        assert!(VariantId::parse("chr1-0-A-T").is_err());
        assert!(VariantId::parse("A-T").is_err());
    }
}
