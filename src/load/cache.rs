//! Loading again after a save: only the paths the watcher named are looked at again.
//!
//! A [`Cache`] remembers what the walk of `content/` found, in walk order: each content
//! file with its size and modification time, its diagnostics and how many references it
//! has in `content.references`, and each problem the walk reported (a symbolic link, an
//! unused file). [`Cache::reload`] looks again only at the paths the watcher reported:
//! a file is decoded again, a folder walked again (its files whose size and time are
//! unchanged are kept), a path that is gone is dropped with everything under it. The
//! references are moved, not copied, into their new places; procedures that did not
//! change stay where they are. Any other kind of file (agencies, taxonomies, pages,
//! downloads, statistics: few, and much is computed across them) that changed makes every
//! one of them decoded again. The result is the content a full [`super::load`] of the same
//! files gives; a full walk is for the first load and for when the watcher lost events.

use super::{
    Entry, FileResult, Found, Kind, agency_ids, check_taxonomies, load_one, place, sort_others,
    sort_procedures, stem, walk_all, walk_at,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Content;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Size and modification time: a file whose stamp is unchanged was not written.
type Stamp = Option<(u64, SystemTime)>;

/// One thing the walk found, at its path (items are kept in walk order, which is the
/// order of their paths).
struct Item {
    path: PathBuf,
    what: What,
}

enum What {
    /// What the walk itself reports at this path.
    Problem(Diagnostic),
    File(File),
}

struct File {
    rel: String,
    kind: Kind,
    stamp: Stamp,
    diags: Vec<Diagnostic>,
    /// How many references the file has, in walk order, in `content.references`.
    refs: usize,
}

#[derive(Default)]
pub struct Cache {
    items: Vec<Item>,
}

/// What a reload changed, for the checks that follow it.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Everything was loaded again: nothing a previous check found can be kept.
    pub all: bool,
    /// A file other than a procedure was added, changed or removed (then every such file
    /// was decoded again).
    pub others: bool,
    /// The files (paths under the root) decoded again or gone.
    pub files: FxHashSet<String>,
    /// Where the references of each file decoded again are in `content.references`.
    pub refs: Vec<(String, std::ops::Range<usize>)>,
}

impl Changes {
    pub(crate) fn all() -> Changes {
        Changes {
            all: true,
            ..Changes::default()
        }
    }
}

/// What the new list of items holds at one place.
enum Slot {
    /// The item of the last load at this index, unchanged.
    Kept(usize),
    Problem(PathBuf, Diagnostic),
    /// A file to decode.
    Fresh(Entry, Stamp),
}

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

impl Cache {
    /// A full load that remembers what it read.
    pub fn load(root: &Path) -> (Cache, Content, Diagnostics) {
        let mut cache = Cache::default();
        let mut content = Content::default();
        let diags = cache.load_all(root, &mut content);
        (cache, content, diags)
    }

    /// Walks everything and decodes every file.
    fn load_all(&mut self, root: &Path, content: &mut Content) -> Diagnostics {
        self.items.clear();
        *content = Content::default();
        let found = match walk_all(root) {
            Ok(found) => found,
            Err(d) => return d,
        };
        let slots: Vec<Slot> = found
            .into_par_iter()
            .map(|f| match f {
                Found::Problem(path, d) => Slot::Problem(path, d),
                Found::Entry(e) => {
                    let s = stamp(&e.0);
                    Slot::Fresh(e, s)
                }
            })
            .collect();
        self.apply(slots, content, true, &[]).0
    }

