use std::collections::HashMap;

use super::super::header::{Header, ValueType};
use super::super::values::FieldSet;
use crate::ErrorKind;

/// Resolves INFO keys to their definitions, remembering the order seen in the previous
/// record so that the usual case (same keys, same order) needs no hashing.
pub(crate) struct InfoKeys {
    ids: Vec<Vec<u8>>,
    flags: Vec<bool>,
    index: HashMap<Vec<u8>, usize>,
    order: Vec<usize>,
}

/// Finds the value of `END=` in an INFO column.
pub(crate) fn find_end(info: &[u8]) -> Option<&[u8]> {
    // Built once: a finder per record costs more than the search.
    static END: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"END="));
    for i in END.find_iter(info) {
        if i == 0 || info[i - 1] == b';' {
            let v = &info[i + 4..];
            return Some(&v[..memchr::memchr(b';', v).unwrap_or(v.len())]);
        }
    }
    None
}

impl InfoKeys {
    pub fn new(header: &Header) -> Self {
        Self {
            ids: header
                .infos
                .iter()
                .map(|d| d.id.as_bytes().to_vec())
                .collect(),
            flags: header
                .infos
                .iter()
                .map(|d| d.ty == ValueType::Flag)
                .collect(),
            index: header.info_index(),
            order: Vec::new(),
        }
    }

    fn lookup(&mut self, k: usize, key: &[u8]) -> Result<usize, ErrorKind> {
        if let Some(&i) = self.order.get(k)
            && self.ids[i] == key
        {
            return Ok(i);
        }
        let i = *self
            .index
            .get(key)
            .ok_or_else(|| ErrorKind::UndeclaredInfo(String::from_utf8_lossy(key).into_owned()))?;
        if k < self.order.len() {
            self.order[k] = i;
        } else {
            self.order.push(i);
        }
        Ok(i)
    }

    /// Parses an INFO column into the `info` struct builders.
    pub fn parse(&mut self, info: &[u8], set: &mut FieldSet) -> Result<(), ErrorKind> {
        if info != b"." {
            for (k, entry) in info.split(|&c| c == b';').enumerate() {
                if entry.is_empty() {
                    continue;
                }
                let (key, value) = match memchr::memchr(b'=', entry) {
                    Some(i) => (&entry[..i], Some(&entry[i + 1..])),
                    None => (entry, None),
                };
                let i = self.lookup(k, key)?;
                if !set.wanted(i) {
                    continue;
                }
                let Some(slot) = set.slot(i) else {
                    return Err(ErrorKind::InvalidValue {
                        what: "INFO (duplicate key)".into(),
                        value: String::from_utf8_lossy(key).into_owned(),
                    });
                };
                let id = String::from_utf8_lossy(key);
                match value {
                    None if self.flags[i] => {
                        let _ = slot.append_flag();
                    }
                    None => {
                        return Err(ErrorKind::InvalidValue {
                            what: format!("INFO/{id} (missing `=value`)"),
                            value: id.into_owned(),
                        });
                    }
                    Some(v) => slot
                        .append_text(v)
                        .map_err(|e| e.into_kind("INFO", &id, v))?,
                }
            }
        }
        set.end_row();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_end_only_as_a_whole_key() {
        assert_eq!(find_end(b"SVTYPE=DEL;END=500;X=1"), Some(&b"500"[..]));
        assert_eq!(find_end(b"CIEND=1,2;DP=3"), None);
        assert_eq!(find_end(b"END=7"), Some(&b"7"[..]));
    }
}
