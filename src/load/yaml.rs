//! YAML parsed once into a tree of nodes that remember where they came from.
//! Typed decoding happens afterwards (see `decode`), so that one file can
//! report every problem it has, not only serde's first.

use crate::diag::Pos;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput};
use std::collections::HashMap;

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

/// Most nodes one file may expand to through aliases (a guard against "billion laughs").
const MAX_NODES: usize = 1_000_000;
/// Deepest nesting accepted (a guard against stack exhaustion).
const MAX_DEPTH: usize = 128;

/// Parses one YAML document. An empty document is `Null`.
///
/// The tree is built straight from the parser's events (serde-saphyr's own parser,
/// `granit_parser`): three times faster than going through serde, and it keeps
/// every position. Scalars follow the YAML 1.2 core schema, so `yes`, `y` and
/// `on` stay text.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    parse_limited(source, MAX_NODES)
}

fn parse_limited(source: &str, max_nodes: usize) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        max_nodes,
        source,
        events: Parser::new_from_str(source),
        anchors: HashMap::new(),
        nodes: 0,
        aliased: false,
    };
    let mut root = None;
    while let Some((event, span)) = builder.next()? {
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::StreamEnd => {}
            Event::DocumentStart(..) if root.is_some() => {
                return Err(SyntaxError {
                    pos: pos_of(&span),
                    message: "a file may hold only one YAML document".into(),
                    help: Some(
                        "remove the `---` line and everything after it, or move it to its own file"
                            .into(),
                    ),
                });
            }
            Event::DocumentStart(..) => {
                let Some((event, span)) = builder.next()? else {
                    break;
                };
                if matches!(event, Event::DocumentEnd) {
                    root = Some(Node {
                        value: Value::Null,
                        pos: Pos { line: 1, col: 1 },
                        raw: None,
                    });
                } else {
                    root = Some(builder.node(event, span, 0)?);
                }
            }
            _ => {}
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos { line: 1, col: 1 },
        raw: None,
    }))
}

struct Builder<'a> {
    source: &'a str,
    events: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    max_nodes: usize,
    /// Whether any alias was expanded (to tell a bomb from a file that is simply too big).
    aliased: bool,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, SyntaxError> {
        match self.events.next() {
            None => Ok(None),
            Some(Ok(pair)) => Ok(Some(pair)),
            Some(Err(e)) => Err(scan_error(&e)),
        }
    }

    fn expect_next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        self.next()?.ok_or_else(|| SyntaxError {
            pos: end_pos(self.source),
            message: "invalid YAML: the file ends too early".into(),
            help: None,
        })
    }

    fn count(&mut self, n: usize, span: &Span) -> Result<(), SyntaxError> {
        self.nodes += n;
        if self.nodes > self.max_nodes {
            return Err(if self.aliased {
                SyntaxError {
                    pos: pos_of(span),
                    message: format!(
                        "invalid YAML: aliases expand to too many values (more than {})",
                        self.max_nodes
                    ),
                    help: Some("write the values out instead of repeating anchors".into()),
                }
            } else {
                SyntaxError {
                    pos: pos_of(span),
                    message: format!(
                        "the file is too big: it has more than {} values (lists, keys and items)",
                        self.max_nodes
                    ),
                    help: Some(
                        "split it into several files (one procedure or one month per file)".into(),
                    ),
                }
            });
        }
        Ok(())
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                pos: pos_of(&span),
                message: "invalid YAML: nested too deeply".into(),
                help: None,
            });
        }
        self.count(1, &span)?;
        let pos = pos_of(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let raw = raw_of(&span);
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix() == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                (Node { value, pos, raw }, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.expect_next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, span, depth + 1)?);
                }
                (
                    Node {
                        value: Value::Seq(items),
                        pos,
                        raw: raw_of(&span),
                    },
                    anchor,
                )
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries: Vec<(Key, Node)> = Vec::new();
                loop {
                    let (event, key_span) = self.expect_next()?;
                    let key = match event {
                        Event::MappingEnd => break,
                        Event::Scalar(text, ..) => Key {
                            name: text.into_owned(),
                            pos: pos_of(&key_span),
                        },
                        Event::Alias(id) => match self.anchors.get(&id).map(|n| &n.value) {
                            Some(Value::Str(s)) => Key {
                                name: s.clone(),
                                pos: pos_of(&key_span),
                            },
                            _ => return Err(key_error(&key_span)),
                        },
                        _ => return Err(key_error(&key_span)),
                    };
                    if entries.iter().any(|(k, _)| k.name == key.name) {
                        return Err(SyntaxError {
                            pos: key.pos,
                            message: format!("duplicate mapping key: {}", key.name),
                            help: Some("each key may appear only once: remove one of them or merge their values".into()),
                        });
                    }
                    let (event, span) = self.expect_next()?;
                    let value = self.node(event, span, depth + 1)?;
                    entries.push((key, value));
                }
                (
                    Node {
                        value: Value::Map(entries),
                        pos,
                        raw: raw_of(&span),
                    },
                    anchor,
                )
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(mut node) => {
                    let size = node_count(&node);
                    self.aliased = true;
                    self.count(size, &span)?;
                    node.pos = pos;
                    (node, 0)
                }
                None => {
                    return Err(SyntaxError {
                        pos,
                        message: "invalid YAML: unknown alias".into(),
                        help: Some("define the anchor (`&name`) before using `*name`".into()),
                    });
                }
            },
            other => {
                return Err(SyntaxError {
                    pos,
                    message: format!("invalid YAML: unexpected {other:?}"),
                    help: None,
                });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn node_count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(node_count).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| node_count(v)).sum(),
        _ => 0,
    }
}

