//! Pieces of HTML that pages are made of, rendered once: each procedure's list item (the
//! theme's `procedure_item` macro), which the A–Z list, the term and agency pages and
//! the related procedures all show, and each posting sheet (`posting_sheet`). A page then
//! joins ready pieces instead of running the macro again for every item it lists (the
//! A–Z list alone lists every procedure). Each agency's card (`agency_card`) is rendered
//! once too, for the procedure pages that show it.
//!
//! `serve` keeps the list items and sheets by key between renders, so a save renders the
//! changed procedure's pieces only; the cards are made again each render, when shown.

use super::RenderError;
use super::views::{AgencyCard, ProcedureItem, ViewBuilder};
use crate::hash::Key;
use crate::model::{Content, Procedure};
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The macro of `macros.html` that renders one list item.
const ITEM_MACRO: &str = "procedure_item";
/// The macro of `macros.html` that renders an agency's card.
const CARD_MACRO: &str = "agency_card";

/// Items rendered with one template state.
const CHUNK: usize = 256;

/// The pieces of the last render, by key (`serve`); a build keeps none.
#[derive(Default)]
pub struct Cache {
    /// List items and their keys, by the key of what they are made from.
    items: Mutex<HashMap<u64, (Arc<ProcedureItem>, u64)>>,
    pieces: Mutex<HashMap<u64, Value>>,
    sheets: Mutex<HashMap<u64, Value>>,
    /// The key of each procedure's page by the key of its inputs (see [`Cache::page_key`]).
    pages: Mutex<rustc_hash::FxHashMap<u64, u64>>,
    /// The same, filled by this render for the next.
    next_pages: Mutex<rustc_hash::FxHashMap<u64, u64>>,
    kept: bool,
}

impl Cache {
    /// A cache that keeps each render's pieces for the next.
    pub fn kept() -> Cache {
        Cache {
            kept: true,
            ..Cache::default()
        }
    }
}

/// The list item of every procedure in the derived order, and the key of each (a hash of
/// the item). An item is made from its procedure's file and the name of its competent
/// authority (`card_keys`), besides `global`.
pub(crate) fn list_items(
    vb: &ViewBuilder,
    content: &Content,
    order: &[usize],
    card_keys: &HashMap<&str, u64>,
    global: u64,
    cache: &Cache,
) -> Result<(Vec<Arc<ProcedureItem>>, Vec<u64>), RenderError> {
    let make = |p: &Procedure| {
        let item = vb.item(p);
        let key = Key::new().view(&item).finish();
        (Arc::new(item), key)
    };
    if !cache.kept {
        return Ok(order
            .par_iter()
            .map(|&i| make(&content.procedures[i]))
            .unzip());
    }
    let inputs: Vec<u64> = order
        .par_iter()
        .map(|&i| {
            let p = &content.procedures[i];
            Key::new()
                .with(global)
                .with(p.source_hash)
                .with(card_keys.get(p.competent_authority.value.as_str()))
                .finish()
        })
        .collect();
    let mut kept = cache.items.lock().map_err(|_| poisoned())?;
    let made: Vec<(Arc<ProcedureItem>, u64)> = order
        .par_iter()
        .zip(&inputs)
        .map(|(&i, k)| match kept.get(k) {
            Some(hit) => hit.clone(),
            None => make(&content.procedures[i]),
        })
        .collect();
    *kept = inputs.into_iter().zip(made.iter().cloned()).collect();
    Ok(made.into_iter().unzip())
}

/// The list item of every procedure, as safe HTML, at the positions of `items`. `global`
/// is the key of the templates and everything else every page shows.
pub(crate) fn items(
    env: &Environment<'static>,
    site: &Value,
    items: &[Arc<ProcedureItem>],
    item_keys: &[u64],
    global: u64,
    cache: &Cache,
) -> Result<Vec<Value>, RenderError> {
    let keys: Vec<u64> = item_keys
        .iter()
        .map(|&k| Key::new().with(global).with(k).finish())
        .collect();
    let known: Vec<Option<Value>> = {
        let pieces = cache.pieces.lock().map_err(|_| poisoned())?;
        keys.iter().map(|k| pieces.get(k).cloned()).collect()
    };
    // In chunks, each with one template state, made only when the chunk has an item to
    // render (evaluating `macros.html` is cheap, but not per item).
    let out: Vec<Value> = known
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| -> Result<Vec<Value>, RenderError> {
            let template = env.get_template("macros.html")?;
            let mut captured = None;
            chunk
                .iter()
                .enumerate()
                .map(|(j, known)| {
                    if let Some(v) = known {
                        return Ok(v.clone());
                    }
                    let state = match &captured {
                        Some(c) => c,
                        None => captured
                            .insert(template.render_captured(context! { site => site.clone() })?),
                    }
                    .state();
                    let item = &items[n * CHUNK + j];
                    let html = state.call_macro(ITEM_MACRO, &[Value::from_serialize(&**item)])?;
                    Ok(Value::from_safe_string(html))
                })
                .collect()
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    if cache.kept {
        let mut pieces = cache.pieces.lock().map_err(|_| poisoned())?;
        *pieces = keys.iter().copied().zip(out.iter().cloned()).collect();
    }
    Ok(out)
}

/// Each agency's card as a procedure page shows it (the theme's `agency_card` at its
/// default heading level), as safe HTML, rendered the first time a page asks for it: a
/// card appears on the pages of hundreds of procedures, and a `serve` save that renders
/// one page renders its cards only. Like every piece, a card sees `site` and the
/// globals, not the page it lands on. A theme whose `macros.html` has no `agency_card`
/// gets no cards (its own `procedure.html` shows agencies its own way).
pub(crate) struct Cards<'a> {
    env: &'a Environment<'static>,
    site: &'a Value,
    cards: HashMap<&'a str, (&'a AgencyCard, OnceLock<Option<Value>>)>,
}

