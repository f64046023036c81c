//! Stage 5: render every page with the theme's minijinja templates, in parallel, from
//! the content and the derive stage's indexes, through a [`sink::Sink`] that writes only
//! what changed since the last render (everything, in a build).
//!
//! One function per page kind (`pages/`), all over one shared [`context::Ctx`].

pub mod api;
pub(crate) mod citizen;
pub(crate) mod context;
pub mod format;
pub(crate) mod fragments;
pub mod history;
mod json_ld;
pub mod markdown;
mod pages;
pub(crate) mod qr;
mod record;
pub mod scorecard;
pub mod sink;
pub mod stats;
pub mod theme;
pub mod urls;
pub mod views;

use crate::config::Config;
use crate::derive::Derived;
use crate::hash::Key;
use crate::model::Content;
use crate::output::WriteError;
use context::Ctx;
use format::Formatter;
use markdown::Markdown;
use minijinja::{Environment, UndefinedBehavior, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use theme::Theme;
use urls::Urls;
use views::{AgencyCard, Link, ProcedureItem, ViewBuilder};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    #[error("template {name}: {detail}")]
    Template { name: String, detail: String },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("two outputs of the site would be written to `{0}`")]
    Twice(String),
    #[error(transparent)]
    Json(#[from] crate::json::JsonError),
}

impl From<minijinja::Error> for RenderError {
    fn from(e: minijinja::Error) -> Self {
        let name = match (e.name(), e.line()) {
            (Some(n), Some(l)) => format!("{n}:{l}"),
            (Some(n), None) => n.to_owned(),
            _ => "?".into(),
        };
        let mut detail = e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_owned);
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            detail.push_str(&format!(": {s}"));
            source = s.source();
        }
        RenderError::Template { name, detail }
    }
}

/// What the renderer needs besides the content.
pub struct RenderOptions<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    /// Base URL after `--base-url`.
    pub base_url: &'a str,
    /// Inject the live-reload script (`serve` only).
    pub live_reload: bool,
    /// Warnings of the run, published on the data-notes page (statistics ones).
    pub notes: &'a [crate::diag::Diagnostic],
    /// Procedures' change history from git, when there is one.
    pub history: Option<&'a crate::derive::history::History>,
    /// The build's reference date (`--today`): what "out of date" is measured from.
    pub today: crate::date::Date,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: Option<String>,
    lang: &'static str,
    base: String,
    base_url: String,
    css: String,
    home: String,
    procedures: String,
    fields: String,
    life_events: String,
    agencies: String,
    search: String,
    /// The statistics dashboard, when the site has statistics.
    stats: Option<String>,
    open_data: String,
    search_js: String,
    footer_pages: Vec<Link>,
    organisation: crate::config::Organisation,
    live_reload: bool,
}

#[derive(Serialize)]
pub(crate) struct Meta {
    title: String,
    description: Option<String>,
    canonical: String,
    breadcrumbs: Vec<Link>,
}

#[derive(Serialize)]
pub(crate) struct Letter {
    letter: String,
    anchor: String,
    /// The rendered list items (see [`fragments`]).
    items: Vec<Value>,
}

/// Builds the template environment for a theme: HTML autoescape, strict undefined.
/// Returns the environment and a key of every template's source.
pub fn environment(
    theme: &Theme,
    strings: theme::Strings,
) -> Result<(Environment<'static>, u64), RenderError> {
    let mut env = Environment::new();
    let mut key = Key::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        // Escape only what HTML needs; minijinja's default also escapes `/`, which bloats URLs.
        match value.as_str() {
            Some(s) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
                write_escaped(out, s).map_err(minijinja::Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        }
    });
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (path, _) in theme::EMBEDDED {
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(source) = theme.file(path)? {
                key = key.with(name).with(&*source);
                env.add_template_owned(name.to_owned(), source.into_owned())?;
            }
        }
    }
    for (name, path) in theme.site_files("templates")? {
        let source = std::fs::read_to_string(&path).map_err(|source| theme::ThemeError::Io {
            path: path.display().to_string(),
            source,
        })?;
        key = key.with(&name).with(&source);
        env.add_template_owned(name, source)?;
    }
    // Each text made a template value once: `t()` is called tens of times a page, and a
    // fresh string each call was a few per cent of a build.
    let texts: std::collections::HashMap<String, Value> = strings
        .0
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    env.add_function("t", move |key: &str| -> Value {
        texts.get(key).cloned().unwrap_or_else(|| Value::from(key))
    });
    Ok((env, key.finish()))
}

