//! Stage 2: cross-file checks. Every reference must resolve; codes and slugs are unique;
//! form files exist and stay inside `content/`; stale records are flagged.

use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::procedure::{ChannelKind, OnlineLevel};
use crate::model::{At, Content, Taxonomy};
use crate::text;
use std::collections::{BTreeSet, HashMap};

/// Options that validation depends on.
pub struct Rules {
    pub today: Date,
    pub stale_after_days: u32,
}

pub fn validate(content: &Content, rules: &Rules, root: &std::path::Path) -> Diagnostics {
    let mut out = Diagnostics::default();
    let sources = SourceCache { root: root.to_owned(), cache: Default::default() };
    let agency_ids: Vec<&str> = content.agencies.iter().map(|a| a.id.as_str()).collect();
    let files: BTreeSet<&str> = content.files.iter().map(String::as_str).collect();
    let codes: HashMap<&str, &str> = content.procedures.iter().map(|p| (p.code.value.as_str(), p.file.as_str())).collect();

    let mut first_code: HashMap<&str, (&str, u32)> = HashMap::new();
    let mut first_slug: HashMap<&str, &str> = HashMap::new();
    for p in &content.procedures {
        let file = p.file.as_str();
        let mut report = |d: Diagnostic| out.push(sources.attach(d));
        if let Some((other, line)) = first_code.get(p.code.value.as_str()) {
            report(
                at(file, &p.code, format!("procedure code `{}` is used twice", p.code.value))
                    .help("each procedure has its own national code: correct one of the two")
                    .related(other, *line, "first used here"),
            );
        } else {
            first_code.insert(&p.code.value, (file, p.code.pos.line));
        }
        if let Some(other) = first_slug.get(p.slug.as_str()) {
            report(
                Diagnostic::error(file, Pos::default(), format!("two procedure files are named `{}`", p.slug))
                    .help("the file name is the page address /thu-tuc/<name>/: rename one of them")
                    .related(other, 0, "the other file"),
            );
        } else {
            first_slug.insert(&p.slug, file);
        }
        let t = &content.taxonomies;
        check_terms(&mut report, file, &p.fields, &t.fields, "field", "fields");
        check_terms(&mut report, file, &p.levels, &t.levels, "level", "levels");
        check_terms(&mut report, file, &p.audience, &t.audience, "audience", "audience");
        check_terms(&mut report, file, &p.life_events, &t.life_events, "life event", "life_events");
        check_agency(&mut report, file, &p.competent_authority, &agency_ids);
        for a in &p.agencies {
            check_agency(&mut report, file, a, &agency_ids);
        }
        for r in &p.related {
            if !codes.contains_key(r.value.as_str()) {
                let known: Vec<&str> = codes.keys().copied().collect();
                let help = match text::did_you_mean(&r.value, known.iter().copied()) {
                    Some(m) => format!("did you mean `{m}` ({})?", codes[m]),
                    None => "`related` lists the national codes of other procedures on this site".into(),
                };
                report(at(file, r, format!("related procedure `{}` does not exist", r.value)).help(help));
            } else if r.value == p.code.value {
                report(at(file, r, "a procedure cannot be related to itself").help("remove this code from `related`"));
            }
        }
        for group in &p.documents {
            for item in &group.items {
                if let Some(form) = &item.form {
                    check_form_file(&mut report, file, &form.file, &files);
                }
            }
        }
        if p.online_level.value != OnlineLevel::None
            && !p.channels.iter().any(|c| c.kind == ChannelKind::Online && c.url.is_some())
        {
            report(
                at(file, &p.online_level, format!("`online_level: {}` needs an online channel with a `url`", p.online_level.value.id()))
                    .help("add a channel `- type: online` with the `url` of the public service portal, or set `online_level: none`"),
            );
        }
        if let (Some(from), Some(to)) = (p.effective_from, p.effective_to) {
            if to < from {
                report(Diagnostic::error(file, Pos::default(), format!("`effective_to` {to} is before `effective_from` {from}")).help("swap or correct the dates"));
            }
        }
        let age = rules.today.days_since_epoch() - p.last_checked.value.days_since_epoch();
        if age > i64::from(rules.stale_after_days) {
            report(
                Diagnostic::warning(file, p.last_checked.pos, format!("last checked {} days ago ({})", age, p.last_checked.value.dmy()))
                    .width(p.last_checked.width)
                    .help(format!("verify the procedure against the national database, then set `last_checked` to today (site.toml `stale_after_days = {}`)", rules.stale_after_days)),
            );
        } else if age < 0 {
            report(at(file, &p.last_checked, format!("`last_checked` {} is in the future", p.last_checked.value)).help("set it to the day you verified the procedure"));
        }
    }
    for a in &content.agencies {
        let mut report = |d: Diagnostic| out.push(sources.attach(d));
        if let Some(level) = &a.level {
            check_terms(&mut report, &a.file, std::slice::from_ref(level), &content.taxonomies.levels, "level", "levels");
        }
        if let Some(parent) = &a.parent {
            if parent.value == a.id {
                report(at(&a.file, parent, "an agency cannot be its own parent").help("remove `parent` or name the agency above this one"));
            } else {
                check_agency(&mut report, &a.file, parent, &agency_ids);
            }
        }
    }
    out
}

