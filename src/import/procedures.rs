//! `minhbach import procedures`: the national portal's procedure records (the Word download, or
//! the JSON record) into `content/procedures/<field>/<slug>.yaml`.

use super::{ImportError, Outcome};
use std::path::PathBuf;

/// Options of `minhbach import procedures`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// Replace what the record holds in an existing file, keeping what editors added.
    pub update: bool,
    /// The import date (`last_checked`); today when unset.
    pub today: Option<crate::date::Date>,
}

pub fn run(opts: &Options) -> Result<Outcome, ImportError> {
    let _ = opts;
    Err(ImportError::Usage(
        "`import procedures` is not available yet".into(),
    ))
}
