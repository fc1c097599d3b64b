//! BAM auxiliary data (tags): walking the fields and writing each value as SAM text.

use std::fmt::Write;

use crate::ErrorKind;

/// One tag's type and raw value bytes.
#[derive(Debug, Clone, Copy)]
pub struct Tag<'a> {
    pub key: [u8; 2],
    pub ty: u8,
    pub value: &'a [u8],
}

fn bad(what: String) -> ErrorKind {
    ErrorKind::Unsupported(format!("corrupt BAM tag data: {what}"))
}

fn scalar_size(ty: u8) -> Option<usize> {
    match ty {
        b'A' | b'c' | b'C' => Some(1),
        b's' | b'S' => Some(2),
        b'i' | b'I' | b'f' => Some(4),
        _ => None,
    }
}

/// The tags of `aux`, in order; an error for data that does not parse.
pub fn tags(mut aux: &[u8]) -> impl Iterator<Item = Result<Tag<'_>, ErrorKind>> {
    std::iter::from_fn(move || {
        if aux.is_empty() {
            return None;
        }
        let r = next(aux);
        match r {
            Ok((tag, rest)) => {
                aux = rest;
                Some(Ok(tag))
            }
            Err(e) => {
                aux = &[];
                Some(Err(e))
            }
        }
    })
}

fn next(aux: &[u8]) -> Result<(Tag<'_>, &[u8]), ErrorKind> {
    let [k0, k1, ty, rest @ ..] = aux else {
        return Err(bad("a tag ends inside its key or type".into()));
    };
    let key = [*k0, *k1];
    let name = String::from_utf8_lossy(&key).into_owned();
    let len = match *ty {
        b'Z' | b'H' => {
            memchr::memchr(0, rest).ok_or_else(|| bad(format!("`{name}` lacks its NUL")))? + 1
        }
        b'B' => {
            let [sub, n0, n1, n2, n3, ..] = rest else {
                return Err(bad(format!("array `{name}` ends inside its header")));
            };
            let size = scalar_size(*sub).filter(|_| *sub != b'A').ok_or_else(|| {
                bad(format!(
                    "array `{name}` has element type `{}`",
                    *sub as char
                ))
            })?;
            let n = u32::from_le_bytes([*n0, *n1, *n2, *n3]) as usize;
            n.checked_mul(size)
                .and_then(|b| b.checked_add(5))
                .ok_or_else(|| bad(format!("array `{name}` is too long")))?
        }
        t => scalar_size(t)
            .ok_or_else(|| bad(format!("`{name}` has unknown type `{}`", t as char)))?,
    };
    if len > rest.len() {
        return Err(bad(format!("`{name}` runs past the end of the record")));
    }
    let (value, rest) = rest.split_at(len);
    Ok((
        Tag {
            key,
            ty: *ty,
            value,
        },
        rest,
    ))
}

fn int(ty: u8, b: &[u8]) -> i64 {
    match ty {
        b'c' => i64::from(b[0] as i8),
        b'C' => i64::from(b[0]),
        b's' => i64::from(i16::from_le_bytes([b[0], b[1]])),
        b'S' => i64::from(u16::from_le_bytes([b[0], b[1]])),
        b'i' => i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        _ => i64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
    }
}

fn float(b: &[u8]) -> f32 {
    f32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

impl Tag<'_> {
    /// Appends the value as SAM writes it (arrays as `subtype,v1,v2,…`).
    pub fn write_value(&self, out: &mut String) -> Result<(), ErrorKind> {
        let v = self.value;
        match self.ty {
            b'A' => out.push(v[0] as char),
            b'f' => write_g(out, float(v)),
            b'Z' | b'H' => {
                let s = std::str::from_utf8(&v[..v.len() - 1])
                    .map_err(|_| ErrorKind::InvalidUtf8("a string tag"))?;
                out.push_str(s);
            }
            b'B' => {
                let sub = v[0];
                out.push(sub as char);
                let size = scalar_size(sub).unwrap_or(1);
                for e in v[5..].chunks_exact(size) {
                    out.push(',');
                    if sub == b'f' {
                        write_g(out, float(e));
                    } else {
                        let _ = write!(out, "{}", int(sub, e));
                    }
                }
            }
            t => {
                let _ = write!(out, "{}", int(t, v));
            }
        }
        Ok(())
    }
}