fn at<T>(file: &str, value: &At<T>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(file, value.pos, message).width(value.width)
}

fn check_terms(report: &mut impl FnMut(Diagnostic), file: &str, refs: &[At<String>], taxonomy: &Taxonomy, what: &str, key: &str) {
    for r in refs {
        if taxonomy.label(&r.value).is_none() {
            let help = match text::did_you_mean(&r.value, taxonomy.ids()) {
                Some(m) => format!("did you mean `{m}`? known {key}: {}", text::list_ids(taxonomy.ids(), 12)),
                None if taxonomy.terms.is_empty() => format!("add `{key}:` to content/taxonomies.yaml"),
                None => format!("known {key}: {} — or add `{}` to `{key}:` in content/taxonomies.yaml", text::list_ids(taxonomy.ids(), 12), r.value),
            };
            report(at(file, r, format!("unknown {what} `{}`", r.value)).help(help));
        }
    }
}

fn check_agency(report: &mut impl FnMut(Diagnostic), file: &str, r: &At<String>, ids: &[&str]) {
    if !ids.contains(&r.value.as_str()) {
        let help = match text::did_you_mean(&r.value, ids.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? known agencies: {}", text::list_ids(ids.iter().copied(), 12)),
            None => format!("known agencies: {} — or create content/agencies/{}.yaml", text::list_ids(ids.iter().copied(), 12), r.value),
        };
        report(at(file, r, format!("unknown agency `{}`", r.value)).help(help));
    }
}

/// A form path is relative to `content/`, must stay inside `content/files/` and exist.
fn check_form_file(report: &mut impl FnMut(Diagnostic), file: &str, path: &At<String>, files: &BTreeSet<&str>) {
    let p = path.value.as_str();
    let escapes = p.starts_with('/') || p.contains('\\') || p.contains(':') || p.split('/').any(|s| s == ".." || s == ".");
    if escapes {
        report(at(file, path, format!("form file `{p}` points outside the content folder")).help("write a path relative to content/, such as `files/to-khai.docx`"));
        return;
    }
    let Some(inner) = p.strip_prefix("files/") else {
        report(at(file, path, format!("form file `{p}` is not under `files/`")).help("put downloads in content/files/ and write `files/<name>`"));
        return;
    };
    if !files.contains(inner) {
        let help = match text::did_you_mean(inner, files.iter().copied()) {
            Some(m) => format!("did you mean `files/{m}`?"),
            None => format!("add the file as content/{p}"),
        };
        report(at(file, path, format!("form file `{p}` does not exist")).help(help));
    }
}

/// Reads a content file once to attach source lines to diagnostics found after loading.
struct SourceCache {
    root: std::path::PathBuf,
    cache: std::cell::RefCell<HashMap<String, Option<String>>>,
}

impl SourceCache {
    fn attach(&self, d: Diagnostic) -> Diagnostic {
        if d.line == 0 {
            return d;
        }
        let mut cache = self.cache.borrow_mut();
        let source = cache.entry(d.file.clone()).or_insert_with(|| std::fs::read_to_string(self.root.join(&d.file)).ok());
        match source {
            Some(s) => d.with_source(s),
            None => d,
        }
    }
}
