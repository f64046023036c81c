//! The command line: parses arguments, calls the library, reports.

use clap::{Parser, Subcommand, ValueEnum};
use minhbach::date::Date;
use minhbach::diag::{self, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Static site generator for public administrative procedures"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (swapped in only when the whole build succeeds)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL, e.g. https://dichvucong.example.gov.vn/sub/ (overrides site.toml)
        #[arg(long)]
        base_url: Option<String>,
        /// Reference date YYYY-MM-DD for staleness and statistics (default: today)
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Change history from git: auto (when complete), require (fail on a shallow clone), off
        #[arg(long, value_enum, default_value_t = HistoryArg::Auto)]
        history: HistoryArg,
    },
    /// Validate content without building; exit 1 on content errors
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Create a new procedure or agency file to fill in (never overwrites)
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// File name without .yaml: the procedure's address or the agency's id
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Write the JSON Schemas editors' YAML extension uses for autocomplete
    Schema {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/schemas]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Preview the site on 127.0.0.1 with live reload on save
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Bring existing data in: Biểu 06 statistics exports, the national portal's procedure records
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
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
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryArg {
    Auto,
    Require,
    Off,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Procedure,
    Agency,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Github,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let root = match &cli.command {
        Command::Build { root, .. }
        | Command::Check { root, .. }
        | Command::Serve { root, .. }
        | Command::New { root, .. }
        | Command::Schema { root, .. }
        | Command::Import {
            what: ImportWhat::Stats { root, .. } | ImportWhat::Procedures { root, .. },
        } => root,
    };
    if !root.join("site.toml").is_file() {
        eprintln!(
            "error: {} has no site.toml\n  = help: run minhbach in the site's folder, or pass `--root DIR`",
            root.display()
        );
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            today,
            history,
        } => {
            let opts = minhbach::BuildOptions {
                root,
                out,
                base_url,
                today,
                live_reload: false,
                history: match history {
                    HistoryArg::Auto => minhbach::history::Mode::Auto,
                    HistoryArg::Require => minhbach::history::Mode::Require,
                    HistoryArg::Off => minhbach::history::Mode::Off,
                },
            };
            match minhbach::build(&opts) {
                Ok(report) => {
                    if !report.diagnostics.items.is_empty() {
                        eprint!("{}", diag::render(&report.diagnostics, Format::Human));
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
                    eprintln!(
                        "build failed: nothing was written; the previous output is unchanged"
                    );
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Check {
            root,
            today,
            format,
        } => {
            let site = minhbach::check(&root, today);
            let format = match format {
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
        Command::New {
            kind,
            name,
            root,
            today,
        } => {
            let kind = match kind {
                NewKind::Procedure => minhbach::scaffold::Kind::Procedure,
                NewKind::Agency => minhbach::scaffold::Kind::Agency,
            };
            let today = match today.map_or_else(
                || minhbach::config::Config::load(&root).map(|c| c.today()),
                Ok,
            ) {
                Ok(d) => d,
                Err(d) => {
                    eprint!("{}", diag::render_one(*d));
                    return ExitCode::from(1);
                }
            };
            match minhbach::scaffold::new(&root, kind, &name, today) {
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
        Command::Schema { root, out } => {
            let dir = out.unwrap_or_else(|| root.join("schemas"));
            match minhbach::schema::write(&dir) {
                Ok(paths) => {
                    for p in paths {
                        eprintln!("wrote {}", p.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Import { what } => {
            let result = match what {
                ImportWhat::Stats {
                    files,
                    period,
                    root,
                    force,
                } => minhbach::import::stats::run(&minhbach::import::stats::Options {
                    root,
                    files,
                    period,
                    force,
                }),
                ImportWhat::Procedures {
                    files,
                    root,
                    update,
                    today,
                } => minhbach::import::procedures::run(&minhbach::import::procedures::Options {
                    root,
                    files,
                    update,
                    today,
                }),
            };
            match result {
                Ok(outcome) => report_import(&outcome),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Serve { root, port, today } => match minhbach::serve::serve(&root, port, today) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// Prints what an import did; exit 1 when it found errors (as `check`).
fn report_import(outcome: &minhbach::import::Outcome) -> ExitCode {
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
