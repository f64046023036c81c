//! `/tim-kiem/` and its index under `assets/search/`, split for download.

use crate::render::RenderError;
use crate::render::context::Ctx;
use minijinja::{Value, context};

/// Builds and writes the index and the search page; returns the time the index took.
pub(crate) fn index_and_page(
    ctx: &Ctx,
    cache: &crate::search::Cache,
) -> Result<std::time::Duration, RenderError> {
    let (fmt, urls) = (ctx.fmt, ctx.urls);
    let started = std::time::Instant::now();
    let search_docs = crate::derive::search::Documents::new(ctx.content);
    let labels = ctx.vb.search_labels();
    // A document is made from its procedure's file, its list item, the agencies it names,
    // and the lists its filters count positions in (the labels).
    let shared = crate::hash::Key::new()
        .with(ctx.global)
        .view(&labels)
        .finish();
    let keys: Vec<u64> = ctx
        .derived
        .order
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let p = &ctx.content.procedures[i];
            let mut key = crate::hash::Key::new()
                .with(shared)
                .with(p.source_hash)
                .with(ctx.item_keys[pos]);
            for a in p.agencies.iter().chain([&p.competent_authority]) {
                key = key.with(ctx.card_keys.get(a.value.as_str()));
            }
            key.finish()
        })
        .collect();
    let groups: Vec<usize> = ctx
        .derived
        .order
        .iter()
        .map(|&i| search_docs.group(&ctx.content.procedures[i]))
        .collect();
    let index = crate::search::build_keyed(
        &keys,
        &groups,
        |pos| {
            let i = ctx.derived.order[pos];
            ctx.vb
                .search_doc(&search_docs, &ctx.content.procedures[i], &ctx.items[pos])
        },
        labels,
        cache,
    )?;
    for ((path, bytes), key) in index.files.iter().zip(&index.keys) {
        ctx.sink.keyed(
            &format!("assets/search/{path}"),
            *key,
            || Ok(bytes.to_vec()),
        )?;
    }
    let took = started.elapsed();
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
    let config = crate::render::script_json(crate::json::to_string(
        "the search settings",
        &search_config,
    )?);
    let url = urls.search();
    ctx.page(
        "search.html",
        &url,
        ctx.meta(
            fmt.t("search.title").to_owned(),
            None,
            &url,
            vec![ctx.home_crumb()],
        ),
        Value::from_serialize(context! {
            config => config,
            labels => Value::from_serialize(&index.manifest.labels),
            include_repealed => ctx.opts.config.search.include_repealed,
        }),
    )?;
    Ok(took)
}
