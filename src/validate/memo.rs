//! What `check` found, remembered between saves of a `serve` session, so that a save checks
//! again only what it can have changed.
//!
//! The checks of one file (its references, the rules of its procedure) are kept per file
//! and done again for the files the load decoded again; all of them are done again when
//! what they compare against changes (the procedure codes, the rules' date; any other kind
//! of file, such as an agency or the taxonomies, forgets everything). The checks across the
//! site are cheap (duplicate codes and names, agency cycles) and done on every save, or
//! kept while what they read is unchanged (the statistics, the theme, which output path
//! belongs to whom). The diagnostics are the ones a full check gives: the same ones, in the
//! same order within each file (and `diagnose` sorts them by file).

use super::{
    Codes, Definition, RefContext, Rules, SourceCache, agencies, check_procedure, check_reference,
    check_slugs, definitions, stats, theme,
};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::cache::Changes;
use crate::model::{Content, Procedure};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

#[derive(Default)]
pub(crate) struct Memo {
    /// The key of the rules the checks were made with (the date, the days before stale).
    rules: Option<u64>,
    /// The procedure codes: the reference checks of every file compare against them.
    codes: Option<Codes>,
    /// The reference checks of each file that has a problem.
    references: BTreeMap<String, Vec<Diagnostic>>,
    /// The rules of each procedure that breaks one.
    procedures: BTreeMap<String, Vec<Diagnostic>>,
    /// Each procedure's name and code, by file: what the checks across the site (output
    /// owners, statistics) read of the procedures, besides the files.
    names: FxHashMap<String, (String, String)>,
    stats_rows: Option<Vec<Diagnostic>>,
    stats_site: Option<Vec<Diagnostic>>,
    theme: Option<Vec<Diagnostic>>,
    /// Output paths taken twice.
    collisions: Option<Vec<Diagnostic>>,
}

/// The procedure of the file `rel`, in the sorted list.
fn procedure_of<'a>(content: &'a Content, rel: &str) -> Option<&'a Procedure> {
    let slug = crate::load::stem(rel);
    content
        .procedures
        .binary_search_by(|p| (p.slug.as_str(), p.file.as_str()).cmp(&(slug, rel)))
        .ok()
        .map(|i| &content.procedures[i])
}