/// What the last render into the same folder left for the next one (`serve`): what it
/// wrote, with keys, and the folded search documents. A build starts from nothing.
#[derive(Default)]
pub struct Previous {
    pub(crate) memo: sink::Memo,
    pub(crate) caches: Caches,
    pub(crate) derived: Option<Derived>,
}

/// Pieces a render makes by key and can keep for the next one: they stay good whatever
/// changed, since a changed input changes their key. A build keeps none.
#[derive(Default)]
pub struct Caches {
    pub(crate) search: crate::search::Cache,
    pub(crate) fragments: fragments::Cache,
}

impl Caches {
    /// Caches that keep what each render made (`serve`).
    pub fn kept() -> Caches {
        Caches {
            search: crate::search::Cache::kept(),
            fragments: fragments::Cache::kept(),
        }
    }
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub counts: sink::Counts,
    /// Every output with its key, for the next incremental render.
    pub memo: sink::Memo,
    /// Time spent building and writing the search index.
    pub search_index: std::time::Duration,
    /// Time of each kind of output (`prepare`: templates, shared views and keys).
    pub timings: Vec<crate::timing::Stage>,
    /// The derive stage's result it was rendered from (kept by `serve` for the next one).
    pub(crate) derived: Option<Derived>,
}

/// Renders the whole site into `out`: every output whose key differs from `previous`
/// (all of them, for an empty memo). `derived` is the derive stage's result for `content`.
pub(crate) fn render(
    content: &Content,
    derived: &Derived,
    opts: &RenderOptions,
    out: &dyn sink::Output,
    previous: &Previous,
) -> Result<Rendered, RenderError> {
    let mut laps = crate::timing::Laps::start();
    let config = opts.config;
    let theme = Theme::open(opts.root, &config.theme.name)?;
    let lang = config.language;
    let strings = theme.strings(lang.code())?;
    let (env, templates_key) = environment(&theme, strings.clone())?;
    let base = crate::config::base_path(opts.base_url);
    let urls = Urls::new(&base, lang);
    let fmt = Formatter { lang, strings };
    let md = Markdown {
        allow_html: config.markdown.allow_html,
        base: base.clone(),
    };
    let vb = ViewBuilder::new(content, &urls, &fmt, &md, &derived.file_sizes);
    let origin = absolute_origin(opts.base_url);
    let assets = theme.assets()?;
    let site = site_view(content, opts, &urls, &assets, &origin, &base);
    let site_value = Value::from_serialize(&site);
    laps.lap("theme");
    let global = Key::new()
        .with(templates_key)
        .with(format!("{:?}", fmt.strings))
        .with(&assets)
        .with(format!("{config:?}"))
        .with(opts.base_url)
        .with(opts.today.to_string())
        .with(opts.live_reload)
        .view(&site)
        .with(format!("{:?}", content.taxonomies))
        .with(
            derived
                .file_sizes
                .iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .finish();

    laps.lap("site key");
    let cards: HashMap<&str, AgencyCard> = content
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), vb.agency_card(a)))
        .collect();
    let card_keys: HashMap<&str, u64> = content
        .agencies
        .iter()
        .map(|a| {
            let key = Key::new()
                .view(&cards.get(a.id.as_str()))
                .with(format!("{a:?}"));
            (a.id.as_str(), key.finish())
        })
        .collect();
    let (items, item_keys) = fragments::list_items(
        &vb,
        content,
        &derived.order,
        &card_keys,
        global,
        &previous.caches.fragments,
    )?;

    let card_html = fragments::Cards::new(&env, &site_value, &cards);
    let pieces = fragments::items(
        &env,
        &site_value,
        &items,
        &item_keys,
        global,
        &previous.caches.fragments,
    )?;

    let proc_keys: Vec<u64> = content
        .procedures
        .par_iter()
        .map(|p| context::procedure_base_key(p, global, &card_keys, derived, &item_keys))
        .collect();

    laps.lap("items");
    let mut sv = stats::StatsViews::new(content, &derived.series.1, &urls, &fmt);
    sv.target = config
        .stats
        .on_time_target
        .filter(|t| (0.0..=1.0).contains(t))
        .map(|t| (t * 10_000.0).round() as u64);
    sv.min_ranked = config.stats.min_ranked_dossiers;
    let sc = scorecard::Scorecards::new(&sv, content, &urls, &fmt);
    let api = api::Api::new(content, &urls, config, &origin);
    laps.lap("statistics views");
    let stats_key = Key::new()
        .with(global)
        .with(derived.series.0)
        .with(
            opts.notes
                .iter()
                .filter(|d| d.file.starts_with("content/stats/"))
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>(),
        )
        .with(
            card_keys
                .iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .with(
            content
                .procedures
                .iter()
                .map(|p| (&p.slug, &p.name))
                .collect::<Vec<_>>(),
        )
        .finish();

    laps.lap("statistics key");
    let sink = sink::Sink::new(out, &previous.memo);
    let qr = qr::Codes::new(content.procedures.len());
    let ctx = Ctx {
        content,
        derived,
        opts,
        env: &env,
        site: &site_value,
        urls: &urls,
        fmt: &fmt,
        md: &md,
        vb: &vb,
        origin: &origin,
        base: &base,
        cards: &cards,
        card_html: &card_html,
        card_keys: &card_keys,
        items: &items,
        item_keys: &item_keys,
        pieces: &pieces,
        proc_keys: &proc_keys,
        sv: &sv,
        sc: &sc,
        api: &api,
        sink: &sink,
        caches: &previous.caches,
        qr: &qr,
        global,
    };
    let mut timed = |name: &'static str, step: &dyn Fn() -> Result<(), RenderError>| {
        let result = step();
        laps.lap(name);
        result
    };
    timed("assets", &|| pages::exports::assets(&ctx, &assets))?;
    timed("procedures", &|| {
        pages::procedure::pages(&ctx, stats_key)?;
        previous.caches.fragments.turn_pages()
    })?;
    timed("a-z", &|| pages::lists::a_to_z(&ctx))?;
    let search_index = std::cell::Cell::new(std::time::Duration::ZERO);
    timed("search", &|| {
        search_index.set(pages::search::index_and_page(
            &ctx,
            &previous.caches.search,
        )?);
        Ok(())
    })?;
    timed("terms", &|| {
        pages::lists::terms(&ctx, pages::lists::Terms::Fields)?;
        pages::lists::terms(&ctx, pages::lists::Terms::LifeEvents)
    })?;
    timed("agencies", &|| {
        pages::agencies::index(&ctx)?;
        pages::agencies::pages(&ctx, stats_key)
    })?;
    timed("statistics", &|| {
        sink.section("stats", stats_key, |inner| {
            statistics(&ctx.with_sink(inner))
        })
    })?;
    timed("open data", &|| {
        let downloads = pages::exports::open_data(&ctx, stats_key)?;
        pages::site::open_data(&ctx, &downloads)
    })?;
    timed("pages", &|| {
        pages::site::free_pages(&ctx)?;
        pages::site::home(&ctx)?;
        pages::site::not_found(&ctx)
    })?;
    timed("files", &|| pages::exports::files(&ctx))?;
    timed("sitemap", &|| pages::exports::sitemap(&ctx))?;
    let search_index = search_index.get();
    let (memo, counts) = sink.finish();
    Ok(Rendered {
        counts,
        memo,
        search_index,
        timings: laps.stages(),
        derived: None,
    })
}

