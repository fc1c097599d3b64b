use super::super::values::parse_int;
use crate::ErrorKind;

/// Genotype totals of one record, for aggregates computed inside the scan.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GtCounts {
    /// Samples (rows of the `genotypes` table).
    pub rows: i64,
    /// Samples with a GT value (non-null `gt`).
    pub called: i64,
    /// Called non-reference alleles over all samples (`gt_alt_count` summed).
    pub alt: i64,
}

/// Counts the genotypes of the sample columns; `gt_index` is GT's place in FORMAT.
pub(crate) fn count(
    mut samples: &[u8],
    n_samples: usize,
    gt_index: Option<usize>,
) -> Result<GtCounts, ErrorKind> {
    let mut c = GtCounts {
        rows: n_samples as i64,
        ..GtCounts::default()
    };
    let Some(k) = gt_index else { return Ok(c) };
    for _ in 0..n_samples {
        let (sample, next) = match memchr::memchr(b'\t', samples) {
            Some(i) => (&samples[..i], &samples[i + 1..]),
            None => (samples, &b""[..]),
        };
        samples = next;
        let Some(gt) = sample.split(|&b| b == b':').nth(k) else {
            continue;
        };
        c.called += 1;
        c.alt += alt_alleles(gt)?;
    }
    Ok(c)
}

fn alt_alleles(gt: &[u8]) -> Result<i64, ErrorKind> {
    if let [a, b'/' | b'|', b] = *gt
        && a.is_ascii_digit()
        && b.is_ascii_digit()
    {
        return Ok((a != b'0') as i64 + (b != b'0') as i64);
    }
    let mut n = 0;
    for allele in gt.split(|&b| b == b'/' || b == b'|') {
        match allele {
            b"." => {}
            // a leading phase marker (VCF 4.4) leaves an empty first piece
            b"" if n == 0 && matches!(gt.first(), Some(b'/' | b'|')) => {}
            a => match parse_int(a) {
                Some(v) if v >= 0 => n += (v > 0) as i64,
                _ => {
                    return Err(ErrorKind::InvalidValue {
                        what: "FORMAT/GT allele".into(),
                        value: String::from_utf8_lossy(gt).into_owned(),
                    });
                }
            },
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_called_and_alternate_alleles() {
        let c = count(b"0/1:3\t1|1\t./.\t2\t0", 5, Some(0)).unwrap();
        assert_eq!(
            c,
            GtCounts {
                rows: 5,
                called: 5,
                alt: 4
            }
        );
        let c = count(b"3:0/1\t4", 2, Some(1)).unwrap();
        assert_eq!(
            c,
            GtCounts {
                rows: 2,
                called: 1,
                alt: 1
            }
        );
        assert!(count(b"0/x", 1, Some(0)).is_err());
    }
}
