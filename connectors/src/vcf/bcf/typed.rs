//! BCF typed values: descriptors, integer/float/char vectors with their missing and
//! end-of-vector sentinels.

use super::super::batch::BatchBuilder;
use crate::ErrorKind;

/// The type of a typed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Missing,
    Int8,
    Int16,
    Int32,
    Float,
    Char,
}

impl Kind {
    fn from_code(code: u8) -> Result<Self, ErrorKind> {
        Ok(match code {
            0 => Kind::Missing,
            1 => Kind::Int8,
            2 => Kind::Int16,
            3 => Kind::Int32,
            5 => Kind::Float,
            7 => Kind::Char,
            t => return Err(ErrorKind::Bcf(format!("unknown typed-value type {t}"))),
        })
    }

    pub fn width(self) -> usize {
        match self {
            Kind::Missing => 0,
            Kind::Int8 | Kind::Char => 1,
            Kind::Int16 => 2,
            Kind::Int32 | Kind::Float => 4,
        }
    }
}

const FLOAT_MISSING: u32 = 0x7F80_0001;
const FLOAT_EOV: u32 = 0x7F80_0002;

/// Reads typed values from a record's bytes.
pub(crate) struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

fn short() -> ErrorKind {
    ErrorKind::Bcf("the record is shorter than its fields".into())
}

impl<'a> Cursor<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Self { b, i: 0 }
    }

    pub fn position(&self) -> usize {
        self.i
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], ErrorKind> {
        let s = self
            .b
            .get(self.i..self.i.checked_add(n).ok_or_else(short)?)
            .ok_or_else(short)?;
        self.i += n;
        Ok(s)
    }

    pub fn advance(&mut self, n: usize) -> Result<(), ErrorKind> {
        self.bytes(n).map(|_| ())
    }

    pub fn u32(&mut self) -> Result<u32, ErrorKind> {
        let s = self.bytes(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    pub fn i32(&mut self) -> Result<i32, ErrorKind> {
        self.u32().map(|v| v as i32)
    }

    /// A float with the missing sentinel as `None`.
    pub fn f32(&mut self) -> Result<Option<f32>, ErrorKind> {
        let bits = self.u32()?;
        Ok(if bits == FLOAT_MISSING {
            None
        } else {
            Some(f32::from_bits(bits))
        })
    }

    /// A type descriptor byte (and the overflow count that may follow).
    pub fn descriptor(&mut self) -> Result<(Kind, usize), ErrorKind> {
        let d = self.bytes(1)?[0];
        let kind = Kind::from_code(d & 0x0f)?;
        let mut count = (d >> 4) as usize;
        if count == 15 {
            let (k, n) = {
                let d = self.bytes(1)?[0];
                (Kind::from_code(d & 0x0f)?, (d >> 4) as usize)
            };
            let v = self.ints(k, n)?;
            count = v
                .first()
                .copied()
                .flatten()
                .and_then(|c| usize::try_from(c).ok())
                .ok_or_else(|| ErrorKind::Bcf("bad overflow count".into()))?;
        }
        Ok((kind, count))
    }

    /// `count` integers; missing values are `None`, the vector ends at the first
    /// end-of-vector sentinel.
    pub fn ints(&mut self, kind: Kind, count: usize) -> Result<Vec<Option<i32>>, ErrorKind> {
        let data = self.bytes(kind.width() * count)?;
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let v = match kind {
                Kind::Int8 => match data[i] as i8 {
                    -128 => None,
                    -127 => break,
                    v => Some(v as i32),
                },
                Kind::Int16 => match i16::from_le_bytes([data[2 * i], data[2 * i + 1]]) {
                    i16::MIN => None,
                    v if v == i16::MIN + 1 => break,
                    v => Some(v as i32),
                },
                Kind::Int32 => match i32::from_le_bytes([
                    data[4 * i],
                    data[4 * i + 1],
                    data[4 * i + 2],
                    data[4 * i + 3],
                ]) {
                    i32::MIN => None,
                    v if v == i32::MIN + 1 => break,
                    v => Some(v),
                },
                Kind::Missing => None,
                Kind::Float | Kind::Char => return Err(ErrorKind::Bcf("expected integers".into())),
            };
            out.push(v);
        }
        Ok(out)
    }

    /// `count` floats; missing as `None`, ending at end-of-vector.
    pub fn floats(&mut self, count: usize) -> Result<Vec<Option<f32>>, ErrorKind> {
        let data = self.bytes(4 * count)?;
        let mut out = Vec::with_capacity(count);
        for c in data.chunks_exact(4) {
            match u32::from_le_bytes([c[0], c[1], c[2], c[3]]) {
                FLOAT_EOV => break,
                FLOAT_MISSING => out.push(None),
                bits => out.push(Some(f32::from_bits(bits))),
            }
        }
        Ok(out)
    }

    /// `count` characters with trailing NUL padding removed.
    pub fn chars(&mut self, count: usize) -> Result<&'a [u8], ErrorKind> {
        let s = self.bytes(count)?;
        let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
        Ok(&s[..end])
    }

    /// A typed string (ID, alleles): must be UTF-8.
    pub fn string(&mut self) -> Result<&'a str, ErrorKind> {
        let (kind, count) = self.descriptor()?;
        let s = match kind {
            Kind::Char => self.chars(count)?,
            Kind::Missing => &b""[..],
            _ => return Err(ErrorKind::Bcf("expected a string".into())),
        };
        std::str::from_utf8(s).map_err(|_| ErrorKind::InvalidUtf8("BCF string"))
    }

    /// Skips a typed value's payload.
    pub fn skip(&mut self, kind: Kind, count: usize) -> Result<(), ErrorKind> {
        self.advance(kind.width() * count)
    }
}

/// Appends one sample's GT (BCF encoding `(allele + 1) << 1 | phased`); returns whether
/// the sample had a GT at all.
pub(crate) fn append_gt(
    data: &[u8],
    kind: Kind,
    count: usize,
    gt: bool,
    phased: bool,
    b: &mut BatchBuilder,
) -> Result<bool, ErrorKind> {
    let values = Cursor::new(data).ints(kind, count)?;
    if values.first().is_none_or(|v| v.is_none()) {
        return Ok(false);
    }
    let mut all_phased = true;
    for (i, v) in values.iter().enumerate() {
        let v = v.unwrap_or(0);
        if gt {
            let allele = (v >> 1) - 1;
            if allele < 0 {
                b.gt.values().append_null();
            } else {
                b.gt.values().append_value(allele);
            }
        }
        if i > 0 {
            all_phased &= v & 1 == 1;
        }
    }
    if gt {
        b.gt.append(true);
    }
    if phased {
        let p = if values.len() == 1 {
            values[0].unwrap_or(0) & 1 == 1
        } else {
            all_phased
        };
        b.phased.append_value(p);
    }
    Ok(true)
}
