//! Stage 2: cross-file checks. Every reference must resolve; codes and slugs are unique;
//! form files exist and stay inside `content/`; stale records are flagged.
//!
//! References are checked from the list the decoder recorded, which includes files
//! that had other errors, so one run reports everything. [`memo::Memo`] runs the checks
//! and, in a `serve` session, keeps what a save cannot have changed.

mod agencies;
pub(crate) mod memo;
pub(crate) mod stats;
pub(crate) mod theme;

use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::model::procedure::{ChannelKind, OnlineLevel};
use crate::model::{At, Content, Procedure, RefKind, Reference, Taxonomy};
use crate::text;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Options that validation depends on.
pub struct Rules {
    pub today: Date,
    pub stale_after_days: u32,
}

/// What the reference checks of one file compare against: the taxonomies, agencies,
/// downloads and procedure codes of the whole site.
pub(crate) struct RefContext<'a> {
    taxonomies: &'a crate::model::Taxonomies,
    agency_list: Vec<&'a str>,
    agencies: FxHashSet<&'a str>,
    files: BTreeSet<&'a str>,
    codes: &'a Codes,
}

impl<'a> RefContext<'a> {
    pub(crate) fn new(content: &'a Content, codes: &'a Codes) -> Self {
        let agency_list: Vec<&str> = content.agency_ids.iter().map(String::as_str).collect();
        RefContext {
            taxonomies: &content.taxonomies,
            agencies: agency_list.iter().copied().collect(),
            agency_list,
            files: content.files.iter().map(String::as_str).collect(),
            codes,
        }
    }
}

/// Where a procedure code is defined: the code and its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Definition {
    code: String,
    pos: Pos,
    width: usize,
}

/// The procedure codes of the site: each file's definitions, the first definition of each
/// code (in reference order), and the error for each later one.
#[derive(Debug, Default)]
pub(crate) struct Codes {
    by_file: FxHashMap<String, Vec<Definition>>,
    /// Code → the file and line of its first definition.
    first: FxHashMap<String, (String, u32)>,
    /// The codes in order, for suggestions.
    sorted: Vec<String>,
    pub(crate) twice: Vec<Diagnostic>,
}

/// The code definitions among `references` (one file's, or all).
pub(crate) fn definitions(references: &[Reference]) -> impl Iterator<Item = (&str, Definition)> {
    references
        .iter()
        .filter(|r| r.kind == RefKind::CodeDefinition)
        .map(|r| {
            (
                &*r.file,
                Definition {
                    code: r.target.value.clone(),
                    pos: r.target.pos,
                    width: r.target.width,
                },
            )
        })
}

impl Codes {
    pub(crate) fn new(references: &[Reference]) -> Codes {
        let mut codes = Codes::default();
        for (file, d) in definitions(references) {
            match codes.first.get(&d.code) {
                Some((first_file, first_line)) => codes.twice.push(
                    Diagnostic::error(
                        file,
                        d.pos,
                        format!("procedure code `{}` is used twice", d.code),
                    )
                    .width(d.width)
                    .help("each procedure has its own national code: correct one of the two")
                    .related(first_file, *first_line, "first used here"),
                ),
                None => {
                    codes
                        .first
                        .insert(d.code.clone(), (file.to_owned(), d.pos.line));
                }
            }
            codes.by_file.entry(file.to_owned()).or_default().push(d);
        }
        codes.sorted = codes.first.keys().cloned().collect();
        codes.sorted.sort_unstable();
        codes
    }

    /// Whether `file`'s definitions are `now` (none for a file that is gone).
    pub(crate) fn same(&self, file: &str, now: &[Definition]) -> bool {
        self.by_file.get(file).map_or(&[][..], Vec::as_slice) == now
    }
}

/// Whether one reference resolves.
pub(crate) fn check_reference(out: &mut Vec<Diagnostic>, r: &Reference, ctx: &RefContext) {
    let t = ctx.taxonomies;
    let file = &*r.file;
    match r.kind {
        RefKind::Field => check_term(out, r, &t.fields, "field", "fields"),
        RefKind::Level => check_term(out, r, &t.levels, "level", "levels"),
        RefKind::Audience => check_term(out, r, &t.audience, "audience", "audience"),
        RefKind::LifeEvent => check_term(out, r, &t.life_events, "life event", "life_events"),
        RefKind::Agency if !ctx.agencies.contains(r.target.value.as_str()) => {
            let agencies = &ctx.agency_list;
            let help = match text::did_you_mean(&r.target.value, agencies.iter().copied()) {
                Some(m) => format!(
                    "did you mean `{m}`? known agencies: {}",
                    text::list_ids(agencies.iter().copied(), 12)
                ),
                None => format!(
                    "known agencies: {} — or create content/agencies/{}.yaml",
                    text::list_ids(agencies.iter().copied(), 12),
                    r.target.value
                ),
            };
            out.push(
                at(
                    file,
                    &r.target,
                    format!("unknown agency `{}`", r.target.value),
                )
                .help(help),
            );
        }
        RefKind::Procedure => match ctx.codes.first.get(&r.target.value) {
            None => {
                let sorted = ctx.codes.sorted.iter().map(String::as_str);
                let help = match text::did_you_mean(&r.target.value, sorted) {
                    Some(m) => format!(
                        "did you mean `{m}` ({})?",
                        ctx.codes.first.get(m).map_or("", |(f, _)| f.as_str())
                    ),
                    None => {
                        "`related` lists the national codes of other procedures on this site".into()
                    }
                };
                out.push(
                    at(
                        file,
                        &r.target,
                        format!("related procedure `{}` does not exist", r.target.value),
                    )
                    .help(help),
                );
            }
            Some((def_file, _)) if **def_file == *r.file => {
                out.push(
                    at(file, &r.target, "a procedure cannot be related to itself")
                        .help("remove this code from `related`"),
                );
            }
            Some(_) => {}
        },
        RefKind::File => check_form_file(out, file, &r.target, &ctx.files),
        RefKind::Agency | RefKind::CodeDefinition => {}
    }
}

