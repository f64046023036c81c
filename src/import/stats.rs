//! `minhbach import stats`: a Biểu số 06 report (.xlsx, .xls, HTML table, CSV) into
//! `content/stats/<year>/<period>.csv`.

use super::{ImportError, Outcome};
use std::path::{Path, PathBuf};

/// Options of `minhbach import stats`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// `YYYY-MM`, when the title block does not say (or to confirm it).
    pub period: Option<String>,
    /// Overwrite an existing statistics file.
    pub force: bool,
}

pub fn run(opts: &Options) -> Result<Outcome, ImportError> {
    let _ = Path::new(&opts.root);
    Err(ImportError::Usage(
        "`import stats` is not available yet".into(),
    ))
}
