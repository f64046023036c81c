//! `/thu-tuc/<slug>/` and `/api/procedures/<code>.json`: one page and one record per
//! procedure, in parallel.

use crate::hash::Key;
use crate::render::context::Ctx;
use crate::render::views::Link;
use crate::render::{RenderError, citizen, history};
use minijinja::{Value, context};
use rayon::prelude::*;

/// `stats` is the key of the statistics (what the delivery figures are made from).
pub(crate) fn pages(ctx: &Ctx, stats: u64) -> Result<(), RenderError> {
    let (content, fmt, urls) = (ctx.content, ctx.fmt, ctx.urls);
    content
        .procedures
        .par_iter()
        .enumerate()
        .try_for_each(|(i, p)| {
            let history = ctx.opts.history.and_then(|h| h.by_code.get(&p.code.value));
            // What the views below are made from: the procedure's file, the cards and items it
            // shows (procedure_key), the statistics, its history and the date (in `global`).
            let inputs = || {
                ctx.procedure_key(
                    i,
                    Key::new()
                        .with(stats)
                        .with(history.map(|h| format!("{h:?}")))
                        .finish(),
                )
            };
            let views = || {
                let legal = p
                    .channels
                    .iter()
                    .find_map(|c| c.deadline.as_ref())
                    .map(|d| fmt.deadline(d));
                let delivery = ctx.sv.delivery(&p.slug, legal);
                let changes = history.map(|entries| history::items(fmt, entries));
                let stale = citizen::stale(
                    fmt,
                    p,
                    ctx.opts.today,
                    ctx.opts.config.stale_after_days,
                    ctx.cards,
                );
                (delivery, changes, stale)
            };
            let mut made = None;
            let key = ctx.caches.fragments.page_key(inputs, || {
                let v = views();
                let key =
                    ctx.procedure_key(i, Key::new().view(&v.0).view(&v.1).view(&v.2).finish());
                made = Some(v);
                key
            })?;
            ctx.sink.keyed(
                &format!("api/procedures/{}.json", p.code.value),
                key,
                || Ok(ctx.api.procedure(p)?.into_bytes()),
            )?;
            let url = urls.procedure(&p.slug);
            ctx.page_keyed("procedure.html", &url, key, || {
                let (delivery, changes, stale) = made.unwrap_or_else(views);
                let view = ctx.vb.procedure(p, ctx.cards);
                let crumbs = vec![
                    ctx.home_crumb(),
                    Link {
                        label: fmt.t("nav.procedures").to_owned(),
                        url: urls.procedures(),
                    },
                ];
                let (address, qr) = ctx.paper_link(i, &url);
                let mut agency_cards = Vec::with_capacity(view.agencies.len());
                for a in &view.agencies {
                    agency_cards.extend(ctx.card_html.get(&a.id)?);
                }
                Ok((
                    ctx.meta(p.name.clone(), p.summary.clone(), &url, crumbs),
                    context! {
                        stale => Value::from_serialize(&stale),
                        address => address,
                        qr => qr,
                        agency_cards => agency_cards,
                        delivery => Value::from_serialize(&delivery),
                        history => Value::from_serialize(&changes),
                        json_ld => ctx.api.json_ld(p)?,
                        related => ctx.list_of(p.related.iter().map(|c| c.value.as_str())),
                        ..Value::from_serialize(&view)
                    },
                ))
            })
        })
}
