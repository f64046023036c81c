//! The lists of procedures: A–Z (`/thu-tuc/`), each field and life event, and their
//! indexes.

use crate::hash::Key;
use crate::model::Taxonomy;
use crate::render::context::Ctx;
use crate::render::views::{Link, TermLink};
use crate::render::{Letter, RenderError, citizen, counts_line};
use minijinja::{Value, context};

pub(crate) fn a_to_z(ctx: &Ctx) -> Result<(), RenderError> {
    let url = ctx.urls.procedures();
    let meta = ctx.meta(
        ctx.fmt.t("procedures.title").to_owned(),
        None,
        &url,
        vec![ctx.home_crumb()],
    );
    // The list is its items, in letters: keyed by theirs, built only when one changed.
    let key = Key::new()
        .with(ctx.global)
        .view(&meta)
        .with(ctx.item_keys)
        .with(
            ctx.derived
                .letters
                .iter()
                .map(|l| (&l.letter, &l.anchor, l.items.len()))
                .collect::<Vec<_>>(),
        )
        .finish();
    ctx.page_keyed("procedures.html", &url, key, || {
        let letters: Vec<Letter> = ctx
            .derived
            .letters
            .iter()
            .map(|l| Letter {
                letter: l.letter.clone(),
                anchor: l.anchor.clone(),
                items: ctx.list_at(Some(&l.items)),
            })
            .collect();
        Ok((
            meta,
            Value::from_serialize(context! {
                letters => Value::from_serialize(&letters),
                count => ctx.items.len(),
                counts => counts_line(ctx.fmt, ctx.items),
            }),
        ))
    })
}

/// Fields or life events: which taxonomy, its URL kind and its members.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Terms {
    Fields,
    LifeEvents,
}

impl Terms {
    fn kind(self) -> &'static str {
        match self {
            Terms::Fields => "fields",
            Terms::LifeEvents => "life_events",
        }
    }

    fn parts<'a>(self, ctx: &'a Ctx) -> (&'a Taxonomy, &'a crate::derive::Members, String) {
        let (c, d) = (&ctx.content.taxonomies, ctx.derived);
        match self {
            Terms::Fields => (&c.fields, &d.fields, ctx.urls.fields()),
            Terms::LifeEvents => (&c.life_events, &d.life_events, ctx.urls.life_events()),
        }
    }

    fn url(self, ctx: &Ctx, id: &str) -> String {
        match self {
            Terms::Fields => ctx.urls.field(id),
            Terms::LifeEvents => ctx.urls.life_event(id),
        }
    }
}

/// The links to every term of a taxonomy, with the count of procedures in force.
pub(crate) fn links(ctx: &Ctx, terms: Terms) -> Vec<TermLink> {
    let (taxonomy, members, _) = terms.parts(ctx);
    taxonomy
        .terms
        .iter()
        .map(|(id, label)| TermLink {
            id: id.clone(),
            label: label.clone(),
            url: terms.url(ctx, id),
            count: members.get(id).map_or(0, |ps| {
                ps.iter().filter(|&&pos| !ctx.items[pos].repealed).count()
            }),
        })
        .collect()
}

/// One page per term, and the index of the taxonomy.
pub(crate) fn terms(ctx: &Ctx, terms: Terms) -> Result<(), RenderError> {
    let (taxonomy, members, index_url) = terms.parts(ctx);
    let kind = terms.kind();
    let index_crumb = Link {
        label: ctx.fmt.t(&format!("{kind}.title")).to_owned(),
        url: index_url.clone(),
    };
    for (id, label) in &taxonomy.terms {
        let url = terms.url(ctx, id);
        let meta = ctx.meta(
            label.clone(),
            None,
            &url,
            vec![ctx.home_crumb(), index_crumb.clone()],
        );
        let positions = members.get(id);
        // Keyed by its items' keys and those of the procedures its steps name, built only
        // when one changed.
        let mut key = Key::new()
            .with(ctx.global)
            .with(kind)
            .view(&meta)
            .with(positions.map(|ps| ps.iter().map(|&p| ctx.item_keys[p]).collect::<Vec<_>>()));
        if terms == Terms::LifeEvents {
            for code in taxonomy.steps_of(id) {
                let item = ctx
                    .derived
                    .by_code
                    .get(&code.value)
                    .map(|&i| ctx.item_keys[ctx.derived.position[i]]);
                key = key.with(&code.value).with(item);
            }
        }
        ctx.page_keyed("term.html", &url, key.finish(), || {
            let in_term = ctx.list_at(positions);
            let steps = (terms == Terms::LifeEvents)
                .then(|| {
                    citizen::life_event_steps(
                        taxonomy,
                        id,
                        positions.map_or(&[][..], |p| p.as_slice()),
                        |code| {
                            ctx.derived
                                .by_code
                                .get(code)
                                .map(|&i| ctx.derived.position[i])
                        },
                        ctx.items,
                        ctx.pieces,
                    )
                })
                .filter(|s| !s.steps.is_empty());
            Ok((
                meta,
                Value::from_serialize(context! {
                    kind => kind,
                    label => label,
                    items => Value::from_serialize(&in_term),
                    steps => Value::from_serialize(&steps),
                }),
            ))
        })?;
    }
    ctx.page(
        "terms.html",
        &index_url,
        ctx.meta(
            index_crumb.label.clone(),
            None,
            &index_url,
            vec![ctx.home_crumb()],
        ),
        Value::from_serialize(
            context! { kind => kind, terms => Value::from_serialize(links(ctx, terms)) },
        ),
    )
}
