//! Hostile content: scripts, outside loads, overriding pages, odd shapes and absurd values.
//! Each case is a folder under tests/hostile/ laid over the valid fixture (like
//! tests/fixtures/invalid/); a few that git cannot hold (symlinks, `?` in file names, bytes that
//! are not UTF-8) are made by the test. Every refusal is asserted with its file, line, column
//! and message; what builds is asserted to be inert HTML.

mod common;

use common::*;
use minhbach::diag::{Diagnostic, Format, Severity, render};
use std::path::Path;

fn hostile(case: &str) -> tempfile::TempDir {
    let dir = site(None);
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(case);
    copy_dir(&src, dir.path());
    dir
}

fn errors(root: &Path) -> Vec<Diagnostic> {
    minhbach::check(root, Some(today()))
        .diagnostics
        .items
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Asserts an error at `file:line:col` whose message contains `needle`.
fn expect(errors: &[Diagnostic], file: &str, line: u32, col: u32, needle: &str) {
    let found = errors
        .iter()
        .any(|d| d.file == file && d.line == line && d.col == col && d.message.contains(needle));
    assert!(
        found,
        "no error {file}:{line}:{col} containing {needle:?} in:\n{}",
        errors
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.col, d.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The start tags of an HTML page (`<a href="…">`), as written. Text from content is escaped,
/// so a `<` in it never starts a tag here.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Attribute names of a start tag (values are quoted by the templates and the Markdown renderer).
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('/') {
            break;
        }
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        names.push(rest[..end].to_ascii_lowercase());
        rest = &rest[end..];
        if let Some(r) = rest.strip_prefix('=') {
            let quote = r.chars().next().unwrap_or(' ');
            rest = if quote == '"' || quote == '\'' {
                let close = r[1..].find(quote).map_or(r.len(), |i| i + 2);
                &r[close..]
            } else {
                r.find(char::is_whitespace).map_or("", |i| &r[i..])
            };
        }
    }
    names
}

#[test]
fn script_payloads_in_every_text_field_build_into_inert_pages() {
    let dir = hostile("builds");
    let out = dir.path().join("public");
    build(dir.path(), &out, None);
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for tag in tags(&html) {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            let lower = name.to_ascii_lowercase();
            assert!(
                !matches!(
                    lower.as_str(),
                    "iframe" | "object" | "embed" | "style" | "base"
                ),
                "{path}: a <{name}> from content: <{tag}>"
            );
            assert!(
                !(lower == "meta" && tag.contains("http-equiv")),
                "{path}: <{tag}>"
            );
            if lower == "img" {
                assert!(tag.contains("src=\"/files/so-do.png\""), "{path}: <{tag}>");
            }
            if name.eq_ignore_ascii_case("script") {
                assert!(
                    tag.contains("type=\"module\" src=\"/assets/search.js")
                        || tag.contains("type=\"application/ld+json\"")
                        || tag.contains("type=\"application/json\" id=\"search-config\""),
                    "{path}: a script the theme did not write: <{tag}>"
                );
            }
            for attr in attribute_names(tag) {
                assert!(
                    !attr.starts_with("on") && attr != "style",
                    "{path}: attribute `{attr}` from content in <{tag}>"
                );
            }
            assert!(
                !tag.contains("class=\"y\""),
                "{path}: a class from content: <{tag}>"
            );
        }
        for value in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            let v = value.to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:")
                    && !v.starts_with("data:")
                    && !v.starts_with("vbscript:"),
                "{path}: {value}"
            );
        }
        for src in attr_values(&html, "src") {
            assert!(
                src.starts_with('/') && !src.starts_with("//"),
                "{path}: loads {src}"
            );
        }
    }
    assert!(pages > 10, "{pages} pages");
    let page = read(&out, "tan-cong/index.html");
    assert!(
        page.contains(
            "<h1 id=\"hi-onmouseover-alert-1-style-position-fixed-inset-0-background-red\">"
        ),
        "our own heading id, no attributes: {page}"
    );
    assert!(
        page.contains("<h2 id=\"muc-x-y-onclick-alert-2\">"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Trang thử"));
    assert!(
        page.contains("<img src=\"/files/so-do.png\""),
        "local images stay: {page}"
    );
    let procedure = read(&out, "thu-tuc/tan-cong/index.html");
    assert!(procedure.contains("Thủ tục &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
    assert!(
        !procedure.contains("<a href=\"javascript:alert(12)\">"),
        "raw HTML dropped"
    );
    assert!(
        procedure.contains("{{ 7*7 }}"),
        "no template runs from content"
    );
}

#[test]
fn every_url_key_refuses_script_and_outside_addresses_at_its_place() {
    let dir = hostile("urls");
    let e = errors(dir.path());
    let agency = "content/agencies/tan-cong.yaml";
    let procedure = "content/procedures/b/tan-cong.yaml";
    expect(
        &e,
        agency,
        2,
        10,
        "`website` `javascript:alert(document.domain)`: `javascript:` addresses are not allowed",
    );
    expect(
        &e,
        agency,
        3,
        8,
        "`email` `a@b.vn\"><script>`: this is not an e-mail address",
    );
    expect(&e, agency, 5, 24, "`data:` addresses are not allowed");
    expect(
        &e,
        agency,
        6,
        29,
        "an address starting with `//` loads from another host",
    );
    expect(
        &e,
        agency,
        7,
        25,
        "the address contains a space at character 1",
    );
    expect(
        &e,
        procedure,
        11,
        10,
        "`url` `vbscript:msgbox(1)`: `vbscript:` addresses are not allowed",
    );
    expect(
        &e,
        procedure,
        18,
        11,
        "link `javascript:alert(1)` in step `body`",
    );
    expect(
        &e,
        procedure,
        19,
        20,
        "link `javascript:alert(2)` in `requirements`",
    );
    expect(
        &e,
        procedure,
        22,
        39,
        "the address has a user name before `@`",
    );
    expect(
        &e,
        "content/pages/lien-ket.md",
        4,
        5,
        "link `javascript:alert(1)` in the page",
    );
    expect(
        &e,
        "content/pages/lien-ket.md",
        4,
        40,
        "link `javascript:alert(2)` in the page",
    );
    expect(&e, "site.toml", 2, 12, "`base_url` `javascript:alert(1)//`");
    expect(
        &e,
        "site.toml",
        5,
        9,
        "`[organisation] email` `javascript:alert(2)`",
    );
    expect(
        &e,
        "site.toml",
        9,
        15,
        "`[open_data] licence_url` `JaVaScRiPt:alert(3)`: `javascript:` addresses are not allowed",
    );
    assert!(
        e.iter().all(|d| d.help.is_some()),
        "every refusal says how to fix it"
    );
    assert_eq!(e.len(), 14, "{e:#?}");
    let out = dir.path().join("public");
    assert!(minhbach::build(&options(dir.path(), &out)).is_err());
    assert!(!out.exists(), "nothing is published");
}

#[test]
fn a_junk_base_url_on_the_command_line_is_a_usage_error() {
    let dir = site(None);
    let out = dir.path().join("public");
    for junk in [
        "javascript:alert(1)",
        "//evil.example/",
        "not a url",
        "https://x.vn/?a",
    ] {
        let mut opts = options(dir.path(), &out);
        opts.base_url = Some(junk.into());
        let e = minhbach::build(&opts).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{junk}: {e}");
        assert!(e.to_string().contains("--base-url"), "{e}");
    }
    assert!(!out.exists());
}

#[test]
fn images_from_other_hosts_are_refused_and_local_files_allowed() {
    let dir = hostile("external-image");
    let e = errors(dir.path());
    let page = "content/pages/anh.md";
    expect(
        &e,
        page,
        4,
        1,
        "image `https://tracker.example.com/p.png` in the page: images from other hosts are not allowed",
    );
    expect(
        &e,
        page,
        6,
        1,
        "image `//tracker.example.com/p.png` in the page: an address starting with `//` loads from another host",
    );
    assert_eq!(e.len(), 2, "the image under /files/ passes: {e:#?}");
}

#[test]
fn a_page_over_another_source_is_an_error_naming_both() {
    let dir = hostile("page-collisions");
    let e = errors(dir.path());
    let cases = [
        (
            "content/pages/thu-tuc/dang-ky-khai-sinh.md",
            "`thu-tuc/dang-ky-khai-sinh/index.html`, which is the page of procedure `dang-ky-khai-sinh` (content/procedures/a/dang-ky-khai-sinh.yaml)",
        ),
        (
            "content/pages/co-quan/ubnd.md",
            "which is the page of agency `ubnd` (content/agencies/ubnd.yaml)",
        ),
        (
            "content/pages/thu-tuc.md",
            "`thu-tuc/index.html`, which is the list of procedures (made by minhbach)",
        ),
        (
            "content/pages/index.md",
            "`index.html`, which is the home page",
        ),
        (
            "content/pages/x.md",
            "`x/index.html`, which is a free page (content/pages/x/index.md)",
        ),
        (
            "content/pages/sitemap.xml.md",
            "needs a folder `sitemap.xml/`",
        ),
        ("content/pages/api/stats.csv.md", "inside `api/`"),
        (
            "content/pages/assets/style.css.md",
            "where the file `assets/style.css` is written, which is the theme asset `style.css`",
        ),
    ];
    for (file, needle) in cases {
        expect(&e, file, 1, 1, needle);
    }
    let agency = e
        .iter()
        .find(|d| d.file == "content/pages/co-quan/ubnd.md" && d.message.contains("agency"))
        .unwrap();
    assert_eq!(agency.related[0].file, "content/agencies/ubnd.yaml");
    for name in ["sitemap.xml", "stats.csv", "style.css"] {
        assert!(
            e.iter()
                .any(|d| d.message.contains(&format!("page name `{name}`"))
                    && d.help.as_deref().is_some_and(|h| h.contains("-"))),
            "{name}"
        );
    }
}

#[test]
fn front_matter_that_is_not_a_mapping_is_an_error_at_its_line() {
    let dir = hostile("front-matter");
    let e = errors(dir.path());
    expect(
        &e,
        "content/pages/danh-sach.md",
        2,
        1,
        "front matter must be `key: value` lines, found a list",
    );
    expect(
        &e,
        "content/pages/vo-huong.md",
        2,
        1,
        "front matter must be `key: value` lines, found text",
    );
    expect(
        &e,
        "content/pages/trong.md",
        1,
        1,
        "the front matter is empty",
    );
    assert_eq!(e.len(), 3, "{e:#?}");
}

#[test]
fn absurd_deadlines_coordinates_and_parent_cycles_are_located_errors() {
    let dir = hostile("limits");
    let e = errors(dir.path());
    let p = "content/procedures/b/han.yaml";
    expect(&e, p, 10, 23, "deadline `value` 1e300 is too large");
    expect(
        &e,
        p,
        12,
        23,
        "deadline `value` 1.3 is not a whole number or a half",
    );
    expect(
        &e,
        "content/agencies/vong-a.yaml",
        3,
        12,
        "`lat` 999 is out of range",
    );
    expect(
        &e,
        "content/agencies/vong-a.yaml",
        2,
        9,
        "agencies are each other's parents: `vong-a` → `vong-b` → `vong-a`",
    );
    let cycle = e.iter().find(|d| d.message.contains("parents")).unwrap();
    assert_eq!(cycle.related[0].file, "content/agencies/vong-b.yaml");
    assert_eq!(cycle.related[0].line, 2);
    assert_eq!(e.len(), 4, "{e:#?}");
}

#[cfg(unix)]
#[test]
fn theme_files_from_outside_the_theme_are_refused() {
    let dir = hostile("theme");
    let templates = dir.path().join("themes/rieng/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", templates.join("404.html")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.css"), "secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.css"),
        dir.path().join("themes/rieng/static/leak.css"),
    )
    .unwrap();
    // A named pipe would hang the build on reading it.
    let fifo = std::process::Command::new("mkfifo")
        .arg(templates.join("page.html"))
        .status()
        .is_ok_and(|s| s.success());
    let e = errors(dir.path());
    if fifo {
        expect(
            &e,
            "themes/rieng/templates/page.html",
            1,
            1,
            "this theme file is not a regular file",
        );
    }
    expect(
        &e,
        "themes/rieng/templates/404.html",
        1,
        1,
        "this theme file leads outside its theme folder (to /proc/",
    );
    expect(
        &e,
        "themes/rieng/static/leak.css",
        1,
        1,
        "leads outside its theme folder",
    );
    let site = minhbach::check(dir.path(), Some(today()));
    let json: serde_json::Value =
        serde_json::from_str(&render(&site.diagnostics, Format::Json)).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|d| d["line"].as_u64() >= Some(1) && d["col"].as_u64() >= Some(1)),
        "file-level errors are at 1:1 in JSON: {json}"
    );
    let out = dir.path().join("public");
    match minhbach::build(&options(dir.path(), &out)) {
        Err(minhbach::BuildError::Content(_)) => {}
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());

    // The renderer applies the same rule when called without check.
    let theme = minhbach::render::theme::Theme::open(dir.path(), "rieng").unwrap();
    assert!(theme.file("templates/404.html").is_err());
    assert!(theme.assets().is_err());
}

#[test]
fn theme_names_are_plain_names() {
    for name in ["../../x", "/etc", "default/../../x", "Rieng"] {
        let dir = site(None);
        let toml = read(dir.path(), "site.toml");
        std::fs::write(
            dir.path().join("site.toml"),
            format!("{toml}\n[theme]\nname = \"{name}\"\n"),
        )
        .unwrap();
        let e = errors(dir.path());
        let line = toml.lines().count() as u32 + 3;
        expect(&e, "site.toml", line, 8, "is not a plain name");
        assert!(minhbach::render::theme::Theme::open(dir.path(), name).is_err());
    }
}

#[test]
fn page_names_that_break_addresses_are_errors() {
    let dir = site(None);
    let pages = dir.path().join("content/pages");
    let names = [
        "h?i.md",
        "a#b.md",
        "c\"d.md",
        "Giới thiệu.md",
        "e f/index.md",
    ];
    for name in names {
        let path = pages.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "---\ntitle: \"T\"\n---\n").unwrap();
    }
    let e = errors(dir.path());
    for (name, fixed) in [
        ("h?i", "h-i"),
        ("a#b", "a-b"),
        ("c\"d", "c-d"),
        ("Giới thiệu", "gioi-thieu"),
        ("e f", "e-f"),
    ] {
        let d = e
            .iter()
            .find(|d| d.message.contains(&format!("page name `{name}`")))
            .unwrap_or_else(|| panic!("{name}: {e:#?}"));
        assert_eq!((d.line, d.col), (1, 1));
        assert!(d.help.as_deref().unwrap().contains(fixed), "{d:?}");
    }
    std::fs::write(dir.path().join("content/files/to#khai?.docx"), "x").unwrap();
    let e = errors(dir.path());
    expect(
        &e,
        "content/files/to#khai?.docx",
        1,
        1,
        "the download's name contains `#`",
    );
    // A file ending in "index" is not an index page.
    std::fs::write(pages.join("fooindex.md"), "---\ntitle: \"F\"\n---\n").unwrap();
    let site = minhbach::check(dir.path(), Some(today()));
    assert!(site.content.pages.iter().any(|p| p.path == "fooindex"));
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let dir = site(None);
    let file = dir.path().join("content/agencies/ubnd.yaml");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"address: \"S\xe1 1\"\n");
    std::fs::write(&file, bytes).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        b"title = \"\xff\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    let e = errors(dir.path());
    expect(
        &e,
        "content/agencies/ubnd.yaml",
        3,
        12,
        "not UTF-8 text: byte 0xE1 at line 3, column 12",
    );
    expect(&e, "site.toml", 1, 10, "not UTF-8");
}

