//! `minhbach new`.

use clap::ValueEnum;
use minhbach::date::Date;
use minhbach::scaffold::{self, Kind};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(value_enum)]
    kind: NewKind,
    /// File name without .yaml: the procedure's address or the agency's id
    name: String,
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Procedure,
    Agency,
}

pub(crate) fn run(a: Args) -> ExitCode {
    let kind = match a.kind {
        NewKind::Procedure => Kind::Procedure,
        NewKind::Agency => Kind::Agency,
    };
    let today = match a.today.map_or_else(
        || minhbach::config::Config::load(&a.root).map(|c| c.today()),
        Ok,
    ) {
        Ok(d) => d,
        Err(d) => {
            eprint!("{}", minhbach::diag::render_one(*d));
            return ExitCode::from(1);
        }
    };
    match scaffold::new(&a.root, kind, &a.name, today) {
        Ok(path) => {
            eprintln!(
                "wrote {}: fill in the empty values, then run `minhbach check`",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
