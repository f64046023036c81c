//! Decodes a Markdown page with YAML front matter between `---` lines.

use super::decode::Ctx;
use super::yaml::{self, Value};
use crate::diag::Pos;
use crate::model::Page;

/// The front matter and body of a page: byte ranges of `source`.
struct Split {
    front: std::ops::Range<usize>,
    body: usize,
}

/// Finds the `---` line that opens the file and the next line that is exactly `---`.
fn split(source: &str) -> Result<Split, &'static str> {
    let first_end = source.find('\n').map_or(source.len(), |i| i + 1);
    if source[..first_end].trim_end() != "---" {
        return Err("open");
    }
    let mut at = first_end;
    while at < source.len() {
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
        if source[at..end].trim_end() == "---" {
            return Ok(Split {
                front: first_end..at,
                body: end,
            });
        }
        at = end;
    }
    Err("close")
}

pub fn decode(ctx: &mut Ctx, path: &str) -> Option<Page> {
    let source = ctx.source;
    let parts = match split(source) {
        Ok(p) => p,
        Err(which) => {
            let (message, help) = if which == "open" {
                (
                    "a page must start with front matter",
                    "start the file with `---`, a line `title: …`, and `---`",
                )
            } else {
                (
                    "front matter is not closed",
                    "close the front matter with a line `---`",
                )
            };
            ctx.error(Pos { line: 1, col: 1 }, 3, message, help);
            return None;
        }
    };
    let front = &source[parts.front.clone()];
    let body = &source[parts.body..];
    // Front matter starts on line 2 of the file.
    let root = match yaml::parse(front) {
        Ok(r) => r,
        Err(e) => {
            let pos = Pos {
                line: e.pos.line + 1,
                col: e.pos.col,
            };
            ctx.error(pos, 1, e.message, e.help.unwrap_or_default());
            return None;
        }
    };
    let mut shifted = Ctx::new(ctx.file, front);
    let fields = match &root.value {
        Value::Null => {
            ctx.error(
                Pos { line: 1, col: 1 },
                3,
                "the front matter is empty",
                "write at least `title: …` between the two `---` lines",
            );
            None
        }
        Value::Map(_) => {
            let mut m = shifted.map(&root, "page front matter")?;
            let title = m
                .req(&mut shifted, "title")
                .and_then(|n| shifted.nonempty(n, "`title`"));
            let description = m
                .get("description")
                .and_then(|n| shifted.text(n, "`description`"));
            let menu = m
                .get("menu")
                .and_then(|n| shifted.uint(n, "`menu`"))
                .map(|v| v as i64);
            m.finish(&mut shifted);
            Some((title, description, menu))
        }
        _ => {
            let width = root
                .raw_text(front)
                .map_or(1, |t| t.lines().next().unwrap_or("").chars().count());
            ctx.error(
                Pos {
                    line: root.pos.line + 1,
                    col: root.pos.col,
                },
                width,
                format!(
                    "front matter must be `key: value` lines, found {}",
                    root.kind_name()
                ),
                "write the page's settings as `title: …` (and optionally `description: …`, `menu: 1`)",
            );
            None
        }
    };
    // Positions inside front matter are one line down from the file's; keep every problem,
    // even when the page itself cannot be made.
    for mut d in std::mem::take(&mut shifted.diags) {
        d.line += 1;
        ctx.diags.push(d.with_source(source));
    }
    for p in super::markdown::problems(body) {
        let pos = Pos::at(source, parts.body + p.offset);
        ctx.push_link_problem(pos, "the page", &p);
    }
    let (title, description, menu) = fields?;
    Some(Page {
        path: path.to_owned(),
        file: ctx.file.to_owned(),
        title: title?,
        description,
        menu,
        body: crate::text::nfc(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diags(source: &str) -> Vec<(u32, u32, String)> {
        let mut ctx = Ctx::new("content/pages/a.md", source);
        let _ = decode(&mut ctx, "a");
        ctx.diags
            .iter()
            .map(|d| (d.line, d.col, d.message.clone()))
            .collect()
    }

    #[test]
    fn front_matter_shapes_are_errors_at_their_line() {
        let list = diags("---\n- a\n- b\n---\nBody\n");
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!((list[0].0, list[0].1), (2, 1));
        assert!(list[0].2.contains("found a list"), "{list:?}");
        let scalar = diags("---\nhello\n---\n");
        assert_eq!((scalar[0].0, scalar[0].1), (2, 1));
        assert!(scalar[0].2.contains("found text"), "{scalar:?}");
        let blank = diags("---\n\n---\nBody\n");
        assert_eq!((blank[0].0, blank[0].1), (1, 1));
        assert!(blank[0].2.contains("empty"), "{blank:?}");
        let none = diags("---\n---\nBody\n");
        assert!(none[0].2.contains("empty"), "{none:?}");
        assert!(diags("---\ntitle: A\n----\n")[0].2.contains("not closed"));
    }

    #[test]
    fn a_good_page_and_its_link_problems() {
        let mut ctx = Ctx::new(
            "content/pages/a.md",
            "---\ntitle: A\n---\n\nText [x](javascript:alert(1))\n",
        );
        let page = decode(&mut ctx, "a").unwrap();
        assert_eq!(page.title, "A");
        assert_eq!(ctx.diags.len(), 1);
        assert_eq!((ctx.diags[0].line, ctx.diags[0].col), (5, 6));
    }
}
