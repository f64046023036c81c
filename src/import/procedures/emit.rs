//! Writes a draft as procedure YAML: the schema modeline first, keys in the order of DESIGN §1.1,
//! every string double-quoted (or a literal block for Markdown), the same bytes for the same draft.

use super::draft::{Draft, V};
use std::fmt::Write as _;

/// The schema modeline of a file at `rel` (relative to the site root), like the example files'.
pub(crate) fn modeline(rel: &str) -> String {
    let up = "../".repeat(rel.matches('/').count());
    format!("# yaml-language-server: $schema={up}schemas/procedure.json")
}

/// A YAML double-quoted scalar.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line (whatever a YAML reader might take for a line break goes).
fn comment(s: &str) -> String {
    s.replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ")
}

fn todo_text(source: &str) -> String {
    if source.trim().is_empty() {
        "TODO".to_owned()
    } else {
        format!("TODO: {}", source.replace('\n', " "))
    }
}

struct Writer {
    out: String,
}

impl Writer {
    /// The YAML for a value, recording a TODO at the current line.
    fn text(&mut self, v: &V<String>) -> String {
        match v {
            V::Ok(s) => quote(s),
            V::Todo(src) => self.todo(src),
        }
    }

    /// A value left to the editor (reported by `load::todo`).
    fn todo(&mut self, src: &str) -> String {
        quote(&todo_text(src))
    }

    fn id(&mut self, v: &V<String>) -> String {
        match v {
            V::Ok(s) if crate::text::is_valid_id(s) => s.clone(),
            other => self.text(other),
        }
    }

    fn ids(&mut self, key: &'static str, list: &[V<String>]) {
        let items: Vec<String> = list.iter().map(|v| self.id(v)).collect();
        let _ = writeln!(self.out, "{key}: [{}]", items.join(", "));
    }

    fn number<T: std::fmt::Display>(&mut self, v: &V<T>) -> String {
        match v {
            V::Ok(n) => n.to_string(),
            V::Todo(src) => self.todo(src),
        }
    }

    /// Markdown under `key` at `indent`: a literal block when it has several lines.
    fn markdown(&mut self, indent: &str, key: &str, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let block_safe = lines.len() > 1
            && !text.starts_with([' ', '\t'])
            && lines.iter().all(|l| {
                !l.ends_with([' ', '\t']) && !l.chars().any(|c| c.is_control() && c != '\t')
            });
        if block_safe {
            let _ = writeln!(self.out, "{indent}{key}: |");
            for l in lines {
                if l.is_empty() {
                    self.out.push('\n');
                } else {
                    let _ = writeln!(self.out, "{indent}  {l}");
                }
            }
        } else {
            let _ = writeln!(self.out, "{indent}{key}: {}", quote(text));
        }
    }
}

