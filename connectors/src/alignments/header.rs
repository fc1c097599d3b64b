//! The SAM header shared by the three formats: its text and the reference sequences that
//! records refer to by index.

/// One `@SQ` reference sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub length: u64,
}

/// A SAM header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The header text (`@HD`, `@SQ`, `@RG`, `@PG`, `@CO` lines).
    pub text: String,
    /// Reference sequences in id order (BAM's binary list, else the `@SQ` lines).
    pub references: Vec<Reference>,
}

impl Header {
    /// The name of reference id `id` (`None` for `-1` or an id the header lacks).
    pub fn name(&self, id: i32) -> Option<&str> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.references.get(i))
            .map(|r| r.name.as_str())
    }

    /// The id of reference `name`.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.references.iter().position(|r| r.name == name)
    }

    /// Reference sequences of `@SQ` lines in `text` (`SN` and `LN` fields), in order.
    /// Returns the 1-based number of a malformed line as the error.
    pub fn references_from_text(text: &str) -> Result<Vec<Reference>, (usize, String)> {
        let mut refs = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let Some(rest) = line.strip_prefix("@SQ\t") else {
                continue;
            };
            let mut name = None;
            let mut length = None;
            for field in rest.split('\t') {
                if let Some(v) = field.strip_prefix("SN:") {
                    name = Some(v.to_string());
                } else if let Some(v) = field.strip_prefix("LN:") {
                    length = v.parse::<u64>().ok();
                }
            }
            match (name, length) {
                (Some(name), Some(length)) => refs.push(Reference { name, length }),
                _ => return Err((i + 1, "an @SQ line needs SN and a numeric LN".into())),
            }
        }
        Ok(refs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sq_lines() {
        let text = "@HD\tVN:1.6\n@SQ\tSN:chr1\tLN:100\n@SQ\tLN:5\tSN:chr2\tM5:x\n@CO\thi\n";
        let refs = Header::references_from_text(text).unwrap_or_default();
        assert_eq!(
            refs,
            [
                Reference {
                    name: "chr1".into(),
                    length: 100
                },
                Reference {
                    name: "chr2".into(),
                    length: 5
                }
            ]
        );
        assert_eq!(
            Header::references_from_text("@SQ\tSN:a\n").err(),
            Some((1, "an @SQ line needs SN and a numeric LN".into()))
        );
    }
}
