//! Stage 4: everything the pages show that is computed from the content rather than
//! read from it — orders, listings and lookups — computed once, before rendering, so it
//! can be tested without HTML and, later, recomputed only where a change reaches.
//!
//! Listings hold positions in [`Derived::order`] (the procedures in collation order of
//! their names), so every listing comes out in that order without sorting again.

use crate::date::Date;
use crate::model::{Agency, Content, Procedure};
use std::collections::HashMap;
use std::path::Path;

pub(crate) mod history;
pub(crate) mod search;
pub(crate) mod stats;

/// Term or agency id → positions in [`Derived::order`] of its procedures.
/// (Fx: the ids are the site's own, and these maps are rebuilt on every save in `serve`.)
pub(crate) type Members = rustc_hash::FxHashMap<String, Vec<usize>>;

/// The derived indexes of one site.
#[derive(Debug, Default)]
pub(crate) struct Derived {
    /// Indexes into `content.procedures`, sorted by the collation key of the name.
    pub(crate) order: Vec<usize>,
    /// The inverse of `order`: the position in `order` of each procedure.
    pub(crate) position: Vec<usize>,
    /// National code → index into `content.procedures`.
    pub(crate) by_code: rustc_hash::FxHashMap<String, usize>,
    /// The A–Z list: runs of procedures sharing an initial, in `order`.
    pub(crate) letters: Vec<Letter>,
    /// Field id → positions in `order` of the procedures in that field.
    pub(crate) fields: Members,
    /// Life-event id → positions in `order` of its procedures.
    pub(crate) life_events: Members,
    /// Agency id → positions in `order` of the procedures it implements.
    pub(crate) implements: Members,
    /// Agency id → positions in `order` of the procedures it is the competent authority
    /// of without implementing them itself.
    pub(crate) competent: Members,
    /// Current agencies grouped by level, in the taxonomy's order of levels; `None` is
    /// the group of agencies without a known level. Empty groups are left out; agency
    /// indexes (into `content.agencies`) are sorted by name.
    pub(crate) by_level: Vec<(Option<String>, Vec<usize>)>,
    /// Agencies of a level that has ended (sorted by name).
    pub(crate) former: Vec<usize>,
    /// Size in bytes of each file in `content/files` (0 when it cannot be read).
    pub(crate) file_sizes: HashMap<String, u64>,
    /// The monthly statistics series, with the key of what they are computed from (the
    /// rows, and the procedures' slugs and codes): a rebuild whose key is the same reuses them.
    pub(crate) series: std::sync::Arc<(u64, stats::series::Series)>,
    /// The collation key and initial of each procedure name, by name, kept when deriving
    /// again after a save (`serve`) so only new names are decomposed; empty in a build.
    pub(crate) collation: rustc_hash::FxHashMap<String, std::sync::Arc<Collated>>,
}

/// A name's collation key and its A–Z initial.
pub(crate) type Collated = ((Vec<u16>, Vec<u16>, String), String);

/// One letter of the A–Z list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Letter {
    pub(crate) letter: String,
    /// A page anchor, distinct across letters (Đ and D fold to the same slug).
    pub(crate) anchor: String,
    /// Positions in `order`.
    pub(crate) items: Vec<usize>,
}

impl Derived {
    /// Whether an agency belongs to a level that has ended on `today`.
    pub(crate) fn is_former(content: &Content, a: &Agency, today: Date) -> bool {
        a.level
            .as_ref()
            .is_some_and(|l| content.taxonomies.levels.ended(&l.value, today))
    }
}

