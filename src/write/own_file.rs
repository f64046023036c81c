//! Writing a single file that minhbach owns (the JSON Schemas), without ever clobbering one it
//! did not write: an existing file is replaced only when it is a regular file the caller
//! recognises as its own, and the new text goes in by rename, so no link is ever followed.

use crate::output::{WriteError, io};
use std::io::Write;
use std::path::Path;

fn refused(path: &Path, reason: &str, help: &str) -> WriteError {
    WriteError::RefusedFile {
        path: path.display().to_string(),
        reason: reason.to_owned(),
        help: help.to_owned(),
    }
}

/// Whether `text` may be written at `path`, and needs to be: `Ok(false)` when the file already
/// holds it. An existing file may be replaced only when `is_own(its bytes)`; a folder, a link or
/// a file minhbach did not write is refused.
pub(crate) fn check_own_file(
    path: &Path,
    text: &[u8],
    is_own: impl Fn(&[u8]) -> bool,
) -> Result<bool, WriteError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io(path)(e)),
        Ok(m) if m.is_file() => {
            let existing = std::fs::read(path).map_err(io(path))?;
            if existing == text {
                Ok(false)
            } else if is_own(&existing) {
                Ok(true)
            } else {
                Err(refused(
                    path,
                    "the file exists and minhbach did not write it",
                    "move it away, or choose another folder with `--out`",
                ))
            }
        }
        Ok(_) => Err(refused(
            path,
            "it is a folder or a link, not a file minhbach wrote",
            "move it away, or choose another folder with `--out`",
        )),
    }
}

/// Writes `text` at `path` (checked by [`check_own_file`]) through a temporary file renamed
/// into place: readers never see half a file, and a link put there meanwhile is replaced, not
/// followed.
pub(crate) fn write_own_file(path: &Path, text: &[u8]) -> Result<(), WriteError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".minhbach-")
        .tempfile_in(dir)
        .map_err(io(dir))?;
    tmp.write_all(text).map_err(io(tmp.path()))?;
    tmp.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replaces_only_its_own_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        let own = |b: &[u8]| b.starts_with(b"mine");
        let put = |p: &Path, text: &[u8]| {
            if check_own_file(p, text, own)? {
                write_own_file(p, text)?;
            }
            Ok::<(), WriteError>(())
        };
        put(&p, b"mine 1").unwrap();
        assert!(
            !check_own_file(&p, b"mine 1", own).unwrap(),
            "already there"
        );
        put(&p, b"mine 2").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"mine 2");
        std::fs::write(&p, b"a letter").unwrap();
        assert!(put(&p, b"mine 3").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"a letter");
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"mine, but behind a link").unwrap();
        let link = dir.path().join("b.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(put(&link, b"mine 4").is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"mine, but behind a link");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no temporary file left behind");
    }
}
