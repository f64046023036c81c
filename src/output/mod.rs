//! Atomic output: everything is written to a staging folder beside the output
//! folder and swapped in only when the whole build succeeded. A failed build
//! leaves the previous output untouched; a killed one is put right by the next
//! run (see [`swap`]). Only a folder minhbach wrote is ever replaced (see [`guard`]).
//! [`ownership`] says which source owns each output path.

pub(crate) mod guard;
pub mod ownership;
mod swap;

pub(crate) use guard::MARKER;

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "refusing to use {path} as the output folder: {reason}; nothing was moved or deleted\n  = help: {help}"
    )]
    Refused {
        path: String,
        reason: String,
        help: String,
    },
    #[error("refusing to overwrite {path}: {reason}; nothing was changed\n  = help: {help}")]
    RefusedFile {
        path: String,
        reason: String,
        help: String,
    },
    #[error("refusing to write {0}: the path would leave the output folder")]
    UnsafePath(String),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// An output folder that a build may replace: resolved, checked, and recovered from any
/// earlier build that was killed. Prepare it before the (slow) build so a wrong `--out` fails
/// at once.
#[derive(Debug)]
pub struct Target {
    places: swap::Places,
}

impl Target {
    /// Refuses (exit 2, nothing touched) an output that is, holds or sits inside the site's
    /// folder, `content/`, `themes/` or `.git/`, or that holds files minhbach did not write.
    pub fn prepare(out: &Path, root: &Path) -> Result<Target, WriteError> {
        let root = root.canonicalize().map_err(io(root))?;
        let target = guard::resolve(out)?;
        guard::check_place(&target, &root, out)?;
        let places = swap::Places::beside(target).ok_or_else(|| {
            guard::refused(
                out,
                "it is the top of the file system".into(),
                "choose a folder of its own",
            )
        })?;
        swap::recover(&places)?;
        guard::check_replaceable(&places.target, out)?;
        Ok(Target { places })
    }

    /// The output folder, symlinks resolved.
    pub fn path(&self) -> &Path {
        &self.places.target
    }
}

/// A staging folder that becomes the output folder on `commit`, and is
/// removed when dropped uncommitted.
#[derive(Debug)]
pub struct Staging {
    places: swap::Places,
    committed: bool,
}

impl Staging {
    /// Prepares `target` (see [`Target::prepare`]) and a staging folder for it.
    pub fn new(target: &Path, root: &Path) -> Result<Staging, WriteError> {
        Staging::create(Target::prepare(target, root)?)
    }

    /// Creates the staging folder for a prepared output, marked from its first moment.
    pub fn create(target: Target) -> Result<Staging, WriteError> {
        let places = target.places;
        if let Some(parent) = places.staging.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::create_dir(&places.staging).map_err(io(&places.staging))?;
        let staging = Staging {
            places,
            committed: false,
        };
        let marker = staging.places.staging.join(guard::MARKER);
        std::fs::write(&marker, guard::marker_text()).map_err(io(&marker))?;
        swap::kill_point("staging-created");
        Ok(staging)
    }

    pub fn dir(&self) -> &Path {
        &self.places.staging
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.inside(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))
    }

    /// `rel` under the staging folder; never a path that could leave it.
    fn inside(&self, rel: &str) -> Result<std::path::PathBuf, WriteError> {
        let p = Path::new(rel);
        if p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
            && p != Path::new(guard::MARKER)
        {
            Ok(self.places.staging.join(p))
        } else {
            Err(WriteError::UnsafePath(rel.to_owned()))
        }
    }

    /// Copies a file into the output (hard link when possible: no bytes copied).
    pub fn copy(&self, rel: &str, source: &Path) -> Result<(), WriteError> {
        let path = self.inside(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::copy(source, &path).map(|_| ()).map_err(io(source))
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(mut self) -> Result<PathBuf, WriteError> {
        swap::swap(&self.places)?;
        self.committed = true;
        Ok(self.places.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = swap::remove_ours(&self.places.staging, None);
        }
    }
}
