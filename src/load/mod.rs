//! Stage 1: walk `content/`, read and decode every file in parallel, collecting
//! every diagnostic. Output is sorted so that the result never depends on
//! file-system order or thread scheduling.

mod agency;
pub(crate) mod cache;
pub(crate) mod decode;
pub mod history;
pub(crate) mod markdown;
mod page;
mod procedure;
pub(crate) mod stats;
mod taxonomy;
pub(crate) mod todo;
pub mod yaml;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{Agency, Content, Page, Procedure};
use decode::Ctx;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a content file is, by where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Procedure,
    Agency,
    Taxonomies,
    Page,
    File,
    Stats,
}

pub(crate) enum Loaded {
    Procedure(Box<Procedure>),
    Agency(Box<Agency>),
    Taxonomies(Box<crate::model::Taxonomies>),
    Page(Page),
    File(String),
    Stats(Vec<crate::model::stats::Row>),
    Nothing,
}

/// A content file found by the walk: its path, its path under the site root, and its kind.
pub(crate) type Entry = (PathBuf, String, Kind);

/// What decoding one file gave: the value, its diagnostics and its references.
pub(crate) type FileResult = (Loaded, Vec<Diagnostic>, Vec<crate::model::Reference>);

/// Loads everything under `<root>/content`. I/O problems become diagnostics too.
pub fn load(root: &Path) -> (Content, Diagnostics) {
    let (entries, mut diags) = match walk(root) {
        Ok(found) => found,
        Err(d) => return (Content::default(), d),
    };
    let results: Vec<FileResult> = entries
        .par_iter()
        .map(|(path, rel_path, kind)| load_one(path, rel_path, *kind))
        .collect();
    let mut content = Content::default();
    content
        .references
        .reserve_exact(results.iter().map(|(_, _, r)| r.len()).sum());
    // Procedures are sorted while still boxed: sorting the list itself moved each
    // procedure (about a kilobyte) some seventeen times at 100,000. The sort is stable, so
    // equal keys keep the walk's order as before, and `finish` finds the list sorted.
    let mut procedures: Vec<Box<Procedure>> = Vec::new();
    for (loaded, file_diags, refs) in results {
        diags.extend(file_diags);
        content.references.extend(refs);
        procedures.extend(place(&mut content, loaded));
    }
    procedures.sort_by(|a, b| procedure_order(a, b));
    // Sized once: at 100,000 procedures, doubling would leave a third of the list unused
    // and copy it at every step.
    content.procedures.reserve_exact(procedures.len());
    content
        .procedures
        .extend(procedures.into_iter().map(|p| *p));
    finish(&mut content, &entries, &mut diags);
    (content, diags)
}

/// Puts one decoded file into the content, except a procedure, which it hands back: the
/// procedures list is kept sorted, so each caller places those its own way.
fn place(content: &mut Content, loaded: Loaded) -> Option<Box<Procedure>> {
    match loaded {
        Loaded::Procedure(p) => return Some(p),
        Loaded::Agency(a) => content.agencies.push(*a),
        Loaded::Taxonomies(t) => content.taxonomies = *t,
        Loaded::Page(p) => content.pages.push(p),
        Loaded::File(f) => content.files.push(f),
        Loaded::Stats(rows) => content.stats.rows.extend(rows),
        Loaded::Nothing => {}
    }
    None
}

/// What the whole set of files decides: the missing-taxonomies error, the agency ids, and
/// the sort orders that make the result independent of the file system.
fn finish(content: &mut Content, entries: &[Entry], diags: &mut Diagnostics) {
    let kinds = entries.iter().map(|(_, rel, k)| (rel.as_str(), *k));
    check_taxonomies(kinds.clone(), diags);
    content.agency_ids = agency_ids(kinds);
    sort_procedures(content);
    sort_others(content);
}

/// The error when no file of the walk (`(path under the root, kind)`) is the taxonomies.
fn check_taxonomies<'a>(mut files: impl Iterator<Item = (&'a str, Kind)>, diags: &mut Diagnostics) {
    if !files.any(|(_, k)| k == Kind::Taxonomies) {
        diags.push(Diagnostic::error("content/taxonomies.yaml", Pos::default(), "`content/taxonomies.yaml` is missing").help("create it with `fields:`, `levels:`, `audience:` and `life_events:` maps of id: label"));
    }
}

