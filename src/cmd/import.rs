//! `minhbach import stats|procedures`.

use clap::Subcommand;
use minhbach::date::Date;
use minhbach::diag::{self, Format};
use minhbach::import::{self, Outcome};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub(crate) enum What {
    /// A Biểu số 06 report (.xlsx, .xls, HTML table, CSV) into content/stats/<year>/<period>.csv
    Stats {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The report's month, YYYY-MM (when the title block does not say it)
        #[arg(long)]
        period: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Overwrite an existing statistics file
        #[arg(long)]
        force: bool,
    },
    /// The national portal's procedure records (Word download or JSON) into content/procedures/
    Procedures {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Update existing files: replace what the record holds, keep what editors added
        #[arg(long)]
        update: bool,
        /// Import date YYYY-MM-DD, written as last_checked (default: today)
        #[arg(long, value_parser = super::parse_date)]
        today: Option<Date>,
    },
}

impl What {
    pub(crate) fn root(&self) -> &Path {
        match self {
            What::Stats { root, .. } | What::Procedures { root, .. } => root,
        }
    }
}

pub(crate) fn run(what: What) -> ExitCode {
    let result = match what {
        What::Stats {
            files,
            period,
            root,
            force,
        } => import::stats::run(&import::stats::Options {
            root,
            files,
            period,
            force,
        }),
        What::Procedures {
            files,
            root,
            update,
            today,
        } => import::procedures::run(&import::procedures::Options {
            root,
            files,
            update,
            today,
        }),
    };
    match result {
        Ok(outcome) => report(&outcome),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints what an import did; exit 1 when it found errors (as `check`).
fn report(outcome: &Outcome) -> ExitCode {
    if !outcome.diagnostics.items.is_empty() {
        eprint!("{}", diag::render(&outcome.diagnostics, Format::Human));
    }
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    if outcome.diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
