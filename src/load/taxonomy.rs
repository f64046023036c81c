//! Decodes `content/taxonomies.yaml`.

use super::decode::Ctx;
use super::yaml::{Node, Value};
use crate::model::{RefKind, Taxonomies, Taxonomy};
use crate::text;

pub fn decode(ctx: &mut Ctx, root: &Node) -> Taxonomies {
    let Some(mut m) = ctx.map(root, "taxonomies") else {
        return Taxonomies::default();
    };
    let mut one = |ctx: &mut Ctx, key: &'static str| match m.get(key) {
        Some(n) => taxonomy(ctx, n, key),
        None => Taxonomy::default(),
    };
    let t = Taxonomies {
        fields: one(ctx, "fields"),
        levels: one(ctx, "levels"),
        audience: one(ctx, "audience"),
        life_events: one(ctx, "life_events"),
    };
    m.finish(ctx);
    t
}

fn taxonomy(ctx: &mut Ctx, n: &Node, what: &str) -> Taxonomy {
    let Value::Map(entries) = &n.value else {
        ctx.error(
            n.pos,
            1,
            format!("`{what}` must map ids to labels"),
            format!("write `{what}: {{ho-tich: \"Hộ tịch\"}}` or one `id: label` per line (or `id: {{label: …, steps: […]}}`)"),
        );
        return Taxonomy::default();
    };
    let mut t = Taxonomy::default();
    for (key, value) in entries {
        if !text::is_valid_id(&key.name) {
            ctx.error(
                key.pos,
                key.name.chars().count(),
                format!("term id `{}` is not a valid id", key.name),
                format!(
                    "use lowercase a-z, digits and hyphens, e.g. `{}`",
                    text::slugify(&key.name)
                ),
            );
            continue;
        }
        let label = match &value.value {
            Value::Map(_) => term(ctx, value, &key.name, &mut t),
            _ => ctx.nonempty(value, "a term label"),
        };
        if let Some(label) = label {
            t.terms.push((key.name.clone(), label));
        }
    }
    t
}

/// The long form of a term: `{label, steps: [procedure codes in order], until: date}`.
fn term(ctx: &mut Ctx, n: &Node, id: &str, t: &mut Taxonomy) -> Option<String> {
    let mut m = ctx.map(n, "a term")?;
    let label = m
        .req(ctx, "label")
        .and_then(|l| ctx.nonempty(l, "a term label"));
    if let Some(steps) = m.get("steps") {
        let codes: Vec<_> = ctx.list(steps, "`steps`", |ctx, c| {
            let code = ctx.at_text(c, "a procedure code");
            ctx.reference(RefKind::Procedure, code)
        });
        if !codes.is_empty() {
            t.steps.insert(id.to_owned(), codes);
        }
    }
    if let Some(until) = m.get("until").and_then(|d| ctx.date(d, "`until`")) {
        t.until.insert(id.to_owned(), until.value);
    }
    m.finish(ctx);
    label
}