/// What every template sees as `site`.
fn site_view(
    content: &Content,
    opts: &RenderOptions,
    urls: &Urls,
    assets: &std::collections::BTreeMap<String, Vec<u8>>,
    origin: &str,
    base: &str,
) -> SiteView {
    let config = opts.config;
    let lang = config.language;
    let css_hash = assets.get("style.css").map_or(0, |b| fnv1a(b));
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        lang: lang.code(),
        base: base.to_owned(),
        base_url: format!("{origin}{base}"),
        css: format!("{}?v={:08x}", urls.asset("style.css"), css_hash as u32),
        home: urls.home(),
        procedures: urls.procedures(),
        fields: urls.fields(),
        life_events: urls.life_events(),
        agencies: urls.agencies(),
        search: urls.search(),
        stats: (!content.stats.rows.is_empty()).then(|| urls.stats()),
        open_data: urls.open_data(),
        search_js: format!(
            "{}?v={:08x}",
            urls.asset("search.js"),
            assets.get("search.js").map_or(0, |b| fnv1a(b)) as u32
        ),
        footer_pages: content
            .pages
            .iter()
            .filter(|p| p.menu.is_some())
            .map(|p| {
                (
                    p.menu,
                    Link {
                        label: p.title.clone(),
                        url: urls.page(&p.path),
                    },
                )
            })
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_values()
            .collect(),
        organisation: config.organisation.clone(),
        live_reload: opts.live_reload,
    }
}