/// Computes every derived index of the site. `root` is the site folder (for the sizes
/// of downloads); `today` decides which agencies are former ones.
pub(crate) fn derive(
    content: &Content,
    root: &Path,
    today: Date,
    previous: Option<&Derived>,
) -> Derived {
    use rayon::prelude::*;
    // Collation keys and initials once per procedure, in parallel (they decompose every
    // name); the sort is stable, so equal names keep the load order.
    let known = previous.map(|d| &d.collation);
    let keyed: Vec<std::sync::Arc<Collated>> = content
        .procedures
        .par_iter()
        .map(|p| match known.and_then(|m| m.get(&p.name)) {
            Some(k) => k.clone(),
            None => std::sync::Arc::new((
                crate::text::collation_key(&p.name),
                crate::text::initial(&p.name),
            )),
        })
        .collect();
    let mut order: Vec<usize> = (0..content.procedures.len()).collect();
    order.par_sort_by(|&a, &b| keyed[a].0.cmp(&keyed[b].0));
    let initials: Vec<&str> = order.iter().map(|&i| keyed[i].1.as_str()).collect();

    let series_key = crate::hash::Key::new()
        .with(rows_key(&content.stats.rows))
        .with(
            content
                .procedures
                .iter()
                .map(|p| (&p.slug, &p.code.value))
                .collect::<Vec<_>>(),
        )
        .finish();
    let series = match previous {
        Some(d) if d.series.0 == series_key => d.series.clone(),
        _ => std::sync::Arc::new((series_key, stats::series(content))),
    };
    let mut d = Derived {
        series,
        letters: letters(&initials),
        file_sizes: file_sizes(content, root),
        ..Derived::default()
    };
    for (pos, &i) in order.iter().enumerate() {
        let p: &Procedure = &content.procedures[i];
        for t in &p.fields {
            push_once(&mut d.fields, &t.value, pos);
        }
        for t in &p.life_events {
            push_once(&mut d.life_events, &t.value, pos);
        }
        for a in &p.agencies {
            push_once(&mut d.implements, &a.value, pos);
        }
        let authority = &p.competent_authority.value;
        if !p.agencies.iter().any(|x| &x.value == authority) {
            push_once(&mut d.competent, authority, pos);
        }
    }
    d.position = vec![0; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        d.position[i] = pos;
    }
    d.order = order;
    d.by_code = content
        .procedures
        .iter()
        .enumerate()
        .map(|(i, p)| (p.code.value.clone(), i))
        .collect();
    agencies(content, today, &mut d);
    if previous.is_some() {
        d.collation = content
            .procedures
            .iter()
            .zip(keyed)
            .map(|(p, k)| (p.name.clone(), k))
            .collect();
    }
    d
}

/// A key of the statistics rows: what each row says (not where its cells are), hashed in
/// parallel blocks.
fn rows_key(rows: &[crate::model::stats::Row]) -> Vec<u64> {
    use rayon::prelude::*;
    rows.par_chunks(1024)
        .map(|block| {
            let mut key = crate::hash::Key::new();
            for r in block {
                key = key
                    .with(&r.file)
                    .with(r.pos)
                    .with(r.period)
                    .with(&r.agency)
                    .with(&r.procedure)
                    .with(r.values)
                    .with(r.form)
                    .with(r.avg_days)
                    .with(&r.note);
            }
            key.finish()
        })
        .collect()
}

/// Appends `pos` to the list of `key` unless it is already its last entry (a procedure
/// naming the same term twice is listed once).
fn push_once(map: &mut Members, key: &str, pos: usize) {
    match map.get_mut(key) {
        Some(list) if list.last() == Some(&pos) => {}
        Some(list) => list.push(pos),
        None => {
            map.insert(key.to_owned(), vec![pos]);
        }
    }
}

fn letters(initials: &[&str]) -> Vec<Letter> {
    let mut letters: Vec<Letter> = Vec::new();
    for (pos, &initial) in initials.iter().enumerate() {
        match letters.last_mut() {
            Some(l) if l.letter == initial => l.items.push(pos),
            _ => letters.push(Letter {
                anchor: format!("chu-{}", crate::text::slugify(initial).replace('#', "so")),
                letter: initial.to_owned(),
                items: vec![pos],
            }),
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in &mut letters {
        let n = seen.entry(l.anchor.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            l.anchor = format!("{}-{}", l.anchor, n);
        }
    }
    letters
}

fn agencies(content: &Content, today: Date, d: &mut Derived) {
    let levels = &content.taxonomies.levels;
    let sorted = |mut v: Vec<usize>| {
        v.sort_by_cached_key(|&i| crate::text::collation_key(&content.agencies[i].name));
        v
    };
    let groups = levels
        .terms
        .iter()
        .map(|(id, _)| Some(id.as_str()))
        .chain([None]);
    for level_id in groups {
        let here: Vec<usize> = content
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| !Derived::is_former(content, a, today))
            .filter(|(_, a)| {
                a.level.as_ref().map(|l| l.value.as_str()) == level_id
                    || (level_id.is_none()
                        && a.level
                            .as_ref()
                            .is_none_or(|l| levels.label(&l.value).is_none()))
            })
            .map(|(i, _)| i)
            .collect();
        if !here.is_empty() {
            d.by_level.push((level_id.map(str::to_owned), sorted(here)));
        }
    }
    d.former = sorted(
        content
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| Derived::is_former(content, a, today))
            .map(|(i, _)| i)
            .collect(),
    );
}

fn file_sizes(content: &Content, root: &Path) -> HashMap<String, u64> {
    content
        .files
        .iter()
        .map(|f| {
            let size = std::fs::metadata(root.join("content/files").join(f)).map_or(0, |m| m.len());
            (f.clone(), size)
        })
        .collect()
}

#[cfg(test)]
mod tests;
