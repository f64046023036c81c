//! `minhbach import procedures`: the national portal's procedure records (the Word download, or
//! the JSON record) into `content/procedures/<field>/<slug>.yaml`.
//!
//! read (`docx`, `portal_json` → `record`) → map (`mapping`, `values` → `draft`) → write
//! (`emit`, `merge` for `--update`). Formats are told apart by their first bytes, never by the
//! extension. Files are written atomically; an existing file is replaced only with `--update`.

mod docx;
mod draft;
mod emit;
mod html;
mod mapping;
mod merge;
mod portal_json;
mod record;
mod values;

use super::{ImportError, Outcome};
use crate::diag::{Diagnostic, Pos};
use crate::text::slugify;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Options of `minhbach import procedures`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// Replace what the record holds in an existing file, keeping what editors added.
    pub update: bool,
    /// The import date (`last_checked`); today when unset.
    pub today: Option<crate::date::Date>,
}

/// What a file is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Zip,
    BinaryDoc,
    Json,
    Markup,
    Rtf,
    Unknown,
}

fn detect(bytes: &[u8]) -> Format {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if b.starts_with(b"PK\x03\x04") {
        return Format::Zip;
    }
    if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::BinaryDoc;
    }
    if b.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    match b.iter().find(|c| !c.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Format::Json,
        Some(b'<') => Format::Markup,
        _ => Format::Unknown,
    }
}

const RESAVE: &str = "open it in Word or LibreOffice and save it as a Word Document (.docx), then import the .docx file; or import the portal's JSON record instead";

/// The records in one file, or why it cannot be read.
fn read(bytes: &[u8]) -> Result<Vec<record::Record>, (String, String)> {
    match detect(bytes) {
        Format::Zip => docx::blocks(bytes)
            .map(|b| vec![docx::record(&b)])
            .map_err(|m| (m, RESAVE.to_owned())),
        Format::Json => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                (
                    "the JSON record is not UTF-8 text".to_owned(),
                    "save the record as UTF-8".to_owned(),
                )
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            portal_json::records(text).map_err(|m| {
                (
                    m,
                    "import the record exactly as the portal serves it (get-formality-by-citizen)"
                        .to_owned(),
                )
            })
        }
        Format::BinaryDoc => Err((
            "this is a binary Word 97–2003 document (.doc), not the OOXML format this import reads"
                .into(),
            format!("re-save it as .docx: {RESAVE}"),
        )),
        Format::Markup => Err((
            "this is an HTML or XML page, not a Word document (.docx)".into(),
            format!("re-save it as .docx: {RESAVE}"),
        )),
        Format::Rtf => Err((
            "this is an RTF document, not a Word document (.docx)".into(),
            format!("re-save it as .docx: {RESAVE}"),
        )),
        Format::Unknown => Err((
            "this is neither a Word document (.docx) nor the portal's JSON record".into(),
            "import the portal's Word download (“Tải về”) or its JSON record".into(),
        )),
    }
}

/// Existing procedure files: code → path relative to the root, and every slug in use.
fn existing(root: &Path) -> (BTreeMap<String, String>, BTreeSet<String>) {
    let mut codes = BTreeMap::new();
    let mut slugs = BTreeSet::new();
    let dir = root.join("content/procedures");
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file()
            || !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        {
            continue;
        }
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            slugs.insert(stem.to_owned());
        }
        let rel = crate::load::rel(root, path);
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(node) = crate::load::yaml::parse(&text) else {
            continue;
        };
        if let crate::load::yaml::Value::Map(entries) = &node.value {
            if let Some((_, v)) = entries.iter().find(|(k, _)| k.name == "code") {
                let code = match &v.value {
                    crate::load::yaml::Value::Str(s) => Some(s.clone()),
                    _ => v.raw_text(&text).map(str::to_owned),
                };
                if let Some(c) = code {
                    codes.entry(crate::text::nfc(c.trim())).or_insert(rel);
                }
            }
        }
    }
    (codes, slugs)
}

/// A slug from the name, cut at a word boundary so file names stay readable.
fn slug_of(name: &str) -> String {
    const MAX: usize = 80;
    let s = slugify(name);
    if s.len() <= MAX {
        return s;
    }
    let cut = s[..MAX].rfind('-').unwrap_or(MAX);
    s[..cut].to_owned()
}

struct Run<'a> {
    opts: &'a Options,
    known: mapping::Known,
    codes: BTreeMap<String, String>,
    slugs: BTreeSet<String>,
    /// Codes imported in this run, with their file.
    done: BTreeMap<String, String>,
    today: String,
    outcome: Outcome,
    todos: usize,
    judgements: usize,
    unchanged: usize,
}

pub fn run(opts: &Options) -> Result<Outcome, ImportError> {
    let today = match opts.today {
        Some(d) => d,
        None => crate::config::Config::load(&opts.root)
            .map_err(|d| ImportError::Config(crate::diag::render_one(*d)))?
            .today(),
    };
    let (content, _) = crate::load::load(&opts.root);
    let (codes, slugs) = existing(&opts.root);
    let mut run = Run {
        opts,
        known: mapping::Known::from_content(&content),
        codes,
        slugs,
        done: BTreeMap::new(),
        today: today.to_string(),
        outcome: Outcome::default(),
        todos: 0,
        judgements: 0,
        unchanged: 0,
    };
    let mut records = 0;
    for file in &opts.files {
        let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
            path: file.clone(),
            source,
        })?;
        let shown = file.display().to_string();
        match read(&bytes) {
            Ok(list) => {
                for r in list {
                    records += 1;
                    run.one(file, &shown, r)?;
                }
            }
            Err((message, help)) => run
                .outcome
                .diagnostics
                .push(Diagnostic::error(&shown, Pos::default(), message).help(help)),
        }
    }
    let written = run.outcome.written.len();
    let mut summary = format!(
        "{records} record(s) read, {written} file(s) written, {} value(s) left to the editor (TODO), {} judgement call(s) noted",
        run.todos, run.judgements
    );
    if run.unchanged > 0 {
        summary.push_str(&format!(", {} file(s) already up to date", run.unchanged));
    }
    if run.todos > 0 {
        summary.push_str(": run `minhbach check` to see each TODO with its source text");
    }
    run.outcome.notes.push(summary);
    Ok(run.outcome)
}