/// The ids of every agency file, decoded or not, sorted.
fn agency_ids<'a>(files: impl Iterator<Item = (&'a str, Kind)>) -> Vec<String> {
    let mut ids: Vec<String> = files
        .filter(|(_, k)| *k == Kind::Agency)
        .map(|(rel, _)| stem(rel).to_owned())
        .collect();
    ids.sort();
    ids
}

fn sort_procedures(content: &mut Content) {
    content.procedures.sort_by(procedure_order);
}

/// The procedures' order: by slug, then by file.
fn procedure_order(a: &Procedure, b: &Procedure) -> std::cmp::Ordering {
    a.slug.cmp(&b.slug).then(a.file.cmp(&b.file))
}

fn sort_others(content: &mut Content) {
    content.agencies.sort_by(|a, b| a.id.cmp(&b.id));
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
    content.files.sort();
    content.stats.sort();
}

/// Walks `content/` in file-name order: the files to decode and what the walk itself
/// found wrong (unreadable folders, symbolic links, unused files). `Err` when there is no
/// `content/` at all.
fn walk(root: &Path) -> Result<(Vec<Entry>, Diagnostics), Diagnostics> {
    let found = walk_all(root)?;
    let mut diags = Diagnostics::default();
    let mut entries: Vec<Entry> = Vec::new();
    for f in found {
        match f {
            Found::Entry(e) => entries.push(e),
            Found::Problem(_, d) => diags.push(d),
        }
    }
    Ok((entries, diags))
}

/// What the walk finds at one path: a content file, or a problem to report (with the path
/// it is about, which orders it among the files).
pub(crate) enum Found {
    Entry(Entry),
    Problem(PathBuf, Diagnostic),
}

/// Everything under `content/`, in walk order; `Err` when there is no `content/` folder.
pub(crate) fn walk_all(root: &Path) -> Result<Vec<Found>, Diagnostics> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error("content", Pos::default(), "there is no `content/` folder")
                .help("run minhbach in the site's folder, or pass `--root DIR`"),
        );
        return Err(diags);
    }
    let mut found = Vec::new();
    walk_from(root, walkdir::WalkDir::new(&content_dir), &mut found);
    Ok(found)
}

/// What the walk of `content/` finds at `path` (a file, or a folder and everything in it),
/// in walk order, as [`walk_all`] would list it there: a symbolic link is not followed.
pub(crate) fn walk_at(root: &Path, path: &Path, found: &mut Vec<Found>) {
    if std::fs::symlink_metadata(path).is_err() {
        return;
    }
    walk_from(
        root,
        walkdir::WalkDir::new(path).follow_root_links(false),
        found,
    );
}

fn walk_from(root: &Path, walker: walkdir::WalkDir, found: &mut Vec<Found>) {
    for entry in walker.sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_owned);
                let file = path
                    .as_deref()
                    .map(|p| rel(root, p))
                    .unwrap_or_else(|| "content".into());
                let key = path.unwrap_or_else(|| root.join("content"));
                found.push(Found::Problem(
                    key,
                    Diagnostic::error(&file, Pos::default(), format!("cannot read: {e}")),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let rel_path = rel(root, path);
        if entry.path_is_symlink() {
            found.push(Found::Problem(
                path.to_owned(),
                Diagnostic::error(
                    &rel_path,
                    Pos::default(),
                    "symbolic links are not allowed in content",
                )
                .help("copy the file into `content/` instead, so nothing outside it is published"),
            ));
            continue;
        }
        let inner = rel_path.strip_prefix("content/").unwrap_or(&rel_path);
        if inner.split('/').any(|part| part.starts_with('.')) {
            if classify(inner) == Some(Kind::Stats) {
                found.push(Found::Problem(path.to_owned(), hidden_stats(&rel_path)));
            }
            continue;
        }
        match classify(inner) {
            Some(kind) => found.push(Found::Entry((path.to_owned(), rel_path, kind))),
            None => found.push(Found::Problem(
                path.to_owned(),
                Diagnostic::warning(&rel_path, Pos::default(), "this file is not used")
                    .help("procedures go under content/procedures/ (.yaml), agencies under content/agencies/, pages under content/pages/ (.md), downloads under content/files/, statistics under content/stats/ (.csv or .yaml)"),
            )),
        }
    }
}

