//! Loading phenopackets from the paths a dataset lists: files, directories of them, and
//! JSON Lines files, plain or Crypt4GH-encrypted, read on every core.

use std::path::{Path, PathBuf};

use crate::crypt4gh::PrivateKey;
use crate::phenopackets::{Format, PhenopacketSet};
use crate::{Error, ErrorKind, Input, Location};

/// The phenopacket files under `paths`: each file as given (its name must end in `.json`,
/// `.jsonl` or `.ndjson`, optionally `.c4gh`), and for each directory the files with those
/// names inside it and its subdirectories, in name order. A file reached twice (listed and
/// inside a listed directory, or through a link) is read once; directory links are
/// followed, but never into a directory already visited.
pub fn files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>, Error> {
    let mut out = Vec::new();
    let mut visited = std::collections::HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::new(path, Location::File, ErrorKind::Io(e)))?;
        if meta.is_dir() {
            walk(path, &mut out, &mut visited)?;
        } else {
            let format = Format::from_path(path).ok_or_else(|| {
                Error::new(
                    path,
                    Location::File,
                    ErrorKind::Unsupported(
                        "a phenopacket file name ends in `.json`, `.jsonl` or `.ndjson` (optionally `.c4gh`)"
                            .into(),
                    ),
                )
            })?;
            out.push((path.clone(), format));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(p, _)| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(out)
}

fn walk(
    dir: &Path,
    out: &mut Vec<(PathBuf, Format)>,
    visited: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), Error> {
    let io = |e| Error::new(dir, Location::File, ErrorKind::Io(e));
    if !visited.insert(std::fs::canonicalize(dir).map_err(io)?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out, visited)?;
        } else if let Some(format) = Format::from_path(&path) {
            out.push((path, format));
        }
    }
    Ok(())
}

/// Reads one file through [`Input`] (decrypting with `key`).
fn read_one(
    path: &Path,
    format: Format,
    key: Option<&PrivateKey>,
) -> Result<PhenopacketSet, Error> {
    let input = Input::open(path, key)?;
    let len = usize::try_from(input.len()).map_err(|_| {
        Error::new(
            path,
            Location::File,
            ErrorKind::Unsupported("file too large".into()),
        )
    })?;
    let mut bytes = vec![0; len];
    input
        .read_exact_at(&mut bytes, 0)
        .map_err(|e| Error::from_io(path, Location::Offset(0), e))?;
    let mut set = PhenopacketSet::new();
    set.read(path, &bytes, format)?;
    Ok(set)
}

/// Loads every phenopacket under `paths` (see [`files`]), in file order, parsing on all
/// cores. The first error (in file order) is returned.
pub fn load(paths: &[PathBuf], key: Option<&PrivateKey>) -> Result<PhenopacketSet, Error> {
    let files = files(paths)?;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len())
        .max(1);
    let per = files.len().div_ceil(threads).max(1);
    let parts: Vec<Result<PhenopacketSet, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut set = PhenopacketSet::new();
                    for (path, format) in chunk {
                        let mut one = read_one(path, *format, key)?;
                        set.append(&mut one);
                    }
                    Ok(set)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::new(
                        paths.first().map_or(Path::new(""), PathBuf::as_path),
                        Location::File,
                        ErrorKind::Unsupported("a phenopacket reader thread failed".into()),
                    ))
                })
            })
            .collect()
    });
    let mut set = PhenopacketSet::new();
    for part in parts {
        set.append(&mut part?);
    }
    Ok(set)
}
