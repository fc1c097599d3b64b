//! The generated reference genome as FASTA with its `.fai` index: the same hashed
//! pseudo-reference the VCF's REF bases come from, so reads, variants and reference agree.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::spectrum::Reference;
use super::{GenerateError, GenerateOptions};

/// Bases per FASTA line.
const LINE: u64 = 60;

/// Writes `<out_dir>/<name>.fa` and `<name>.fa.fai`; returns the FASTA path.
pub fn write_reference(opts: &GenerateOptions, out_dir: &Path) -> Result<PathBuf, GenerateError> {
    let path = out_dir.join(format!("{}.fa", opts.name));
    let fai_path = out_dir.join(format!("{}.fa.fai", opts.name));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenerateError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(|source| GenerateError::CreateDir {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let reference = Reference::new(opts.seed);
    let mut fa = BufWriter::new(std::fs::File::create(&path).map_err(io(&path))?);
    let mut fai = String::new();
    let mut offset = 0u64;
    let mut line = Vec::with_capacity(LINE as usize + 1);
    for (i, (name, len)) in opts.contigs.iter().enumerate() {
        let head = format!(">{name}\n");
        fa.write_all(head.as_bytes()).map_err(io(&path))?;
        offset += head.len() as u64;
        fai.push_str(&format!("{name}\t{len}\t{offset}\t{LINE}\t{}\n", LINE + 1));
        let mut pos = 1;
        while pos <= *len {
            let n = LINE.min(len - pos + 1);
            line.clear();
            reference.extend(&mut line, i, pos, n);
            line.push(b'\n');
            fa.write_all(&line).map_err(io(&path))?;
            offset += line.len() as u64;
            pos += n;
        }
    }
    fa.flush().map_err(io(&path))?;
    std::fs::write(&fai_path, fai).map_err(io(&fai_path))?;
    Ok(path)
}