    /// Brings `content` up to date after the watcher reported `changed` (paths under
    /// `root`, absolute or relative to it). Paths outside `content/` are not looked at; the
    /// `content/` folder itself walks everything again.
    pub(crate) fn reload(
        &mut self,
        root: &Path,
        content: &mut Content,
        changed: &[PathBuf],
    ) -> (Diagnostics, Changes) {
        let content_dir = root.join("content");
        let mut paths: Vec<PathBuf> = changed
            .iter()
            .map(|p| root.join(p))
            .filter(|p| p.starts_with(&content_dir))
            .collect();
        if paths.contains(&content_dir) || !content_dir.is_dir() {
            return (self.load_all(root, content), Changes::all());
        }
        // In path order a folder comes right before what it holds: keep only the topmost.
        paths.sort();
        let mut tops: Vec<PathBuf> = Vec::with_capacity(paths.len());
        for p in paths {
            if !tops.last().is_some_and(|top| p.starts_with(top)) {
                tops.push(p);
            }
        }
        let slots = self.plan(root, &tops);

        let mut changes = Changes::default();
        let mut kept = vec![false; self.items.len()];
        for slot in &slots {
            match slot {
                Slot::Kept(j) => kept[*j] = true,
                Slot::Fresh((_, rel, kind), _) => {
                    changes.others |= *kind != Kind::Procedure;
                    changes.files.insert(rel.clone());
                }
                Slot::Problem(..) => {}
            }
        }
        for (item, _) in self.items.iter().zip(&kept).filter(|(_, k)| !**k) {
            if let What::File(f) = &item.what {
                changes.others |= f.kind != Kind::Procedure;
                changes.files.insert(f.rel.clone());
            }
        }
        let slots = if changes.others {
            // Every file that is not a procedure is decoded again.
            slots
                .into_iter()
                .map(|slot| match slot {
                    Slot::Kept(j) => match &self.items[j].what {
                        What::File(f) if f.kind != Kind::Procedure => Slot::Fresh(
                            (self.items[j].path.clone(), f.rel.clone(), f.kind),
                            f.stamp,
                        ),
                        _ => Slot::Kept(j),
                    },
                    other => other,
                })
                .collect()
        } else {
            slots
        };
        if changes.others {
            let procedures = std::mem::take(&mut content.procedures);
            let references = std::mem::take(&mut content.references);
            *content = Content {
                procedures,
                references,
                ..Content::default()
            };
        }
        let gone: Vec<&str> = changes.files.iter().map(String::as_str).collect();
        let (diags, refs) = self.apply(slots, content, changes.others, &gone);
        changes.refs = refs;
        (diags, changes)
    }

    /// The new list of items: the old ones, with what is at each path of `tops` (sorted,
    /// none under another) found again.
    fn plan(&self, root: &Path, tops: &[PathBuf]) -> Vec<Slot> {
        let items = &self.items;
        let mut slots: Vec<Slot> = Vec::with_capacity(items.len() + 1);
        let mut next = 0;
        for top in tops {
            let start = next + items[next..].partition_point(|it| it.path < *top);
            slots.extend((next..start).map(Slot::Kept));
            let end = start
                + items[start..]
                    .iter()
                    .take_while(|it| it.path.starts_with(top))
                    .count();
            let before: HashMap<&Path, usize> =
                (start..end).map(|j| (items[j].path.as_path(), j)).collect();
            let mut found = Vec::new();
            walk_at(root, top, &mut found);
            for f in found {
                match f {
                    Found::Problem(path, d) => slots.push(Slot::Problem(path, d)),
                    Found::Entry(e) => {
                        let s = stamp(&e.0);
                        // A file found in a folder that was named is kept when its stamp
                        // is unchanged; a file named itself is always decoded again.
                        let same = |j: &&usize| match &items[**j].what {
                            What::File(f) => f.kind == e.2 && f.stamp == s && s.is_some(),
                            What::Problem(_) => false,
                        };
                        match before.get(e.0.as_path()).filter(same) {
                            Some(&j) if e.0 != *top => slots.push(Slot::Kept(j)),
                            _ => slots.push(Slot::Fresh(e, s)),
                        }
                    }
                }
            }
            next = end;
        }
        slots.extend((next..items.len()).map(Slot::Kept));
        slots
    }

