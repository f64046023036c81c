//! The subcommands, one file each: arguments, the library call, the report and the exit code.

mod build;
mod check;
mod import;
mod new;
mod schema;
mod serve;

use clap::{Parser, Subcommand};
use minhbach::date::Date;
use std::path::Path;
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
    Build(build::Args),
    /// Validate content without building; exit 1 on content errors
    Check(check::Args),
    /// Create a new procedure or agency file to fill in (never overwrites)
    New(new::Args),
    /// Write the JSON Schemas editors' YAML extension uses for autocomplete
    Schema(schema::Args),
    /// Preview the site on 127.0.0.1 with live reload on save
    Serve(serve::Args),
    /// Bring existing data in: Biểu 06 statistics exports, the national portal's procedure records
    Import {
        #[command(subcommand)]
        what: import::What,
    },
}

impl Command {
    /// The site's folder (`--root`).
    fn root(&self) -> &Path {
        match self {
            Command::Build(a) => &a.root,
            Command::Check(a) => &a.root,
            Command::New(a) => &a.root,
            Command::Schema(a) => &a.root,
            Command::Serve(a) => &a.root,
            Command::Import { what } => what.root(),
        }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

/// Parses the command line and runs the subcommand: exit 0 on success, 1 on content errors,
/// 2 on usage and other errors.
pub(crate) fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let root = cli.command.root();
    if !root.join("site.toml").is_file() {
        eprintln!(
            "error: {} has no site.toml\n  = help: run minhbach in the site's folder, or pass `--root DIR`",
            root.display()
        );
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Check(a) => check::run(a),
        Command::New(a) => new::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Import { what } => import::run(what),
    }
}