/// Decodes one version of a procedure file from its text (for history); `None` when it does
/// not decode (an old version with errors is skipped, not reported).
pub fn procedure_from_source(rel_path: &str, source: &str, slug: &str) -> Option<Procedure> {
    let source = crate::text::nfc(source.strip_prefix('\u{feff}').unwrap_or(source));
    let mut ctx = Ctx::new(rel_path, &source);
    let root = yaml::parse(&source).ok()?;
    let p = procedure::decode(&mut ctx, &root, slug)?;
    ctx.diags
        .iter()
        .all(|d| d.severity != crate::diag::Severity::Error)
        .then_some(p)
}

/// `path` under `root`, with `/` separators (how diagnostics name files).
pub(crate) fn rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A statistics file whose name (or folder) starts with a dot is skipped, but never silently:
/// its figures would be missing from the dashboard.
fn hidden_stats(rel_path: &str) -> Diagnostic {
    let visible: Vec<&str> = rel_path
        .split('/')
        .map(|part| part.trim_start_matches('.'))
        .collect();
    Diagnostic::warning(
        rel_path,
        Pos::default(),
        "this statistics file is hidden (its name starts with a dot): its figures are not published",
    )
    .help(format!(
        "rename it to `{}` to publish it, or move it out of content/ if it is a draft",
        visible.join("/")
    ))
}

fn classify(inner: &str) -> Option<Kind> {
    let is_yaml = inner.ends_with(".yaml") || inner.ends_with(".yml");
    if inner == "taxonomies.yaml" || inner == "taxonomies.yml" {
        Some(Kind::Taxonomies)
    } else if inner.starts_with("procedures/") && is_yaml {
        Some(Kind::Procedure)
    } else if inner.starts_with("agencies/") && is_yaml && inner.matches('/').count() == 1 {
        Some(Kind::Agency)
    } else if inner.starts_with("pages/") && inner.ends_with(".md") {
        Some(Kind::Page)
    } else if inner.starts_with("files/") {
        Some(Kind::File)
    } else if inner.starts_with("stats/") && (is_yaml || inner.ends_with(".csv")) {
        Some(Kind::Stats)
    } else {
        None
    }
}

/// The extension of a download that a browser would open as an active document (HTML, SVG, XML
/// with stylesheets, scripts): served from the site's own host, its scripts would run with the
/// site's (and, under `serve`, the CMS's) authority. Any letter case.
pub(crate) fn active_extension(name: &str) -> Option<String> {
    const ACTIVE: [&str; 11] = [
        "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "js", "mjs",
    ];
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    ACTIVE.contains(&ext.as_str()).then_some(ext)
}

/// The URL path of a page file inside `content/pages/`: `a/b.md` → `a/b`, `a/index.md` → `a`,
/// `index.md` → `` (the home page's path, which `check` then reports as taken).
fn page_path(inner: &str) -> &str {
    let url = inner.strip_suffix(".md").unwrap_or(inner);
    if url == "index" {
        ""
    } else {
        url.strip_suffix("/index").unwrap_or(url)
    }
}

/// Each part of a page's path becomes part of its address: `[a-z0-9-]` like ids, so that no
/// `?`, `#`, `"`, space or dot breaks the link (or makes it look like a file).
fn check_page_name(ctx: &mut Ctx, inner: &str, url: &str) {
    for part in url.split('/').filter(|p| !p.is_empty()) {
        if !crate::text::is_valid_id(part) {
            let fixed: Vec<String> = url
                .split('/')
                .map(|p| {
                    let s = crate::text::slugify(p);
                    if s.is_empty() { "trang".to_owned() } else { s }
                })
                .collect();
            ctx.error(
                Pos { line: 1, col: 1 },
                1,
                format!("page name `{part}` in `pages/{inner}` is not a valid page address"),
                format!(
                    "page files and folders are named like ids (lowercase a-z, digits, hyphens): rename it to `pages/{}.md`",
                    fixed.join("/")
                ),
            );
            return;
        }
    }
}