    /// Decodes the fresh slots and puts the new list in place: items, references (moved
    /// from their old places), procedures (those of the files `stale` replaced or dropped)
    /// and, when `others`, every other kind of content (then reset by the caller). Returns
    /// the diagnostics of the load, in the order a full load gives them, and where the
    /// references of each file decoded are.
    fn apply(
        &mut self,
        slots: Vec<Slot>,
        content: &mut Content,
        others: bool,
        stale: &[&str],
    ) -> (Diagnostics, Vec<(String, std::ops::Range<usize>)>) {
        let fresh: Vec<&Entry> = slots
            .iter()
            .filter_map(|s| match s {
                Slot::Fresh(e, _) => Some(e),
                _ => None,
            })
            .collect();
        let results: Vec<FileResult> = fresh
            .par_iter()
            .map(|(path, rel, kind)| load_one(path, rel, *kind))
            .collect();
        let mut results = results.into_iter();

        let old_items = std::mem::take(&mut self.items);
        let mut old_refs = std::mem::take(&mut content.references).into_iter();
        let mut references = Vec::with_capacity(old_refs.len());
        let mut old = old_items.into_iter().enumerate();
        let mut items = Vec::with_capacity(slots.len());
        let mut procedures = Vec::new();
        let mut ranges = Vec::new();
        for slot in slots {
            match slot {
                Slot::Kept(j) => {
                    // Kept indices grow: the old items before `j` are gone, and so are
                    // their references.
                    for (i, item) in old.by_ref() {
                        let n = match &item.what {
                            What::File(f) => f.refs,
                            What::Problem(_) => 0,
                        };
                        if i == j {
                            references.extend(old_refs.by_ref().take(n));
                            items.push(item);
                            break;
                        }
                        old_refs.by_ref().take(n).for_each(drop);
                    }
                }
                Slot::Problem(path, d) => items.push(Item {
                    path,
                    what: What::Problem(d),
                }),
                Slot::Fresh((path, rel, kind), stamp) => {
                    let Some((loaded, diags, refs)) = results.next() else {
                        continue;
                    };
                    let n = refs.len();
                    ranges.push((rel.clone(), references.len()..references.len() + n));
                    references.extend(refs);
                    procedures.extend(place(content, loaded).map(|p| *p));
                    items.push(Item {
                        path,
                        what: What::File(File {
                            rel,
                            kind,
                            stamp,
                            diags,
                            refs: n,
                        }),
                    });
                }
            }
        }
        self.items = items;
        content.references = references;
        if others || procedures.len() > 64 {
            let stale: FxHashSet<&str> = stale.iter().copied().collect();
            content
                .procedures
                .retain(|p| !stale.contains(p.file.as_str()));
            content.procedures.extend(procedures);
            sort_procedures(content);
        } else {
            splice_procedures(&mut content.procedures, stale, procedures);
        }

        let mut diags = Diagnostics::default();
        for item in &self.items {
            if let What::Problem(d) = &item.what {
                diags.push(d.clone());
            }
        }
        for item in &self.items {
            if let What::File(f) = &item.what {
                diags.extend(f.diags.iter().cloned());
            }
        }
        check_taxonomies(self.files(), &mut diags);
        if others {
            content.agency_ids = agency_ids(self.files());
            sort_others(content);
        }
        (diags, ranges)
    }

    /// Each content file: its path under the root and its kind.
    fn files(&self) -> impl Iterator<Item = (&str, Kind)> + Clone {
        self.items.iter().filter_map(|it| match &it.what {
            What::File(f) => Some((f.rel.as_str(), f.kind)),
            What::Problem(_) => None,
        })
    }
}

/// Puts the procedures decoded again in place of the ones of the files in `stale`, which
/// are dropped when their file is gone or no longer decodes; the list stays in its order
/// (by name, then file: a procedure's name is its file's). A procedure saved again takes
/// the place of its old version, so nothing else moves.
fn splice_procedures(
    list: &mut Vec<crate::model::Procedure>,
    stale: &[&str],
    fresh: Vec<crate::model::Procedure>,
) {
    let place = |list: &[crate::model::Procedure], slug: &str, file: &str| {
        list.binary_search_by(|p| (p.slug.as_str(), p.file.as_str()).cmp(&(slug, file)))
    };
    let mut fresh: HashMap<String, crate::model::Procedure> =
        fresh.into_iter().map(|p| (p.file.clone(), p)).collect();
    for file in stale {
        if let Ok(i) = place(list, stem(file), file) {
            match fresh.remove(*file) {
                Some(p) if p.slug == list[i].slug => list[i] = p,
                Some(p) => {
                    list.remove(i);
                    fresh.insert(p.file.clone(), p);
                }
                None => {
                    list.remove(i);
                }
            }
        }
    }
    for (_, p) in fresh {
        match place(list, &p.slug, &p.file) {
            Ok(i) => list[i] = p,
            Err(i) => list.insert(i, p),
        }
    }
}
