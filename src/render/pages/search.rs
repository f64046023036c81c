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
    let docs = ctx
        .derived
        .order
        .iter()
        .zip(ctx.items)
        .map(|(&i, item)| {
            ctx.vb
                .search_doc(&search_docs, &ctx.content.procedures[i], item)
        })
        .collect();
    let index = crate::search::build_with(docs, ctx.vb.search_labels(), cache)?;
    for (path, bytes) in &index.files {
        ctx.sink.bytes(&format!("assets/search/{path}"), bytes)?;
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
    let config =
        crate::json::to_string("the search settings", &search_config)?.replace('<', "\\u003c");
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
