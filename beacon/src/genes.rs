//! The gene table `geneId` queries look genes up in: a BED file (`chrom start end name`,
//! 0-based half-open, as Beacon's own coordinates) or a GFF3 file (`gene` features,
//! 1-based closed, named by `Name`, `gene_name`, `gene_id` or `ID` attributes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A gene table that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum GeneTableError {
    #[error("cannot read the gene table `{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("gene table `{path}`, line {line}: {message}")]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Where a gene is: its contig and 0-based half-open span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locus {
    pub chrom: String,
    pub start: i64,
    pub end: i64,
}

/// Genes by name (case-insensitive).
#[derive(Debug, Clone, Default)]
pub struct Genes {
    by_name: HashMap<String, Locus>,
}

impl Genes {
    /// Reads `path`: GFF3 if it ends in `.gff3`/`.gff`, BED otherwise.
    pub fn load(path: &Path) -> Result<Self, GeneTableError> {
        let text = std::fs::read_to_string(path).map_err(|source| GeneTableError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let gff = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gff3") || e.eq_ignore_ascii_case("gff"));
        let mut genes = Genes::default();
        for (i, line) in text.lines().enumerate() {
            let fail = |message: String| GeneTableError::Line {
                path: path.to_path_buf(),
                line: i + 1,
                message,
            };
            if line.is_empty()
                || line.starts_with('#')
                || line.starts_with("track ")
                || line.starts_with("browser ")
            {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let parsed = if gff { gff_line(&f) } else { bed_line(&f) };
            if let Some((names, locus)) = parsed.map_err(fail)? {
                for n in names {
                    genes
                        .by_name
                        .entry(n.to_ascii_uppercase())
                        .or_insert(locus.clone());
                }
            }
        }
        Ok(genes)
    }

    pub fn get(&self, name: &str) -> Option<&Locus> {
        self.by_name.get(&name.to_ascii_uppercase())
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

type Parsed = Result<Option<(Vec<String>, Locus)>, String>;

fn coordinate(text: &str, what: &str) -> Result<i64, String> {
    text.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("{what} `{text}` is not a non-negative integer"))
}

fn bed_line(f: &[&str]) -> Parsed {
    if f.len() < 4 {
        return Err(format!(
            "{} columns, but BED needs chrom, start, end and name",
            f.len()
        ));
    }
    let (start, end) = (coordinate(f[1], "start")?, coordinate(f[2], "end")?);
    if end <= start {
        return Err(format!("end {end} is not after start {start}"));
    }
    let locus = Locus {
        chrom: f[0].to_string(),
        start,
        end,
    };
    Ok(Some((vec![f[3].to_string()], locus)))
}

fn gff_line(f: &[&str]) -> Parsed {
    if f.len() != 9 {
        return Err(format!("{} columns, but GFF3 has 9", f.len()));
    }
    if f[2] != "gene" {
        return Ok(None);
    }
    let (start, end) = (coordinate(f[3], "start")?, coordinate(f[4], "end")?);
    if start < 1 || end < start {
        return Err(format!(
            "span {start}..{end} is not a 1-based closed interval"
        ));
    }
    let mut names = Vec::new();
    for attr in f[8].split(';') {
        if let Some((key, value)) = attr.split_once('=')
            && matches!(key.trim(), "Name" | "gene_name" | "gene_id" | "ID")
        {
            let value = value.trim();
            names.push(value.strip_prefix("gene:").unwrap_or(value).to_string());
        }
    }
    if names.is_empty() {
        return Err("a gene without a Name, gene_name, gene_id or ID attribute".to_string());
    }
    let locus = Locus {
        chrom: f[0].to_string(),
        start: start - 1,
        end,
    };
    Ok(Some((names, locus)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bed_and_gff3_give_the_same_half_open_span() {
        let dir = std::env::temp_dir().join(format!("genofed-genes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bed = dir.join("g.bed");
        std::fs::write(&bed, "# genes\nchr1\t99\t200\tGENE1\t0\t+\n").unwrap();
        let gff = dir.join("g.gff3");
        std::fs::write(
            &gff,
            "##gff-version 3\nchr1\tsrc\tgene\t100\t200\t.\t+\t.\tID=gene:ENSG1;Name=GENE1\nchr1\tsrc\texon\t100\t150\t.\t+\t.\tParent=gene:ENSG1\n",
        )
        .unwrap();
        let a = Genes::load(&bed).unwrap();
        let b = Genes::load(&gff).unwrap();
        let want = Locus {
            chrom: "chr1".into(),
            start: 99,
            end: 200,
        };
        assert_eq!(a.get("gene1"), Some(&want));
        assert_eq!(b.get("GENE1"), Some(&want));
        assert_eq!(b.get("ENSG1"), Some(&want));
        std::fs::write(&bed, "chr1\t300\t200\tBAD\n").unwrap();
        let e = Genes::load(&bed).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("g.bed"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
