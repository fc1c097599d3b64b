//! The VCF header: INFO/FORMAT/FILTER/contig definitions and sample names, plus the BCF
//! string dictionaries derived from it.

mod field;
mod meta;

use std::collections::HashMap;

pub use self::field::{FieldDef, Number, ValueType};
use crate::ErrorKind;

/// A contig declared by a `##contig` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contig {
    pub id: String,
    pub length: Option<u64>,
}

/// A parsed VCF header.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub file_format: String,
    pub infos: Vec<FieldDef>,
    pub formats: Vec<FieldDef>,
    pub filters: Vec<String>,
    pub contigs: Vec<Contig>,
    pub samples: Vec<String>,
    /// Number of header lines (the `#CHROM` line included).
    pub line_count: u64,
    /// BCF string dictionary (FILTER/INFO/FORMAT ids by index).
    pub strings: Vec<Option<String>>,
    /// BCF contig dictionary (contig ids by index).
    pub contig_dict: Vec<Option<String>>,
}

/// A header error with the 1-based header line it was found on.
#[derive(Debug)]
pub struct HeaderError {
    pub line: u64,
    pub kind: ErrorKind,
}

impl Header {
    /// Parses header text (all lines up to and including `#CHROM`).
    pub fn parse(text: &str) -> Result<Self, HeaderError> {
        let mut header = Header::default();
        let mut dict = Dictionary::default();
        let mut contigs = Dictionary::default();
        dict.insert("PASS", None);
        let mut complete = false;
        for (i, line) in text.lines().enumerate() {
            let n = i as u64 + 1;
            let err = |kind| HeaderError { line: n, kind };
            let line = line.strip_suffix('\r').unwrap_or(line);
            if i == 0 {
                match line.strip_prefix("##fileformat=") {
                    Some(v) if v.starts_with("VCF") => header.file_format = v.to_string(),
                    _ => return Err(err(ErrorKind::NotVcf)),
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix("##") {
                header
                    .parse_meta(rest, &mut dict, &mut contigs)
                    .map_err(err)?;
            } else if let Some(rest) = line.strip_prefix('#') {
                header.parse_columns(rest).map_err(err)?;
                header.line_count = n;
                complete = true;
                break;
            } else {
                return Err(err(ErrorKind::MissingHeader));
            }
        }
        if !complete {
            let line = text.lines().count() as u64;
            return Err(HeaderError {
                line,
                kind: ErrorKind::MissingHeader,
            });
        }
        header.strings = dict.finish();
        header.contig_dict = contigs.finish();
        Ok(header)
    }

    fn parse_meta(
        &mut self,
        rest: &str,
        dict: &mut Dictionary,
        contigs: &mut Dictionary,
    ) -> Result<(), ErrorKind> {
        let Some((key, value)) = rest.split_once('=') else {
            return Ok(());
        };
        if !matches!(key, "INFO" | "FORMAT" | "FILTER" | "contig") {
            return Ok(());
        }
        let bad = || ErrorKind::HeaderLine(format!("##{rest}"));
        let pairs = meta::parse_structure(value).ok_or_else(bad)?;
        let id = meta::get(&pairs, "ID").ok_or_else(bad)?.to_string();
        let idx = meta::get(&pairs, "IDX")
            .map(|v| v.parse::<usize>().map_err(|_| bad()))
            .transpose()?;
        match key {
            "contig" => {
                let length = meta::get(&pairs, "length").and_then(|l| l.parse().ok());
                contigs.insert(&id, idx);
                self.contigs.push(Contig { id, length });
            }
            "FILTER" => {
                dict.insert(&id, idx);
                if !self.filters.contains(&id) {
                    self.filters.push(id);
                }
            }
            _ => {
                let number = meta::get(&pairs, "Number")
                    .and_then(Number::parse)
                    .ok_or_else(bad)?;
                let ty = meta::get(&pairs, "Type")
                    .and_then(ValueType::parse)
                    .ok_or_else(bad)?;
                if ty == ValueType::Flag && number != Number::Count(0) {
                    return Err(ErrorKind::HeaderLine(format!(
                        "##{rest} (a Flag must have Number=0)"
                    )));
                }
                let description = meta::get(&pairs, "Description")
                    .unwrap_or_default()
                    .to_string();
                dict.insert(&id, idx);
                let def = FieldDef {
                    id,
                    number,
                    ty,
                    description,
                };
                let defs = if key == "INFO" {
                    &mut self.infos
                } else {
                    &mut self.formats
                };
                if let Some(old) = defs.iter_mut().find(|d| d.id == def.id) {
                    *old = def;
                } else {
                    defs.push(def);
                }
            }
        }
        Ok(())
    }

    fn parse_columns(&mut self, rest: &str) -> Result<(), ErrorKind> {
        const FIXED: [&str; 8] = ["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"];
        let cols: Vec<&str> = rest.split('\t').collect();
        if cols.len() < 8 || cols[..8] != FIXED {
            return Err(ErrorKind::MissingHeader);
        }
        if cols.len() > 8 {
            if cols[8] != "FORMAT" {
                return Err(ErrorKind::HeaderLine(format!("#{rest}")));
            }
            self.samples = cols[9..].iter().map(|s| s.to_string()).collect();
        }
        Ok(())
    }

    /// Index of an INFO definition by id.
    pub fn info_index(&self) -> HashMap<Vec<u8>, usize> {
        self.infos
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_bytes().to_vec(), i))
            .collect()
    }

    /// Index of a FORMAT definition by id.
    pub fn format_index(&self) -> HashMap<Vec<u8>, usize> {
        self.formats
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_bytes().to_vec(), i))
            .collect()
    }
}

/// A BCF dictionary: ids in order of first appearance unless `IDX=` says otherwise.
#[derive(Default)]
struct Dictionary {
    entries: Vec<Option<String>>,
    seen: HashMap<String, usize>,
}

impl Dictionary {
    fn insert(&mut self, id: &str, idx: Option<usize>) {
        if self.seen.contains_key(id) {
            return;
        }
        let i = idx.unwrap_or(self.entries.len());
        if i >= self.entries.len() {
            self.entries.resize(i + 1, None);
        }
        self.entries[i] = Some(id.to_string());
        self.seen.insert(id.to_string(), i);
    }

    fn finish(self) -> Vec<Option<String>> {
        self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "##fileformat=VCFv4.3\n##contig=<ID=20,length=62435964>\n##INFO=<ID=AF,Number=A,Type=Float,Description=\"x\">\n##INFO=<ID=DB,Number=0,Type=Flag,Description=\"y\">\n##FILTER=<ID=q10,Description=\"z\">\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n";

    #[test]
    fn parses_definitions_and_dictionary() {
        let h = Header::parse(TEXT).unwrap();
        assert_eq!(h.samples, ["A", "B"]);
        assert_eq!(h.infos[0].number, Number::A);
        assert!(h.infos[0].is_list() && !h.infos[1].is_list());
        let dict: Vec<_> = h.strings.iter().flatten().map(String::as_str).collect();
        assert_eq!(dict, ["PASS", "AF", "DB", "q10", "GT"]);
        assert_eq!(h.line_count, 7);
    }

    #[test]
    fn rejects_non_vcf_and_missing_column_line() {
        assert!(matches!(
            Header::parse("hello\n").unwrap_err().kind,
            ErrorKind::NotVcf
        ));
        let e = Header::parse("##fileformat=VCFv4.2\n##x=y\n").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::MissingHeader));
    }
}
