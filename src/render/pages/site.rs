//! The home page, the free pages, the open-data page and the 404 page.

use crate::render::context::Ctx;
use crate::render::pages::agencies;
use crate::render::pages::lists::{self, Terms};
use crate::render::views::Link;
use crate::render::{RenderError, counts_line};
use minijinja::{Value, context};

pub(crate) fn home(ctx: &Ctx) -> Result<(), RenderError> {
    let config = ctx.opts.config;
    let agencies_top: Vec<Link> = agencies::by_level(ctx)
        .iter()
        .flat_map(|(_, cards)| {
            cards.iter().map(|c| Link {
                label: c.name.clone(),
                url: c.url.clone(),
            })
        })
        .collect();
    let url = ctx.urls.home();
    ctx.page(
        "index.html",
        &url,
        ctx.meta(
            config.title.clone(),
            config.description.clone(),
            &url,
            Vec::new(),
        ),
        Value::from_serialize(context! {
            fields => Value::from_serialize(lists::links(ctx, Terms::Fields)),
            life_events => Value::from_serialize(lists::links(ctx, Terms::LifeEvents)),
            agencies => Value::from_serialize(&agencies_top),
            counts => counts_line(ctx.fmt, ctx.items),
            agency_count => ctx.content.agencies.len(),
        }),
    )
}

/// Pages written in Markdown under `content/pages/`.
pub(crate) fn free_pages(ctx: &Ctx) -> Result<(), RenderError> {
    for p in &ctx.content.pages {
        let url = ctx.urls.page(&p.path);
        let body = ctx.md.render(&p.body, 0);
        ctx.page(
            "page.html",
            &url,
            ctx.meta(
                p.title.clone(),
                p.description.clone(),
                &url,
                vec![ctx.home_crumb()],
            ),
            Value::from_serialize(context! { title => p.title, body => body }),
        )?;
    }
    Ok(())
}

pub(crate) fn not_found(ctx: &Ctx) -> Result<(), RenderError> {
    let url = format!("{}404.html", ctx.base);
    let meta = ctx.meta(
        ctx.fmt.t("notfound.title").to_owned(),
        None,
        &url,
        Vec::new(),
    );
    let key = crate::hash::Key::new()
        .with(ctx.global)
        .view(&meta)
        .finish();
    ctx.sink.keyed("404.html", key, || {
        let html = ctx
            .env
            .get_template("404.html")?
            .render(context! { site => ctx.site.clone(), meta => meta, page => () })?;
        Ok(html.into_bytes())
    })
}

/// `/du-lieu-mo/`: every download of the open data, and its licence. `downloads` are the
/// exports this build wrote.
pub(crate) fn open_data(ctx: &Ctx, downloads: &[Link]) -> Result<(), RenderError> {
    let config = ctx.opts.config;
    let url = ctx.urls.open_data();
    let example = ctx
        .content
        .procedures
        .iter()
        .map(|p| &p.code.value)
        .min()
        .map(|c| ctx.urls.api(&format!("procedures/{c}.json")));
    ctx.page(
        "open_data.html",
        &url,
        ctx.meta(
            ctx.fmt.t("open_data.title").to_owned(),
            None,
            &url,
            vec![ctx.home_crumb()],
        ),
        Value::from_serialize(context! {
            downloads => Value::from_serialize(downloads),
            example => example,
            licence => config.open_data.licence,
            licence_url => config.open_data.licence_url,
        }),
    )
}