/// Formats a deadline value: `1`, `0.5`.
fn figure(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The file's text. TODO values are found again from the text (`load::todo::find`), so the
/// lines reported are those of the file as finally written.
pub(crate) fn emit(d: &Draft, rel: &str) -> String {
    let mut w = Writer { out: String::new() };
    w.out.push_str(&modeline(rel));
    w.out.push('\n');
    for h in &d.header {
        let _ = writeln!(w.out, "# {}", comment(h));
    }
    if let Some(code) = &d.code {
        let v = w.text(code);
        let _ = writeln!(w.out, "code: {v}");
    }
    if let Some(name) = &d.name {
        let v = w.text(name);
        let _ = writeln!(w.out, "name: {v}");
    }
    if let Some(s) = &d.summary {
        let _ = writeln!(w.out, "summary: {}", quote(s));
    }
    if !d.keywords.is_empty() {
        let k: Vec<String> = d.keywords.iter().map(|k| quote(k)).collect();
        let _ = writeln!(w.out, "keywords: [{}]", k.join(", "));
    }
    w.ids("fields", &d.fields);
    w.ids("levels", &d.levels);
    w.ids("audience", &d.audience);
    if let Some(a) = &d.competent_authority {
        let v = w.id(a);
        let _ = writeln!(w.out, "competent_authority: {v}");
    }
    w.ids("agencies", &d.agencies);
    w.out.push_str("channels:\n");
    for c in &d.channels {
        let kind = match &c.kind {
            V::Ok(k) => (*k).to_owned(),
            V::Todo(src) => w.todo(src),
        };
        let _ = writeln!(w.out, "  - type: {kind}");
        if let Some(dl) = &c.deadline {
            let v = match dl {
                V::Ok((value, unit)) => format!("{{value: {}, unit: {unit}}}", figure(*value)),
                V::Todo(src) => w.todo(src),
            };
            match &c.deadline_comment {
                Some(cm) => {
                    let _ = writeln!(w.out, "    deadline: {v}  # {}", comment(cm));
                }
                None => {
                    let _ = writeln!(w.out, "    deadline: {v}");
                }
            }
        }
        if !c.fees.is_empty() {
            w.out.push_str("    fees:\n");
            for f in &c.fees {
                let _ = writeln!(w.out, "      - label: {}", quote(&f.label));
                let amount = w.number(&f.amount);
                let _ = writeln!(w.out, "        amount: {amount}");
                if let Some(n) = &f.note {
                    let _ = writeln!(w.out, "        note: {}", quote(n));
                }
            }
        }
        if let Some(n) = &c.note {
            let _ = writeln!(w.out, "    note: {}", quote(n));
        }
    }
    w.out.push_str("documents:\n");
    for g in &d.documents {
        let _ = writeln!(w.out, "  - case: {}", quote(&g.case));
        let _ = writeln!(w.out, "    kind: {}", g.kind);
        w.out.push_str("    items:\n");
        for item in &g.items {
            let name = w.text(&item.name);
            let _ = writeln!(w.out, "      - name: {name}");
            if let Some(o) = &item.originals {
                let v = w.number(o);
                match &item.count_comment {
                    Some(cm) => {
                        let _ = writeln!(w.out, "        originals: {v}  # {}", comment(cm));
                    }
                    None => {
                        let _ = writeln!(w.out, "        originals: {v}");
                    }
                }
            }
            if let Some(c) = &item.copies {
                let v = w.number(c);
                let _ = writeln!(w.out, "        copies: {v}");
            }
            if let Some(n) = &item.note {
                let _ = writeln!(w.out, "        note: {}", quote(n));
            }
            if let Some((title, file)) = &item.form {
                let file = w.text(file);
                let _ = writeln!(
                    w.out,
                    "        form: {{title: {}, file: {file}}}",
                    quote(title)
                );
            }
        }
    }
    w.out.push_str("steps:\n");
    for s in &d.steps {
        let title = w.text(&s.title);
        let _ = writeln!(w.out, "  - title: {title}");
        if let Some(b) = &s.body {
            w.markdown("    ", "body", b);
        }
    }
    if let Some(r) = &d.requirements {
        w.markdown("", "requirements", r);
    }
    w.out.push_str("results:\n");
    for r in &d.results {
        let name = w.text(&r.name);
        let _ = writeln!(w.out, "  - name: {name}");
        if r.electronic {
            w.out.push_str("    electronic: true\n");
        }
    }
    w.out.push_str("legal_basis:\n");
    for l in &d.legal_basis {
        if let Some(c) = &l.comment {
            let _ = writeln!(w.out, "  # {}", comment(c));
        }
        let number = w.text(&l.number);
        let _ = writeln!(w.out, "  - number: {number}");
        let title = w.text(&l.title);
        let _ = writeln!(w.out, "    title: {title}");
        match &l.issued {
            Some(V::Ok(date)) => {
                let _ = writeln!(w.out, "    issued: {date}");
            }
            Some(V::Todo(src)) => {
                let v = w.todo(src);
                let _ = writeln!(w.out, "    issued: {v}");
            }
            None => {}
        }
    }
    w.out.push_str("status: active\n");
    let _ = writeln!(w.out, "last_checked: {}", d.last_checked);
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_round_trips_through_the_loader() {
        for s in [
            "Lệ phí \"đặc biệt\"",
            "a\\b",
            "dòng 1\ndòng 2",
            "tab\there",
            "# not a comment",
            ": colon",
            "bell\u{7}",
        ] {
            let yaml = format!("k: {}\n", quote(s));
            let node = crate::load::yaml::parse(&yaml).unwrap();
            let crate::load::yaml::Value::Map(entries) = node.value else {
                panic!("not a map")
            };
            match &entries[0].1.value {
                crate::load::yaml::Value::Str(got) => assert_eq!(got, s, "{yaml}"),
                other => panic!("{yaml}: {other:?}"),
            }
        }
    }
}
