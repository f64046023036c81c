//! Change history from git: a temporary repository with dated commits (fee change,
//! formatting only, added document, rename with a deadline change), rendered on the procedure
//! page and in feed.xml; shallow clones are detected.

mod common;

use common::*;
use std::path::Path;

fn git(dir: &Path, args: &[&str], date: &str) {
    git_at(dir, args, &format!("{date}T10:00:00+07:00"));
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The fixture site as a repository with five dated commits.
fn repository() -> tempfile::TempDir {
    let site = site(None);
    let d = site.path();
    let file = "content/procedures/a/dang-ky-khai-sinh.yaml";
    git(d, &["init", "-q", "-b", "main"], "2025-01-10");
    git(d, &["add", "-A"], "2025-01-10");
    git(d, &["commit", "-q", "-m", "Trang mới"], "2025-01-10");
    edit(d, file, "amount: 50000, note", "amount: 0, note");
    git(
        d,
        &["commit", "-q", "-am", "Miễn lệ phí trực tuyến"],
        "2025-07-01",
    );
    edit(
        d,
        file,
        "fields: [ho-tich]\n",
        "# Hộ tịch\nfields:\n  - ho-tich\n",
    );
    git(d, &["commit", "-q", "-am", "Định dạng"], "2025-08-01");
    edit(
        d,
        file,
        "      - {name: \"Giấy ủy quyền\"",
        "      - {name: \"Giấy chứng sinh\", originals: 1}\n      - {name: \"Giấy ủy quyền\"",
    );
    git(
        d,
        &["commit", "-q", "-am", "Thêm giấy chứng sinh"],
        "2025-09-01",
    );
    std::fs::create_dir_all(d.join("content/procedures/ho-tich")).unwrap();
    git(
        d,
        &["mv", file, "content/procedures/ho-tich/khai-sinh.yaml"],
        "2025-10-01",
    );
    edit(
        d,
        "content/procedures/ho-tich/khai-sinh.yaml",
        "{value: 3, unit: working_days}",
        "{value: 2, unit: working_days}",
    );
    // Statistics name the procedure by its code, which survives the rename.
    edit(
        d,
        "content/stats/2022/2022-05.csv",
        "mot-cua,dang-ky-khai-sinh,",
        "mot-cua,1.001193,",
    );
    git(
        d,
        &["commit", "-q", "-am", "Đổi tên tệp, rút ngắn thời hạn"],
        "2025-10-01",
    );
    site
}

#[test]
fn meaningful_changes_are_published_with_their_dates() {
    let site = repository();
    let out = site.path().join("public");
    let report = build(site.path(), &out, None);
    assert!(
        report
            .diagnostics
            .items
            .iter()
            .all(|d| !d.message.contains("history"))
    );
    let html = read(&out, "thu-tuc/khai-sinh/index.html");
    let start = html
        .find("<ol class=\"history\">")
        .expect("history section");
    let end = start + html[start..].find("</ol>").unwrap();
    assert_eq!(
        &html[start..end],
        "<ol class=\"history\">\n\
         <li><time datetime=\"2025-10-01\">01/10/2025</time><ul><li>Thời hạn trực tiếp: 3 → 2 ngày làm việc</li></ul></li>\n\
         <li><time datetime=\"2025-09-01\">01/09/2025</time><ul><li>Thêm giấy tờ: Giấy chứng sinh</li></ul></li>\n\
         <li><time datetime=\"2025-07-01\">01/07/2025</time><ul><li>Lệ phí trực tuyến: 50.000 đồng → Miễn phí</li></ul></li>\n\
         <li><time datetime=\"2025-01-10\">10/01/2025</time><ul><li>Công bố thủ tục trên cổng</li></ul></li>\n"
    );
    let feed = read(&out, "feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(
        feed.contains("<updated>2025-10-01T00:00:00Z</updated>\n<author>"),
        "newest change first"
    );
    let first = feed.find("<entry>").unwrap();
    assert!(
        feed[first..].starts_with("<entry>\n<title>Đăng ký khai sinh</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<summary>Lệ phí trực tuyến: 50.000 đồng → Miễn phí (01/07/2025)</summary>")
    );
    assert!(
        !feed.contains("2025-08-01"),
        "the formatting-only commit is not a change"
    );
}

#[test]
fn a_shallow_clone_is_detected() {
    let site = repository();
    let clone = tempfile::tempdir().unwrap();
    let source = format!("file://{}", site.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &source, "c"],
        "2025-10-02",
    );
    let root = clone.path().join("c");
    let out = root.join("public");
    let report = build(&root, &out, None);
    assert!(
        report
            .diagnostics
            .items
            .iter()
            .any(|d| d.message.contains("shallow clone")),
        "a warning says why history is missing"
    );
    assert!(!read(&out, "thu-tuc/khai-sinh/index.html").contains("class=\"history\""));
    assert!(!out.join("feed.xml").exists());
    let mut opts = options(&root, &out);
    opts.history = minhbach::load::history::Mode::Require;
    let before = tree(&out);
    assert!(matches!(
        minhbach::build(&opts),
        Err(minhbach::BuildError::History(_))
    ));
    assert_eq!(tree(&out), before, "the previous output is kept");
}

#[test]
fn outside_git_history_is_simply_absent() {
    let site = site(None);
    let out = site.path().join("public");
    let report = build(site.path(), &out, None);
    assert!(
        report
            .diagnostics
            .items
            .iter()
            .all(|d| !d.message.contains("history"))
    );
    assert!(!out.join("feed.xml").exists());
}

#[test]
fn an_uncommitted_edit_is_not_published_as_history() {
    let site = repository();
    // The last commit shortened the deadline from 3 to 2 days; the editor has since typed 1
    // and not committed it: history still says 3 → 2 (the page itself shows the file on disk).
    edit(
        site.path(),
        "content/procedures/ho-tich/khai-sinh.yaml",
        "{value: 2, unit: working_days}",
        "{value: 1, unit: working_days}",
    );
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let html = read(&out, "thu-tuc/khai-sinh/index.html");
    assert!(
        html.contains(
            "<li><time datetime=\"2025-10-01\">01/10/2025</time><ul><li>Thời hạn trực tiếp: 3 → 2 ngày làm việc</li></ul></li>"
        ),
        "{html}"
    );
    assert!(!html.contains("3 → 1"));
}
