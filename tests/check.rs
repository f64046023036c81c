//! `check` reports every problem of a site in one run, each with its place and a fix.

mod common;

use common::*;
use minhbach::diag::{Format, Severity, render};

fn messages(case: &str) -> (tempfile::TempDir, minhbach::Site) {
    let dir = site(Some(case));
    let site = minhbach::check(dir.path(), Some(today()));
    (dir, site)
}

fn find<'a>(site: &'a minhbach::Site, needle: &str) -> &'a minhbach::diag::Diagnostic {
    site.diagnostics
        .items
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no diagnostic containing {needle:?}:\n{}",
                render(&site.diagnostics, Format::Human)
            )
        })
}

#[test]
fn the_valid_fixture_is_clean() {
    let dir = site(None);
    let site = minhbach::check(dir.path(), Some(today()));
    let errors: Vec<_> = site
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn every_problem_of_a_file_is_reported_at_once_with_its_place() {
    let (_dir, site) = messages("many-errors");
    let file = "content/procedures/a/an-toan.yaml";
    let cases: &[(&str, u32, u32, Option<&str>)] = &[
        (
            "unknown field `xay-dng`",
            3,
            10,
            Some("did you mean `xay-dung`?"),
        ),
        (
            "`levels`: expected a list, found text",
            4,
            9,
            Some("[tinh]"),
        ),
        (
            "unknown agency `ubnd-xa`",
            6,
            22,
            Some("known agencies: `mot-cua`, `ubnd`"),
        ),
        (
            "unknown key `chanels` in procedure",
            8,
            1,
            Some("did you mean `channels`?"),
        ),
        ("missing required key `channels` in procedure", 1, 1, None),
        (
            "`originals`: expected a whole number, found text",
            13,
            34,
            None,
        ),
        (
            "form file `../site.toml` points outside the content folder",
            13,
            68,
            None,
        ),
        (
            "form file `files/to-khia.docx` does not exist",
            14,
            54,
            Some("did you mean `files/to-khai.docx`?"),
        ),
        ("`electronic`: expected `true` or `false`", 16, 43, None),
        (
            "`issued`: `2026-02-30` is not a valid date",
            17,
            60,
            Some("YYYY-MM-DD"),
        ),
        (
            "`status`: `actve` is not allowed here",
            18,
            9,
            Some("did you mean `active`?"),
        ),
    ];
    for (message, line, col, help) in cases {
        let d = find(&site, message);
        assert_eq!(
            (d.file.as_str(), d.line, d.col),
            (file, *line, *col),
            "place of {message:?}"
        );
        assert!(
            d.source_line.is_some(),
            "{message:?} quotes its source line"
        );
        if let Some(help) = help {
            assert!(
                d.help.as_deref().unwrap_or("").contains(help),
                "help of {message:?}: {:?}",
                d.help
            );
        }
    }
    // The duplicate is reported on the later file (path order) and names the first.
    let dup = find(&site, "procedure code `1.001193` is used twice");
    assert_eq!(
        (dup.file.as_str(), dup.line, dup.col),
        ("content/procedures/a/dang-ky-khai-sinh.yaml", 1, 7)
    );
    assert_eq!(
        (dup.related[0].file.as_str(), dup.related[0].line),
        (file, 1)
    );
    // Its old code is gone, so the procedure that named it as related is flagged too.
    let related = find(&site, "related procedure `1.000001` does not exist");
    assert_eq!(related.file, "content/procedures/a/dang-ky-khai-sinh.yaml");
    assert_eq!(site.diagnostics.error_count(), cases.len() + 2);
}

#[test]
fn diagnostics_are_sorted_and_rendered_for_people_and_machines() {
    let (_dir, site) = messages("many-errors");
    let keys: Vec<_> = site
        .diagnostics
        .items
        .iter()
        .map(|d| (d.file.clone(), d.line, d.col))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    insta::assert_snapshot!(
        "many_errors_human",
        render(&site.diagnostics, Format::Human)
    );
    insta::assert_snapshot!(
        "many_errors_github",
        render(&site.diagnostics, Format::Github)
    );
    let json: serde_json::Value =
        serde_json::from_str(&render(&site.diagnostics, Format::Json)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), site.diagnostics.items.len());
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[1]["severity"], "error");
    assert_eq!(
        (
            json[1]["file"].as_str(),
            json[1]["line"].as_u64(),
            json[1]["col"].as_u64()
        ),
        (Some("content/procedures/a/an-toan.yaml"), Some(1), Some(1))
    );
}

#[test]
fn yaml_syntax_errors_point_at_the_line() {
    let (_dir, site) = messages("yaml-syntax");
    let d = find(&site, "invalid YAML");
    assert_eq!(d.file, "content/agencies/ubnd.yaml");
    assert!(d.line >= 1);
    // The broken file still declares its agency: no cascade of "unknown agency" errors.
    assert_eq!(
        site.diagnostics.error_count(),
        1,
        "{}",
        render(&site.diagnostics, Format::Human)
    );
}

#[test]
fn duplicate_keys_are_rejected() {
    let (_dir, site) = messages("duplicate-key");
    let d = find(&site, "duplicate mapping key");
    assert_eq!((d.file.as_str(), d.line), ("content/agencies/ubnd.yaml", 3));
    assert!(d.help.as_deref().unwrap().contains("only once"));
}

#[test]
fn site_toml_errors_name_the_line() {
    let (_dir, site) = messages("bad-site-toml");
    let d = site
        .diagnostics
        .items
        .iter()
        .find(|d| d.file == "site.toml")
        .expect("a site.toml diagnostic");
    assert_eq!(d.line, 3);
}

#[test]
fn stale_procedures_warn_without_failing() {
    let dir = site(None);
    let site = minhbach::check(dir.path(), Some(today()));
    let d = find(&site, "last checked 205 days ago (01/05/2026)");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.file, "content/procedures/a/an-cu.yaml");
    assert!(!site.diagnostics.has_errors());
}

#[test]
fn statistics_errors_name_the_row_and_the_numbers() {
    let (_dir, site) = messages("stats-errors");
    let file = "content/stats/2026-05.csv";
    let cases: &[(&str, u32, u32, &str)] = &[
        (
            "unknown column `ratings_totl`",
            1,
            164,
            "did you mean `ratings_total`?",
        ),
        (
            "carried over 10 + received 1.193 = 1.203 ≠ resolved 1.100 + pending 90 = 1.190 (off by 13)",
            2,
            1,
            "correct the figure that was mistyped",
        ),
        ("unknown agency `mot-cuaa`", 3, 9, "did you mean `mot-cua`?"),
        ("period 2026-12 is after 2026-11", 4, 1, "--today"),
        (
            "received_online `x` is not a count",
            5,
            17,
            "leave the cell empty",
        ),
    ];
    for (needle, line, col, help) in cases {
        let d = find(&site, needle);
        assert_eq!(
            (d.file.as_str(), d.line, d.col),
            (file, *line, *col),
            "{needle}"
        );
        assert!(
            d.help.as_deref().unwrap_or("").contains(help),
            "{needle}: {:?}",
            d.help
        );
        assert!(d.source_line.is_some(), "{needle}: the row is shown");
    }
}

#[test]
fn valid_statistics_pass_with_bom_and_crlf() {
    let dir = site(None);
    let site = minhbach::check(dir.path(), Some(today()));
    assert_eq!(site.content.stats.rows.len(), 4);
    assert!(
        !site
            .diagnostics
            .items
            .iter()
            .any(|d| d.file.contains("stats")),
        "{}",
        render(&site.diagnostics, Format::Human)
    );
}