/// The statistics pages and the 766 scorecard.
fn statistics(ctx: &Ctx) -> Result<(), RenderError> {
    let render_page = |template: &str, url: &str, title: String, crumbs: Vec<Link>, page: Value| {
        ctx.page(template, url, ctx.meta(title, None, url, crumbs), page)
    };
    stats_pages(
        ctx.sv,
        ctx.fmt,
        ctx.urls,
        ctx.opts.notes,
        &ctx.home_crumb(),
        &render_page,
    )?;
    ctx.sc.pages(&ctx.home_crumb(), &render_page)?;
    Ok(())
}

/// "41 đang áp dụng, 1 đã bãi bỏ": the same count on the home page and the A–Z list.
pub(crate) fn counts_line(fmt: &Formatter, items: &[std::sync::Arc<ProcedureItem>]) -> String {
    let repealed = items.iter().filter(|i| i.repealed).count();
    let active = fmt.integer((items.len() - repealed) as u64);
    let active = fmt.t("count.active").replace("{n}", &active);
    if repealed == 0 {
        return active;
    }
    let repealed = fmt
        .t("count.repealed")
        .replace("{n}", &fmt.integer(repealed as u64));
    format!("{active}, {repealed}")
}

type PageFn<'a> = dyn Fn(&str, &str, String, Vec<Link>, Value) -> Result<(), RenderError> + 'a;

