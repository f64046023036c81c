//! `minhbach build`.

use clap::ValueEnum;
use minhbach::date::Date;
use minhbach::diag::{self, Format};
use minhbach::load::history::Mode;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Output folder [default: ROOT/public]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Base URL, e.g. https://dichvucong.example.gov.vn/sub/ (overrides site.toml)
    #[arg(long)]
    base_url: Option<String>,
    /// Reference date YYYY-MM-DD for staleness and statistics (default: today)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Change history from git: auto (when complete), require (fail on a shallow clone), off
    #[arg(long, value_enum, default_value_t = HistoryArg::Auto)]
    history: HistoryArg,
    /// Print each stage's time and the peak memory when it ended
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryArg {
    Auto,
    Require,
    Off,
}

pub(crate) fn run(a: Args) -> ExitCode {
    let opts = minhbach::BuildOptions {
        root: a.root,
        out: a.out,
        base_url: a.base_url,
        today: a.today,
        live_reload: false,
        history: match a.history {
            HistoryArg::Auto => Mode::Auto,
            HistoryArg::Require => Mode::Require,
            HistoryArg::Off => Mode::Off,
        },
    };
    match minhbach::build(&opts) {
        Ok(report) => {
            if !report.diagnostics.items.is_empty() {
                eprint!("{}", diag::render(&report.diagnostics, Format::Human));
            }
            if a.timings {
                eprint!("{}", timings(&report.stages));
            }
            eprintln!(
                "built {} pages and {} files into {} (search index: {} ms)",
                report.pages,
                report.files,
                report.out.display(),
                report.search_index.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(minhbach::BuildError::Content(diags)) => {
            eprint!("{}", diag::render(&diags, Format::Human));
            eprintln!("build failed: nothing was written; the previous output is unchanged");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// One line a stage: its name, its time and the peak memory when it ended.
fn timings(stages: &[minhbach::timing::Stage]) -> String {
    let mut out = String::from("stage                    ms  peak MiB\n");
    for s in stages {
        let peak = s.peak_mib.map_or_else(|| "-".to_owned(), |p| p.to_string());
        out.push_str(&format!(
            "{:<20} {:>6}  {:>8}\n",
            s.name,
            s.took.as_millis(),
            peak
        ));
    }
    out
}
