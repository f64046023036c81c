//! `/co-quan/`: the agencies by level, each agency's page, and its posting sheets.

use crate::hash::Key;
use crate::model::Agency;
use crate::model::Procedure;
use crate::model::procedure::Status;
use crate::render::context::Ctx;
use crate::render::views::{AgencyCard, Link};
use crate::render::{RenderError, citizen};
use minijinja::{Value, context};
use rayon::prelude::*;

/// The groups of the agency index: (level label, cards).
pub(crate) fn by_level(ctx: &Ctx) -> Vec<(String, Vec<AgencyCard>)> {
    ctx.derived
        .by_level
        .iter()
        .map(|(level, agencies)| {
            let label = level
                .as_deref()
                .and_then(|l| ctx.content.taxonomies.levels.label(l))
                .unwrap_or_else(|| ctx.fmt.t("agencies.other"))
                .to_owned();
            (label, cards_of(ctx, agencies))
        })
        .collect()
}

fn cards_of(ctx: &Ctx, agencies: &[usize]) -> Vec<AgencyCard> {
    agencies
        .iter()
        .filter_map(|&i| ctx.cards.get(ctx.content.agencies[i].id.as_str()).cloned())
        .collect()
}

fn crumbs(ctx: &Ctx) -> Vec<Link> {
    vec![
        ctx.home_crumb(),
        Link {
            label: ctx.fmt.t("agencies.title").to_owned(),
            url: ctx.urls.agencies(),
        },
    ]
}

pub(crate) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let url = ctx.urls.agencies();
    ctx.page(
        "agencies.html",
        &url,
        ctx.meta(
            ctx.fmt.t("agencies.title").to_owned(),
            None,
            &url,
            vec![ctx.home_crumb()],
        ),
        Value::from_serialize(context! {
            groups => Value::from_serialize(by_level(ctx)),
            former => Value::from_serialize(cards_of(ctx, &ctx.derived.former)),
        }),
    )
}

/// Each agency's page (and posting sheets); `stats` is the key of the statistics.
pub(crate) fn pages(ctx: &Ctx, stats: u64) -> Result<(), RenderError> {
    let all_cards = ctx
        .card_keys
        .iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    let sheets: Vec<Vec<u64>> = ctx
        .content
        .agencies
        .par_iter()
        .map(|a| {
            let url = ctx.urls.agency(&a.id);
            let members = |m: &crate::derive::Members| {
                m.get(&a.id)
                    .map(|ps| ps.iter().map(|&pos| ctx.item_keys[pos]).collect::<Vec<_>>())
            };
            let key = Key::new()
                .with(ctx.global)
                .with(stats)
                .with(&all_cards)
                .with(members(&ctx.derived.implements))
                .with(members(&ctx.derived.competent))
                .finish();
            let (posting, sheets) = posting_sheets(ctx, a)?;
            ctx.page_keyed("agency.html", &url, Key::new().with(key).with(&posting).finish(), || {
            let children: Vec<Link> = ctx
                .content
                .agencies
                .iter()
                .filter(|c| c.parent.as_ref().is_some_and(|p| p.value == a.id))
                .map(|c| Link {
                    label: c.name.clone(),
                    url: ctx.urls.agency(&c.id),
                })
                .collect();
            let sv = ctx.sv;
            Ok((
                ctx.meta(a.name.clone(), None, &url, crumbs(ctx)),
                Value::from_serialize(context! {
                    agency => Value::from_serialize(ctx.cards.get(a.id.as_str())),
                    implements => ctx.list_at(ctx.derived.implements.get(&a.id)),
                    competent => ctx.list_at(ctx.derived.competent.get(&a.id)),
                    children => Value::from_serialize(&children),
                    series => Value::from_serialize(sv.agency_series(&a.id, &a.name)),
                    series_procedures => Value::from_serialize(sv.agency_procedures(&a.id)),
                    posting => posting,
                    former => crate::derive::Derived::is_former(ctx.content, a, ctx.opts.today),
                    scorecard => Value::from_serialize(ctx.sc.agency(&a.id)),
                }),
            ))
        })?;
            Ok(sheets)
        })
        .collect::<Result<_, RenderError>>()?;
    ctx.caches
        .fragments
        .retain_sheets(&sheets.into_iter().flatten().collect())
}

/// `/co-quan/<id>/niem-yet/`: one printed page per procedure received at the agency, for
/// its notice board. Returns the page's URL (or `None` when the agency receives no
/// procedure in force) and the keys of its sheets.
fn posting_sheets(ctx: &Ctx, a: &Agency) -> Result<(Option<String>, Vec<u64>), RenderError> {
    let received: Vec<(usize, &Procedure)> = ctx
        .derived
        .implements
        .get(&a.id)
        .into_iter()
        .flatten()
        .map(|&pos| {
            let i = ctx.derived.order[pos];
            (i, &ctx.content.procedures[i])
        })
        .filter(|(_, p)| p.status != Status::Repealed)
        .collect();
    if received.is_empty() {
        return Ok((None, Vec::new()));
    }
    let url = citizen::posting_url(&ctx.urls.agency(&a.id), ctx.opts.config.language);
    // Each sheet is keyed by what it shows: the agency's card, the procedure, its number.
    let card = ctx.card_keys.get(a.id.as_str());
    let keys: Vec<u64> = received
        .iter()
        .enumerate()
        .map(|(n, &(i, _))| {
            Key::new()
                .with(ctx.global)
                .with(card)
                .with(ctx.procedure_key(i, 0))
                .with(n)
                .finish()
        })
        .collect();
    let cache = &ctx.caches.fragments;
    ctx.page_keyed(
        "posting.html",
        &url,
        Key::new().with(&keys).finish(),
        || {
            let card = Value::from_serialize(ctx.cards.get(a.id.as_str()));
            let template = ctx.env.get_template("macros.html")?;
            let captured = template.render_captured(context! { site => ctx.site.clone() })?;
            let state = captured.state();
            let mut made = Vec::new();
            let mut sheets = Vec::with_capacity(received.len());
            for (n, (&(i, p), &key)) in received.iter().zip(&keys).enumerate() {
                if let Some(sheet) = cache.sheet(key)? {
                    sheets.push(sheet);
                    continue;
                }
                let (address, qr) = ctx.paper_link(i, &ctx.urls.procedure(&p.slug));
                let s = context! {
                    p => Value::from_serialize(
                        ctx.vb.sheet(p, &ctx.items[ctx.derived.position[i]])
                    ),
                    address => address,
                    qr => qr,
                };
                let html =
                    state.call_macro("posting_sheet", &[card.clone(), s, Value::from(n + 1)])?;
                let sheet = Value::from_safe_string(html);
                made.push((key, sheet.clone()));
                sheets.push(sheet);
            }
            cache.keep_sheets(made)?;
            let mut crumbs = crumbs(ctx);
            crumbs.push(Link {
                label: a.name.clone(),
                url: ctx.urls.agency(&a.id),
            });
            Ok((
                ctx.meta(
                    format!("{} – {}", ctx.fmt.t("posting.title"), a.name),
                    None,
                    &url,
                    crumbs,
                ),
                Value::from_serialize(context! {
                    agency => card,
                    sheets => sheets,
                }),
            ))
        },
    )?;
    Ok((Some(url), keys))
}
