//! Decodes a Markdown page with YAML front matter between `---` lines.

use super::decode::Ctx;
use super::yaml;
use crate::diag::Pos;
use crate::model::Page;

pub fn decode(ctx: &mut Ctx, path: &str) -> Option<Page> {
    let source = ctx.source;
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        ctx.error(
            Pos { line: 1, col: 1 },
            3,
            "a page must start with front matter",
            "start the file with `---`, a line `title: …`, and `---`",
        );
        return None;
    };
    let Some(end) = rest.find("\n---") else {
        ctx.error(
            Pos { line: 1, col: 1 },
            3,
            "front matter is not closed",
            "close the front matter with a line `---`",
        );
        return None;
    };
    let front = &rest[..end + 1];
    let body = rest[end + 4..]
        .trim_start_matches(['\r'])
        .strip_prefix('\n')
        .unwrap_or(&rest[end + 4..]);
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
    // Positions inside front matter are one line down from the file's.
    let mut shifted = Ctx::new(ctx.file, front);
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
    for mut d in shifted.diags {
        d.line += 1;
        ctx.diags.push(d.with_source(source));
    }
    Some(Page {
        path: path.to_owned(),
        file: ctx.file.to_owned(),
        title: title?,
        description,
        menu,
        body: crate::text::nfc(body),
    })
}