/// Every file a build writes is in the ownership table `check` uses, so the table cannot drift
/// from the renderer.
#[test]
fn the_ownership_table_covers_every_file_a_build_writes() {
    for case in [None, Some("builds"), Some("en")] {
        let dir = match case {
            Some("en") => {
                let dir = site(None);
                let toml = read(dir.path(), "site.toml");
                std::fs::write(
                    dir.path().join("site.toml"),
                    format!("language = \"en\"\n{toml}"),
                )
                .unwrap();
                dir
            }
            Some(c) => hostile(c),
            None => site(None),
        };
        let out = dir.path().join("public");
        build(dir.path(), &out, None);
        let site = minhbach::check(dir.path(), Some(today()));
        let theme = minhbach::render::theme::Theme::open(dir.path(), &site.config.theme.name).ok();
        let table = minhbach::output::ownership::table(&site.content, &site.config, theme.as_ref());
        let written: Vec<String> = tree(&out).into_keys().collect();
        let unowned: Vec<&String> = written.iter().filter(|p| !table.owns(p)).collect();
        assert!(
            unowned.is_empty(),
            "written but not in the ownership table: {unowned:?}"
        );
        assert!(written.len() > 20);
        let list = if case == Some("en") {
            "procedures/index.html"
        } else {
            "thu-tuc/index.html"
        };
        assert!(written.iter().any(|p| p == list), "{list}");
    }
}

/// A download that a browser opens as an active document (an SVG with `onload`, an HTML page)
/// would run its script from the site's own host — and, under `serve`, could drive the CMS
/// backend. Such downloads are refused at check time, whatever their letter case; forms stay.
#[test]
fn downloads_that_would_run_a_script_are_refused() {
    let dir = site(None);
    let files = dir.path().join("content/files");
    std::fs::write(
        files.join("x.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
    )
    .unwrap();
    std::fs::write(files.join("Trang.HTML"), "<script>alert(1)</script>").unwrap();
    let errs = errors(dir.path());
    expect(
        &errs,
        "content/files/x.svg",
        1,
        1,
        "`.svg` download would run",
    );
    expect(
        &errs,
        "content/files/Trang.HTML",
        1,
        1,
        "`.html` download would run",
    );
    assert!(
        !errs.iter().any(|d| d.file.ends_with(".docx")),
        "forms are still accepted"
    );
}
