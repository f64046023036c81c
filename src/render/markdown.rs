//! Markdown to HTML for content fields. Raw HTML is dropped unless the site
//! allows it; heading attributes (`# Hi {onclick=…}`) are never read; every link and
//! image passes [`crate::url::check`] (`check` reports the failures as errors through
//! [`crate::load::markdown::problems`], and the renderer neutralises them anyway); root-relative links get the
//! site's base path; headings get stable, unique ids.

use crate::load::markdown::options;
use crate::url::{self, Allow};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};

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
        let events: Vec<Event> = Parser::new_ext(source, options()).collect();
        let mut out_events = Vec::with_capacity(events.len());
        let mut ids = HeadingIds::default();
        let mut i = 0;
        while i < events.len() {
            let event = events[i].clone();
            match event {
                Event::Html(_) | Event::InlineHtml(_) if !self.allow_html => {}
                Event::Start(Tag::Heading { level, .. }) => {
                    let text: String = events[i + 1..]
                        .iter()
                        .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let unique = ids.unique(crate::text::slugify(&text));
                    // Our own id only: classes and attributes from content are never kept.
                    out_events.push(Event::Start(Tag::Heading {
                        level: demote(level, shift),
                        id: Some(CowStr::from(unique)),
                        classes: Vec::new(),
                        attrs: Vec::new(),
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
                    let dest_url = self.safe_url(dest_url, link_type, Allow::Link);
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
                    let dest_url = self.safe_url(dest_url, link_type, Allow::Image);
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

    /// The address as published: refused ones become `#` (check has reported them already).
    fn safe_url<'a>(&self, url: CowStr<'a>, link_type: LinkType, allow: Allow) -> CowStr<'a> {
        let ok = if link_type == LinkType::Email {
            url::check_email(&url).is_ok()
        } else {
            url::check(&url, allow).is_ok()
        };
        if !ok {
            return CowStr::from("#");
        }
        if url.starts_with('/') && !url.starts_with("//") && self.base != "/" {
            return CowStr::from(format!("{}{}", self.base, &url[1..]));
        }
        url
    }
}

/// Heading ids of one text: the slug of the heading, then `-2`, `-3`… for repeats.
/// Linear in the number of headings (a set of used ids and the next suffix of each slug).
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, u32>,
}

impl HeadingIds {
    fn unique(&mut self, slug: String) -> String {
        let base = if slug.is_empty() {
            "muc".to_owned()
        } else {
            slug
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
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
    fn heading_attributes_never_become_attributes() {
        let src = "# Hi {onmouseover=alert(1) style=position:fixed;inset:0}\n\n## B {#x .y}\n";
        for allow_html in [false, true] {
            let out = md(allow_html).render(src, 0);
            assert!(!out.contains("onmouseover=\""), "{out}");
            assert!(!out.contains("style=\""), "{out}");
            assert!(!out.contains("class="), "{out}");
            assert!(out.starts_with("<h1 id=\"hi-onmouseover-alert-1"), "{out}");
        }
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let out = md(false).render("# A\n\n# A\n\n# A-2\n\n# A\n\n#\n\n#\n", 0);
        let ids: Vec<&str> = out
            .split("id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-2-2", "a-3", "muc", "muc-2"]);
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        for allow_html in [false, true] {
            let out = md(allow_html).render(
                "[x](javascript:alert(1)) [y](JavaScript:alert(2)) <javascript:alert(3)> ![i](https://t.example/p.png) [d](data:text/html,x)",
                0,
            );
            assert!(!out.to_lowercase().contains("href=\"javascript:"), "{out}");
            assert_eq!(out.matches("href=\"#\"").count(), 4, "{out}");
            assert!(!out.contains("t.example"), "{out}");
            assert!(!out.contains("data:"), "{out}");
        }
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
