//! The one check every URL from content or configuration passes before it can reach a page.
//!
//! Allowed: `https://` and `http://` addresses with a plain host, `mailto:` and `tel:` where a
//! context says so, and site-relative paths (`/thu-tuc/`, and in Markdown `#muc` or
//! `huong-dan/`). Everything else — `javascript:`, `data:`, `vbscript:`, unknown schemes in any
//! letter case, protocol-relative `//host`, backslashes, spaces and invisible characters that
//! browsers strip before reading the scheme — is refused with a message and a fix.

/// Where a URL is used, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// A full web address: `https://…` or `http://…` (an agency's website, an online channel).
    Web,
    /// A web address or a path on this site (`/files/…`): legal documents, a licence.
    WebOrPath,
    /// `site.toml` `base_url`: a web address or a path, without `?` or `#`.
    Base,
    /// A link in Markdown: web, `mailto:`, `tel:`, a site path, `#anchor` or a relative path.
    Link,
    /// An image in Markdown: a path on this site (`/files/…`) only.
    Image,
}

/// What a URL that passed the check is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `http(s)://host…`, with the host in lowercase.
    Web {
        host: String,
    },
    /// `/…` on this site.
    Path,
    /// `#…`, `?…` or a relative path.
    Relative,
    Mailto,
    Tel,
}

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        help: help.into(),
    }
}

/// Characters that do not show but change what a browser reads (zero-width, bidi controls).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// The scheme of `url` in lowercase, when it has one (`[a-z][a-z0-9+.-]*:` before any `/?#`).
fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let s = &url[..end];
    let mut bytes = s.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then(|| s.to_ascii_lowercase())
}

fn help_for(allow: Allow) -> &'static str {
    match allow {
        Allow::Web => {
            "write the full address, starting with https:// (for example https://dichvucong.gov.vn/)"
        }
        Allow::WebOrPath => {
            "write a full address starting with https://, or a path on this site starting with / (for example /files/nghi-dinh.pdf)"
        }
        Allow::Base => {
            "write the site's address, e.g. `https://dichvucong.hason.gov.vn/` (or a path such as `/`)"
        }
        Allow::Link => {
            "link to an address starting with https://, to mailto:/tel:, or to a page of this site such as /thu-tuc/"
        }
        Allow::Image => {
            "put the image in content/files/ and write its path on this site, e.g. `![Sơ đồ](/files/so-do.png)`"
        }
    }
}

/// Checks one URL for the place it is used in.
pub fn check(url: &str, allow: Allow) -> Result<Kind, Problem> {
    let help = help_for(allow);
    if url.is_empty() {
        return Err(problem("the address is empty", help));
    }
    if let Some((i, c)) = url
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control() || is_invisible(*c))
    {
        let what = if c == ' ' {
            "a space".to_owned()
        } else {
            format!("an invisible character (U+{:04X})", c as u32)
        };
        return Err(problem(
            format!("the address contains {what} at character {}", i + 1),
            "remove it (write a space inside an address as %20); browsers ignore such characters, which hides what the address really is",
        ));
    }
    let bad_char = match url
        .chars()
        .find(|c| matches!(c, '\\' | '"' | '<' | '>' | '`'))
    {
        Some(c) => Err(problem(
            format!("the address contains `{c}`, which is not allowed in addresses"),
            "remove it, or write it percent-encoded",
        )),
        None => Ok(()),
    };
    if let Some(s) = scheme(url) {
        let rest = &url[s.len() + 1..];
        if matches!(s.as_str(), "http" | "https" | "mailto" | "tel") {
            bad_char?;
        }
        return match s.as_str() {
            "http" | "https" => web(rest, allow, help),
            "mailto" if allow == Allow::Link => {
                if rest.contains('@') {
                    Ok(Kind::Mailto)
                } else {
                    Err(problem(
                        "`mailto:` needs an e-mail address",
                        "write `mailto:ten@co-quan.gov.vn`",
                    ))
                }
            }
            "tel" if allow == Allow::Link => {
                if !rest.is_empty()
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '(' | ')'))
                {
                    Ok(Kind::Tel)
                } else {
                    Err(problem(
                        "`tel:` needs a telephone number",
                        "write `tel:02003888888` (digits and +)",
                    ))
                }
            }
            _ => Err(problem(
                format!("`{s}:` addresses are not allowed here"),
                help,
            )),
        };
    }
    bad_char?;
    if url.starts_with("//") {
        return Err(problem(
            "an address starting with `//` loads from another host",
            help,
        ));
    }
    let is_path = url.starts_with('/');
    match allow {
        Allow::Web => Err(problem("this is not a full web address", help)),
        Allow::WebOrPath | Allow::Image if !is_path => Err(problem(
            "this is neither a full web address nor a path on this site",
            help,
        )),
        Allow::Image if !url.starts_with("/files/") => Err(problem(
            "images must be files of this site under /files/",
            help,
        )),
        Allow::Base if !is_path => Err(problem("this is not a web address", help)),
        Allow::Base if url.contains(['?', '#']) => {
            Err(problem("the base address may not contain `?` or `#`", help))
        }
        _ if is_path => Ok(Kind::Path),
        _ => Ok(Kind::Relative),
    }
}

