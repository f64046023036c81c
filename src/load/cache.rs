//! Loading again after a save: only the files that changed are decoded again.
//!
//! A [`Cache`] remembers, for every content file of the last load, its size and
//! modification time, its diagnostics and its references. [`Cache::reload`] walks
//! `content/` again (cheap: names and `lstat`), decodes the procedure files that are new,
//! changed or named by the watcher, drops the ones that are gone, and decodes every other
//! file only when one of them changed (agencies, taxonomies, pages and statistics are few,
//! and many things are computed across them). The result is the content a full
//! [`super::load`] of the same files gives.

use super::{Entry, FileResult, Kind, Loaded, finish, load_one, place, walk};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Content, Procedure, Reference};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

/// Size and modification time: a file whose stamp is unchanged was not written.
type Stamp = Option<(u64, SystemTime)>;

struct File {
    stamp: Stamp,
    diags: Vec<Diagnostic>,
    refs: Vec<Reference>,
}

#[derive(Default)]
pub struct Cache {
    files: HashMap<String, File>,
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
        let diags = cache.reload(root, &mut content, &HashSet::new(), true);
        (cache, content, diags)
    }

    /// Brings `content` up to date with the files under `root`. `changed` are paths under
    /// the root the watcher reported (relative, `/`-separated); files whose size or time
    /// changed are decoded again whether named or not. `all` decodes every file.
    pub fn reload(
        &mut self,
        root: &Path,
        content: &mut Content,
        changed: &HashSet<String>,
        all: bool,
    ) -> Diagnostics {
        let (entries, mut diags) = match walk(root) {
            Ok(found) => found,
            Err(d) => {
                *content = Content::default();
                self.files.clear();
                return d;
            }
        };
        let stamps: Vec<Stamp> = entries.par_iter().map(|(p, _, _)| stamp(p)).collect();
        let stale = |(_, rel, _): &Entry, s: &Stamp| {
            all || changed.contains(rel)
                || self
                    .files
                    .get(rel)
                    .is_none_or(|f| f.stamp != *s || s.is_none())
        };
        let present: HashSet<&str> = entries.iter().map(|(_, r, _)| r.as_str()).collect();
        let others_changed = all
            || entries
                .iter()
                .zip(&stamps)
                .any(|(e, s)| e.2 != Kind::Procedure && stale(e, s))
            || self.files.keys().any(|rel| {
                !present.contains(rel.as_str()) && !rel.starts_with("content/procedures/")
            });
        // Which files to decode now.
        let todo: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                let e = &entries[i];
                if e.2 == Kind::Procedure {
                    stale(e, &stamps[i])
                } else {
                    others_changed
                }
            })
            .collect();
        let results: Vec<(usize, FileResult)> = todo
            .par_iter()
            .map(|&i| {
                let (path, rel, kind) = &entries[i];
                (i, load_one(path, rel, *kind))
            })
            .collect();

        // Procedures: keep the unchanged ones, put the decoded ones in.
        let redo: HashSet<&str> = todo.iter().map(|&i| entries[i].1.as_str()).collect();
        let mut kept: Vec<Procedure> = std::mem::take(&mut content.procedures)
            .into_iter()
            .filter(|p| present.contains(p.file.as_str()) && !redo.contains(p.file.as_str()))
            .collect();
        if others_changed {
            // Every other kind is decoded again below.
            *content = Content::default();
        }
        self.files.retain(|rel, _| present.contains(rel.as_str()));
        for (i, (loaded, file_diags, refs)) in results {
            let rel = &entries[i].1;
            match loaded {
                Loaded::Procedure(p) => kept.push(*p),
                other => place(content, other),
            }
            self.files.insert(
                rel.clone(),
                File {
                    stamp: stamps[i],
                    diags: file_diags,
                    refs,
                },
            );
        }
        content.procedures = kept;
        // References and diagnostics in walk order, as a full load gives them.
        content.references = entries
            .iter()
            .filter_map(|(_, rel, _)| self.files.get(rel))
            .flat_map(|f| f.refs.iter().cloned())
            .collect();
        for (_, rel, _) in &entries {
            if let Some(f) = self.files.get(rel) {
                diags.extend(f.diags.iter().cloned());
            }
        }
        finish(content, &entries, &mut diags);
        diags
    }
}
