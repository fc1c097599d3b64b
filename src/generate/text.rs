//! VCF text encoding of one record, with hand-rolled number formatting
//! (no `format!` on the hot path).

use super::fields::{FT_TEXT, SampleFields};
use super::genotype::{Calls, MISSING_ALLELE, NO_ALLELE};
use super::header::{self, FormatKey};
use super::site::{END_INT, InfoValue, MISSING_INT, Site};

/// Appends `s`.
pub fn push_str(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(s.as_bytes());
}

/// Appends the decimal digits of `v`.
pub fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends a signed integer.
pub fn push_i64(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    push_u64(buf, v.unsigned_abs());
}

/// Appends an integer value, `.` for [`MISSING_INT`].
fn push_int(buf: &mut Vec<u8>, v: i32) {
    if v == MISSING_INT {
        buf.push(b'.');
    } else {
        push_i64(buf, i64::from(v));
    }
}

/// Appends `mantissa / 10^scale` in fixed notation. With `strip`, trailing
/// fractional zeros (and a then-dangling point) are removed.
pub fn push_decimal(buf: &mut Vec<u8>, mantissa: i64, scale: u32, strip: bool) {
    let div = 10u64.pow(scale);
    let abs = mantissa.unsigned_abs();
    if mantissa < 0 {
        buf.push(b'-');
    }
    push_u64(buf, abs / div);
    if scale == 0 {
        return;
    }
    let mut frac = abs % div;
    let mut digits = scale;
    if strip {
        if frac == 0 {
            return;
        }
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
    }
    buf.push(b'.');
    let mut tmp = [b'0'; 20];
    let mut i = digits as usize;
    while i > 0 {
        i -= 1;
        tmp[i] = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    buf.extend_from_slice(&tmp[..digits as usize]);
}

/// Appends a comma-separated integer vector, stopping at [`END_INT`]; an
/// empty vector is written as `.`.
fn push_int_vector(buf: &mut Vec<u8>, values: &[i32]) {
    let mut first = true;
    for &v in values {
        if v == END_INT {
            break;
        }
        if !first {
            buf.push(b',');
        }
        first = false;
        push_int(buf, v);
    }
    if first {
        buf.push(b'.');
    }
}

/// Appends one genotype.
#[inline]
fn push_gt(buf: &mut Vec<u8>, a: u8, b: u8, phased: bool) {
    if a == 0 && b == 0 {
        buf.extend_from_slice(if phased { b"0|0" } else { b"0/0" });
        return;
    }
    push_allele(buf, a);
    if b != NO_ALLELE {
        buf.push(if phased { b'|' } else { b'/' });
        push_allele(buf, b);
    }
}

#[inline]
fn push_allele(buf: &mut Vec<u8>, a: u8) {
    if a == MISSING_ALLELE {
        buf.push(b'.');
    } else if a < 10 {
        buf.push(b'0' + a);
    } else {
        push_u64(buf, u64::from(a));
    }
}

/// Appends one complete VCF data line (with trailing newline).
pub fn write_record(
    buf: &mut Vec<u8>,
    site: &Site,
    contig: &str,
    calls: Option<&Calls>,
    format: &[FormatKey],
) {
    push_str(buf, contig);
    buf.push(b'\t');
    push_u64(buf, site.pos);
    buf.push(b'\t');
    match site.rs {
        Some(rs) => {
            buf.extend_from_slice(b"rs");
            push_u64(buf, rs);
        }
        None => buf.push(b'.'),
    }
    buf.push(b'\t');
    buf.extend_from_slice(site.allele(0));
    buf.push(b'\t');
    for i in 1..site.n_alleles() {
        if i > 1 {
            buf.push(b',');
        }
        buf.extend_from_slice(site.allele(i));
    }
    buf.push(b'\t');
    match &site.qual {
        Some(q) => buf.extend_from_slice(site.float_text(q)),
        None => buf.push(b'.'),
    }
    buf.push(b'\t');
    let filters = site.filter.ids();
    if filters.is_empty() {
        buf.push(b'.');
    }
    for (i, &f) in filters.iter().enumerate() {
        if i > 0 {
            buf.push(b';');
        }
        push_str(buf, header::filter_id(f));
    }
    buf.push(b'\t');
    write_info(buf, site);

    if let Some(calls) = calls {
        buf.push(b'\t');
        for (i, &key) in format.iter().enumerate() {
            if i > 0 {
                buf.push(b':');
            }
            push_str(buf, header::format_id(key));
        }
        if format.len() == 1 {
            write_gt_only(buf, calls);
        } else {
            write_full(buf, calls, format);
        }
    }
    buf.push(b'\n');
}

fn write_info(buf: &mut Vec<u8>, site: &Site) {
    if site.info.is_empty() {
        buf.push(b'.');
        return;
    }
    for (i, (key, value)) in site.info.iter().enumerate() {
        if i > 0 {
            buf.push(b';');
        }
        push_str(buf, header::info_id(*key));
        match *value {
            InfoValue::Flag => {}
            InfoValue::Int { start, len } => {
                buf.push(b'=');
                let values = &site.ints[start as usize..(start + len) as usize];
                push_int_vector(buf, values);
            }
            InfoValue::Float { start, len } => {
                buf.push(b'=');
                for (j, f) in site.floats(start, len).iter().enumerate() {
                    if j > 0 {
                        buf.push(b',');
                    }
                    buf.extend_from_slice(site.float_text(f));
                }
            }
            InfoValue::Str { start, len } => {
                buf.push(b'=');
                buf.extend_from_slice(&site.strs[start as usize..(start + len) as usize]);
            }
            InfoValue::Char(c) => {
                buf.push(b'=');
                buf.push(c);
            }
        }
    }
}

fn write_gt_only(buf: &mut Vec<u8>, calls: &Calls) {
    for (pair, &phased) in calls.alleles.chunks_exact(2).zip(&calls.phased) {
        buf.push(b'\t');
        push_gt(buf, pair[0], pair[1], phased);
    }
}

fn write_full(buf: &mut Vec<u8>, calls: &Calls, format: &[FormatKey]) {
    let f: &SampleFields = &calls.fields;
    for (i, (pair, &phased)) in calls.alleles.chunks_exact(2).zip(&calls.phased).enumerate() {
        buf.push(b'\t');
        let n_fields = usize::from(f.n_fields[i]).min(format.len());
        for (k, &key) in format.iter().enumerate().take(n_fields) {
            if k > 0 {
                buf.push(b':');
            }
            match key {
                FormatKey::Gt => push_gt(buf, pair[0], pair[1], phased),
                FormatKey::Gq => push_int(buf, f.gq[i]),
                FormatKey::Dp => push_int(buf, f.dp[i]),
                FormatKey::Ad => push_int_vector(buf, f.ad(i)),
                FormatKey::Pl => push_int_vector(buf, f.pl(i)),
                FormatKey::Hq => push_int_vector(buf, f.hq(i)),
                FormatKey::Ft => buf.extend_from_slice(FT_TEXT[usize::from(f.ft[i])]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap_or_default()
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|b| push_u64(b, 0)), "0");
        assert_eq!(s(|b| push_i64(b, -1234567)), "-1234567");
        assert_eq!(s(|b| push_u64(b, u64::MAX)), u64::MAX.to_string());
        assert_eq!(s(|b| push_decimal(b, 3452, 1, false)), "345.2");
        assert_eq!(s(|b| push_decimal(b, 300, 1, false)), "30.0");
        assert_eq!(s(|b| push_decimal(b, 200, 6, true)), "0.0002");
        assert_eq!(s(|b| push_decimal(b, 1_000_000, 6, true)), "1");
        assert_eq!(s(|b| push_decimal(b, 333_333, 6, true)), "0.333333");
        assert_eq!(s(|b| push_decimal(b, -5, 2, false)), "-0.05");
        assert_eq!(s(|b| push_decimal(b, 0, 2, false)), "0.00");
        assert_eq!(s(|b| push_int_vector(b, &[3, MISSING_INT, END_INT])), "3,.");
        assert_eq!(s(|b| push_int_vector(b, &[MISSING_INT, END_INT])), ".");
    }

    #[test]
    fn genotypes() {
        assert_eq!(s(|b| push_gt(b, 0, 0, true)), "0|0");
        assert_eq!(s(|b| push_gt(b, 1, 2, false)), "1/2");
        assert_eq!(
            s(|b| push_gt(b, MISSING_ALLELE, MISSING_ALLELE, false)),
            "./."
        );
        assert_eq!(s(|b| push_gt(b, 1, NO_ALLELE, true)), "1");
        assert_eq!(s(|b| push_gt(b, MISSING_ALLELE, NO_ALLELE, true)), ".");
    }
}
