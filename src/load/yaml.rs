//! YAML parsed once into a tree of nodes that remember where they came from.
//! Typed decoding happens afterwards (see `decode`), so that one file can
//! report every problem it has, not only serde's first.

use crate::diag::Pos;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Byte range of the node in the source, when the parser knows it.
    pub raw: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    /// The scalar exactly as written in the source (for `code: 1.0010` typed without quotes).
    pub fn raw_text<'s>(&self, source: &'s str) -> Option<&'s str> {
        let (start, len) = self.raw?;
        source.get(start..start + len).map(str::trim)
    }

    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping (key: value)",
        }
    }
}

/// A YAML syntax error with its location.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

/// Parses one YAML document. An empty document is `Null`.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    let parsed: Result<Option<Spanned<Raw>>, _> =
        serde_saphyr::from_str_with_options(source, options);
    match parsed {
        Ok(Some(root)) => Ok(convert(root)),
        Ok(None) => Ok(Node {
            value: Value::Null,
            pos: Pos { line: 1, col: 1 },
            raw: None,
        }),
        Err(e) => Err(syntax_error(&e)),
    }
}

fn syntax_error(e: &serde_saphyr::Error) -> SyntaxError {
    let pos = e
        .location()
        .map(|l| Pos {
            line: l.line() as u32,
            col: l.column() as u32,
        })
        .unwrap_or(Pos { line: 1, col: 1 });
    let full = e.without_snippet().to_string();
    let mut message = full
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_owned();
    for prefix in ["error: ", "Error: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            message = rest.to_owned();
        }
    }
    if let Some(idx) = message.find(": ").filter(|_| message.starts_with("line ")) {
        message = message[idx + 2..].to_owned();
    }
    let mut help = Some(
        "check the indentation and that every `key: value` pair has a space after the colon"
            .to_owned(),
    );
    if let Some(cut) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(cut);
        help =
            Some("each key may appear only once: remove one of them or merge their values".into());
    }
    SyntaxError {
        pos,
        message: format!("invalid YAML: {message}"),
        help,
    }
}

fn convert(spanned: Spanned<Raw>) -> Node {
    let loc = spanned.referenced;
    let pos = Pos {
        line: loc.line() as u32,
        col: loc.column() as u32,
    };
    let span = loc.span();
    let raw = match (span.byte_offset(), span.byte_len()) {
        (Some(o), Some(l)) => Some((o as usize, l as usize)),
        _ => None,
    };
    let value = match spanned.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(convert).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let kl = k.referenced;
                    (
                        Key {
                            name: k.value,
                            pos: Pos {
                                line: kl.line() as u32,
                                col: kl.column() as u32,
                            },
                        },
                        convert(v),
                    )
                })
                .collect(),
        ),
    };
    Node { value, pos, raw }
}

/// What serde-saphyr hands us; converted to `Node` right away.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = a.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_raw_scalars() {
        let src = "code: 1.0010\nlist:\n  - y\n  - name: \"Đăng ký\"\n";
        let root = parse(src).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(entries[0].0.name, "code");
        assert_eq!(entries[0].1.raw_text(src), Some("1.0010"));
        assert_eq!(entries[1].1.pos.line, 3);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert!(
            matches!(&items[0].value, Value::Str(s) if s == "y"),
            "strict booleans: y is text"
        );
        assert_eq!(items[1].pos, Pos { line: 4, col: 5 });
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_location() {
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(e.message.contains("duplicate"), "{}", e.message);
    }

    #[test]
    fn empty_document_is_null() {
        assert!(matches!(parse("").unwrap().value, Value::Null));
    }
}