pub(crate) fn stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn load_one(path: &Path, rel_path: &str, kind: Kind) -> FileResult {
    if kind == Kind::File {
        let inner = rel_path.strip_prefix("content/files/").unwrap_or(rel_path);
        // The name becomes an address `/files/<name>`: `#`, `?`, `%` and quotes would break it.
        let mut diags = Vec::new();
        if let Some(c) = inner
            .chars()
            .find(|c| matches!(c, '#' | '?' | '%' | '"' | '<' | '>' | '\\') || c.is_control())
        {
            diags.push(
                Diagnostic::error(
                    rel_path,
                    Pos { line: 1, col: 1 },
                    format!(
                        "the download's name contains `{}`, which breaks its address",
                        crate::diag::shown(&c.to_string())
                    ),
                )
                .help("rename the file with letters, digits, hyphens and dots, e.g. `to-khai-01.docx`"),
            );
        }
        if let Some(ext) = active_extension(inner) {
            diags.push(
                Diagnostic::error(
                    rel_path,
                    Pos { line: 1, col: 1 },
                    format!(
                        "a `.{ext}` download would run in the visitor's browser as part of the site"
                    ),
                )
                .help(
                    "publish forms as .docx, .doc, .odt, .xlsx or .pdf; a page belongs under content/pages/ as Markdown",
                ),
            );
        }
        return (Loaded::File(inner.to_owned()), diags, Vec::new());
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                Loaded::Nothing,
                vec![Diagnostic::error(
                    rel_path,
                    Pos::default(),
                    format!("cannot read the file: {e}"),
                )],
                Vec::new(),
            );
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return (
                Loaded::Nothing,
                vec![crate::diag::not_utf8(
                    rel_path,
                    e.as_bytes(),
                    e.utf8_error(),
                )],
                Vec::new(),
            );
        }
    };
    let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
    if kind == Kind::Stats {
        let (rows, diags) = if rel_path.ends_with(".csv") {
            stats::csv(rel_path, source)
        } else {
            stats::yaml(rel_path, source)
        };
        return (Loaded::Stats(rows), diags, Vec::new());
    }
    let mut ctx = Ctx::new(rel_path, source);
    let name = stem(rel_path);
    if matches!(kind, Kind::Procedure | Kind::Agency) && !crate::text::is_valid_id(name) {
        ctx.error(
            Pos::default(),
            1,
            format!("file name `{name}` is not a valid id"),
            format!(
                "rename the file to `{}` (lowercase a-z, digits, hyphens)",
                crate::text::slugify(name)
            ),
        );
    }
    let loaded = if kind == Kind::Page {
        let inner = rel_path.strip_prefix("content/pages/").unwrap_or(rel_path);
        let url = page_path(inner);
        check_page_name(&mut ctx, inner, url);
        page::decode(&mut ctx, url).map_or(Loaded::Nothing, Loaded::Page)
    } else {
        match yaml::parse(source) {
            Err(e) => {
                ctx.error(e.pos, 1, e.message, e.help.unwrap_or_default());
                Loaded::Nothing
            }
            Ok(root) => match kind {
                Kind::Procedure => {
                    let p = procedure::decode(&mut ctx, &root, name);
                    todo::report(&root, &mut ctx);
                    p.map_or(Loaded::Nothing, |p| Loaded::Procedure(Box::new(p)))
                }
                Kind::Agency => agency::decode(&mut ctx, &root, name)
                    .map_or(Loaded::Nothing, |a| Loaded::Agency(Box::new(a))),
                Kind::Taxonomies => Loaded::Taxonomies(Box::new(taxonomy::decode(&mut ctx, &root))),
                _ => Loaded::Nothing,
            },
        }
    };
    (loaded, ctx.diags, ctx.refs)
}
