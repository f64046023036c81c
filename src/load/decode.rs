//! Typed decoding of a YAML node tree that collects every problem of a file:
//! unknown keys (with "did you mean"), missing keys, wrong types, bad dates.

use super::yaml::{Key, Node, Value};
use crate::date::Date;
use crate::diag::{Diagnostic, Pos, shown};
use crate::model::{At, RefKind, Reference};
use crate::text;

/// Decoding state of one file.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub source: &'a str,
    pub diags: Vec<Diagnostic>,
    pub refs: Vec<Reference>,
    /// `file`, shared by every reference of the file (a procedure has about ten).
    shared_file: std::sync::Arc<str>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, source: &'a str) -> Self {
        Ctx {
            file,
            source,
            diags: Vec::new(),
            refs: Vec::new(),
            shared_file: file.into(),
        }
    }

    /// Records a reference for validation and passes it on.
    pub fn reference(&mut self, kind: RefKind, target: Option<At<String>>) -> Option<At<String>> {
        if let Some(t) = &target {
            self.refs.push(Reference {
                file: self.shared_file.clone(),
                kind,
                target: t.clone(),
            });
        }
        target
    }

    pub fn error(
        &mut self,
        pos: Pos,
        width: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(self.file, pos, message)
            .width(width)
            .help(help)
            .with_source(self.source);
        self.diags.push(d);
    }

    fn node_width(&self, n: &Node) -> usize {
        n.raw_text(self.source)
            .map_or(1, |t| t.lines().next().unwrap_or("").chars().count())
    }

    fn wrong_type(&mut self, n: &Node, expected: &str, what: &str) {
        let width = self.node_width(n);
        self.error(
            n.pos,
            width,
            format!("{what}: expected {expected}, found {}", n.kind_name()),
            format!("write {what} as {expected}"),
        );
    }

    /// Text, NFC-normalised. Numbers and booleans written without quotes are
    /// taken exactly as written (`code: 1.001193`).
    pub fn text(&mut self, n: &Node, what: &str) -> Option<String> {
        match &n.value {
            Value::Str(s) => Some(text::nfc(s.trim_end_matches('\n'))),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                n.raw_text(self.source).map(text::nfc)
            }
            _ => {
                self.wrong_type(n, "text", what);
                None
            }
        }
    }

    /// Text that must not be empty.
    pub fn nonempty(&mut self, n: &Node, what: &str) -> Option<String> {
        let s = self.text(n, what)?;
        if s.trim().is_empty() {
            self.error(
                n.pos,
                1,
                format!("{what} is empty"),
                format!("write {what}, or remove the key"),
            );
            return None;
        }
        Some(s)
    }

    pub fn at_text(&mut self, n: &Node, what: &str) -> Option<At<String>> {
        let width = self.node_width(n);
        self.nonempty(n, what).map(|value| At {
            value,
            pos: n.pos,
            width,
        })
    }

    /// An id or slug: lowercase ASCII letters, digits and hyphens.
    pub fn id(&mut self, n: &Node, what: &str) -> Option<At<String>> {
        let at = self.at_text(n, what)?;
        if !text::is_valid_id(&at.value) {
            let suggestion = text::slugify(&at.value);
            self.error(
                n.pos,
                at.width,
                format!("{what} `{}` is not a valid id", at.value),
                format!(
                    "ids use lowercase letters a-z, digits and hyphens only, e.g. `{suggestion}`"
                ),
            );
            return None;
        }
        Some(at)
    }

    pub fn uint(&mut self, n: &Node, what: &str) -> Option<u64> {
        match n.value {
            Value::Int(i) if i >= 0 => Some(i as u64),
            Value::Int(_) => {
                let width = self.node_width(n);
                self.error(
                    n.pos,
                    width,
                    format!("{what} must not be negative"),
                    "write a whole number ≥ 0",
                );
                None
            }
            _ => {
                let width = self.node_width(n);
                let hint = match n.raw_text(self.source) {
                    Some(t) if t.contains('.') || t.contains(',') => format!(
                        "write digits only, without thousands separators: `{}`",
                        t.replace(['.', ',', ' ', '"', '\''], "")
                    ),
                    _ => "write a whole number such as `50000`".into(),
                };
                self.error(
                    n.pos,
                    width,
                    format!("{what}: expected a whole number, found {}", n.kind_name()),
                    hint,
                );
                None
            }
        }
    }

    pub fn number(&mut self, n: &Node, what: &str) -> Option<f64> {
        match n.value {
            Value::Int(i) if i >= 0 => Some(i as f64),
            Value::Float(f) if f >= 0.0 && f.is_finite() => Some(f),
            _ => {
                self.wrong_type(n, "a number ≥ 0", what);
                None
            }
        }
    }

    pub fn boolean(&mut self, n: &Node, what: &str) -> Option<bool> {
        match n.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(n, "`true` or `false`", what);
                None
            }
        }
    }

    pub fn date(&mut self, n: &Node, what: &str) -> Option<At<Date>> {
        let s = self.text(n, what)?;
        let width = s.chars().count();
        match Date::parse(s.trim()) {
            Some(value) => Some(At {
                value,
                pos: n.pos,
                width,
            }),
            None => {
                self.error(
                    n.pos,
                    width,
                    format!("{what}: `{s}` is not a valid date"),
                    "write dates as YYYY-MM-DD, e.g. `2026-05-31`",
                );
                None
            }
        }
    }

    /// One of a closed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        n: &Node,
        what: &str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let s = self.text(n, what)?;
        if let Some((_, v)) = options.iter().find(|(k, _)| *k == s) {
            return Some(*v);
        }
        let names = options.iter().map(|(k, _)| *k);
        let help = match text::did_you_mean(&s, names.clone()) {
            Some(m) => format!("did you mean `{m}`? allowed: {}", text::list_ids(names, 20)),
            None => format!("allowed: {}", text::list_ids(names, 20)),
        };
        let width = s.chars().count();
        self.error(
            n.pos,
            width,
            format!("{what}: `{s}` is not allowed here"),
            help,
        );
        None
    }

    /// A list; each item decoded by `f`, problems collected.
    pub fn list<T>(
        &mut self,
        n: &Node,
        what: &str,
        mut f: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        match &n.value {
            Value::Seq(items) => {
                // Sized once: most lists are short, and growing them leaves room unused in
                // every procedure of the catalogue.
                let mut out = Vec::with_capacity(items.len());
                out.extend(items.iter().filter_map(|item| f(self, item)));
                out
            }
            Value::Null => Vec::new(),
            _ => {
                let width = self.node_width(n);
                let example = n.raw_text(self.source).unwrap_or("…").to_owned();
                self.error(
                    n.pos,
                    width,
                    format!("{what}: expected a list, found {}", n.kind_name()),
                    format!("write a list, e.g. `[{example}]`, or one `- item` per line"),
                );
                Vec::new()
            }
        }
    }

    /// A URL, checked by [`crate::url::check`] for the place it is used in.
    pub fn url(&mut self, n: &Node, what: &str, allow: crate::url::Allow) -> Option<String> {
        self.checked(n, what, |s| crate::url::check(s, allow).map(|_| ()))
    }

    /// An e-mail address (published as a `mailto:` link).
    pub fn email(&mut self, n: &Node, what: &str) -> Option<String> {
        self.checked(n, what, crate::url::check_email)
    }

    /// A non-empty text that `check` accepts, or an error at the node with its message and help.
    fn checked(
        &mut self,
        n: &Node,
        what: &str,
        check: impl FnOnce(&str) -> Result<(), crate::url::Problem>,
    ) -> Option<String> {
        let s = self.nonempty(n, what)?;
        match check(&s) {
            Ok(()) => Some(s),
            Err(p) => {
                let width = self.node_width(n);
                self.error(
                    n.pos,
                    width,
                    format!("{what} `{}`: {}", shown(&s), p.message),
                    p.help,
                );
                None
            }
        }
    }

    /// Markdown text; every link and image in it is checked, each problem at its own line.
    pub fn markdown(&mut self, n: &Node, what: &str) -> Option<String> {
        let s = self.text(n, what)?;
        let region = n
            .raw
            .and_then(|(start, len)| Some((start, self.source.get(start..start + len)?)));
        for p in super::markdown::problems(&s) {
            // Find the address in the node's source text; quoted scalars may differ, so
            // fall back to the node itself.
            let pos = region
                .and_then(|(start, raw)| {
                    let snippet = s[p.offset..].lines().next().unwrap_or("");
                    raw.find(snippet)
                        .or_else(|| raw.find(p.url.as_str()))
                        .map(|i| Pos::at(self.source, start + i))
                })
                .unwrap_or(n.pos);
            self.push_link_problem(pos, what, &p);
        }
        Some(s)
    }

    /// Reports one refused Markdown link or image at `pos`.
    pub fn push_link_problem(&mut self, pos: Pos, what: &str, p: &super::markdown::LinkProblem) {
        let kind = if p.image { "image" } else { "link" };
        self.error(
            pos,
            1,
            format!(
                "{kind} `{}` in {what}: {}",
                shown(&p.url),
                p.problem.message
            ),
            p.problem.help.clone(),
        );
    }

    /// Starts reading a mapping; reports an error when `n` is something else.
    pub fn map<'n>(&mut self, n: &'n Node, what: &'static str) -> Option<MapReader<'n>> {
        match &n.value {
            Value::Map(entries) => Some(MapReader {
                pos: n.pos,
                entries,
                used: vec![false; entries.len()],
                known: Vec::new(),
                what,
            }),
            _ => {
                self.wrong_type(n, "a mapping of `key: value` lines", what);
                None
            }
        }
    }
}

