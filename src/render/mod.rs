//! Stage 5: render every page with the theme's minijinja templates, in
//! parallel, straight into the staging folder.

pub mod api;
mod citizen;
pub mod format;
pub mod history;
pub mod markdown;
pub mod outputs;
pub mod scorecard;
pub mod stats;
pub mod theme;
pub mod urls;
pub mod views;

use crate::config::Config;
use crate::model::{Content, Procedure, Taxonomy};
use crate::write::{Staging, WriteError};
use format::Formatter;
use markdown::Markdown;
use minijinja::{Environment, UndefinedBehavior, Value, context};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use theme::Theme;
use urls::Urls;
use views::{AgencyCard, Link, ProcedureItem, TermLink, ViewBuilder};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    #[error("template {name}: {detail}")]
    Template { name: String, detail: String },
    #[error(transparent)]
    Write(#[from] WriteError),
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
    pub history: Option<&'a crate::history::History>,
    /// The build's reference date (`--today`): what "out of date" is measured from.
    pub today: crate::date::Date,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
    /// Time spent building and writing the search index.
    pub search_index: std::time::Duration,
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
struct Meta {
    title: String,
    description: Option<String>,
    canonical: String,
    breadcrumbs: Vec<Link>,
}

#[derive(Serialize)]
struct Letter {
    letter: String,
    anchor: String,
    items: Vec<ProcedureItem>,
}

/// Builds the template environment for a theme: HTML autoescape, strict undefined.
pub fn environment(
    theme: &Theme,
    strings: theme::Strings,
) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
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
                out.write_str(&escape_html(s))
                    .map_err(minijinja::Error::from)
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
                env.add_template_owned(name.to_owned(), source.into_owned())?;
            }
        }
    }
    for (name, path) in theme.site_files("templates")? {
        let source = std::fs::read_to_string(&path).map_err(|source| theme::ThemeError::Io {
            path: path.display().to_string(),
            source,
        })?;
        env.add_template_owned(name, source)?;
    }
    env.add_function("t", move |key: &str| -> String {
        strings.get(key).to_owned()
    });
    Ok(env)
}

