//! What every page kind renders from: the content, the derive stage's indexes, the
//! template environment, the shared views, and the sink pages go into.

use super::api::Api;
use super::format::Formatter;
use super::markdown::Markdown;
use super::scorecard::Scorecards;
use super::sink::{Key, Sink};
use super::stats::StatsViews;
use super::urls::Urls;
use super::views::{AgencyCard, Link, ProcedureItem, ViewBuilder};
use super::{Meta, RenderError, RenderOptions};
use crate::derive::Derived;
use crate::model::{Content, Procedure};
use minijinja::{Environment, Value, context};
use std::collections::HashMap;

pub(crate) struct Ctx<'a, 's> {
    pub content: &'a Content,
    pub derived: &'a Derived,
    pub opts: &'a RenderOptions<'a>,
    pub env: &'a Environment<'static>,
    /// The `site` every template sees.
    pub site: &'a Value,
    pub urls: &'a Urls,
    pub fmt: &'a Formatter,
    pub md: &'a Markdown,
    pub vb: &'a ViewBuilder<'a>,
    /// `https://host` of the base URL; empty for a path-only base.
    pub origin: &'a str,
    /// Base path, starting and ending with `/`.
    pub base: &'a str,
    pub cards: &'a HashMap<&'a str, AgencyCard>,
    /// Each card rendered (safe HTML) when a page first shows it.
    pub card_html: &'a super::fragments::Cards<'a>,
    /// Key of each agency card, by agency id.
    pub card_keys: &'a HashMap<&'a str, u64>,
    /// The list item of each procedure, at its position in `derived.order`.
    pub items: &'a [std::sync::Arc<ProcedureItem>],
    /// Key of each item, at the same positions.
    pub item_keys: &'a [u64],
    /// Each item rendered (safe HTML), at the same positions.
    pub pieces: &'a [Value],
    /// [`procedure_base_key`] of each procedure, by index in `content.procedures`.
    pub proc_keys: &'a [u64],
    pub sv: &'a StatsViews<'a>,
    pub sc: &'a Scorecards<'a>,
    pub api: &'a Api<'a>,
    pub sink: &'s Sink<'s>,
    /// What renders keep for the next one (`serve`).
    pub caches: &'a super::Caches,
    /// Each procedure's QR code, shared by its page and its posting sheets.
    pub qr: &'a super::qr::Codes,
    /// Key of what every page shows: configuration, theme, `site`, taxonomies, downloads,
    /// the reference date.
    pub global: u64,
}

impl<'a> Ctx<'a, '_> {
    /// The absolute address of procedure `i`'s page (at `url`) and a QR code to it, for
    /// paper; none for a path-only base URL (a QR code to a path leads nowhere).
    pub fn paper_link(&self, i: usize, url: &str) -> (Option<String>, Option<String>) {
        if self.origin.is_empty() {
            return (None, None);
        }
        let address = format!("{}{url}", self.origin);
        let label = format!("{} {address}", self.fmt.t("print.qr"));
        let qr = self.qr.get(i, &address).map(|code| code.svg(&label));
        (Some(address), qr)
    }

    /// The same context writing into another sink (a section's).
    pub fn with_sink<'b>(&self, sink: &'b Sink<'b>) -> Ctx<'a, 'b> {
        Ctx { sink, ..*self }
    }

    pub fn meta(
        &self,
        title: String,
        description: Option<String>,
        url: &str,
        crumbs: Vec<Link>,
    ) -> Meta {
        Meta {
            title,
            description,
            canonical: format!("{}{url}", self.origin),
            breadcrumbs: crumbs,
        }
    }

    pub fn home_crumb(&self) -> Link {
        Link {
            label: self.fmt.t("nav.home").to_owned(),
            url: self.urls.home(),
        }
    }

    /// Renders `template` with `meta` and `page` to the address `url`. The page's key is its
    /// view: cheap views are simply hashed.
    pub fn page(
        &self,
        template: &str,
        url: &str,
        meta: Meta,
        page: Value,
    ) -> Result<(), RenderError> {
        let key = Key::new()
            .with(self.global)
            .with(template)
            .view(&meta)
            .view(&page)
            .finish();
        self.page_keyed(template, url, key, || Ok((meta, page)))
    }

    /// Renders a page whose view is costly to build: `view` runs only when `key` changed.
    pub fn page_keyed(
        &self,
        template: &str,
        url: &str,
        key: u64,
        view: impl FnOnce() -> Result<(Meta, Value), RenderError>,
    ) -> Result<(), RenderError> {
        self.sink.keyed(&self.urls.output_path(url), key, || {
            let (meta, page) = view()?;
            let html = self
                .env
                .get_template(template)?
                .render(context! { site => self.site.clone(), meta => meta, page => page })?;
            Ok(html.into_bytes())
        })
    }

    /// The rendered list items at some positions of the derived order, for
    /// `procedure_list`.
    pub fn list_at(&self, positions: Option<&Vec<usize>>) -> Vec<Value> {
        positions.map_or_else(Vec::new, |ps| {
            ps.iter().map(|&pos| self.pieces[pos].clone()).collect()
        })
    }

    /// The rendered list items of the procedures with these codes, in their order
    /// (unknown codes are left out).
    pub fn list_of<'c>(&self, codes: impl IntoIterator<Item = &'c str>) -> Vec<Value> {
        codes
            .into_iter()
            .filter_map(|c| self.derived.by_code.get(c))
            .map(|&i| self.pieces[self.derived.position[i]].clone())
            .collect()
    }

    /// The key of everything procedure `i`'s own page is made from: its file, the cards of
    /// the agencies it names, the list items of the procedures it links to (`proc_keys`),
    /// and the statistics and history shown on it (`extra`).
    pub fn procedure_key(&self, i: usize, extra: u64) -> u64 {
        Key::new().with(self.proc_keys[i]).with(extra).finish()
    }
}

/// The key of what procedure `p`'s page is made from besides its statistics and history:
/// its file, the cards of the agencies it names and the list items of the procedures it
/// links to. Computed once a render for every procedure (pages and posting sheets use it).
pub(crate) fn procedure_base_key(
    p: &Procedure,
    global: u64,
    card_keys: &HashMap<&str, u64>,
    derived: &Derived,
    item_keys: &[u64],
) -> u64 {
    let mut key = Key::new().with(global).with(p.source_hash);
    for id in p
        .agencies
        .iter()
        .chain([&p.competent_authority])
        .map(|a| a.value.as_str())
    {
        key = key.with(id).with(card_keys.get(id));
    }
    for code in &p.related {
        let item = derived
            .by_code
            .get(&code.value)
            .map(|&i| item_keys[derived.position[i]]);
        key = key.with(&code.value).with(item);
    }
    key.finish()
}
