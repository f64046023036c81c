//! Atomic output: everything is written to a staging folder beside the output
//! folder and swapped in only when the whole build succeeded. A failed build
//! leaves the previous output untouched.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("refusing to use {0} as the output folder: it contains the site's sources")]
    UnsafeOutput(String),
    #[error("refusing to write {0}: the path would leave the output folder")]
    UnsafePath(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A staging folder that becomes the output folder on `commit`, and is
/// removed when dropped uncommitted.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a staging folder for `target`. `root` is the site's source folder,
    /// which the output may never contain or replace.
    pub fn new(target: &Path, root: &Path) -> Result<Staging, WriteError> {
        let target = absolute(target);
        let root = absolute(root);
        if root.starts_with(&target)
            || target.starts_with(root.join("content"))
            || target.starts_with(root.join("themes"))
        {
            return Err(WriteError::UnsafeOutput(target.display().to_string()));
        }
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Staging {
            dir,
            target,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
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
        {
            Ok(self.dir.join(p))
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
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(io(&old))?;
            }
            std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.dir)(e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