impl Memo {
    /// Stage 2: everything `check` reports about loaded content, with what loading reported,
    /// sorted. `changes` says what the load changed since the last call.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn diagnose(
        &mut self,
        root: &Path,
        today: Option<Date>,
        config: &Config,
        config_diags: Vec<Diagnostic>,
        content: &Content,
        load_diags: Diagnostics,
        changes: &Changes,
    ) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(config_diags);
        diagnostics.extend(load_diags.items);
        let rules = Rules {
            today: today.unwrap_or_else(|| config.today()),
            stale_after_days: config.stale_after_days,
        };
        diagnostics.extend(self.validate(content, &rules, root, changes).items);
        let theme = self
            .theme
            .get_or_insert_with(|| theme::check(root, &config.theme.name));
        diagnostics.extend(theme.iter().cloned());
        // Which source owns each output path reads the names, files and codes of the
        // procedures and the other kinds of content: `validate` forgets it when they change.
        let collisions = self
            .collisions
            .get_or_insert_with(|| crate::output::ownership::collisions(content, config, root));
        diagnostics.extend(collisions.iter().cloned());
        diagnostics.sort();
        diagnostics
    }

    /// The checks of `check` after the load's `changes`, keeping what they cannot have
    /// changed.
    pub(crate) fn validate(
        &mut self,
        content: &Content,
        rules: &Rules,
        root: &Path,
        changes: &Changes,
    ) -> Diagnostics {
        let mut h = rustc_hash::FxHasher::default();
        (rules.today, rules.stale_after_days).hash(&mut h);
        let rules_key = h.finish();
        if changes.all || changes.others || self.rules != Some(rules_key) {
            *self = Memo {
                rules: Some(rules_key),
                theme: self.theme.take(),
                ..Memo::default()
            };
        }
        let sources = SourceCache::new(root);
        let attached = |found: Vec<Diagnostic>| -> Vec<Diagnostic> {
            found.into_iter().map(|d| sources.attach(d)).collect()
        };
        let ranges: FxHashMap<&str, std::ops::Range<usize>> = changes
            .refs
            .iter()
            .map(|(f, r)| (f.as_str(), r.clone()))
            .collect();
        let refs_of = |file: &str| match ranges.get(file) {
            Some(r) => content.references.get(r.clone()).unwrap_or(&[]),
            None => &[],
        };

        // The codes: when a file defines other codes, every file is checked again.
        let first = self.codes.is_none();
        let every = match &self.codes {
            None => true,
            Some(codes) => !changes.files.iter().all(|f| {
                let now: Vec<Definition> = definitions(refs_of(f)).map(|(_, d)| d).collect();
                codes.same(f, &now)
            }),
        };
        if every {
            let mut codes = Codes::new(&content.references);
            codes.twice = attached(std::mem::take(&mut codes.twice));
            self.codes = Some(codes);
            self.references.clear();
            self.procedures.clear();
        } else {
            for file in &changes.files {
                self.references.remove(file);
                self.procedures.remove(file);
            }
        }
        let codes = self.codes.get_or_insert_with(Codes::default);

        // References, file by file (each file's are together, in walk order).
        let ctx = RefContext::new(content, codes);
        let mut check_refs = |group: &[crate::model::Reference]| {
            let Some(file) = group.first().map(|r| r.file.clone()) else {
                return;
            };
            let mut found = Vec::new();
            for r in group {
                check_reference(&mut found, r, &ctx);
            }
            if !found.is_empty() {
                self.references.insert(file.to_string(), attached(found));
            }
        };
        if every {
            let mut rest = content.references.as_slice();
            while let Some(head) = rest.first() {
                let n = rest.iter().take_while(|r| r.file == head.file).count();
                let (group, after) = rest.split_at(n);
                check_refs(group);
                rest = after;
            }
        } else {
            for (file, _) in &changes.refs {
                check_refs(refs_of(file));
            }
        }
        let mut out: Vec<Diagnostic> = codes.twice.clone();
        out.extend(self.references.values().flatten().cloned());

        check_slugs(content, &mut out);
        let mut check_one = |p: &Procedure| {
            let mut found = Vec::new();
            check_procedure(p, rules, &mut found);
            if !found.is_empty() {
                self.procedures.insert(p.file.clone(), attached(found));
            }
        };
        if every {
            content.procedures.iter().for_each(&mut check_one);
        } else {
            changes
                .files
                .iter()
                .filter_map(|f| procedure_of(content, f))
                .for_each(&mut check_one);
        }
        out.extend(self.procedures.values().flatten().cloned());

        // What the checks across the site read of the procedures: when a name or a code
        // changes, they are done again.
        let name = |p: &Procedure| (p.slug.clone(), p.code.value.clone());
        let names_changed = if first {
            self.names = content
                .procedures
                .iter()
                .map(|p| (p.file.clone(), name(p)))
                .collect();
            true
        } else {
            let mut changed = false;
            for f in &changes.files {
                let now = procedure_of(content, f).map(name);
                if now.as_ref() != self.names.get(f) {
                    changed = true;
                    match now {
                        Some(n) => self.names.insert(f.clone(), n),
                        None => self.names.remove(f),
                    };
                }
            }
            changed
        };
        if names_changed {
            self.stats_site = None;
            self.collisions = None;
        }

        agencies::check_parent_cycles(content, &mut out);
        let rows = self
            .stats_rows
            .get_or_insert_with(|| stats::rows(&content.stats, root));
        out.extend(rows.iter().cloned());
        let site = self.stats_site.get_or_insert_with(|| {
            let procedures: Vec<(&str, &str)> = content
                .procedures
                .iter()
                .map(|p| (p.slug.as_str(), p.code.value.as_str()))
                .collect();
            let latest = crate::model::stats::Period {
                year: u16::try_from(rules.today.year).unwrap_or(u16::MAX),
                month: rules.today.month,
            };
            attached(stats::site(
                &content.stats,
                &stats::Known {
                    agencies: &content.agency_ids,
                    procedures: &procedures,
                    latest,
                },
            ))
        });
        out.extend(site.iter().cloned());

        let mut diags = Diagnostics::default();
        diags.extend(out.into_iter().map(|d| sources.attach(d)));
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cache::Cache;
    use std::path::PathBuf;

    fn fixture() -> tempfile::TempDir {
        let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let dir = tempfile::tempdir().unwrap();
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        dir
    }

    /// A named save: it writes files and returns the paths the watcher would report.
    type Save<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>);

    /// After each save, what the remembered checks give is what a fresh `check` gives
    /// (checked to fail when a changed file's references are not checked again).
    #[test]
    fn remembered_checks_equal_a_full_check_after_each_save() {
        let site = fixture();
        let root = site.path();
        let today = Date::parse("2026-11-22");
        let (config, config_diags) = Config::load_all(root);
        let (mut cache, mut content, load_diags) = Cache::load(root);
        let mut memo = Memo::default();
        let first = memo.diagnose(
            root,
            today,
            &config,
            config_diags.clone(),
            &content,
            load_diags,
            &Changes::all(),
        );
        assert_eq!(first.items, crate::check(root, today).diagnostics.items);

        let a = "content/procedures/a/an-cu.yaml";
        let b = "content/procedures/a/an-toan.yaml";
        let edit = |rel: &str, from: &str, to: &str| {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel}: {from}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            path
        };
        let saves: Vec<Save> = vec![
            (
                "an unknown agency",
                Box::new(|| vec![edit(a, "agencies: [mot-cua]", "agencies: [mot-cuaa]")]),
            ),
            (
                "a stale procedure",
                Box::new(|| {
                    vec![edit(
                        b,
                        "last_checked: 2026-10-01",
                        "last_checked: 2020-01-01",
                    )]
                }),
            ),
            (
                "a code used twice",
                Box::new(|| vec![edit(b, "code: \"1.000001\"", "code: \"1.000003\"")]),
            ),
            (
                "the first code changed",
                Box::new(|| vec![edit(a, "code: \"1.000003\"", "code: \"1.000009\"")]),
            ),
            (
                "a broken file",
                Box::new(|| vec![edit(a, "name: ", "name: [\n")]),
            ),
            ("the fix", Box::new(|| vec![edit(a, "name: [\n", "name: ")])),
            (
                "an unused file",
                Box::new(|| {
                    let p = root.join("content/procedures/a/ghi-chu.txt");
                    std::fs::write(&p, "x").unwrap();
                    vec![p]
                }),
            ),
            (
                "a name used twice",
                Box::new(|| {
                    let p = root.join("content/procedures/b/an-cu.yaml");
                    let text = std::fs::read_to_string(root.join(a)).unwrap();
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(&p, text.replace("code: \"1.000009\"", "code: \"1.000019\""))
                        .unwrap();
                    vec![p.parent().unwrap().to_owned()]
                }),
            ),
            (
                "an agency removed",
                Box::new(|| {
                    let p = root.join("content/agencies/mot-cua.yaml");
                    std::fs::remove_file(&p).unwrap();
                    vec![p]
                }),
            ),
            (
                "a procedure removed",
                Box::new(|| {
                    let p = root.join(b);
                    std::fs::remove_file(&p).unwrap();
                    vec![p]
                }),
            ),
        ];
        for (what, save) in saves {
            let changed = save();
            let (load_diags, changes) = cache.reload(root, &mut content, &changed);
            let got = memo.diagnose(
                root,
                today,
                &config,
                config_diags.clone(),
                &content,
                load_diags,
                &changes,
            );
            let want = crate::check(root, today).diagnostics;
            assert_eq!(got.items, want.items, "{what}");
            if what == "a name used twice" {
                assert!(
                    want.items
                        .iter()
                        .any(|d| d.message.contains("two procedure files"))
                );
            }
            assert!(
                !want.items.is_empty(),
                "{what}: the fixture's edits leave findings to compare"
            );
        }
    }
}
