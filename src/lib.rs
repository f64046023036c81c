//! minhbach: a static site generator for public administrative procedures.
//!
//! The pipeline runs one way: `load` → `validate` → `derive` → `render` → `output`.
//! [`check`] runs the first two; [`build`] all of them.

pub mod cms;
pub mod config;
pub mod date;
pub(crate) mod derive;
pub mod diag;
pub(crate) mod hash;
pub mod import;
pub mod json;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub(crate) mod search;
pub mod serve;
pub(crate) mod text;
pub mod timing;
pub(crate) mod url;
pub(crate) mod validate;
pub(crate) mod write;

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
    let (config, config_diags) = Config::load_all(root);
    let (content, load_diags) = load::load(root);
    let diagnostics = diagnose(root, today, &config, config_diags, &content, load_diags);
    Site {
        config,
        content,
        diagnostics,
    }
}

/// Stage 2: everything `check` reports about loaded content, with what loading reported,
/// sorted.
pub(crate) fn diagnose(
    root: &Path,
    today: Option<Date>,
    config: &Config,
    config_diags: Vec<diag::Diagnostic>,
    content: &Content,
    load_diags: Diagnostics,
) -> Diagnostics {
    validate::memo::Memo::default().diagnose(
        root,
        today,
        config,
        config_diags,
        content,
        load_diags,
        &load::cache::Changes::all(),
    )
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
    pub history: load::history::Mode,
}

#[derive(Debug)]
pub struct BuildReport {
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    /// Time spent building the search index (part of the build).
    pub search_index: std::time::Duration,
    pub diagnostics: Diagnostics,
    /// Each stage's time and the peak memory when it ended, in order.
    pub stages: Vec<timing::Stage>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{} error(s) in content", .0.error_count())]
    Content(Diagnostics),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Write(#[from] output::WriteError),
    #[error("`--base-url {0}`: {1}")]
    BaseUrl(String, String),
    #[error("history is required but cannot be read: {0} ({help})", help = .0.help())]
    History(load::history::HistoryError),
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

/// Stages 4 and 5: derives the site's indexes, renders every output whose key differs from
/// the last render's (`previous`) into `out`, and adds the CMS's files.
pub(crate) fn render_site(
    config: &Config,
    content: &Content,
    diagnostics: &Diagnostics,
    history: Option<&derive::history::History>,
    opts: &BuildOptions,
    out: &dyn render::sink::Output,
    previous: &render::Previous,
) -> Result<render::Rendered, BuildError> {
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| config.base_url.clone());
    let today = opts.today.unwrap_or_else(|| config.today());
    let derive_started = std::time::Instant::now();
    let derived = derive::derive(content, &opts.root, today, previous.derived.as_ref());
    let derive_stage = timing::Stage::since("derive", derive_started);
    let render_opts = render::RenderOptions {
        root: &opts.root,
        config,
        base_url: &base_url,
        live_reload: opts.live_reload,
        notes: &diagnostics.items,
        history,
        today,
    };
    let mut rendered = render::render(content, &derived, &render_opts, out, previous)?;
    rendered.timings.insert(0, derive_stage);
    rendered.derived = Some(derived);
    if let Some(cms) = &config.cms {
        let base = config::base_path(&base_url);
        for (name, bytes) in
            cms::published_files(&opts.root, cms, &base).map_err(render::RenderError::from)?
        {
            out.write(&format!("admin/{name}"), &bytes)?;
        }
    }
    Ok(rendered)
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
    let target = output::Target::prepare(&out, &opts.root)?;
    let mut laps = timing::Laps::start();
    // History's git commands need nothing from the content: they run while it loads.
    let (site, scanned) = std::thread::scope(|s| {
        let scan = s.spawn(|| load::history::scan(&opts.root, opts.history));
        let site = check(&opts.root, opts.today);
        let scanned = scan.join().unwrap_or_else(|_| {
            Err(load::history::HistoryError::Git(
                "reading it stopped".into(),
            ))
        });
        (site, scanned)
    });
    if site.diagnostics.has_errors() {
        return Err(BuildError::Content(site.diagnostics));
    }
    let mut site = site;
    // Only the checks read the references (about ten a procedure): freed before rendering.
    site.content.references = Vec::new();
    laps.lap("load and check");
    let mut diagnostics = site.diagnostics;
    let history = load::history::read_for(
        &opts.root,
        opts.history,
        scanned,
        site.config.utc_offset_minutes(),
        &site.content.procedures,
        &mut diagnostics,
    )
    .map_err(BuildError::History)?
    .map(derive::history::changes);
    laps.lap("history");
    let staging = output::Staging::create(target)?;
    let mut rendered = render_site(
        &site.config,
        &site.content,
        &diagnostics,
        history.as_ref(),
        opts,
        &staging,
        &render::Previous::default(),
    )?;
    let started = std::time::Instant::now();
    let out = staging.commit()?;
    let mut stages = laps.stages();
    stages.append(&mut rendered.timings);
    stages.push(timing::Stage::since("commit", started));
    let report = BuildReport {
        out,
        pages: rendered.counts.pages,
        files: site.content.files.len(),
        search_index: rendered.search_index,
        diagnostics,
        stages,
    };
    drop_aside((site.content, site.config, rendered, history));
    Ok(report)
}

/// Frees `value` on a thread of its own, so the caller need not wait: freeing a
/// 100,000-procedure site took half a second on one core after its output was already
/// in place. A process that exits before it is done leaves the rest to the system.
fn drop_aside<T: Send + 'static>(value: T) {
    // When no thread can be started, `spawn` drops the closure on this thread: freed here.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}
