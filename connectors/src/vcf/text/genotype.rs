use super::super::batch::BatchBuilder;
use super::super::values::parse_int;
use crate::ErrorKind;

/// Appends a GT value (`0/1`, `1|0`, `./.`, `1`, `|0|1`) to the `gt` and `phased` columns.
/// `phased` is true when every allele after the first is joined by `|` (for a haploid call,
/// when it carries a leading `|`).
pub(crate) fn append(
    v: &[u8],
    gt: bool,
    phased: bool,
    b: &mut BatchBuilder,
) -> Result<(), ErrorKind> {
    // Fast path: a diploid call of single-digit alleles (`0/1`, `1|1`), by far the most common.
    if let [a, sep @ (b'/' | b'|'), c] = *v
        && a.is_ascii_digit()
        && c.is_ascii_digit()
    {
        if gt {
            let values = b.gt.values();
            values.append_value((a - b'0') as i32);
            values.append_value((c - b'0') as i32);
            b.gt.append(true);
        }
        if phased {
            b.phased.append_value(sep == b'|');
        }
        return Ok(());
    }
    let mut all_phased = true;
    let mut alleles = 0;
    let mut rest = v;
    // VCF 4.4 may prefix the first allele with its phasing.
    let mut leading = None;
    if let Some(&c) = rest.first()
        && (c == b'|' || c == b'/')
    {
        leading = Some(c == b'|');
        rest = &rest[1..];
    }
    loop {
        let cut = rest.iter().position(|&c| c == b'/' || c == b'|');
        let (allele, next) = match cut {
            Some(i) => (&rest[..i], Some(rest[i])),
            None => (rest, None),
        };
        if gt {
            if allele == b"." {
                b.gt.values().append_null();
            } else {
                match parse_int(allele) {
                    Some(a) if a >= 0 => b.gt.values().append_value(a),
                    _ => {
                        return Err(ErrorKind::InvalidValue {
                            what: "FORMAT/GT allele".into(),
                            value: String::from_utf8_lossy(v).into_owned(),
                        });
                    }
                }
            }
        }
        alleles += 1;
        match next {
            Some(sep) => {
                all_phased &= sep == b'|';
                rest = &rest[cut.unwrap_or(0) + 1..];
            }
            None => break,
        }
    }
    if gt {
        b.gt.append(true);
    }
    if phased {
        let p = if alleles == 1 {
            leading.unwrap_or(false)
        } else {
            all_phased
        };
        b.phased.append_value(p);
    }
    Ok(())
}