/// Renders the whole site into `out`.
pub fn render(
    content: &Content,
    opts: &RenderOptions,
    out: &Staging,
) -> Result<RenderStats, RenderError> {
    let config = opts.config;
    let theme = Theme::open(opts.root, &config.theme.name)?;
    let lang = config.language;
    let strings = theme.strings(lang.code())?;
    let env = environment(&theme, strings.clone())?;
    let base = crate::config::base_path(opts.base_url);
    let urls = Urls::new(&base, lang);
    let fmt = Formatter { lang, strings };
    let md = Markdown {
        allow_html: config.markdown.allow_html,
        base: base.clone(),
    };
    let derived = crate::derive::derive(content, opts.root, opts.today);
    let vb = ViewBuilder::new(content, &urls, &fmt, &md, &derived.file_sizes);
    let origin = absolute_origin(opts.base_url);

    // Static assets, with a content hash in the stylesheet URL for caching.
    let assets = theme.assets()?;
    for (name, bytes) in &assets {
        out.write(&format!("assets/{name}"), bytes)?;
    }
    let css_hash = assets.get("style.css").map_or(0, |b| fnv1a(b));
    let site = SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        lang: lang.code(),
        base: base.clone(),
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
    };
    let site_value = Value::from_serialize(&site);
    let meta = |title: String, description: Option<String>, url: &str, crumbs: Vec<Link>| Meta {
        title,
        description,
        canonical: format!("{origin}{url}"),
        breadcrumbs: crumbs,
    };
    let home_crumb = Link {
        label: fmt.t("nav.home").to_owned(),
        url: urls.home(),
    };
    let render_page =
        |template: &str, url: &str, meta: Meta, page: Value| -> Result<(), RenderError> {
            let tmpl = env.get_template(template)?;
            let html =
                tmpl.render(context! { site => site_value.clone(), meta => meta, page => page })?;
            out.write(&urls.output_path(url), html.as_bytes())?;
            Ok(())
        };

    // Shared lookups, computed once.
    let cards: HashMap<&str, AgencyCard> = content
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), vb.agency_card(a)))
        .collect();
    // Agencies of a level that has ended (district level before 1/7/2025) are former ones.
    let former =
        |a: &crate::model::Agency| crate::derive::Derived::is_former(content, a, opts.today);
    let sorted: Vec<&Procedure> = derived
        .order
        .iter()
        .map(|&i| &content.procedures[i])
        .collect();
    let items: Vec<ProcedureItem> = sorted.iter().map(|p| vb.item(p)).collect();
    // The items at some positions of the derived order.
    let at = |positions: Option<&Vec<usize>>| -> Vec<ProcedureItem> {
        positions.map_or_else(Vec::new, |ps| {
            ps.iter().map(|&pos| items[pos].clone()).collect()
        })
    };

    let mut sv = stats::StatsViews::new(content, &urls, &fmt);
    sv.target = config
        .stats
        .on_time_target
        .filter(|t| (0.0..=1.0).contains(t))
        .map(|t| (t * 10_000.0).round() as u64);
    sv.min_ranked = config.stats.min_ranked_dossiers;
    let sc = scorecard::Scorecards::new(&sv, content, &urls, &fmt);
    let api = api::Api {
        content,
        urls: &urls,
        config,
        origin: &origin,
    };

    // Each procedure's QR code, made once for its page and its posting sheets.
    let qr_codes = citizen::QrCodes::default();
    // Procedure pages, in parallel.
    content.procedures.par_iter().try_for_each(|p| {
        let view = vb.procedure(p, &cards);
        let legal = p
            .channels
            .iter()
            .find_map(|c| c.deadline.as_ref())
            .map(|d| fmt.deadline(d));
        let delivery = sv.delivery(&p.slug, legal);
        let changes = opts
            .history
            .and_then(|h| h.by_code.get(&p.code.value))
            .map(|entries| history::items(&fmt, entries));
        out.write(
            &format!("api/procedures/{}.json", p.code.value),
            api.procedure(p).as_bytes(),
        )?;
        let url = urls.procedure(&p.slug);
        let crumbs = vec![
            home_crumb.clone(),
            Link {
                label: fmt.t("nav.procedures").to_owned(),
                url: urls.procedures(),
            },
        ];
        let stale = citizen::stale(&fmt, p, opts.today, config.stale_after_days, &cards);
        let (address, qr) = paper_link(&origin, &url, &fmt, &qr_codes);
        render_page(
            "procedure.html",
            &url,
            meta(p.name.clone(), p.summary.clone(), &url, crumbs),
            context! {
                stale => Value::from_serialize(&stale),
                address => address,
                qr => qr,
                delivery => Value::from_serialize(&delivery),
                history => Value::from_serialize(&changes),
                json_ld => api.json_ld(p),
                ..Value::from_serialize(&view)
            },
        )
    })?;
    let mut pages = content.procedures.len();

    // A–Z list.
    let letters: Vec<Letter> = derived
        .letters
        .iter()
        .map(|l| Letter {
            letter: l.letter.clone(),
            anchor: l.anchor.clone(),
            items: at(Some(&l.items)),
        })
        .collect();
    let url = urls.procedures();
    render_page(
        "procedures.html",
        &url,
        meta(
            fmt.t("procedures.title").to_owned(),
            None,
            &url,
            vec![home_crumb.clone()],
        ),
        Value::from_serialize(context! {
            letters => Value::from_serialize(&letters),
            count => items.len(),
            counts => counts_line(&fmt, &items),
        }),
    )?;
    pages += 1;

    // Search: the index, split for download, and its page.
    let search_started = std::time::Instant::now();
    let search_docs = crate::derive::search::Documents::new(content);
    let docs = sorted
        .iter()
        .zip(&items)
        .map(|(p, item)| vb.search_doc(&search_docs, p, item))
        .collect();
    let index = crate::search::build(docs, vb.search_labels());
    for (path, bytes) in &index.files {
        out.write(&format!("assets/search/{path}"), bytes)?;
    }
    let search_index = search_started.elapsed();
    let search_config = serde_json::json!({
        "index": urls.search_index(),
        "manifest": index.manifest,
        "strings": {
            "count": fmt.t("search.count"),
            "none": fmt.t("search.none"),
            "error": fmt.t("search.error"),
            "repealed": fmt.t("status.repealed"),
        },
    });
    let url = urls.search();
    render_page(
        "search.html",
        &url,
        meta(
            fmt.t("search.title").to_owned(),
            None,
            &url,
            vec![home_crumb.clone()],
        ),
        Value::from_serialize(context! {
            config => serde_json::to_string(&search_config).unwrap_or_default().replace('<', "\\u003c"),
            labels => Value::from_serialize(&index.manifest.labels),
        }),
    )?;
    pages += 1;

    // Fields and life events.
    let taxonomies: [(&Taxonomy, &str, String, &crate::derive::Members); 2] = [
        (
            &content.taxonomies.fields,
            "fields",
            urls.fields(),
            &derived.fields,
        ),
        (
            &content.taxonomies.life_events,
            "life_events",
            urls.life_events(),
            &derived.life_events,
        ),
    ];
    let mut term_links: HashMap<&str, Vec<TermLink>> = HashMap::new();
    for (taxonomy, kind, index_url, members) in taxonomies {
        let mut links = Vec::new();
        for (id, label) in &taxonomy.terms {
            let in_term = at(members.get(id));
            let url = if kind == "fields" {
                urls.field(id)
            } else {
                urls.life_event(id)
            };
            links.push(TermLink {
                id: id.clone(),
                label: label.clone(),
                url: url.clone(),
                count: in_term.iter().filter(|i| !i.repealed).count(),
            });
            let crumbs = vec![
                home_crumb.clone(),
                Link {
                    label: fmt.t(&format!("{kind}.title")).to_owned(),
                    url: index_url.clone(),
                },
            ];
            let steps = (kind == "life_events")
                .then(|| citizen::life_event_steps(taxonomy, id, in_term.clone(), &items))
                .filter(|s| !s.steps.is_empty());
            render_page(
                "term.html",
                &url,
                meta(label.clone(), None, &url, crumbs),
                Value::from_serialize(context! {
                    kind => kind,
                    label => label,
                    items => Value::from_serialize(&in_term),
                    steps => Value::from_serialize(&steps),
                }),
            )?;
            pages += 1;
        }
        render_page(
            "terms.html",
            &index_url,
            meta(
                fmt.t(&format!("{kind}.title")).to_owned(),
                None,
                &index_url,
                vec![home_crumb.clone()],
            ),
            Value::from_serialize(
                context! { kind => kind, terms => Value::from_serialize(&links) },
            ),
        )?;
        pages += 1;
        term_links.insert(kind, links);
    }

    // Agencies.
    let cards_of = |agencies: &[usize]| -> Vec<AgencyCard> {
        agencies
            .iter()
            .map(|&i| cards[content.agencies[i].id.as_str()].clone())
            .collect()
    };
    let by_level: Vec<(String, Vec<AgencyCard>)> = derived
        .by_level
        .iter()
        .map(|(level, agencies)| {
            let label = level
                .as_deref()
                .and_then(|l| content.taxonomies.levels.label(l))
                .unwrap_or_else(|| fmt.t("agencies.other"))
                .to_owned();
            (label, cards_of(agencies))
        })
        .collect();
    let former_cards = cards_of(&derived.former);
    let url = urls.agencies();
    render_page(
        "agencies.html",
        &url,
        meta(
            fmt.t("agencies.title").to_owned(),
            None,
            &url,
            vec![home_crumb.clone()],
        ),
        Value::from_serialize(context! {
            groups => Value::from_serialize(&by_level),
            former => Value::from_serialize(&former_cards),
        }),
    )?;
    pages += 1;
    let posting_pages = std::sync::atomic::AtomicUsize::new(0);
    content.agencies.par_iter().try_for_each(|a| {
        let url = urls.agency(&a.id);
        let implements = at(derived.implements.get(&a.id));
        let posting = posting_sheets(
            a,
            content,
            &vb,
            &cards,
            &fmt,
            &origin,
            &urls,
            lang,
            &qr_codes,
            &|template, url, title, crumbs, page| {
                render_page(template, url, meta(title, None, url, crumbs), page)
            },
        )?;
        if posting.is_some() {
            posting_pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let competent = at(derived.competent.get(&a.id));
        let children: Vec<Link> = content
            .agencies
            .iter()
            .filter(|c| c.parent.as_ref().is_some_and(|p| p.value == a.id))
            .map(|c| Link {
                label: c.name.clone(),
                url: urls.agency(&c.id),
            })
            .collect();
        let crumbs = vec![
            home_crumb.clone(),
            Link {
                label: fmt.t("agencies.title").to_owned(),
                url: urls.agencies(),
            },
        ];
        render_page(
            "agency.html",
            &url,
            meta(a.name.clone(), None, &url, crumbs),
            Value::from_serialize(context! {
                agency => Value::from_serialize(&cards[a.id.as_str()]),
                implements => Value::from_serialize(&implements),
                competent => Value::from_serialize(&competent),
                children => Value::from_serialize(&children),
                series => Value::from_serialize(sv.agency_series(&a.id, &a.name)),
                series_procedures => Value::from_serialize(sv.agency_procedures(&a.id)),
                posting => posting,
                former => former(a),
                scorecard => Value::from_serialize(sc.agency(&a.id)),
            }),
        )
    })?;
    pages += content.agencies.len() + posting_pages.into_inner();

    // Statistics: dashboard, months, data notes, downloads.
    pages += stats_pages(
        &sv,
        &fmt,
        &urls,
        opts.notes,
        &home_crumb,
        &|template, url, title, crumbs, page| {
            render_page(template, url, meta(title, None, url, crumbs), page)
        },
    )?;
    pages += sc.pages(&home_crumb, &|template, url, title, crumbs, page| {
        render_page(template, url, meta(title, None, url, crumbs), page)
    })?;
    let mut downloads = vec![Link {
        label: fmt.t("open_data.procedures").to_owned(),
        url: urls.api("procedures.json"),
    }];
    out.write("api/procedures.json", api.procedures().as_bytes())?;
    if !content.stats.rows.is_empty() {
        out.write("api/stats.csv", sv.csv().as_bytes())?;
        out.write("api/stats.json", sv.json_with(Some(sc.json())).as_bytes())?;
        out.write(&format!("api/{}", scorecard::CSV), sc.csv().as_bytes())?;
        downloads.push(Link {
            label: fmt.t("open_data.stats_csv").to_owned(),
            url: urls.api("stats.csv"),
        });
        downloads.push(Link {
            label: fmt.t("open_data.stats_json").to_owned(),
            url: urls.api("stats.json"),
        });
        downloads.push(Link {
            label: fmt.t("scorecard.csv").to_owned(),
            url: urls.api(scorecard::CSV),
        });
    }
    if let Some(xml) = opts
        .history
        .and_then(|h| history::feed(h, content, &urls, &origin, &fmt, &config.title))
    {
        out.write("feed.xml", xml.as_bytes())?;
        downloads.push(Link {
            label: fmt.t("open_data.feed").to_owned(),
            url: format!("{base}feed.xml"),
        });
    }
    downloads.push(Link {
        label: fmt.t("open_data.sitemap").to_owned(),
        url: format!("{base}sitemap.xml"),
    });
    let url = urls.open_data();
    let example = content
        .procedures
        .iter()
        .map(|p| &p.code.value)
        .min()
        .map(|c| urls.api(&format!("procedures/{c}.json")));
    render_page(
        "open_data.html",
        &url,
        meta(
            fmt.t("open_data.title").to_owned(),
            None,
            &url,
            vec![home_crumb.clone()],
        ),
        Value::from_serialize(context! {
            downloads => Value::from_serialize(&downloads),
            example => example,
            licence => config.open_data.licence,
            licence_url => config.open_data.licence_url,
        }),
    )?;
    pages += 1;

    // Free pages.
    for p in &content.pages {
        let url = urls.page(&p.path);
        let body = md.render(&p.body, 0);
        render_page(
            "page.html",
            &url,
            meta(
                p.title.clone(),
                p.description.clone(),
                &url,
                vec![home_crumb.clone()],
            ),
            Value::from_serialize(context! { title => p.title, body => body }),
        )?;
        pages += 1;
    }

    // Home.
    let agencies_top: Vec<Link> = by_level
        .iter()
        .flat_map(|(_, cards)| {
            cards.iter().map(|c| Link {
                label: c.name.clone(),
                url: c.url.clone(),
            })
        })
        .collect();
    render_page(
        "index.html",
        &urls.home(),
        meta(
            config.title.clone(),
            config.description.clone(),
            &urls.home(),
            Vec::new(),
        ),
        Value::from_serialize(context! {
            fields => Value::from_serialize(&term_links["fields"]),
            life_events => Value::from_serialize(&term_links["life_events"]),
            agencies => Value::from_serialize(&agencies_top),
            counts => counts_line(&fmt, &items),
            agency_count => content.agencies.len(),
        }),
    )?;
    let not_found = env.get_template("404.html")?.render(context! { site => site_value.clone(), meta => meta(fmt.t("notfound.title").to_owned(), None, &format!("{base}404.html"), Vec::new()), page => () })?;
    out.write("404.html", not_found.as_bytes())?;
    pages += 2;

    // Downloads, copied as-is.
    for f in &content.files {
        out.copy(
            &format!("files/{f}"),
            &opts.root.join("content/files").join(f),
        )?;
    }

    // robots.txt and sitemap.xml.
    let sitemap_url = format!("{origin}{base}sitemap.xml");
    out.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n").as_bytes(),
    )?;
    out.write("sitemap.xml", sitemap(&origin, &urls, content).as_bytes())?;

    Ok(RenderStats {
        pages,
        files: content.files.len(),
        search_index,
    })
}