fn key_error(span: &Span) -> SyntaxError {
    SyntaxError {
        pos: pos_of(span),
        message: "invalid YAML: a key must be plain text".into(),
        help: Some("write keys as `name:`; lists and mappings cannot be keys".into()),
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
    }
    let looks_float = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text.to_owned())
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: span.start.line() as u32,
        col: span.start.col() as u32 + 1,
    }
}

fn raw_of(span: &Span) -> Option<(usize, usize)> {
    let start = span.start.byte_offset()?;
    let end = span.end.byte_offset()?;
    Some((start, end.saturating_sub(start)))
}

fn end_pos(source: &str) -> Pos {
    Pos {
        line: source.lines().count().max(1) as u32,
        col: 1,
    }
}

fn scan_error(e: &ScanError) -> SyntaxError {
    let m = e.marker();
    SyntaxError {
        pos: Pos { line: m.line().max(1) as u32, col: m.col() as u32 + 1 },
        message: format!("invalid YAML: {}", e.info().lines().next().unwrap_or("syntax error")),
        help: Some("check the indentation, that quotes and brackets are closed, and that every `key: value` has a space after the colon".into()),
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

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn core_schema_scalars() {
        let root = parse("a: yes\nb: 12\nc: 1.5\nd: ~\ne: true\nf: \"12\"\ng: 1.001193\nh: -3\ni: .5\nj: 2026-05-01\n").unwrap();
        let Value::Map(e) = root.value else { panic!() };
        assert!(matches!(&e[0].1.value, Value::Str(s) if s == "yes"));
        assert!(matches!(e[1].1.value, Value::Int(12)));
        assert!(matches!(e[2].1.value, Value::Float(f) if f == 1.5));
        assert!(matches!(e[3].1.value, Value::Null));
        assert!(matches!(e[4].1.value, Value::Bool(true)));
        assert!(matches!(&e[5].1.value, Value::Str(s) if s == "12"));
        assert!(matches!(e[6].1.value, Value::Float(_)));
        assert!(matches!(e[7].1.value, Value::Int(-3)));
        assert!(matches!(e[8].1.value, Value::Float(f) if f == 0.5));
        assert!(matches!(&e[9].1.value, Value::Str(s) if s == "2026-05-01"));
    }

    #[test]
    fn aliases_expand_and_bombs_are_stopped() {
        let root = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        let Value::Map(e) = root.value else { panic!() };
        assert!(matches!(&e[1].1.value, Value::Seq(items) if items.len() == 2));
        assert_eq!(e[1].1.pos.line, 2);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            bomb.push_str(&format!(
                "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char
            ));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("too many"));
    }

    #[test]
    fn a_huge_list_is_too_big_not_an_alias_bomb() {
        let mut src = String::from("items:\n");
        for _ in 0..1_010 {
            src.push_str("- 1\n");
        }
        let e = parse_limited(&src, 1_000).unwrap_err();
        assert!(e.message.contains("too big"), "{}", e.message);
        assert!(!e.message.contains("alias"), "{}", e.message);
        assert!(e.pos.line > 1);
    }

    #[test]
    fn syntax_errors_and_documents() {
        let e = parse("a: [1\nb: 2\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.pos.line >= 1);
        assert!(
            parse("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("one YAML document")
        );
        assert!(parse(&"[".repeat(500)).is_err());
        assert!(matches!(
            parse("# only a comment\n").unwrap().value,
            Value::Null
        ));
    }
}
