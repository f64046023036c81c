//! `minhbach import`: brings existing data in — Biểu 06 statistics exports and the national
//! portal's procedure records — as content files that `check` accepts.
//!
//! Importers read foreign files, map them onto the content model and write YAML/CSV under
//! `content/`. Every problem is a located diagnostic; nothing from the source is dropped without
//! one.

pub mod procedures;
pub mod stats;

use crate::diag::Diagnostics;
use std::path::PathBuf;

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Problems found, with file, sheet/row or line.
    pub diagnostics: Diagnostics,
    /// Files written under `content/`.
    pub written: Vec<PathBuf>,
    /// Lines for the closing summary (values left to the editor, judgement calls).
    pub notes: Vec<String>,
}

/// Errors that stop an import before it reads content (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    /// site.toml cannot be read (its diagnostic, rendered).
    #[error("{0}")]
    Config(String),
}
