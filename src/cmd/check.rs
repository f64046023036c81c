//! `minhbach check`.

use clap::ValueEnum;
use minhbach::date::Date;
use minhbach::diag::{self, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Github,
}

pub(crate) fn run(a: Args) -> ExitCode {
    let site = minhbach::check(&a.root, a.today);
    let format = match a.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Github => Format::Github,
    };
    let text = match diag::try_render(&site.diagnostics, format) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if format == Format::Human {
        eprint!("{text}")
    } else {
        print!("{text}")
    }
    if site.diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