/// The statistics pages; returns how many were written.
fn stats_pages(
    sv: &stats::StatsViews,
    fmt: &Formatter,
    urls: &Urls,
    notes: &[crate::diag::Diagnostic],
    home_crumb: &Link,
    render_page: &PageFn,
) -> Result<usize, RenderError> {
    let Some(latest) = sv.series.latest() else {
        return Ok(0);
    };
    let stats_crumb = Link {
        label: fmt.t("stats.title").to_owned(),
        url: urls.stats(),
    };
    let downloads = vec![
        Link {
            label: "stats.csv".into(),
            url: urls.api("stats.csv"),
        },
        Link {
            label: "stats.json".into(),
            url: urls.api("stats.json"),
        },
    ];
    render_page(
        "stats.html",
        &urls.stats(),
        fmt.t("stats.title").to_owned(),
        vec![home_crumb.clone()],
        Value::from_serialize(minijinja::context! {
            latest => sv.month_label(latest),
            latest_url => urls.stats_month(&latest.to_string()),
            headline => Value::from_serialize(sv.headline(latest)),
            trend => Value::from_serialize(sv.site_series()),
            ranking => Value::from_serialize(sv.ranking_view(latest)),
            target => sv.target_label(),
            rolling => Value::from_serialize(sv.rolling(latest)),
            by_level => Value::from_serialize(sv.by_level(latest)),
            by_field => Value::from_serialize(sv.by_field(latest)),
            quarters => Value::from_serialize(sv.quarters()),
            years => Value::from_serialize(sv.years()),
            months => Value::from_serialize(sv.month_links()),
            notes_url => urls.stats_notes(),
            downloads => Value::from_serialize(&downloads),
        }),
    )?;
    let mut pages = 1;
    let months = &sv.series.months;
    for (n, p) in months.iter().enumerate() {
        let url = urls.stats_month(&p.to_string());
        let label = sv.month_label(*p);
        let link = |q: &crate::model::stats::Period| Link {
            label: sv.month_label(*q),
            url: urls.stats_month(&q.to_string()),
        };
        let previous = n.checked_sub(1).and_then(|i| months.get(i)).map(link);
        let next = months.get(n + 1).map(link);
        render_page(
            "stats_month.html",
            &url,
            format!("{} {label}", fmt.t("stats.title")),
            vec![home_crumb.clone(), stats_crumb.clone()],
            Value::from_serialize(minijinja::context! {
                month => label,
                headline => Value::from_serialize(sv.headline(*p)),
                ranking => Value::from_serialize(sv.ranking_view(*p)),
                previous => Value::from_serialize(&previous),
                next => Value::from_serialize(&next),
            }),
        )?;
        pages += 1;
    }
    render_page(
        "stats_notes.html",
        &urls.stats_notes(),
        fmt.t("stats.notes_title").to_owned(),
        vec![home_crumb.clone(), stats_crumb],
        Value::from_serialize(minijinja::context! {
            warnings => Value::from_serialize(sv.public_notes(notes)),
            revisions => Value::from_serialize(sv.revision_list()),
        }),
    )?;
    Ok(pages + 1)
}

/// `https://host` of an absolute base URL; empty for a path-only base.
fn absolute_origin(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => String::new(),
    }
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a `String` cannot fail.
    let _ = write_escaped(&mut out, s);
    out
}

/// Writes `s` HTML-escaped into `out`: the text between special characters in whole
/// slices, with no string made in between (every `{{ value }}` of a page comes here).
pub(crate) fn write_escaped(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.write_str(&s[plain..i])?;
        out.write_str(entity)?;
        plain = i + 1;
    }
    out.write_str(&s[plain..])
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` (which occur only inside
/// its strings) as JSON escapes, so no text can close the element or read as markup.
pub(crate) fn script_json(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

#[cfg(test)]
mod tests {
    use super::{escape_html, script_json};

    #[test]
    fn script_text_cannot_close_the_element() {
        assert_eq!(
            script_json(r#"{"name":"</script><b>A&B"}"#.into()),
            r#"{"name":"\u003c/script\u003e\u003cb\u003eA\u0026B"}"#
        );
        assert_eq!(
            script_json(r#"{"name":"Đăng ký"}"#.into()),
            r#"{"name":"Đăng ký"}"#
        );
    }

    #[test]
    fn html_escaping_replaces_the_five_specials_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Hộ tịch <b>"A&B"</b> 'đ'"#),
            "Hộ tịch &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;đ&#39;"
        );
        assert_eq!(escape_html("&&"), "&amp;&amp;");
        assert_eq!(escape_html("<"), "&lt;");
        assert_eq!(escape_html("Đăng ký"), "Đăng ký");
        assert_eq!(escape_html(""), "");
    }
}