impl Run<'_> {
    fn one(&mut self, file: &Path, shown: &str, r: record::Record) -> Result<(), ImportError> {
        let mut notes = r.notes.clone();
        let mut d = mapping::map(&r, &self.known, &self.today, &mut notes);
        let source_name = file
            .file_name()
            .map_or_else(|| shown.to_owned(), |n| n.to_string_lossy().into_owned());
        d.header.insert(
            0,
            format!("Nhập từ Cổng Dịch vụ công quốc gia ({source_name}) bằng `minhbach import procedures`."),
        );
        let code = values::clean(&r.code);
        if let Some(first) = self.done.get(&code).filter(|_| !code.is_empty()) {
            self.outcome.diagnostics.push(
                Diagnostic::error(
                    shown,
                    Pos::default(),
                    format!("procedure {code} is imported twice in this run"),
                )
                .help(format!(
                    "it was already written to {first}: import each record once"
                )),
            );
            return Ok(());
        }
        let existing = (!code.is_empty())
            .then(|| self.codes.get(&code).cloned())
            .flatten();
        let rel = match &existing {
            Some(rel) => rel.clone(),
            None => {
                let folder = d
                    .fields
                    .iter()
                    .find_map(|f| match f {
                        draft::V::Ok(id) => Some(id.clone()),
                        draft::V::Todo(t) => Some(slugify(t)).filter(|s| !s.is_empty()),
                    })
                    .unwrap_or_else(|| "khac".into());
                let mut slug = slug_of(&values::clean(&r.name));
                if slug.is_empty() {
                    slug = slugify(&code);
                }
                if slug.is_empty() {
                    slug = "thu-tuc".into();
                }
                if self.slugs.contains(&slug) {
                    let with_code = format!("{slug}-{}", slugify(&code));
                    notes.push(format!(
                        "another procedure already uses the address `{slug}`: this one is `{with_code}`"
                    ));
                    slug = with_code;
                }
                if self.slugs.contains(&slug) {
                    self.outcome.diagnostics.push(
                        Diagnostic::error(
                            shown,
                            Pos::default(),
                            format!("the address `{slug}` is already used by another procedure"),
                        )
                        .help("rename one of the two files, then import again"),
                    );
                    return Ok(());
                }
                format!("content/procedures/{folder}/{slug}.yaml")
            }
        };
        let fresh = emit::emit(&d, &rel);
        let path = self.opts.root.join(&rel);
        let text = match &existing {
            None => fresh,
            Some(_) if !self.opts.update => {
                self.outcome.diagnostics.push(
                    Diagnostic::error(
                        shown,
                        Pos::default(),
                        format!("procedure {code} already exists in {rel}: nothing was written"),
                    )
                    .help("pass `--update` to replace what the record holds and keep what editors added (keywords, summary, alert, life_events, related)"),
                );
                return Ok(());
            }
            Some(_) => {
                let old = std::fs::read_to_string(&path).map_err(|source| ImportError::Read {
                    path: path.clone(),
                    source,
                })?;
                match merge::merge(&old, &fresh) {
                    Ok((merged, kept)) => {
                        notes.extend(kept);
                        if merged == old {
                            self.unchanged += 1;
                            self.done.insert(code.clone(), rel.clone());
                            self.note_todos(&rel, &merged);
                            return Ok(());
                        }
                        merged
                    }
                    Err(why) => {
                        self.outcome.diagnostics.push(
                            Diagnostic::error(
                                &rel,
                                Pos::default(),
                                format!("cannot update this file: {why}"),
                            )
                            .help("write it as one `key: value` per line (as `minhbach import` does), then import again with `--update`"),
                        );
                        return Ok(());
                    }
                }
            }
        };
        crate::write::write_inside(
            &self.opts.root,
            "content/procedures",
            &path,
            text.as_bytes(),
        )
        .map_err(|source| ImportError::Write {
            path: path.clone(),
            source,
        })?;
        self.slugs.insert(
            Path::new(&rel)
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        );
        if !code.is_empty() {
            self.done.insert(code.clone(), rel.clone());
            self.codes.insert(code, rel.clone());
        }
        self.outcome.written.push(path);
        self.note_todos(&rel, &text);
        self.judgements += notes.len();
        self.outcome
            .notes
            .extend(notes.into_iter().map(|n| format!("{rel}: {n}")));
        Ok(())
    }

    /// One note per TODO value of the written file, at its line.
    fn note_todos(&mut self, rel: &str, text: &str) {
        let Ok(node) = crate::load::yaml::parse(text) else {
            return;
        };
        for t in crate::load::todo::find(&node, text) {
            self.todos += 1;
            let source = if t.source.is_empty() {
                "the record has no value".to_owned()
            } else {
                format!("“{}”", t.source)
            };
            self.outcome.notes.push(format!(
                "{rel}:{}: `{}` left to the editor: {source}",
                t.pos.line, t.path
            ));
        }
    }
}
