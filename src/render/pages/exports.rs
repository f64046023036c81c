//! Outputs that are not pages: theme assets, downloads, the open data (API, statistics
//! exports), the change feed, `sitemap.xml` and `robots.txt`.

use crate::hash::Key;
use crate::render::context::Ctx;
use crate::render::views::Link;
use crate::render::{RenderError, history, scorecard, xml_escape};
use std::collections::BTreeMap;

/// The theme's static files, under `assets/`.
pub(crate) fn assets(ctx: &Ctx, assets: &BTreeMap<String, Vec<u8>>) -> Result<(), RenderError> {
    for (name, bytes) in assets {
        ctx.sink.bytes(&format!("assets/{name}"), bytes)?;
    }
    Ok(())
}

/// Downloads from `content/files/`, copied as they are.
pub(crate) fn files(ctx: &Ctx) -> Result<(), RenderError> {
    let dir = ctx.opts.root.join("content/files");
    for f in &ctx.content.files {
        let source = dir.join(f);
        let meta = std::fs::metadata(&source).ok();
        let key = Key::new()
            .with(meta.as_ref().map(|m| m.len()))
            .with(meta.as_ref().and_then(|m| m.modified().ok()))
            .finish();
        ctx.sink.copy(&format!("files/{f}"), &source, key)?;
    }
    Ok(())
}

/// The machine-readable exports; returns the links the open-data page lists.
pub(crate) fn open_data(ctx: &Ctx, stats_key: u64) -> Result<Vec<Link>, RenderError> {
    let (fmt, urls) = (ctx.fmt, ctx.urls);
    let mut downloads = vec![Link {
        label: fmt.t("open_data.procedures").to_owned(),
        url: urls.api("procedures.json"),
    }];
    // What the list shows of each procedure (not its documents, steps or summary).
    let mut all = Key::new().with(ctx.global);
    for p in &ctx.content.procedures {
        all = all
            .with(&p.code.value)
            .with(&p.name)
            .with(&p.slug)
            .with(p.status.id())
            .with(p.fields.len())
            .with(p.levels.len())
            .with(&p.competent_authority.value)
            .with(p.online_level.value.id())
            .with(p.last_checked.value);
        for t in p.fields.iter().chain(&p.levels) {
            all = all.with(&t.value);
        }
    }
    let all = all.finish();
    ctx.sink.keyed("api/procedures.json", all, || {
        Ok(ctx.api.procedures()?.into_bytes())
    })?;
    if !ctx.content.stats.rows.is_empty() {
        ctx.sink.section("stats-exports", stats_key, |sink| {
            sink.bytes("api/stats.csv", ctx.sv.csv().as_bytes())?;
            sink.bytes(
                "api/stats.json",
                ctx.sv.json_with(Some(ctx.sc.json()))?.as_bytes(),
            )?;
            sink.bytes(&format!("api/{}", scorecard::CSV), ctx.sc.csv().as_bytes())
        })?;
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
    if let Some(xml) = ctx.opts.history.and_then(|h| {
        history::feed(
            h,
            ctx.content,
            urls,
            ctx.origin,
            fmt,
            &ctx.opts.config.title,
        )
    }) {
        ctx.sink.bytes("feed.xml", xml.as_bytes())?;
        downloads.push(Link {
            label: fmt.t("open_data.feed").to_owned(),
            url: format!("{}feed.xml", ctx.base),
        });
    }
    downloads.push(Link {
        label: fmt.t("open_data.sitemap").to_owned(),
        url: format!("{}sitemap.xml", ctx.base),
    });
    Ok(downloads)
}

/// `robots.txt` and `sitemap.xml`.
pub(crate) fn sitemap(ctx: &Ctx) -> Result<(), RenderError> {
    let (origin, base, urls, content) = (ctx.origin, ctx.base, ctx.urls, ctx.content);
    let sitemap_url = format!("{origin}{base}sitemap.xml");
    ctx.sink.bytes(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n").as_bytes(),
    )?;
    // Keyed by what it lists (the taxonomies' terms are in `global`), so a save that
    // changes none of it does not build 10,000 addresses again.
    let mut key = Key::new().with(ctx.global).with(content.procedures.len());
    for p in &content.procedures {
        key = key.with(&p.slug).with(p.last_checked.value);
    }
    for a in &content.agencies {
        key = key.with(&a.id);
    }
    for p in &content.pages {
        key = key.with(&p.path);
    }
    ctx.sink.keyed("sitemap.xml", key.finish(), || {
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
            out.push_str("  <url><loc>");
            out.push_str(&xml_escape(&format!("{origin}{loc}")));
            out.push_str("</loc>");
            if let Some(d) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(&d);
                out.push_str("</lastmod>");
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        Ok(out.into_bytes())
    })
}