impl<'a> Cards<'a> {
    pub(crate) fn new(
        env: &'a Environment<'static>,
        site: &'a Value,
        cards: &'a HashMap<&'a str, AgencyCard>,
    ) -> Self {
        Cards {
            env,
            site,
            cards: cards
                .iter()
                .map(|(&id, card)| (id, (card, OnceLock::new())))
                .collect(),
        }
    }

    /// The card of agency `id`; `None` for an id that names no agency, or when the theme
    /// has no `agency_card` macro.
    pub(crate) fn get(&self, id: &str) -> Result<Option<Value>, RenderError> {
        let Some((card, made)) = self.cards.get(id) else {
            return Ok(None);
        };
        if let Some(html) = made.get() {
            return Ok(html.clone());
        }
        // Two pages asking at once may both render it, alike; the first one is kept.
        let template = self.env.get_template("macros.html")?;
        let captured = template.render_captured(context! { site => self.site.clone() })?;
        let state = captured.state();
        let html = match state.lookup(CARD_MACRO) {
            None => None,
            Some(_) => Some(Value::from_safe_string(
                state.call_macro(CARD_MACRO, &[Value::from_serialize(card)])?,
            )),
        };
        Ok(made.get_or_init(|| html).clone())
    }
}

impl Cache {
    /// The key of a page whose inputs hash to `inputs`: the last render's when it had the
    /// same inputs, else `make()`'s. A procedure's page key is a hash of the views it
    /// shows (statistics, history, staleness), which are costly to build for every
    /// procedure on every save; its inputs are cheap to hash. A build computes every key.
    pub(crate) fn page_key(
        &self,
        inputs: impl FnOnce() -> u64,
        make: impl FnOnce() -> u64,
    ) -> Result<u64, RenderError> {
        if !self.kept {
            return Ok(make());
        }
        let inputs = inputs();
        let known = self
            .pages
            .lock()
            .map_err(|_| poisoned())?
            .get(&inputs)
            .copied();
        let key = known.unwrap_or_else(make);
        self.next_pages
            .lock()
            .map_err(|_| poisoned())?
            .insert(inputs, key);
        Ok(key)
    }

    /// Keeps this render's page keys for the next render (and only them).
    pub(crate) fn turn_pages(&self) -> Result<(), RenderError> {
        if self.kept {
            let next = std::mem::take(&mut *self.next_pages.lock().map_err(|_| poisoned())?);
            *self.pages.lock().map_err(|_| poisoned())? = next;
        }
        Ok(())
    }

    /// The posting sheet kept under `key`, if any.
    pub(crate) fn sheet(&self, key: u64) -> Result<Option<Value>, RenderError> {
        if !self.kept {
            return Ok(None);
        }
        Ok(self
            .sheets
            .lock()
            .map_err(|_| poisoned())?
            .get(&key)
            .cloned())
    }

    /// Keeps posting sheets for the next render.
    pub(crate) fn keep_sheets(&self, sheets: Vec<(u64, Value)>) -> Result<(), RenderError> {
        if self.kept {
            self.sheets.lock().map_err(|_| poisoned())?.extend(sheets);
        }
        Ok(())
    }

    /// Forgets the posting sheets that are no longer on the site.
    pub(crate) fn retain_sheets(
        &self,
        live: &std::collections::HashSet<u64>,
    ) -> Result<(), RenderError> {
        if self.kept {
            self.sheets
                .lock()
                .map_err(|_| poisoned())?
                .retain(|k, _| live.contains(k));
        }
        Ok(())
    }
}

fn poisoned() -> RenderError {
    RenderError::Template {
        name: "macros.html".into(),
        detail: "a parallel render failed".into(),
    }
}
