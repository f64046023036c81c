//! `minhbach schema`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Output folder [default: ROOT/schemas]
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn run(a: Args) -> ExitCode {
    let dir = a.out.unwrap_or_else(|| a.root.join("schemas"));
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
