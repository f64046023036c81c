//! Merging what the CMS sends (the whole file, re-serialised) into the file as it is on disk,
//! minimally: a changed value changes that value in place; key order, comments, the
//! `# yaml-language-server` line and untouched keys stay as they were. When the shape of a
//! top-level value changes (an item added to a list, a key added or removed inside it), only
//! that top-level entry is written anew.

use crate::load::yaml::{self, Node, Value};

#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error("dòng {line}, cột {col}: {message}")]
    Syntax {
        line: u32,
        col: u32,
        message: String,
    },
}

fn parse(text: &str) -> Result<Node, PatchError> {
    yaml::parse(text).map_err(|e| PatchError::Syntax {
        line: e.pos.line,
        col: e.pos.col,
        message: e.message,
    })
}

/// An empty value the form sends for a field left blank: treated as absent.
fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.iter().all(|(_, v)| is_empty(v)),
        _ => false,
    }
}

/// The value without blank fields (recursively), as it should be written.
fn prune(node: &Node) -> Node {
    let value = match &node.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|(_, v)| !is_empty(v))
                .map(|(k, v)| (k.clone(), prune(v)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(prune).collect()),
        other => other.clone(),
    };
    Node {
        value,
        pos: node.pos,
        raw: node.raw,
    }
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

/// Same shape: same keys in mappings (in any order), same list lengths, scalars where scalars.
fn same_shape(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2.name == k.name)
                        .is_some_and(|(_, v2)| same_shape(v, v2))
                })
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_shape(a, b))
        }
        (Value::Map(_) | Value::Seq(_), _) | (_, Value::Map(_) | Value::Seq(_)) => false,
        _ => true,
    }
}

struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Scalar edits turning `old` into `new` (same shape). `None` when a scalar cannot be
/// replaced in place (no position, or a block scalar turned into one line).
fn scalar_edits(source: &str, old: &Node, new: &Node, edits: &mut Vec<Edit>) -> Option<()> {
    match (&old.value, &new.value) {
        (Value::Map(x), Value::Map(y)) => {
            for (k, v) in x {
                let (_, v2) = y.iter().find(|(k2, _)| k2.name == k.name)?;
                scalar_edits(source, v, v2, edits)?;
            }
            Some(())
        }
        (Value::Seq(x), Value::Seq(y)) => {
            for (a, b) in x.iter().zip(y) {
                scalar_edits(source, a, b, edits)?;
            }
            Some(())
        }
        (a, b) if scalar_eq(a, b) => Some(()),
        (_, b) => {
            let (start, len) = old.raw?;
            let raw = source.get(start..start + len)?;
            let block = start > 0 && !raw.starts_with(['"', '\'']) && raw.ends_with('\n') && {
                let before = source[..start].trim_end();
                before.ends_with('|') || before.ends_with("|-") || before.ends_with('>')
            };
            let text = if block {
                let Value::Str(s) = b else { return None };
                if !s.contains('\n') && !s.is_empty() {
                    return None;
                }
                let indent = " ".repeat(old.pos.col.saturating_sub(1) as usize);
                let mut out = String::new();
                for line in s.trim_end_matches('\n').split('\n') {
                    if !line.is_empty() {
                        out.push_str(&indent);
                        out.push_str(line);
                    }
                    out.push('\n');
                }
                out
            } else {
                scalar(b, raw.starts_with('"'))
            };
            // A block scalar's span starts after its first line's indentation.
            let from = if block {
                source[..start].rfind('\n').map_or(0, |i| i + 1)
            } else {
                start
            };
            edits.push(Edit {
                start: from,
                end: start + len,
                text,
            });
            Some(())
        }
    }
}

/// A scalar as YAML on one line. Like the example content, ids (`ho-tich`, `working_days`)
/// are plain and other text is quoted.
fn scalar(value: &Value, quoted: bool) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => {
            let plain_safe = !quoted
                && !s.is_empty()
                && s.trim() == s
                && s.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_')
                })
                && !s.starts_with('-')
                && matches!(yaml::parse(s).map(|n| n.value), Ok(Value::Str(ref t)) if t == s);
            if plain_safe {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
            }
        }
        Value::Seq(_) | Value::Map(_) => String::new(),
    }
}

fn is_scalar(node: &Node) -> bool {
    !matches!(node.value, Value::Seq(_) | Value::Map(_))
}

/// Block YAML for `node` after `key:` (the text starts right after the colon).
fn emit_value(node: &Node, indent: usize, out: &mut String) {
    match &node.value {
        Value::Seq(items) if items.is_empty() => out.push_str(" []"),
        Value::Map(entries) if entries.is_empty() => out.push_str(" {}"),
        Value::Seq(items) if items.iter().all(is_scalar) => {
            let parts: Vec<String> = items.iter().map(|i| scalar(&i.value, false)).collect();
            out.push_str(" [");
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Value::Seq(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                emit_item(item, indent + 2, out);
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push_str(&k.name);
                out.push(':');
                emit_value(v, indent + 2, out);
            }
        }
        Value::Str(s) if s.contains('\n') => {
            out.push_str(if s.ends_with('\n') { " |" } else { " |-" });
            for line in s.trim_end_matches('\n').split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(line);
                }
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, false));
        }
    }
}

