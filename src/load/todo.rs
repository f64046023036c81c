//! Values left to the editor: `"TODO"` or `"TODO: <source text>"`, written by
//! `minhbach import procedures` where the record could not be mapped. Each one is reported at
//! its line with the source text and what to write instead, in place of the type or reference
//! error the same value would otherwise raise there.

use super::decode::Ctx;
use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Pos};

/// One TODO value in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Todo {
    pub pos: Pos,
    pub width: usize,
    /// Where it is, e.g. `channels[0].fees[1].amount`.
    pub path: String,
    /// The key it is the value of, e.g. `amount` (for a list item, the list's key).
    pub key: String,
    /// The source text after `TODO:` (empty when the source had nothing).
    pub source: String,
}

fn is_todo(s: &str) -> Option<&str> {
    if s == "TODO" {
        return Some("");
    }
    s.strip_prefix("TODO:")
        .or_else(|| s.strip_prefix("TODO "))
        .map(str::trim)
}

/// Every TODO value under `node`, in file order.
pub(crate) fn find(node: &Node, source: &str) -> Vec<Todo> {
    let mut out = Vec::new();
    walk(node, source, "", "", &mut out);
    out
}

fn walk(node: &Node, source: &str, path: &str, key: &str, out: &mut Vec<Todo>) {
    match &node.value {
        Value::Str(s) => {
            if let Some(src) = is_todo(s) {
                let width = node.raw_text(source).map_or(s.chars().count(), |t| {
                    t.lines().next().unwrap_or("").chars().count()
                });
                out.push(Todo {
                    pos: node.pos,
                    width,
                    path: path.to_owned(),
                    key: key.to_owned(),
                    source: src.to_owned(),
                });
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, source, &format!("{path}[{i}]"), key, out);
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = if path.is_empty() {
                    k.name.clone()
                } else {
                    format!("{path}.{}", k.name)
                };
                walk(v, source, &p, &k.name, out);
            }
        }
        _ => {}
    }
}

/// What to write instead, by key.
fn advice(key: &str) -> &'static str {
    match key {
        "competent_authority" | "agencies" => {
            "write the agency's id (its file name in content/agencies/); if the agency exists under another name, add this name to its `aliases` so the next import finds it"
        }
        "fields" | "levels" | "audience" | "life_events" => {
            "write an id from this list in content/taxonomies.yaml, or add the term there first"
        }
        "amount" => {
            "write the amount in đồng as digits only (0 when free); keep the text in `note`"
        }
        "deadline" => {
            "write the deadline as `{value: N, unit: working_days}` (units: working_days, days, hours, months)"
        }
        "originals" | "copies" => "write the number of originals or copies as a whole number",
        "issued" => "write the date as YYYY-MM-DD",
        "type" => "write `direct`, `online` or `postal`, one channel each",
        "file" => {
            "save the form under content/files/ and write its path, e.g. `files/to-khai.docx` (or remove `form:`)"
        }
        "code" => "write the national code, e.g. \"1.001193\"",
        _ => "write the value, or remove the entry if the procedure has none",
    }
}

/// The diagnostics for the TODO values of one decoded file: replaces whatever else was reported
/// at the same places (a TODO is not a valid id or number, and saying so would not help).
pub(crate) fn report(root: &Node, ctx: &mut Ctx) {
    let todos = find(root, ctx.source);
    if todos.is_empty() {
        return;
    }
    ctx.refs
        .retain(|r| !todos.iter().any(|t| t.pos == r.target.pos));
    ctx.diags.retain(|d| {
        !todos
            .iter()
            .any(|t| t.pos.line == d.line && t.pos.col == d.col)
    });
    for t in todos {
        let said = if t.source.is_empty() {
            "the source has no value here".to_owned()
        } else {
            format!("the source says “{}”", t.source)
        };
        let d = Diagnostic::error(
            ctx.file,
            t.pos,
            format!("`{}` is left to the editor (TODO from the import)", t.path),
        )
        .width(t.width)
        .help(format!("{said}: {}", advice(&t.key)))
        .with_source(ctx.source);
        ctx.diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_todo_replaces_the_error_its_value_raises() {
        let src = "items:\n  - originals: \"TODO: Tùy trường hợp\"\n    copies: x\n";
        let root = crate::load::yaml::parse(src).unwrap();
        let mut ctx = Ctx::new("f.yaml", src);
        let Value::Map(top) = &root.value else {
            panic!()
        };
        let Value::Seq(items) = &top[0].1.value else {
            panic!()
        };
        let Value::Map(item) = &items[0].value else {
            panic!()
        };
        for (_, v) in item {
            let _ = ctx.uint(v, "a count");
        }
        assert_eq!(ctx.diags.len(), 2);
        report(&root, &mut ctx);
        let got: Vec<(u32, &str)> = ctx
            .diags
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "a count: expected a whole number, found text"),
                (
                    2,
                    "`items[0].originals` is left to the editor (TODO from the import)"
                ),
            ]
        );
        let help = ctx.diags[1].help.as_deref().unwrap();
        assert!(
            help.starts_with("the source says “Tùy trường hợp”"),
            "{help}"
        );
        assert_eq!(ctx.diags[1].col, 16);
    }
}
