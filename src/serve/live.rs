//! The output folder of `serve`, written in place: each file is written beside its place
//! under a hidden name and renamed over it, so the preview never serves half a file.

use crate::output::WriteError;
use crate::render::sink::Output;
use std::path::{Component, Path, PathBuf};

pub(crate) struct Live {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Live {
    pub(crate) fn new(dir: &Path) -> Live {
        Live {
            dir: dir.to_owned(),
        }
    }

    /// `rel` under the folder; never a path that could leave it, nor the output's marker.
    fn inside(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if p.components().all(|c| matches!(c, Component::Normal(_)))
            && p != Path::new(crate::output::MARKER)
        {
            Ok(self.dir.join(p))
        } else {
            Err(WriteError::UnsafePath(rel.to_owned()))
        }
    }

    fn place(
        &self,
        rel: &str,
        fill: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        let path = self.inside(rel)?;
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let temp = parent.join(format!(".{name}.minhbach-new"));
        fill(&temp).map_err(io(&temp))?;
        std::fs::rename(&temp, &path).map_err(io(&path))
    }

    /// Removes outputs whose source is gone, and the folders they leave empty.
    pub(crate) fn remove(&self, rels: &[String]) -> Result<(), WriteError> {
        for rel in rels {
            let path = self.inside(rel)?;
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == self.dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

impl Output for Live {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.place(rel, |temp| std::fs::write(temp, bytes))
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<(), WriteError> {
        self.place(rel, |temp| std::fs::copy(source, temp).map(|_| ()))
    }
}
