//! Markdown to HTML for content fields. Raw HTML is dropped unless the site
//! allows it; `javascript:` and similar links are neutralised; root-relative
//! links get the site's base path; headings get stable ids.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

#[derive(Debug, Clone)]
pub struct Markdown {
    pub allow_html: bool,
    /// Base path of the site, starting and ending with `/`.
    pub base: String,
}

impl Markdown {
    /// Renders `source`; headings are demoted by `shift` levels (a step body
    /// sits under an `h3`, so its `#` becomes an `h4`).
    pub fn render(&self, source: &str, shift: u8) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let events: Vec<Event> = Parser::new_ext(source, options).collect();
        let mut out_events = Vec::with_capacity(events.len());
        let mut used_ids: Vec<String> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let event = events[i].clone();
            match event {
                Event::Html(_) | Event::InlineHtml(_) if !self.allow_html => {}
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let id = id.map(|s| s.to_string()).unwrap_or_else(|| {
                        let text: String = events[i + 1..]
                            .iter()
                            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                            .filter_map(|e| match e {
                                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                                _ => None,
                            })
                            .collect();
                        crate::text::slugify(&text)
                    });
                    let mut unique = if id.is_empty() { "muc".to_owned() } else { id };
                    let mut n = 1;
                    while used_ids.contains(&unique) {
                        n += 1;
                        unique = format!(
                            "{}-{n}",
                            unique
                                .trim_end_matches(char::is_numeric)
                                .trim_end_matches('-')
                        );
                    }
                    used_ids.push(unique.clone());
                    out_events.push(Event::Start(Tag::Heading {
                        level: demote(level, shift),
                        id: Some(CowStr::from(unique)),
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    out_events.push(Event::End(TagEnd::Heading(demote(level, shift))))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.safe_url(dest_url);
                    out_events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.safe_url(dest_url);
                    out_events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                other => out_events.push(other),
            }
            i += 1;
        }
        let mut html_out = String::with_capacity(source.len() * 3 / 2);
        html::push_html(&mut html_out, out_events.into_iter());
        html_out
    }

    fn safe_url<'a>(&self, url: CowStr<'a>) -> CowStr<'a> {
        let lower = url.trim().to_ascii_lowercase();
        if !self.allow_html
            && ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| lower.starts_with(s))
        {
            return CowStr::from("#");
        }
        if url.starts_with('/') && !url.starts_with("//") && self.base != "/" {
            return CowStr::from(format!("{}{}", self.base, &url[1..]));
        }
        url
    }
}

fn demote(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let n = (level as u8 + shift).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(allow_html: bool) -> Markdown {
        Markdown {
            allow_html,
            base: "/sub/".into(),
        }
    }

    #[test]
    fn raw_html_is_dropped_unless_allowed() {
        let src = "Hello <script>alert(1)</script> **world**\n\n<div>block</div>\n";
        let out = md(false).render(src, 0);
        assert!(!out.contains("<script>"), "{out}");
        assert!(!out.contains("<div>"), "{out}");
        assert!(out.contains("<strong>world</strong>"));
        assert!(md(true).render(src, 0).contains("<div>block</div>"));
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let out = md(false).render("[x](javascript:alert(1)) [y](JavaScript:alert(2))", 0);
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
    }

    #[test]
    fn root_links_get_the_base_path_and_headings_ids() {
        let out = md(false).render(
            "# Hồ sơ\n\n[A](/thu-tuc/a/) [B](https://x.vn/)\n\n# Hồ sơ\n",
            1,
        );
        assert!(out.contains(r#"<h2 id="ho-so">Hồ sơ</h2>"#), "{out}");
        assert!(out.contains(r#"<h2 id="ho-so-2">"#), "{out}");
        assert!(out.contains(r#"href="/sub/thu-tuc/a/""#), "{out}");
        assert!(out.contains(r#"href="https://x.vn/""#), "{out}");
    }
}
