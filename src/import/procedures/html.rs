//! The portal's descriptions are small HTML fragments (`<p>`, `<br>`, lists, bold, links): turned
//! into Markdown here, tolerant of unclosed tags. Anything else is reduced to its text.

/// Converts an HTML fragment to Markdown. Plain text passes through unchanged.
pub(crate) fn to_markdown(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_owned();
    }
    let mut out = String::new();
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut link: Option<(String, usize)> = None;
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if skip_until.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone "<" is text.
            if skip_until.is_none() {
                push_text(&mut out, &rest[lt..]);
            }
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(until) = skip_until {
            if closing && name == until {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("br", _) => out.push('\n'),
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "table", _) => {
                paragraph_break(&mut out)
            }
            ("ul", false) => {
                paragraph_break(&mut out);
                lists.push((false, 0));
            }
            ("ol", false) => {
                paragraph_break(&mut out);
                lists.push((true, 0));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                paragraph_break(&mut out);
            }
            ("li", false) => {
                line_break(&mut out);
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        out.push_str(&format!("{n}. "));
                    }
                    _ => out.push_str("- "),
                }
            }
            ("td" | "th", true) => out.push(' '),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("a", false) => {
                let href = attribute(tag, "href").unwrap_or_default();
                let safe = href.starts_with("https://") || href.starts_with("http://");
                if safe {
                    out.push('[');
                    link = Some((href, out.len()));
                }
            }
            ("a", true) => {
                if let Some((href, start)) = link.take() {
                    if out.len() == start {
                        out.push_str(&href);
                    }
                    out.push_str(&format!("]({href})"));
                }
            }
            _ => {}
        }
    }
    tidy(&out)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let value = &tag[at + name.len() + 1..];
    let (quote, value) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => value.find(q)?,
        None => value.find([' ', '>']).unwrap_or(value.len()),
    };
    Some(decode_entities(&value[..end]).replace(['(', ')', ' '], ""))
}

fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decoded.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            // Characters Markdown would read as markup stay literal.
            if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
            }
            out.push(c);
            last_space = false;
        }
    }
}

fn line_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    line_break(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Trims every line, drops empty emphasis markers and keeps at most one blank line in a row.
fn tidy(s: &str) -> String {
    let s = s.replace("****", "").replace("**  **", " ");
    let mut lines: Vec<&str> = Vec::new();
    for l in s.lines().map(str::trim_end) {
        if l.trim().is_empty() && lines.last().is_none_or(|p| p.trim().is_empty()) {
            continue;
        }
        lines.push(if l.trim().is_empty() { "" } else { l });
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .iter()
        .map(|l| {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            // Keep list indentation; drop stray spaces elsewhere.
            if t.starts_with("- ") || t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                l.to_string()
            } else {
                let _ = indent;
                t.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes `&amp;`, `&nbsp;`, `&#7871;`, `&#x1EBF;` and the common named entities.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // An entity is short: look for its `;` within 12 bytes (not a char boundary cut).
        let Some(semi) = tail.find(';').filter(|&i| i <= 12) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "hellip" => Some('…'),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "lsquo" => Some('‘'),
            "rsquo" => Some('’'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ampersand_before_vietnamese_text_is_kept_without_a_panic() {
        assert_eq!(decode_entities("Hồ sơ & giấy tờ"), "Hồ sơ & giấy tờ");
        assert_eq!(decode_entities("a &amp; ờờờờờ"), "a & ờờờờờ");
    }

    #[test]
    fn html_to_markdown() {
        assert_eq!(
            to_markdown(
                "<p>Người yêu cầu nộp <b>hồ sơ</b>&nbsp;tại UBND.</p><p>Thời gian: 1&#7871;</p>"
            ),
            "Người yêu cầu nộp **hồ sơ** tại UBND.\n\nThời gian: 1ế"
        );
        assert_eq!(
            to_markdown(
                "<ul><li>Một</li><li>Hai <a href=\"https://dichvucong.gov.vn\">cổng</a></li></ul>"
            ),
            "- Một\n- Hai [cổng](https://dichvucong.gov.vn)"
        );
        assert_eq!(to_markdown("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(
            to_markdown("<a href=\"javascript:alert(1)\">x</a><script>bad()</script>"),
            "x"
        );
        assert_eq!(to_markdown("không có thẻ"), "không có thẻ");
        assert_eq!(to_markdown("1 < 2 &amp; *a*"), "1 \\< 2 & \\*a\\*");
    }
}
