//! Issue 13, "a defect first": a statistics file with exactly the official Biểu 06 columns (no
//! `received_postal`, no withdrawn/returned/suspended) is a complete form. A column absent from
//! a file is not part of its form; an empty cell of a present column is "not reported".

mod common;

use common::*;

/// The valid fixture site with the statistics of `tests/fixtures/stats-official/<case>`.
fn official(case: &str) -> tempfile::TempDir {
    let dir = site(None);
    copy_dir(&fixtures().join("stats-official").join(case), dir.path());
    dir
}

#[test]
fn the_official_columns_give_the_received_total_and_the_online_rate() {
    let dir = official("good");
    let site = minhbach::check(dir.path(), Some(today()));
    assert!(
        !site.diagnostics.has_errors(),
        "{}",
        minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
    );
    let out = dir.path().join("public");
    build(dir.path(), &out, None);
    let dashboard = read(&out, "thong-ke/index.html");
    assert!(
        dashboard.contains("<dt>Hồ sơ tiếp nhận mới</dt><dd><span class=\"figure\">10.397</span>"),
        "{dashboard}"
    );
    assert!(
        dashboard
            .contains("<dt>Tỷ lệ nộp trực tuyến</dt><dd><span class=\"figure\">45,06 %</span>"),
        "{dashboard}"
    );
    // (4.000 + 6.000) / 10.097 resolved.
    assert!(dashboard.contains("<span class=\"figure\">99,04 %</span>"));
    let notes = read(&out, "thong-ke/ghi-chu/index.html");
    assert!(
        notes.contains("Cột nào không có trong tệp số liệu thì không thuộc mẫu biểu của tệp đó"),
        "the data-notes page states the rule: {notes}"
    );
    let csv = read(&out, "api/stats.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("received"), "10397");
    assert_eq!(col("online_rate"), "45.06");
    assert_eq!(col("received_postal"), "", "not part of the form: empty");
}

#[test]
fn the_balance_rule_runs_on_the_official_columns() {
    let dir = official("unbalanced");
    let site = minhbach::check(dir.path(), Some(today()));
    let d = site
        .diagnostics
        .items
        .iter()
        .find(|d| d.file == "content/stats/2022/2022-05.csv")
        .expect("the unbalanced row is reported");
    assert_eq!(d.severity, minhbach::diag::Severity::Error);
    assert_eq!(
        d.message,
        "carried over 0 + received 100 = 100 ≠ resolved 80 + pending 5 = 85 (off by 15)"
    );
    assert_eq!((d.line, d.col), (2, 1));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["check", "--today", "2026-11-22", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "check fails");
}