/// "41 đang áp dụng, 1 đã bãi bỏ": the same count on the home page and the A–Z list.
fn counts_line(fmt: &Formatter, items: &[ProcedureItem]) -> String {
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

/// The absolute address of a page and a QR code to it, for paper; none for a
/// path-only base URL (a QR code to a path leads nowhere).
fn paper_link(
    origin: &str,
    url: &str,
    fmt: &Formatter,
    qr_codes: &citizen::QrCodes,
) -> (Option<String>, Option<String>) {
    if origin.is_empty() {
        return (None, None);
    }
    let address = format!("{origin}{url}");
    let qr = qr_codes.svg(&address, &format!("{} {address}", fmt.t("print.qr")));
    (Some(address), qr)
}

/// `/co-quan/<id>/niem-yet/`: one printed page per procedure received at the
/// agency, for its notice board. Returns the page's URL, or `None` when the
/// agency receives no procedure in force.
#[allow(clippy::too_many_arguments)]
fn posting_sheets(
    a: &crate::model::Agency,
    content: &Content,
    vb: &ViewBuilder,
    cards: &HashMap<&str, AgencyCard>,
    fmt: &Formatter,
    origin: &str,
    urls: &Urls,
    lang: crate::config::Language,
    qr_codes: &citizen::QrCodes,
    render_page: &PageFn,
) -> Result<Option<String>, RenderError> {
    let mut received: Vec<&Procedure> = content
        .procedures
        .iter()
        .filter(|p| p.status != crate::model::procedure::Status::Repealed)
        .filter(|p| p.agencies.iter().any(|x| x.value == a.id))
        .collect();
    if received.is_empty() {
        return Ok(None);
    }
    received.sort_by_cached_key(|p| crate::text::collation_key(&p.name));
    let sheets: Vec<Value> = received
        .iter()
        .map(|p| {
            let (address, qr) = paper_link(origin, &urls.procedure(&p.slug), fmt, qr_codes);
            context! {
                p => Value::from_serialize(vb.procedure(p, cards)),
                address => address,
                qr => qr,
            }
        })
        .collect();
    let url = citizen::posting_url(&urls.agency(&a.id), lang);
    let crumbs = vec![
        Link {
            label: fmt.t("nav.home").to_owned(),
            url: urls.home(),
        },
        Link {
            label: fmt.t("agencies.title").to_owned(),
            url: urls.agencies(),
        },
        Link {
            label: a.name.clone(),
            url: urls.agency(&a.id),
        },
    ];
    render_page(
        "posting.html",
        &url,
        format!("{} – {}", fmt.t("posting.title"), a.name),
        crumbs,
        Value::from_serialize(context! {
            agency => Value::from_serialize(&cards[a.id.as_str()]),
            sheets => sheets,
        }),
    )?;
    Ok(Some(url))
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
        Value::from_serialize(context! {
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
        let link = |q: &crate::stats::Period| Link {
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
            Value::from_serialize(context! {
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
        Value::from_serialize(context! {
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

fn sitemap(origin: &str, urls: &Urls, content: &Content) -> String {
    let mut locs: Vec<(String, Option<String>)> = vec![
        (urls.home(), None),
        (urls.procedures(), None),
        (urls.fields(), None),
        (urls.life_events(), None),
        (urls.agencies(), None),
    ];
    locs.extend(content.procedures.iter().map(|p| {
        (
            urls.procedure(&p.slug),
            Some(p.last_checked.value.to_string()),
        )
    }));
    locs.extend(
        content
            .taxonomies
            .fields
            .ids()
            .map(|id| (urls.field(id), None)),
    );
    locs.extend(
        content
            .taxonomies
            .life_events
            .ids()
            .map(|id| (urls.life_event(id), None)),
    );
    locs.extend(content.agencies.iter().map(|a| (urls.agency(&a.id), None)));
    locs.extend(content.pages.iter().map(|p| (urls.page(&p.path), None)));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in locs {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{origin}{loc}"))
        ));
        if let Some(d) = lastmod {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
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
