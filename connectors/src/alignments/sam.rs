//! SAM text: the header, and records re-encoded as BAM for the shared decoder.

use std::sync::Arc;

use noodles::sam;
use noodles::sam::alignment::io::Write as _;

use super::header::{Header, Reference};
use crate::source::LineSource;
use crate::{Error, ErrorKind, Location};

/// Reads the `@` header lines; returns our header, noodles' parse of it, and the byte
/// offset of the first record line.
pub(crate) fn read_header(
    source: &mut LineSource,
) -> Result<(Header, Arc<sam::Header>, u64), Error> {
    let path = source.path().to_path_buf();
    let mut text = String::new();
    let mut line_no = 0u64;
    while source.starts_with(b"@")? {
        let Some((line, _)) = source.next_line()? else {
            break;
        };
        line_no += 1;
        let line = std::str::from_utf8(line).map_err(|_| {
            Error::new(
                &path,
                Location::Line(line_no),
                ErrorKind::InvalidUtf8("a header line"),
            )
        })?;
        text.push_str(line);
        text.push('\n');
    }
    let parsed: sam::Header = text.parse().map_err(|e: sam::header::ParseError| {
        Error::new(
            &path,
            Location::File,
            ErrorKind::HeaderLine(format!("invalid SAM header: {e}")),
        )
    })?;
    let header = from_noodles(&parsed, text);
    Ok((header, Arc::new(parsed), source.position_of_next()))
}

/// Our header from noodles' (references in id order, with their lengths).
pub(crate) fn from_noodles(h: &sam::Header, text: String) -> Header {
    let references = h
        .reference_sequences()
        .iter()
        .map(|(name, rs)| Reference {
            name: name.to_string(),
            length: usize::from(rs.length()) as u64,
        })
        .collect();
    Header { text, references }
}

/// Re-encodes SAM/CRAM records as BAM records.
pub(crate) struct Reencoder {
    writer: noodles::bam::io::Writer<Vec<u8>>,
}

impl Reencoder {
    pub fn new() -> Self {
        Self {
            writer: noodles::bam::io::Writer::from(Vec::new()),
        }
    }

    /// The BAM encoding of `record` (without its `block_size`).
    pub fn encode(
        &mut self,
        header: &sam::Header,
        record: &dyn sam::alignment::Record,
    ) -> std::io::Result<&[u8]> {
        self.writer.get_mut().clear();
        self.writer.write_alignment_record(header, record)?;
        Ok(self.writer.get_mut().get(4..).unwrap_or_default())
    }
}
