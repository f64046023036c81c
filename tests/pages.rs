//! Snapshots of key pages of the fixture site, and theme completeness.

mod common;

use common::*;

#[test]
fn key_pages_snapshot() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    insta::assert_snapshot!(
        "procedure_page",
        read(&out, "thu-tuc/dang-ky-khai-sinh/index.html")
    );
    insta::assert_snapshot!("a_to_z_page", read(&out, "thu-tuc/index.html"));
    insta::assert_snapshot!("agency_page", read(&out, "co-quan/mot-cua/index.html"));
}

#[test]
fn both_languages_translate_every_string_the_theme_uses() {
    use minhbach::render::theme::{EMBEDDED, Theme};
    let theme = Theme { dir: None };
    let vi = theme.strings("vi").unwrap();
    let en = theme.strings("en").unwrap();
    let vi_keys: Vec<&String> = vi.0.keys().collect();
    let en_keys: Vec<&String> = en.0.keys().collect();
    assert_eq!(
        vi_keys, en_keys,
        "vi.toml and en.toml must have the same keys"
    );
    let mut used = 0;
    for (path, source) in EMBEDDED.iter().filter(|(p, _)| p.starts_with("templates/")) {
        for (i, _) in source
            .match_indices("t(\"")
            .filter(|(i, _)| !source[..*i].ends_with(|c: char| c.is_alphanumeric()))
        {
            let key = &source[i + 3..i + 3 + source[i + 3..].find('"').unwrap()];
            assert!(
                vi.0.contains_key(key),
                "{path}: t(\"{key}\") has no translation"
            );
            used += 1;
        }
    }
    assert!(used > 50, "only {used} t() calls found");
    // Keys built in Rust code (formatters) exist too.
    for key in [
        "fee.free",
        "fee.currency",
        "deadline.working_days.one",
        "deadline.months.other",
        "day.sun",
        "status.repealed",
        "online.full",
        "channel.postal",
        "feedback.address",
        "doc.copy.other",
    ] {
        assert!(vi.0.contains_key(key), "{key}");
    }
}