/// Two procedure files with one name (the procedures are sorted by name, so they are next
/// to each other; each is reported with the one before it).
pub(crate) fn check_slugs(content: &Content, out: &mut Vec<Diagnostic>) {
    for pair in content.procedures.windows(2) {
        let (before, p) = (&pair[0], &pair[1]);
        let (file, other) = (p.file.as_str(), before.file.as_str());
        if p.slug == before.slug {
            out.push(
                Diagnostic::error(
                    file,
                    Pos::default(),
                    format!("two procedure files are named `{}`", p.slug),
                )
                .help("the file name is the page address /thu-tuc/<name>/: rename one of them")
                .related(other, 0, "the other file"),
            );
        }
    }
}

/// The rules of one procedure alone.
pub(crate) fn check_procedure(p: &Procedure, rules: &Rules, out: &mut Vec<Diagnostic>) {
    let file = p.file.as_str();
    if p.online_level.value != OnlineLevel::None
        && !p
            .channels
            .iter()
            .any(|c| c.kind == ChannelKind::Online && c.url.is_some())
    {
        out.push(
            at(file, &p.online_level, format!("`online_level: {}` needs an online channel with a `url`", p.online_level.value.id()))
                .help("add a channel `- type: online` with the `url` of the public service portal, or set `online_level: none`"),
        );
    }
    if let (Some(from), Some(to)) = (p.effective_from, p.effective_to) {
        if to < from {
            out.push(
                Diagnostic::error(
                    file,
                    Pos::default(),
                    format!("`effective_to` {to} is before `effective_from` {from}"),
                )
                .help("swap or correct the dates"),
            );
        }
    }
    let age = rules.today.days_since_epoch() - p.last_checked.value.days_since_epoch();
    if age > i64::from(rules.stale_after_days) {
        out.push(
            Diagnostic::warning(file, p.last_checked.pos, format!("last checked {} days ago ({})", age, p.last_checked.value.dmy()))
                .width(p.last_checked.width)
                .help(format!(
                    "verify the procedure against the national database, then set `last_checked` to today (site.toml `stale_after_days = {}`)",
                    rules.stale_after_days
                )),
        );
    } else if age < 0 {
        out.push(
            at(
                file,
                &p.last_checked,
                format!("`last_checked` {} is in the future", p.last_checked.value),
            )
            .help("set it to the day you verified the procedure"),
        );
    }
}

fn at<T>(file: &str, value: &At<T>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(file, value.pos, message).width(value.width)
}

fn check_term(
    out: &mut Vec<Diagnostic>,
    r: &Reference,
    taxonomy: &Taxonomy,
    what: &str,
    key: &str,
) {
    let id = r.target.value.as_str();
    if taxonomy.label(id).is_some() {
        return;
    }
    let help = match text::did_you_mean(id, taxonomy.ids()) {
        Some(m) => format!(
            "did you mean `{m}`? known {key}: {}",
            text::list_ids(taxonomy.ids(), 12)
        ),
        None if taxonomy.terms.is_empty() => format!("add `{key}:` to content/taxonomies.yaml"),
        None => format!(
            "known {key}: {} — or add `{id}` to `{key}:` in content/taxonomies.yaml",
            text::list_ids(taxonomy.ids(), 12)
        ),
    };
    out.push(at(&r.file, &r.target, format!("unknown {what} `{id}`")).help(help));
}

/// A form path is relative to `content/`, must stay inside `content/files/` and exist.
fn check_form_file(
    out: &mut Vec<Diagnostic>,
    file: &str,
    path: &At<String>,
    files: &BTreeSet<&str>,
) {
    let p = path.value.as_str();
    let escapes = p.starts_with('/')
        || p.contains('\\')
        || p.contains(':')
        || p.split('/').any(|s| s == ".." || s == ".");
    if escapes {
        out.push(
            at(
                file,
                path,
                format!("form file `{p}` points outside the content folder"),
            )
            .help("write a path relative to content/, such as `files/to-khai.docx`"),
        );
        return;
    }
    let Some(inner) = p.strip_prefix("files/") else {
        out.push(
            at(file, path, format!("form file `{p}` is not under `files/`"))
                .help("put downloads in content/files/ and write `files/<name>`"),
        );
        return;
    };
    if !files.contains(inner) {
        let help = match text::did_you_mean(inner, files.iter().copied()) {
            Some(m) => format!("did you mean `files/{m}`?"),
            None => format!("add the file as content/{p}"),
        };
        out.push(at(file, path, format!("form file `{p}` does not exist")).help(help));
    }
}

/// Reads a content file once to attach source lines to diagnostics found after loading.
pub(crate) struct SourceCache {
    root: PathBuf,
    cache: std::cell::RefCell<HashMap<String, Option<String>>>,
}

impl SourceCache {
    pub(crate) fn new(root: &Path) -> SourceCache {
        SourceCache {
            root: root.to_owned(),
            cache: Default::default(),
        }
    }

    pub(crate) fn attach(&self, d: Diagnostic) -> Diagnostic {
        if d.line == 0 || d.source_line.is_some() {
            return d;
        }
        let mut cache = self.cache.borrow_mut();
        let source = cache
            .entry(d.file.clone())
            .or_insert_with(|| std::fs::read_to_string(self.root.join(&d.file)).ok());
        match source {
            Some(s) => d.with_source(s),
            None => d,
        }
    }
}
