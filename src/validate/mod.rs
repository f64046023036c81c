//! Stage 2: cross-file checks. Every reference must resolve; codes and slugs are unique;
//! form files exist and stay inside `content/`; stale records are flagged.
//!
//! References are checked from the list the decoder recorded, which includes files
//! that had other errors, so one run reports everything.

mod agencies;
pub(crate) mod stats;
pub(crate) mod theme;

use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::procedure::{ChannelKind, OnlineLevel};
use crate::model::{At, Content, RefKind, Reference, Taxonomy};
use crate::text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Options that validation depends on.
pub struct Rules {
    pub today: Date,
    pub stale_after_days: u32,
}

pub fn validate(content: &Content, rules: &Rules, root: &Path) -> Diagnostics {
    let sources = SourceCache {
        root: root.to_owned(),
        cache: Default::default(),
    };
    let mut out = Vec::new();
    check_references(content, &mut out);
    check_procedures(content, rules, &mut out);
    agencies::check_parent_cycles(content, &mut out);
    let procedures: Vec<(&str, &str)> = content
        .procedures
        .iter()
        .map(|p| (p.slug.as_str(), p.code.value.as_str()))
        .collect();
    out.extend(stats::rows(&content.stats, root));
    let latest = crate::model::stats::Period {
        year: u16::try_from(rules.today.year).unwrap_or(u16::MAX),
        month: rules.today.month,
    };
    out.extend(stats::site(
        &content.stats,
        &stats::Known {
            agencies: &content.agency_ids,
            procedures: &procedures,
            latest,
        },
    ));
    let mut diags = Diagnostics::default();
    diags.extend(out.into_iter().map(|d| sources.attach(d)));
    diags
}

fn check_references(content: &Content, out: &mut Vec<Diagnostic>) {
    let t = &content.taxonomies;
    let agencies: Vec<&str> = content.agency_ids.iter().map(String::as_str).collect();
    let files: BTreeSet<&str> = content.files.iter().map(String::as_str).collect();
    let mut codes: BTreeMap<&str, &Reference> = BTreeMap::new();
    for r in content
        .references
        .iter()
        .filter(|r| r.kind == RefKind::CodeDefinition)
    {
        match codes.get(r.target.value.as_str()) {
            Some(first) => out.push(
                at(
                    &r.file,
                    &r.target,
                    format!("procedure code `{}` is used twice", r.target.value),
                )
                .help("each procedure has its own national code: correct one of the two")
                .related(&first.file, first.target.pos.line, "first used here"),
            ),
            None => {
                codes.insert(&r.target.value, r);
            }
        }
    }
    for r in &content.references {
        let file = r.file.as_str();
        match r.kind {
            RefKind::Field => check_term(out, r, &t.fields, "field", "fields"),
            RefKind::Level => check_term(out, r, &t.levels, "level", "levels"),
            RefKind::Audience => check_term(out, r, &t.audience, "audience", "audience"),
            RefKind::LifeEvent => check_term(out, r, &t.life_events, "life event", "life_events"),
            RefKind::Agency if !agencies.contains(&r.target.value.as_str()) => {
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
            RefKind::Procedure => {
                match codes.get(r.target.value.as_str()) {
                    None => {
                        let help = match text::did_you_mean(&r.target.value, codes.keys().copied()) {
                        Some(m) => format!("did you mean `{m}` ({})?", codes[m].file),
                        None => "`related` lists the national codes of other procedures on this site".into(),
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
                    Some(def) if def.file == r.file => {
                        out.push(
                            at(file, &r.target, "a procedure cannot be related to itself")
                                .help("remove this code from `related`"),
                        );
                    }
                    Some(_) => {}
                }
            }
            RefKind::File => check_form_file(out, file, &r.target, &files),
            RefKind::Agency | RefKind::CodeDefinition => {}
        }
    }
}

fn check_procedures(content: &Content, rules: &Rules, out: &mut Vec<Diagnostic>) {
    let mut first_slug: HashMap<&str, &str> = HashMap::new();
    for p in &content.procedures {
        let file = p.file.as_str();
        if let Some(other) = first_slug.insert(&p.slug, file) {
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
struct SourceCache {
    root: PathBuf,
    cache: std::cell::RefCell<HashMap<String, Option<String>>>,
}

impl SourceCache {
    fn attach(&self, d: Diagnostic) -> Diagnostic {
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
