//! Reading documents from the bytes of a `.json` or JSON Lines file.

use std::path::Path;

use crate::error::{Error, ErrorKind, Location};
use crate::phenopackets::Document;
use crate::phenopackets::json_path::render_path;

/// How the documents are laid out in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object: a Phenopacket, a Cohort or a Family.
    Json,
    /// One such object per line; blank lines are allowed.
    JsonLines,
}

impl Format {
    /// The format implied by a file name: `.json` or `.jsonl`/`.ndjson`, optionally followed
    /// by `.c4gh` (Crypt4GH-encrypted).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".c4gh").unwrap_or(&name);
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Reads the documents of `bytes`, the content of the file at `path` (used in errors).
pub fn parse(path: &Path, bytes: &[u8], format: Format) -> Result<Vec<Document>, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match format {
        Format::Json => Ok(vec![parse_document(path, bytes, 1)?]),
        Format::JsonLines => {
            let mut documents = Vec::new();
            for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                documents.push(parse_document(path, line, index as u64 + 1)?);
            }
            Ok(documents)
        }
    }
}

/// Reads one document from `bytes`, whose first line is line `first_line` of the file.
///
/// Valid input is read at full speed; only after a failure is the input read again, keeping
/// track of the JSON path, to say where the error is.
pub fn parse_document(path: &Path, bytes: &[u8], first_line: u64) -> Result<Document, Error> {
    let fast = match serde_json::from_slice(bytes) {
        Ok(document) => return Ok(document),
        Err(e) => e,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let (json_path, e) = match serde_path_to_error::deserialize::<_, Document>(&mut de) {
        Err(e) => (render_path(e.path()), e.into_inner()),
        Ok(_) => match de.end() {
            Err(e) => ("$".to_owned(), e),
            Ok(()) => ("$".to_owned(), fast),
        },
    };
    let location = Location::JsonPath {
        path: json_path,
        line: first_line + (e.line() as u64).saturating_sub(1),
        column: e.column() as u64,
    };
    Err(Error::new(path, location, ErrorKind::Json(message(&e))))
}

/// The message of a serde_json error without its ` at line L column C` suffix (the
/// position is reported in the [`Location`]).
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}
