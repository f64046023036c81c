//! Decodes `content/taxonomies.yaml`.

use super::decode::Ctx;
use super::yaml::{Node, Value};
use crate::model::{Taxonomies, Taxonomy};
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
            format!("write `{what}: {{ho-tich: \"Hộ tịch\"}}` or one `id: label` per line"),
        );
        return Taxonomy::default();
    };
    let mut terms = Vec::new();
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
        if let Some(label) = ctx.nonempty(value, "a term label") {
            terms.push((key.name.clone(), label));
        }
    }
    Taxonomy { terms }
}
