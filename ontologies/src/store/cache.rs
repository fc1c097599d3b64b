//! A compact binary cache of a whole store (terms, aliases, closure, sources), so a node
//! starts without parsing ontology files.
//!
//! Layout: 16-byte magic with version, payload length (u64 LE), FNV-1a checksum of the
//! payload (u64 LE), payload (starting with the writer's version and logic version). Integers are little-endian, strings u32-length-prefixed
//! UTF-8. Everything read is bounds-checked and the closure's shape is validated, so a
//! corrupt cache is an error naming the byte offset, never a panic.

use std::path::Path;

use super::closure::Closure;
use super::source::fnv1a;
use super::{Source, Store};
use crate::{Error, Synonym, SynonymScope, Term, TermId};

const MAGIC: &[u8; 16] = b"GENOFED-ONTO\0\0\0\x02";

/// Bumped whenever loading or merging changes what a store holds, so caches written by
/// older logic are rebuilt.
const LOGIC_VERSION: u32 = 1;

/// The writer of a cache; a cache from another writer is refused (and rebuilt by nodes).
fn producer() -> String {
    format!(
        "genofed-ontologies {} logic {LOGIC_VERSION}",
        env!("CARGO_PKG_VERSION")
    )
}

impl Store {
    /// Writes the store to `path` (replacing it atomically via a temporary file).
    pub fn write_cache(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let payload = self.encode();
        let mut out = Vec::with_capacity(payload.len() + 32);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        let tmp = path.with_extension("tmp");
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::write(&tmp, &out).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Reads a store written by [`write_cache`](Self::write_cache).
    pub fn read_cache(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut r = Reader {
            bytes: &bytes,
            pos: 0,
            path,
        };
        if r.take(16)? != MAGIC {
            return Err(r.fail(0, "not a genofed ontology cache (or another version)"));
        }
        let len = r.u64()?;
        let sum = r.u64()?;
        let payload = &bytes[32..];
        if payload.len() as u64 != len {
            return Err(r.fail(
                8,
                format!("payload is {} bytes, header says {len}", payload.len()),
            ));
        }
        if fnv1a(payload) != sum {
            return Err(r.fail(16, "checksum mismatch"));
        }
        r.decode()
    }

    /// Whether every source is unchanged (same size and content hash; built-in fragments
    /// compared with this build's).
    pub fn sources_current(&self, builtin: &[Source]) -> bool {
        self.sources.iter().all(|s| {
            if s.is_builtin() {
                builtin.contains(s)
            } else {
                Source::of_file(Path::new(&s.name)).is_ok_and(|now| now == *s)
            }
        })
    }

    fn encode(&self) -> Vec<u8> {
        let mut w = Vec::with_capacity(self.terms.len() * 64 + self.closure.len() * 8);
        put_str(&mut w, &producer());
        put_u32(&mut w, self.sources.len());
        for s in &self.sources {
            put_str(&mut w, &s.name);
            w.extend_from_slice(&s.len.to_le_bytes());
            w.extend_from_slice(&s.fingerprint.to_le_bytes());
        }
        put_u32(&mut w, self.terms.len());
        for t in &self.terms {
            put_str(&mut w, &t.id);
            put_opt(&mut w, t.label.as_deref());
            put_opt(&mut w, t.definition.as_deref());
            put_opt(&mut w, t.shorthand.as_deref());
            w.push(u8::from(t.obsolete) | u8::from(t.defined) << 1);
            put_u32(&mut w, t.synonyms.len());
            for s in &t.synonyms {
                w.push(s.scope.code());
                put_str(&mut w, &s.text);
            }
            for list in [&t.alt_ids, &t.equivalents, &t.replaced_by] {
                put_u32(&mut w, list.len());
                for s in list {
                    put_str(&mut w, s);
                }
            }
            put_ids(&mut w, &t.parents);
        }
        let aliases: Vec<(&String, &TermId)> = self
            .index
            .iter()
            .filter(|(k, v)| self.terms[v.index()].id != **k)
            .collect();
        put_u32(&mut w, aliases.len());
        for (alias, id) in aliases {
            put_str(&mut w, alias);
            put_u32(&mut w, id.index());
        }
        let c = &self.closure;
        for (start, rows) in [(&c.anc_start, &c.anc), (&c.desc_start, &c.desc)] {
            put_u32(&mut w, start.len());
            for s in start {
                w.extend_from_slice(&s.to_le_bytes());
            }
            put_ids(&mut w, rows);
        }
        w
    }
}

fn put_u32(w: &mut Vec<u8>, n: usize) {
    w.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_u32(w, s.len());
    w.extend_from_slice(s.as_bytes());
}

fn put_opt(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            w.push(1);
            put_str(w, s);
        }
        None => w.push(0),
    }
}