/// The part after `http:`/`https:`: `//host[:port][/path…]`.
fn web(rest: &str, allow: Allow, help: &str) -> Result<Kind, Problem> {
    if allow == Allow::Image {
        return Err(problem(
            "images from other hosts are not allowed: every page loads only from this site",
            help,
        ));
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Err(problem("a web address needs `//` after `https:`", help));
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(end);
    if authority.contains('@') {
        return Err(problem(
            "the address has a user name before `@`, which hides the real host",
            "write the address without `user@`",
        ));
    }
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => {
                let after = &authority[i + 1..];
                (
                    &authority[..=i],
                    (!after.is_empty()).then(|| after.strip_prefix(':').unwrap_or("x")),
                )
            }
            None => (authority, None),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty()
            && !host.starts_with(['.', '-'])
            && !host.contains("..")
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    if !host_ok {
        return Err(problem(format!("`{host}` is not a host name"), help));
    }
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(problem("the port after `:` must be a number", help));
    }
    if allow == Allow::Base && tail.contains(['?', '#']) {
        return Err(problem("the base address may not contain `?` or `#`", help));
    }
    Ok(Kind::Web {
        host: host.to_lowercase(),
    })
}

/// An e-mail address as written in `email:` keys (turned into `mailto:` by the theme).
pub fn check_email(value: &str) -> Result<(), Problem> {
    let help = "write the address only, e.g. `tiepnhan@hason.gov.vn`";
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        return Err(problem(
            "the e-mail address contains a space or an invisible character",
            help,
        ));
    }
    if value.contains(['"', '<', '>', '\\', '`', ':', '/']) {
        return Err(problem("this is not an e-mail address", help));
    }
    match value.split_once('@') {
        Some((user, domain))
            if !user.is_empty() && domain.contains('.') && !domain.contains('@') =>
        {
            Ok(())
        }
        _ => Err(problem("this is not an e-mail address", help)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_pass() {
        for ok in [
            "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
            "http://127.0.0.1:8080/a/",
            "HTTPS://EXAMPLE.GOV.VN",
            "https://[::1]:8080/",
            "https://thủtục.vn/",
        ] {
            assert!(
                matches!(check(ok, Allow::Web), Ok(Kind::Web { .. })),
                "{ok}"
            );
        }
    }

    #[test]
    fn scripts_and_tricks_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "\u{200B}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/x",
            "/\\evil.example/x",
            "https://good.gov.vn@evil.example/",
            "https://",
            "https:evil.example",
            "https://evil\u{0000}.example",
            "ftp://x.vn/",
            "",
        ] {
            assert!(check(bad, Allow::Web).is_err(), "{bad:?}");
            assert!(check(bad, Allow::Link).is_err(), "{bad:?}");
            assert!(check(bad, Allow::WebOrPath).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn contexts_decide_paths_mailto_and_tel() {
        assert!(check("www.x.vn", Allow::Web).is_err());
        assert!(check("www.x.vn", Allow::WebOrPath).is_err());
        assert_eq!(check("/files/a.pdf", Allow::WebOrPath), Ok(Kind::Path));
        assert!(check("files/a.pdf", Allow::WebOrPath).is_err());
        assert_eq!(check("#muc-1", Allow::Link), Ok(Kind::Relative));
        assert_eq!(check("mailto:a@b.vn", Allow::Link), Ok(Kind::Mailto));
        assert!(check("mailto:a@b.vn", Allow::Web).is_err());
        assert_eq!(check("tel:+842003888888", Allow::Link), Ok(Kind::Tel));
        assert!(check("https://x.vn/a.png", Allow::Image).is_err());
        assert_eq!(check("/files/a.png", Allow::Image), Ok(Kind::Path));
        assert!(check("https://x.vn/?a#b", Allow::Base).is_err());
        assert!(check("not a url", Allow::Base).is_err());
        assert!(check("/sub/", Allow::Base).is_ok());
    }

    #[test]
    fn emails() {
        assert!(check_email("a.b@hason.gov.vn").is_ok());
        assert!(check_email("javascript:alert(1)").is_err());
        assert!(check_email("a b@x.vn").is_err());
        assert!(check_email("nobody").is_err());
    }
}