/// Writes `x` as C's `printf("%g")` does (6 significant digits, trailing zeros dropped,
/// exponent form below 1e-4 and from 1e6): how htslib writes float tags.
pub fn write_g(out: &mut String, x: f32) {
    let x = f64::from(x);
    if x.is_nan() {
        out.push_str(if x.is_sign_negative() { "-nan" } else { "nan" });
        return;
    }
    if x.is_infinite() {
        out.push_str(if x < 0.0 { "-inf" } else { "inf" });
        return;
    }
    if x == 0.0 {
        out.push_str(if x.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    // The exponent after rounding to 6 significant digits.
    let sci = format!("{x:.5e}");
    let exp: i32 = sci
        .rsplit_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if !(-4..6).contains(&exp) {
        let (mantissa, _) = sci.rsplit_once('e').unwrap_or((&sci, ""));
        let sign = if exp < 0 { '-' } else { '+' };
        let _ = write!(out, "{}e{sign}{:02}", trim(mantissa), exp.abs());
    } else {
        let decimals = (5 - exp).max(0) as usize;
        out.push_str(&trim(&format!("{x:.decimals$}")));
    }
}

/// The real CIGAR of a record whose CIGAR did not fit BAM's 16-bit operation count:
/// such records store `<l_seq>S<ref span>N` and the operations in a `CG:B:I` tag.
pub fn long_cigar<'a>(cigar: &[u8], l_seq: usize, aux: &'a [u8]) -> Option<&'a [u8]> {
    if cigar.len() != 8 {
        return None;
    }
    let first = u32::from_le_bytes([cigar[0], cigar[1], cigar[2], cigar[3]]);
    let second = u32::from_le_bytes([cigar[4], cigar[5], cigar[6], cigar[7]]);
    if first != ((l_seq as u32) << 4 | 4) || second & 0xf != 3 {
        return None;
    }
    tags(aux)
        .filter_map(Result::ok)
        .find(|t| &t.key == b"CG" && t.ty == b'B' && matches!(t.value.first(), Some(b'I' | b'i')))
        .map(|t| &t.value[5..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sam_type(t: &Tag<'_>) -> char {
        match t.ty {
            b'c' | b'C' | b's' | b'S' | b'i' | b'I' => 'i',
            t => t as char,
        }
    }

    fn text(aux: &[u8]) -> Vec<String> {
        tags(aux)
            .map(|t| {
                let t = t.map_err(|e| e.to_string())?;
                let mut s = format!("{}:{}:", String::from_utf8_lossy(&t.key), sam_type(&t));
                t.write_value(&mut s).map_err(|e| e.to_string())?;
                Ok(s)
            })
            .map(|r: Result<String, String>| r.unwrap_or_else(|e| e))
            .collect()
    }

    #[test]
    fn formats_every_type() {
        let mut aux = Vec::new();
        aux.extend_from_slice(b"NMC\x02");
        aux.extend_from_slice(b"XAc\xfe");
        aux.extend_from_slice(b"XSs\x00\x80");
        aux.extend_from_slice(b"ASi\x10\x00\x00\x00");
        aux.extend_from_slice(b"XFf\x00\x00\x00\x3f");
        aux.extend_from_slice(b"MDZ10A5\x00");
        aux.extend_from_slice(b"XHH1AE3\x00");
        aux.extend_from_slice(b"XCAz");
        aux.extend_from_slice(b"ZBBc\x02\x00\x00\x00\x01\xff");
        assert_eq!(
            text(&aux),
            [
                "NM:i:2",
                "XA:i:-2",
                "XS:i:-32768",
                "AS:i:16",
                "XF:f:0.5",
                "MD:Z:10A5",
                "XH:H:1AE3",
                "XC:A:z",
                "ZB:B:c,1,-1"
            ]
        );
    }

    #[test]
    fn floats_are_written_like_printf_g() {
        let g = |x: f32| {
            let mut s = String::new();
            write_g(&mut s, x);
            s
        };
        assert_eq!(g(0.5), "0.5");
        assert_eq!(g(12.75), "12.75");
        assert_eq!(g(0.123_456_79), "0.123457");
        assert_eq!(g(1.234_567_9e10), "1.23457e+10");
        assert_eq!(g(1e-7), "1e-07");
        assert_eq!(g(100000.0), "100000");
        assert_eq!(g(1_000_000.0), "1e+06");
        assert_eq!(g(0.0001), "0.0001");
        assert_eq!(g(-2.5), "-2.5");
        assert_eq!(g(0.0), "0");
    }

    #[test]
    fn bad_data_is_an_error() {
        for aux in [
            &b"NM"[..],
            b"NMq\x01",
            b"MDZabc",
            b"ZBBc\xff\xff\xff\x7f\x01",
        ] {
            let all: Vec<_> = tags(aux).collect();
            assert!(all.iter().any(Result::is_err), "{aux:?}");
        }
    }
}