/// Block YAML for a list item (the text starts right after `- `).
fn emit_item(node: &Node, indent: usize, out: &mut String) {
    match &node.value {
        Value::Map(entries) if !entries.is_empty() => {
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                }
                out.push_str(&k.name);
                out.push(':');
                emit_value(v, indent + 2, out);
            }
        }
        Value::Seq(_) | Value::Map(_) => {
            let mut s = String::new();
            emit_value(node, indent, &mut s);
            out.push_str(s.trim_start());
        }
        other => out.push_str(&scalar(other, false)),
    }
}

fn emit_entry(name: &str, node: &Node) -> String {
    let mut out = format!("{name}:");
    emit_value(node, 2, &mut out);
    out.push('\n');
    out
}

/// Byte offset of the start of 1-based `line`.
fn line_start(source: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line as usize - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

/// Merges `incoming` (the whole file as the CMS serialised it) into `original`.
pub fn merge(original: &str, incoming: &str) -> Result<String, PatchError> {
    let old = parse(original)?;
    let new = prune(&parse(incoming)?);
    let (Value::Map(old_entries), Value::Map(new_entries)) = (&old.value, &new.value) else {
        return Ok(new_file_text(original, &new));
    };
    // Entries that share a line (a flow map `{a: 1, b: 2}`) cannot be patched line by line:
    // the whole file is written from the new data instead, so no change is lost.
    if old_entries
        .windows(2)
        .any(|w| w[0].0.pos.line == w[1].0.pos.line)
    {
        return Ok(new_file_text(original, &new));
    }
    // Lines of each top-level entry: from its key to the next top-level key.
    let mut edits: Vec<Edit> = Vec::new();
    for (i, (key, old_value)) in old_entries.iter().enumerate() {
        let start = line_start(original, key.pos.line);
        let end = old_entries
            .get(i + 1)
            .map_or(original.len(), |(k, _)| line_start(original, k.pos.line));
        match new_entries.iter().find(|(k, _)| k.name == key.name) {
            None => edits.push(Edit {
                start,
                end,
                text: String::new(),
            }),
            Some((_, new_value)) => {
                let mut inner = Vec::new();
                let in_place = same_shape(old_value, new_value)
                    && scalar_edits(original, old_value, new_value, &mut inner).is_some();
                if in_place {
                    edits.extend(inner);
                } else {
                    // Keep comment lines that trail the entry (they belong to what follows).
                    let body = &original[start..end];
                    let trailing: String = trailing_comments(body);
                    edits.push(Edit {
                        start,
                        end,
                        text: emit_entry(&key.name, new_value) + &trailing,
                    });
                }
            }
        }
    }
    let mut added = String::new();
    for (key, value) in new_entries {
        if !old_entries.iter().any(|(k, _)| k.name == key.name) {
            added.push_str(&emit_entry(&key.name, value));
        }
    }
    edits.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(original.len() + added.len());
    let mut at = 0;
    if edits.windows(2).any(|w| w[1].start < w[0].end) {
        // Entries that share lines (a one-line flow map): patching them one by one would lose
        // a change, so the whole file is written from the new data instead.
        return Ok(new_file_text(original, &new));
    }
    for e in edits {
        out.push_str(&original[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&original[at..]);
    if !added.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&added);
    }
    Ok(out)
}

fn trailing_comments(body: &str) -> String {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let keep = lines
        .iter()
        .rev()
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .count();
    lines[lines.len() - keep..].concat()
}

/// The leading comment lines of `original` kept, the rest written from `value`.
fn new_file_text(original: &str, value: &Node) -> String {
    let mut out: String = original
        .split_inclusive('\n')
        .take_while(|l| l.starts_with('#'))
        .collect();
    if let Value::Map(entries) = &value.value {
        for (k, v) in entries {
            out.push_str(&emit_entry(&k.name, v));
        }
    }
    out
}

/// A new file from the CMS: written in the content's own style, with the schema line that
/// editors' code editors read.
pub fn new_file(path: &str, incoming: &str) -> String {
    let Ok(node) = parse(incoming) else {
        return incoming.to_owned();
    };
    let node = prune(&node);
    let depth = path.matches('/').count();
    let schema = if path.starts_with("content/agencies/") {
        Some("agency.json")
    } else if path.starts_with("content/procedures/") {
        Some("procedure.json")
    } else {
        None
    };
    let header = schema
        .map(|s| {
            format!(
                "# yaml-language-server: $schema={}schemas/{s}\n",
                "../".repeat(depth)
            )
        })
        .unwrap_or_default();
    new_file_text(&header, &node)
}
