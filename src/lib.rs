//! minhbach: a static site generator for public administrative procedures.
//!
//! The pipeline runs one way: `load` → `validate` → `render` → `write`.
//! [`check`] runs the first two; [`build`] all of them.

pub mod cms;
pub mod config;
pub mod date;
pub(crate) mod derive;
pub mod diag;
pub mod history;
pub mod import;
pub mod json;
pub mod load;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stats;
pub mod text;
pub mod url;
pub mod validate;
pub mod write;

use config::Config;
use date::Date;
use diag::Diagnostics;
use model::Content;
use std::path::{Path, PathBuf};

/// A loaded and validated site.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    pub diagnostics: Diagnostics,
}

/// Loads and validates the site at `root`. Problems in content are diagnostics,
/// never errors: every one of them is collected.
pub fn check(root: &Path, today: Option<Date>) -> Site {
    let mut diagnostics = Diagnostics::default();
    let (config, config_diags) = Config::load_all(root);
    diagnostics.extend(config_diags);
    let (content, load_diags) = load::load(root);
    diagnostics.extend(load_diags.items);
    let rules = validate::Rules {
        today: today.unwrap_or_else(|| config.today()),
        stale_after_days: config.stale_after_days,
    };
    diagnostics.extend(validate::validate(&content, &rules, root).items);
    diagnostics.extend(validate::theme::check(root, &config.theme.name));
    diagnostics.extend(render::outputs::collisions(&content, &config, root));
    diagnostics.sort();
    Site {
        config,
        content,
        diagnostics,
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when unset.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub today: Option<Date>,
    /// Inject the live-reload script (for `serve`).
    pub live_reload: bool,
    /// Change history from git.
    pub history: history::Mode,
}

#[derive(Debug)]
pub struct BuildReport {
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    /// Time spent building the search index (part of the build).
    pub search_index: std::time::Duration,
    pub diagnostics: Diagnostics,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{} error(s) in content", .0.error_count())]
    Content(Diagnostics),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error("`--base-url {0}`: {1}")]
    BaseUrl(String, String),
    #[error("history is required but cannot be read: {0} ({help})", help = .0.help())]
    History(history::HistoryError),
}

impl BuildError {
    /// Exit code of the command line: 1 for content errors, 2 for the rest.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Content(_) => 1,
            _ => 2,
        }
    }
}

/// Checks, then renders into a staging folder that replaces the output only on success.
/// The output folder is checked first: one minhbach did not write is refused before any work.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    if let Some(b) = &opts.base_url {
        if let Err(p) = url::check(b, url::Allow::Base) {
            return Err(BuildError::BaseUrl(
                diag::shown(b),
                format!("{} ({})", p.message, p.help),
            ));
        }
    }
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let target = write::Target::prepare(&out, &opts.root)?;
    let site = check(&opts.root, opts.today);
    if site.diagnostics.has_errors() {
        return Err(BuildError::Content(site.diagnostics));
    }
    let mut diagnostics = site.diagnostics;
    let history = match opts.history {
        history::Mode::Off => None,
        mode => match history::collect(&opts.root, site.config.utc_offset_minutes()) {
            Ok(Some(h)) => Some(h),
            Ok(None) if mode == history::Mode::Require => {
                return Err(BuildError::History(history::HistoryError::NoGit));
            }
            Ok(None) => None,
            Err(e) if mode == history::Mode::Require => return Err(BuildError::History(e)),
            Err(e) => {
                diagnostics.push(
                    diag::Diagnostic::warning(
                        "content/procedures",
                        diag::Pos::default(),
                        format!("change history left out: {e}"),
                    )
                    .help(e.help()),
                );
                None
            }
        },
    };
    let staging = write::Staging::create(target)?;
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.base_url.clone());
    let render_opts = render::RenderOptions {
        root: &opts.root,
        config: &site.config,
        base_url: &base_url,
        live_reload: opts.live_reload,
        notes: &diagnostics.items,
        history: history.as_ref(),
        today: opts.today.unwrap_or_else(|| site.config.today()),
    };
    let stats = render::render(&site.content, &render_opts, &staging)?;
    if let Some(cms) = &site.config.cms {
        let base = config::base_path(&base_url);
        for (name, bytes) in
            cms::published_files(&opts.root, cms, &base).map_err(render::RenderError::from)?
        {
            staging.write(&format!("admin/{name}"), &bytes)?;
        }
    }
    let out = staging.commit()?;
    Ok(BuildReport {
        out,
        pages: stats.pages,
        files: stats.files,
        search_index: stats.search_index,
        diagnostics,
    })
}