/// Reads the keys of one mapping, remembering which were asked for.
pub struct MapReader<'n> {
    pub pos: Pos,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    known: Vec<&'static str>,
    what: &'static str,
}

impl<'n> MapReader<'n> {
    /// An optional key; `key:` with no value counts as absent.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        let idx = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[idx] = true;
        let node = &self.entries[idx].1;
        (!matches!(node.value, Value::Null)).then_some(node)
    }

    /// A required key: missing → an error at the mapping.
    pub fn req(&mut self, ctx: &mut Ctx, key: &'static str) -> Option<&'n Node> {
        let node = self.get(key);
        if node.is_none() {
            let present = self.entries.iter().any(|(k, _)| k.name == key);
            let message = if present {
                format!("`{key}` in {} is empty", self.what)
            } else {
                format!("missing required key `{key}` in {}", self.what)
            };
            ctx.error(
                self.pos,
                1,
                message,
                format!("add `{key}:` with a value (see the schema or an existing file)"),
            );
        }
        node
    }

    /// Reports keys nobody asked for, with the closest known key.
    pub fn finish(self, ctx: &mut Ctx) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let help = match text::did_you_mean(&key.name, self.known.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!(
                    "known keys: {}",
                    text::list_ids(self.known.iter().copied(), 30)
                ),
            };
            ctx.error(
                key.pos,
                key.name.chars().count(),
                format!("unknown key `{}` in {}", key.name, self.what),
                help,
            );
        }
    }
}
