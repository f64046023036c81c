//! One preview session: the site as last loaded and rendered, kept in memory between
//! saves so that a save decodes only the changed files and renders only the outputs
//! whose inputs changed (the keys of [`crate::render::sink`]). The result is the same,
//! byte for byte, as a full build of the same files with the same options.
//!
//! A change outside `content/` (site.toml, the theme, the schemas) renders everything
//! again through a staging folder, as `build` does; so does the first save after an
//! incremental render that failed half-way.

use super::live::Live;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::cache::{Cache, Changes};
use crate::model::Content;
use crate::render::Previous;
use crate::validate::memo::Memo;
use crate::{BuildError, BuildOptions};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct Session {
    opts: BuildOptions,
    out: PathBuf,
    config: Option<Config>,
    config_diags: Vec<Diagnostic>,
    cache: Cache,
    content: Content,
    /// What the last check found, kept for the files a save did not change.
    checks: Memo,
    /// What the output folder holds (an empty memo before the first good render).
    previous: Previous,
    /// Whether the output folder is exactly what `memo` says (false after a render that
    /// failed half-way).
    in_step: bool,
}

/// What one update did.
#[derive(Debug)]
pub struct Update {
    /// Pages the site has.
    pub pages: usize,
    /// Outputs rendered and written by this update.
    pub written: usize,
    /// Outputs left as they were.
    pub kept: usize,
    /// Outputs removed (their source is gone).
    pub removed: usize,
    /// Whether everything was rendered again (first build, configuration or theme change).
    pub full: bool,
    pub took: Duration,
    /// Time of each stage: load and check, render (derive included), the search index (part
    /// of render).
    pub stages: Vec<(&'static str, Duration)>,
    /// Time of each kind of output inside render.
    pub render: Vec<(&'static str, Duration)>,
    pub diagnostics: Diagnostics,
}

impl Session {
    /// A session rendering into `opts.out` (which must be set); nothing is built yet.
    pub fn new(opts: BuildOptions) -> Session {
        let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
        Session {
            opts,
            out,
            config: None,
            config_diags: Vec::new(),
            cache: Cache::default(),
            content: Content::default(),
            checks: Memo::default(),
            previous: Previous {
                caches: crate::render::Caches::kept(),
                ..Previous::default()
            },
            in_step: false,
        }
    }

    /// Renders everything again on the next update (the watcher lost events: what changed
    /// is not known).
    pub fn forget(&mut self) {
        self.in_step = false;
    }

    /// Brings the output up to date after the files `changed` (absolute paths, or paths
    /// under the site root) were written. With an empty memo (the first call), builds
    /// everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, BuildError> {
        let started = Instant::now();
        let root = self.opts.root.clone();
        let rels: HashSet<String> = changed.iter().map(|p| crate::load::rel(&root, p)).collect();
        let outside = rels
            .iter()
            .any(|r| !r.starts_with("content/") && r != "content");
        let full = self.previous.memo.is_empty() || !self.in_step || outside;
        if full {
            self.full(started)
        } else {
            self.incremental(changed, started)
        }
    }

    fn full(&mut self, started: Instant) -> Result<Update, BuildError> {
        let target = crate::output::Target::prepare(&self.out, &self.opts.root)?;
        let (config, config_diags) = Config::load_all(&self.opts.root);
        let (cache, content, load_diags) = Cache::load(&self.opts.root);
        self.config_diags = config_diags;
        self.cache = cache;
        self.content = content;
        self.checks = Memo::default();
        let diagnostics = self.diagnose(Some(&config), load_diags, &Changes::all())?;
        let config = self.config.insert(config);
        let staging = crate::output::Staging::create(target)?;
        let render_started = Instant::now();
        // Everything is rendered again (the memo is empty); the keyed pieces (folded
        // search documents, list items) are still good.
        let previous = Previous {
            caches: std::mem::replace(&mut self.previous.caches, crate::render::Caches::kept()),
            ..Previous::default()
        };
        let rendered = crate::render_site(
            config,
            &self.content,
            &diagnostics,
            None,
            &self.opts,
            &staging,
            &previous,
        )?;
        staging.commit()?;
        let render_took = render_started.elapsed();
        self.previous = Previous {
            memo: rendered.memo,
            caches: previous.caches,
            derived: rendered.derived,
        };
        self.in_step = true;
        Ok(Update {
            pages: rendered.counts.pages,
            written: rendered.counts.written,
            kept: 0,
            removed: 0,
            full: true,
            took: started.elapsed(),
            stages: vec![
                ("load+check", started.elapsed() - render_took),
                ("render", render_took),
                ("search", rendered.search_index),
            ],
            render: rendered.timings.iter().map(|t| (t.name, t.took)).collect(),
            diagnostics,
        })
    }

    fn incremental(&mut self, changed: &[PathBuf], started: Instant) -> Result<Update, BuildError> {
        let (load_diags, changes) = self
            .cache
            .reload(&self.opts.root, &mut self.content, changed);
        if self.config.is_none() {
            return self.full(started);
        }
        let loaded = started.elapsed();
        let diagnostics = self.diagnose(None, load_diags, &changes)?;
        let checked = started.elapsed();
        let Some(config) = &self.config else {
            return self.full(started);
        };
        let live = Live::new(&self.out);
        self.in_step = false;
        let rendered = crate::render_site(
            config,
            &self.content,
            &diagnostics,
            None,
            &self.opts,
            &live,
            &self.previous,
        )?;
        let gone = self.previous.memo.gone_in(&rendered.memo);
        live.remove(&gone)?;
        self.previous.memo = rendered.memo;
        self.previous.derived = rendered.derived;
        self.in_step = true;
        Ok(Update {
            pages: rendered.counts.pages,
            written: rendered.counts.written,
            kept: rendered.counts.kept,
            removed: gone.len(),
            full: false,
            took: started.elapsed(),
            stages: vec![
                ("load", loaded),
                ("check", checked - loaded),
                ("render", started.elapsed() - checked),
                ("search", rendered.search_index),
            ],
            render: rendered.timings.iter().map(|t| (t.name, t.took)).collect(),
            diagnostics,
        })
    }

    /// Checks the loaded content; content errors stop the update before anything is written.
    fn diagnose(
        &mut self,
        config: Option<&Config>,
        load_diags: Diagnostics,
        changes: &Changes,
    ) -> Result<Diagnostics, BuildError> {
        let Some(config) = config.or(self.config.as_ref()) else {
            return Err(BuildError::Content(load_diags));
        };
        let diagnostics = self.checks.diagnose(
            &self.opts.root,
            self.opts.today,
            config,
            self.config_diags.clone(),
            &self.content,
            load_diags,
            changes,
        );
        if diagnostics.has_errors() {
            return Err(BuildError::Content(diagnostics));
        }
        Ok(diagnostics)
    }
}
