//! What a citizen needs besides the procedure's own facts: a notice when the
//! information may be out of date, the posting sheets of a one-stop shop, and
//! life events as numbered steps.

use super::format::Formatter;
use super::views::{AgencyCard, Contact, ProcedureItem};
use crate::date::Date;
use crate::model::{Procedure, Taxonomy};
use serde::Serialize;
use std::collections::HashMap;

/// "The information may be out of date": shown when `last_checked` is older than
/// `stale_after_days`, with the phone of the agency that can confirm it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StaleView {
    pub days: String,
    pub agency: Option<String>,
    pub phone: Option<Contact>,
}

pub(crate) fn stale(
    fmt: &Formatter,
    p: &Procedure,
    today: Date,
    after_days: u32,
    cards: &HashMap<&str, AgencyCard>,
) -> Option<StaleView> {
    let age = today.days_since_epoch() - p.last_checked.value.days_since_epoch();
    if age <= i64::from(after_days) {
        return None;
    }
    // The first implementing agency with a phone, else the competent authority.
    let card = p
        .agencies
        .iter()
        .map(|a| a.value.as_str())
        .chain([p.competent_authority.value.as_str()])
        .filter_map(|id| cards.get(id))
        .find(|c| c.phone.is_some() || c.hotline.is_some());
    Some(StaleView {
        days: fmt.integer(age.unsigned_abs()),
        agency: card.map(|c| c.name.clone()),
        phone: card.and_then(|c| c.phone.clone().or_else(|| c.hotline.clone())),
    })
}

/// The posting sheets' URL under an agency's page.
pub(crate) fn posting_url(agency_url: &str, lang: crate::config::Language) -> String {
    let seg = match lang {
        crate::config::Language::Vi => "niem-yet",
        crate::config::Language::En => "notice-board",
    };
    format!("{agency_url}{seg}/")
}

/// A life event's procedures: the ordered ones as numbered steps, then the rest A–Z
/// (rendered list items).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Steps {
    pub steps: Vec<ProcedureItem>,
    pub others: Vec<minijinja::Value>,
}

/// The steps of life event `id`: the procedures in force its taxonomy orders, by
/// position in the derived order, then the term's other members (`in_term`, positions)
/// as rendered items (`pieces`).
pub(crate) fn life_event_steps(
    taxonomy: &Taxonomy,
    id: &str,
    in_term: &[usize],
    step_at: impl Fn(&str) -> Option<usize>,
    items: &[std::sync::Arc<ProcedureItem>],
    pieces: &[minijinja::Value],
) -> Steps {
    let steps: Vec<usize> = taxonomy
        .steps_of(id)
        .iter()
        .filter_map(|code| step_at(&code.value))
        .filter(|&pos| !items[pos].repealed)
        .collect();
    let others = in_term
        .iter()
        .filter(|&&pos| !steps.iter().any(|&s| items[s].code == items[pos].code))
        .map(|&pos| pieces[pos].clone())
        .collect();
    Steps {
        steps: steps.iter().map(|&pos| (*items[pos]).clone()).collect(),
        others,
    }
}
