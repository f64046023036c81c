//! The Markdown dialect of content fields and the check of its links and images, so that
//! `check` reports a refused address at its line (the renderer neutralises it as well).

use crate::url::{self, Allow};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// The Markdown dialect of content: tables and strikethrough, nothing that adds attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A link or image of a Markdown text that may not be published.
#[derive(Debug, Clone)]
pub struct LinkProblem {
    /// Byte offset of the link or image in the Markdown source.
    pub offset: usize,
    /// The address as the browser would read it.
    pub url: String,
    pub image: bool,
    pub problem: url::Problem,
}

/// Every link and image of `source` that fails the URL check, in source order.
pub fn problems(source: &str) -> Vec<LinkProblem> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        let (link_type, dest, image) = match &event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => (*link_type, dest_url, false),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => (*link_type, dest_url, true),
            _ => continue,
        };
        let result = if link_type == LinkType::Email {
            url::check_email(dest)
        } else {
            url::check(dest, if image { Allow::Image } else { Allow::Link }).map(|_| ())
        };
        if let Err(problem) = result {
            out.push(LinkProblem {
                offset: range.start,
                url: dest.to_string(),
                image,
                problem,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_found_with_their_offset() {
        let src = "Xem [đây](https://x.vn/).\n\n[x](javascript:alert(1)) ![i](https://t.example/p.png) ![ok](/files/a.png) [m](&#106;avascript:alert(2))\n";
        let found = problems(src);
        let urls: Vec<&str> = found.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "javascript:alert(1)",
                "https://t.example/p.png",
                "javascript:alert(2)"
            ]
        );
        assert_eq!(&src[found[0].offset..found[0].offset + 3], "[x]");
        assert!(found[1].image);
    }
}