fn put_ids(w: &mut Vec<u8>, ids: &[TermId]) {
    put_u32(w, ids.len());
    for id in ids {
        w.extend_from_slice(&id.0.to_le_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Reader<'a> {
    fn fail(&self, offset: usize, what: impl Into<String>) -> Error {
        Error::Cache {
            path: self.path.to_path_buf(),
            offset: offset as u64,
            what: what.into(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.fail(self.pos, format!("truncated: {n} more bytes expected")));
        };
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    /// A count, checked against the bytes left so a corrupt count cannot allocate wildly.
    fn count(&mut self, min_item_size: usize) -> Result<usize, Error> {
        let at = self.pos;
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item_size) > self.bytes.len() - self.pos {
            return Err(self.fail(at, format!("count {n} exceeds the file")));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, Error> {
        let n = self.count(1)?;
        let at = self.pos;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.fail(at, "string is not UTF-8"))
    }

    fn opt(&mut self) -> Result<Option<String>, Error> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            t => Err(self.fail(self.pos - 1, format!("bad option tag {t}"))),
        }
    }

    fn strings(&mut self) -> Result<Vec<String>, Error> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }

    fn ids(&mut self) -> Result<Vec<TermId>, Error> {
        let n = self.count(4)?;
        (0..n).map(|_| self.u32().map(TermId)).collect()
    }

    fn decode(&mut self) -> Result<Store, Error> {
        let at = self.pos;
        let writer = self.string()?;
        if writer != producer() {
            return Err(self.fail(
                at,
                format!("written by `{writer}`, this is `{}`", producer()),
            ));
        }
        let n_sources = self.count(20)?;
        let mut sources = Vec::with_capacity(n_sources);
        for _ in 0..n_sources {
            sources.push(Source {
                name: self.string()?,
                len: self.u64()?,
                fingerprint: self.u64()?,
            });
        }
        let n = self.count(8)?;
        let mut terms = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.string()?;
            let label = self.opt()?;
            let definition = self.opt()?;
            let shorthand = self.opt()?;
            let flags = self.u8()?;
            let n_syn = self.count(5)?;
            let mut synonyms = Vec::with_capacity(n_syn);
            for _ in 0..n_syn {
                let code = self.u8()?;
                let scope = SynonymScope::from_code(code)
                    .ok_or_else(|| self.fail(self.pos - 1, format!("bad synonym scope {code}")))?;
                synonyms.push(Synonym {
                    text: self.string()?,
                    scope,
                });
            }
            let alt_ids = self.strings()?;
            let equivalents = self.strings()?;
            let replaced_by = self.strings()?;
            let at = self.pos;
            let parents = self.ids()?;
            if parents.iter().any(|p| p.index() >= n) {
                return Err(self.fail(at, format!("term `{id}` has a parent beyond {n}")));
            }
            terms.push(Term {
                id,
                label,
                definition,
                synonyms,
                alt_ids,
                equivalents,
                obsolete: flags & 1 != 0,
                replaced_by,
                shorthand,
                parents,
                defined: flags & 2 != 0,
            });
        }
        let n_alias = self.count(8)?;
        let mut aliases = Vec::with_capacity(n_alias);
        for _ in 0..n_alias {
            let alias = self.string()?;
            let at = self.pos;
            let id = self.u32()? as usize;
            if id >= n {
                return Err(self.fail(at, format!("alias `{alias}` names a term beyond {n}")));
            }
            aliases.push((alias, TermId(id as u32)));
        }
        let mut rows = [(Vec::new(), Vec::new()), (Vec::new(), Vec::new())];
        for row in &mut rows {
            let count = self.count(4)?;
            row.0 = (0..count).map(|_| self.u32()).collect::<Result<_, _>>()?;
            row.1 = self.ids()?;
        }
        let [(anc_start, anc), (desc_start, desc)] = rows;
        let closure = Closure {
            anc_start,
            anc,
            desc_start,
            desc,
        };
        if let Err(what) = closure.check(n) {
            return Err(self.fail(self.pos, what));
        }
        if self.pos != self.bytes.len() {
            return Err(self.fail(self.pos, "trailing bytes"));
        }
        Ok(Store::assemble(terms, aliases, closure, sources))
    }
}
