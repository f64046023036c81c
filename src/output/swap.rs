//! The swap of a finished staging folder into place, and recovery from a build killed at any
//! point of it.
//!
//! Beside the output `<dir>/<name>` a build uses two folders with fixed names, each carrying the
//! marker file from its first moment to its last:
//! - `<dir>/.<name>.minhbach-staging`: the new site being written;
//! - `<dir>/.<name>.minhbach-old`: the previous site, between the two renames of the swap.
//!
//! The swap is: rename output → old; rename staging → output; remove old. A folder is removed
//! marker last, so a half-removed folder still has its marker or is empty. [`recover`] runs
//! before every build: an old folder with no output is renamed back (the previous site is
//! restored), an old folder beside an output is removed (the new site is complete), a staging
//! folder is removed. Whatever the point of a kill, the next run finds the previous site or the
//! new complete one, and no leftovers pile up.

use super::WriteError;
use super::guard::{MARKER, has_marker, is_empty_dir, refused};
use std::path::{Path, PathBuf};

/// The output folder (resolved) and the two folders the swap uses beside it.
#[derive(Debug, Clone)]
pub(crate) struct Places {
    pub target: PathBuf,
    pub staging: PathBuf,
    pub old: PathBuf,
}

impl Places {
    pub(crate) fn beside(target: PathBuf) -> Option<Places> {
        let name = target.file_name()?.to_string_lossy().into_owned();
        let parent = target.parent()?;
        Some(Places {
            staging: parent.join(format!(".{name}.minhbach-staging")),
            old: parent.join(format!(".{name}.minhbach-old")),
            target,
        })
    }
}

/// The only place a test can make the process die, named by the step it dies after. Set
/// `MINHBACH_TEST_KILL_AT=<step>`; the process then exits at once, running no destructor, as
/// a kill would.
pub(crate) fn kill_point(step: &str) {
    if std::env::var_os("MINHBACH_TEST_KILL_AT").is_some_and(|v| v == step) {
        eprintln!("MINHBACH_TEST_KILL_AT: stopping after {step}");
        std::process::exit(137);
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// True when `dir` is a folder a build made: a real folder with the marker, or empty.
fn is_ours(dir: &Path) -> Result<bool, WriteError> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(has_marker(dir) || is_empty_dir(dir).map_err(io(dir))?),
        Ok(_) => Ok(false),
        Err(e) => Err(io(dir)(e)),
    }
}

fn not_ours(path: &Path) -> WriteError {
    refused(
        path,
        "it has the name of minhbach's working folder but minhbach did not write it".into(),
        "move it away (minhbach never deletes files it did not write), then build again",
    )
}

/// Removes a folder a build made, marker last: a kill midway leaves it marked or empty.
pub(crate) fn remove_ours(dir: &Path, step: Option<&str>) -> Result<(), WriteError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow links, and `remove_dir_all` never follows one inside.
        let is_dir = entry.file_type().map_err(io(&path))?.is_dir();
        if is_dir {
            std::fs::remove_dir_all(&path).map_err(io(&path))?;
        } else {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    if let Some(step) = step {
        kill_point(&format!("{step}-emptied"));
    }
    let marker = dir.join(MARKER);
    match std::fs::remove_file(&marker) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&marker)(e)),
    }
    if let Some(step) = step {
        kill_point(&format!("{step}-unmarked"));
    }
    std::fs::remove_dir(dir).map_err(io(dir))
}

/// Puts things right after a build that was killed: see the module documentation.
pub(crate) fn recover(places: &Places) -> Result<(), WriteError> {
    if exists(&places.old) {
        if !is_ours(&places.old)? {
            return Err(not_ours(&places.old));
        }
        if exists(&places.target) {
            // Killed after the new site was in place: it is complete.
            remove_ours(&places.old, None)?;
        } else {
            // Killed between the two renames: bring the previous site back.
            std::fs::rename(&places.old, &places.target).map_err(io(&places.old))?;
            eprintln!(
                "note: an earlier build was interrupted; restored the previous site in {}",
                places.target.display()
            );
        }
    }
    if exists(&places.staging) {
        if !is_ours(&places.staging)? {
            return Err(not_ours(&places.staging));
        }
        remove_ours(&places.staging, None)?;
    }
    Ok(())
}

/// Swaps the finished staging folder in place of the output.
pub(crate) fn swap(places: &Places) -> Result<(), WriteError> {
    kill_point("rendered");
    let had_old = exists(&places.target);
    // The output was checked before the build; whatever appeared there since must be ours too.
    if had_old && !is_ours(&places.target)? && !is_empty_dir(&places.target).unwrap_or(false) {
        return Err(not_ours(&places.target));
    }
    if had_old {
        std::fs::rename(&places.target, &places.old).map_err(io(&places.target))?;
        kill_point("old-moved");
    }
    if let Err(e) = std::fs::rename(&places.staging, &places.target) {
        if had_old {
            let _ = std::fs::rename(&places.old, &places.target);
        }
        return Err(io(&places.staging)(e));
    }
    kill_point("new-moved");
    if had_old {
        remove_ours(&places.old, Some("old"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that someone fills at the output path while the build renders (it was missing
    /// when the build checked it) is not swapped away: the swap refuses and the files stay.
    #[test]
    fn a_folder_made_at_the_output_during_the_build_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let places = Places::beside(dir.path().join("public")).unwrap();
        std::fs::create_dir(&places.staging).unwrap();
        std::fs::write(
            places.staging.join(MARKER),
            super::super::guard::marker_text(),
        )
        .unwrap();
        std::fs::create_dir(&places.target).unwrap();
        std::fs::write(places.target.join("report.pdf"), "keep").unwrap();
        assert!(swap(&places).is_err());
        assert_eq!(
            std::fs::read_to_string(places.target.join("report.pdf")).unwrap(),
            "keep"
        );
        assert!(!exists(&places.old));
    }
}
