//! The theme is a folder of this site, `themes/<name>/`, made of regular files: a symlink that
//! leads outside that folder (`-> /proc/self/environ`) or a special file is an error, decided
//! after resolving every symlink. `check` reports each such file; the renderer applies the same rule.

use crate::diag::{Diagnostic, Pos};
use std::path::{Path, PathBuf};

/// Why a theme file may not be read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// It resolves to this path, outside the site.
    Outside(PathBuf),
    /// A folder, device, pipe or socket where a file was expected.
    NotRegular,
    /// It cannot be resolved (a broken symlink, no permission).
    Unreadable(std::io::Error),
}

impl Refusal {
    pub(crate) fn message(&self) -> String {
        match self {
            Refusal::Outside(target) => format!(
                "this theme file leads outside its theme folder (to {})",
                target.display()
            ),
            Refusal::NotRegular => "this theme file is not a regular file".into(),
            Refusal::Unreadable(e) => format!("this theme file cannot be read: {e}"),
        }
    }
}

/// `path`, resolved, when it is a regular file inside `root` (which must be resolved).
pub(crate) fn regular_file_inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let resolved = std::fs::canonicalize(path).map_err(Refusal::Unreadable)?;
    if !resolved.starts_with(root) {
        return Err(Refusal::Outside(resolved));
    }
    let meta = std::fs::metadata(&resolved).map_err(Refusal::Unreadable)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    Ok(resolved)
}

/// Checks the theme named in `site.toml`; an invalid name has been reported there already.
pub fn check(root: &Path, name: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !crate::text::is_valid_id(name) {
        return out;
    }
    let rel_dir = format!("themes/{name}");
    let dir = root.join("themes").join(name);
    let Ok(root_canon) = std::fs::canonicalize(root) else {
        return out;
    };
    if std::fs::symlink_metadata(&dir).is_err() {
        if name != "default" {
            out.push(
                Diagnostic::error(
                    "site.toml",
                    Pos { line: 1, col: 1 },
                    format!("theme `{name}` not found: there is no folder {rel_dir}/"),
                )
                .help(
                    "create the folder, or set `[theme] name = \"default\"` (the built-in theme)",
                ),
            );
        }
        return out;
    }
    let dir_canon = match std::fs::canonicalize(&dir) {
        Ok(d) if d.starts_with(&root_canon) && d.is_dir() => d,
        Ok(d) => {
            out.push(
                Diagnostic::error(&rel_dir, Pos { line: 1, col: 1 }, format!("the theme folder leads outside the site (to {})", d.display()))
                    .help("put the theme's files in a real folder themes/<name>/ of the site, not a link to another place"),
            );
            return out;
        }
        Err(e) => {
            out.push(Diagnostic::error(
                &rel_dir,
                Pos { line: 1, col: 1 },
                format!("the theme folder cannot be read: {e}"),
            ));
            return out;
        }
    };
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.push(Diagnostic::error(
                    &rel_dir,
                    Pos { line: 1, col: 1 },
                    format!("cannot read the theme: {e}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::load::rel(root, entry.path());
        if let Err(refusal) = regular_file_inside(&dir_canon, entry.path()) {
            out.push(
                Diagnostic::error(&rel, Pos { line: 1, col: 1 }, refusal.message())
                    .help("theme files are published or run at build time: copy the file into the theme folder instead of linking to it"),
            );
        }
    }
    out
}
