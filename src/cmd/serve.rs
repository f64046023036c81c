//! `minhbach serve`.

use minhbach::date::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    port: u16,
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
}

pub(crate) fn run(a: Args) -> ExitCode {
    match minhbach::serve::serve(&a.root, a.port, a.today) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
