//! Which folder may be replaced by a build. A build replaces its output folder wholesale, so the
//! folder must be one minhbach made: missing, empty, or carrying the marker file a build leaves.
//! Paths are compared after resolving symlinks, so no link (in `--root`, `--out` or inside the
//! site) can point a build at the site's sources.

use super::WriteError;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The file every output folder minhbach writes carries, naming the site it was built from.
pub(crate) const MARKER: &str = ".minhbach-output";
const MARKER_HEADER: &str = "minhbach output folder";

/// Folders of the site an output may never be, contain or sit inside.
const SOURCES: [&str; 3] = ["content", "themes", ".git"];

/// The marker's text. It names no path: the output stays the same bytes wherever the site is
/// built, and a published site tells nobody where it was built.
pub(crate) fn marker_text() -> &'static str {
    concat!(
        "minhbach output folder\n",
        "`minhbach build` replaces this whole folder on every build: files added here are lost.\n",
        "Put files to publish in the site's content/files/ instead.\n",
    )
}

/// True when `dir/.minhbach-output` is a regular file (not a link) written by minhbach.
pub(crate) fn has_marker(dir: &Path) -> bool {
    let path = dir.join(MARKER);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        _ => return false,
    }
    let mut head = [0u8; MARKER_HEADER.len()];
    std::fs::File::open(&path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == MARKER_HEADER.as_bytes())
}

/// True when `dir` is a real folder (not a link) with nothing in it.
pub(crate) fn is_empty_dir(dir: &Path) -> std::io::Result<bool> {
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

/// `path` with every symlink resolved: the longest existing ancestor is canonicalized and the
/// rest (which does not exist, so holds no link) is appended. A dangling link is refused.
pub(crate) fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let abs = std::path::absolute(path).map_err(|source| WriteError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let parts: Vec<Component> = abs.components().collect();
    for k in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..k].iter().collect();
        match prefix.canonicalize() {
            Ok(mut out) => {
                for part in &parts[k..] {
                    match part {
                        Component::ParentDir => {
                            out.pop();
                        }
                        Component::Normal(name) => out.push(name),
                        _ => {}
                    }
                }
                return Ok(out);
            }
            Err(_) if std::fs::symlink_metadata(&prefix).is_ok() => {
                return Err(refused(
                    path,
                    format!(
                        "{} exists but cannot be resolved (a link to a missing place, or no permission)",
                        prefix.display()
                    ),
                    "remove or fix the link, or choose another folder",
                ));
            }
            Err(_) => {}
        }
    }
    Err(refused(
        path,
        "no part of the path exists".into(),
        "choose a folder on an existing disk",
    ))
}

pub(crate) fn refused(path: &Path, reason: String, help: &str) -> WriteError {
    WriteError::Refused {
        path: path.display().to_string(),
        reason,
        help: help.to_owned(),
    }
}

/// Refuses an output (already resolved) that is, holds or sits inside the site's sources.
pub(crate) fn check_place(out: &Path, root: &Path, given: &Path) -> Result<(), WriteError> {
    if root.starts_with(out) {
        let reason = if root == out {
            "it is the site's own folder".to_owned()
        } else {
            format!("it holds the site's folder {}", root.display())
        };
        return Err(refused(
            given,
            reason,
            "choose a folder of its own, e.g. `--out public`",
        ));
    }
    for source in SOURCES {
        // A source folder behind a broken link protects its own place.
        let protected = resolve(&root.join(source)).unwrap_or_else(|_| root.join(source));
        if out.starts_with(&protected) || protected.starts_with(out) {
            return Err(refused(
                given,
                format!(
                    "it is, holds or sits inside the site's {source}/ ({})",
                    protected.display()
                ),
                "choose a folder outside content/, themes/ and .git/, e.g. `--out public`",
            ));
        }
    }
    Ok(())
}

/// Refuses an existing output that minhbach did not write.
pub(crate) fn check_replaceable(out: &Path, given: &Path) -> Result<(), WriteError> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(WriteError::Io {
                path: out.display().to_string(),
                source,
            });
        }
    };
    if !meta.is_dir() {
        return Err(refused(
            given,
            "it is a file, not a folder".into(),
            "choose a new or empty folder, e.g. `--out public`",
        ));
    }
    let io = |source| WriteError::Io {
        path: out.display().to_string(),
        source,
    };
    if is_empty_dir(out).map_err(io)? || has_marker(out) {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = if names.len() > 3 { ", …" } else { "" };
    Err(refused(
        given,
        format!(
            "it already holds files minhbach did not write ({shown}{more}) and no {MARKER} file"
        ),
        "a build replaces its whole output folder: choose a new or empty folder, or the folder of \
         an earlier build; minhbach never deletes files it did not write",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn resolves_links_in_existing_ancestors_and_appends_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir_all(real.join("sub")).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let canon = real.canonicalize().unwrap();
        assert_eq!(
            resolve(&dir.path().join("link/sub")).unwrap(),
            canon.join("sub")
        );
        assert_eq!(
            resolve(&dir.path().join("link/new/../x")).unwrap(),
            canon.join("x")
        );
        assert_eq!(resolve(&dir.path().join("link/sub/..")).unwrap(), canon);
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling")).unwrap();
        assert!(resolve(&dir.path().join("dangling")).is_err());
    }

    #[test]
    fn only_missing_empty_or_marked_folders_are_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        assert!(check_replaceable(&p.join("missing"), p).is_ok());
        std::fs::create_dir(p.join("empty")).unwrap();
        assert!(check_replaceable(&p.join("empty"), p).is_ok());
        std::fs::create_dir(p.join("full")).unwrap();
        std::fs::write(p.join("full/letter.txt"), "keep").unwrap();
        let e = check_replaceable(&p.join("full"), p)
            .unwrap_err()
            .to_string();
        assert!(e.contains("letter.txt"), "{e}");
        std::fs::write(p.join("full").join(MARKER), "something else").unwrap();
        assert!(
            check_replaceable(&p.join("full"), p).is_err(),
            "a foreign marker"
        );
        std::fs::write(p.join("full").join(MARKER), marker_text()).unwrap();
        assert!(check_replaceable(&p.join("full"), p).is_ok());
        std::fs::write(p.join("file"), "x").unwrap();
        assert!(check_replaceable(&p.join("file"), p).is_err());
    }
}
