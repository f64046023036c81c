//! site.toml settings that change what is built, or are refused where they are written.

mod common;

use std::path::Path;

fn with_settings(extra: &str) -> tempfile::TempDir {
    let site = common::site(None);
    let path = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(extra);
    std::fs::write(&path, text).unwrap();
    site
}

/// The line of site.toml, and the message, of each error `check` reports.
fn errors(root: &Path) -> Vec<(String, u32, u32, String)> {
    let site = minhbach::check(root, Some(common::today()));
    site.diagnostics
        .errors()
        .map(|d| (d.file.clone(), d.line, d.col, d.message.clone()))
        .collect()
}

fn repealed_box(out: &Path) -> String {
    let html = common::read(out, "tim-kiem/index.html");
    let at = html
        .find("id=\"search-repealed\"")
        .expect("the repealed box");
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    html[start..=end].to_owned()
}

#[test]
fn include_repealed_ticks_the_repealed_box_of_the_search_page() {
    let out = tempfile::tempdir().unwrap();
    let plain = common::site(None);
    common::build(plain.path(), out.path(), None);
    let default = repealed_box(out.path());
    assert!(!default.contains("checked"), "{default}");
    let index = common::tree(&out.path().join("assets/search"));

    let site = with_settings("\n[search]\ninclude_repealed = true\n");
    let out2 = tempfile::tempdir().unwrap();
    common::build(site.path(), out2.path(), None);
    let ticked = repealed_box(out2.path());
    assert!(ticked.contains(" checked"), "{ticked}");
    assert_eq!(
        default.replace(" checked", ""),
        ticked.replace(" checked", "")
    );
    // Repealed procedures are in the index either way, flagged: the box decides.
    assert_eq!(common::tree(&out2.path().join("assets/search")), index);
}

#[test]
fn counting_withdrawn_dossiers_as_resolved_is_refused_where_it_is_written() {
    let site = with_settings("\n[stats]\ncount_withdrawn_as_resolved = true\n");
    let found = errors(site.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, line, col, message) = &found[0];
    assert_eq!((file.as_str(), *line, *col), ("site.toml", 10, 31));
    assert!(message.contains("not supported"), "{message}");

    let site = with_settings("\n[stats]\ncount_withdrawn_as_resolved = false\n");
    assert_eq!(errors(site.path()), Vec::new());
}

#[test]
fn an_on_time_target_written_as_a_percentage_is_refused_not_ignored() {
    let site = with_settings("\n[stats]\non_time_target = 95\n");
    let found = errors(site.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, line, col, message) = &found[0];
    assert_eq!((*line, *col), (10, 18));
    assert!(message.contains("between 0 and 1"), "{message}");
    let d = minhbach::check(site.path(), Some(common::today()));
    let help = d.diagnostics.errors().next().and_then(|e| e.help.clone());
    let help = help.expect("a help line");
    assert!(help.contains("on_time_target = 0.95"), "{help}");

    let site = with_settings("\n[stats]\non_time_target = 0.9\n");
    assert_eq!(errors(site.path()), Vec::new());
}

#[test]
fn an_unknown_timezone_stops_the_build_at_its_line() {
    let site = common::site(None);
    let path = site.path().join("site.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("timezone = \"GMT+7\"\n{text}")).unwrap();
    let found = errors(site.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].1, found[0].2), (1, 12));
    assert!(found[0].3.contains("unknown timezone `GMT+7`"), "{found:?}");
    let out = tempfile::tempdir().unwrap();
    assert!(minhbach::build(&common::options(site.path(), out.path())).is_err());
}

fn git(dir: &Path, args: &[&str], when: &str) {
    common::git_at(dir, args, when);
}

/// The dates of the procedure page's change history.
fn history_dates(site: &Path) -> Vec<String> {
    let out = site.join("public");
    common::build(site, &out, None);
    let page = common::read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    let start = page
        .find("<ol class=\"history\">")
        .expect("history section");
    let html = &page[start..start + page[start..].find("</ol>").unwrap()];
    html.match_indices("<time datetime=\"")
        .map(|(i, m)| html[i + m.len()..i + m.len() + 10].to_owned())
        .collect()
}

#[test]
fn change_history_dates_are_days_of_the_site_timezone() {
    // A save through the CMS commits in UTC: 20:00 on 1 July is 03:00 on 2 July in Vietnam.
    let build_with = |timezone: &str| {
        let site = common::site(None);
        let d = site.path();
        let toml = d.join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("timezone = \"{timezone}\"\n{text}")).unwrap();
        git(
            d,
            &["init", "-q", "-b", "main"],
            "2025-01-10T10:00:00+07:00",
        );
        git(d, &["add", "-A"], "2025-01-10T10:00:00+07:00");
        git(
            d,
            &["commit", "-q", "-m", "Trang mới"],
            "2025-01-10T10:00:00+07:00",
        );
        let file = d.join("content/procedures/a/dang-ky-khai-sinh.yaml");
        let yaml = std::fs::read_to_string(&file).unwrap();
        assert!(yaml.contains("amount: 50000, note"));
        std::fs::write(
            &file,
            yaml.replacen("amount: 50000, note", "amount: 0, note", 1),
        )
        .unwrap();
        git(
            d,
            &["commit", "-q", "-am", "Miễn lệ phí"],
            "2025-07-01T20:00:00+00:00",
        );
        history_dates(d)
    };
    assert_eq!(build_with("Asia/Ho_Chi_Minh"), ["2025-07-02", "2025-01-10"]);
    assert_eq!(build_with("UTC"), ["2025-07-01", "2025-01-10"]);
}

#[test]
fn new_takes_today_from_the_site_timezone_and_refuses_an_unknown_one() {
    let site = common::site(None);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("timezone = \"Asia/Hanoi\"\n{text}")).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(["new", "procedure", "thu-tuc-moi", "--root"])
            .arg(site.path())
            .output()
            .unwrap()
    };
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown timezone `Asia/Hanoi`"), "{stderr}");
    assert!(stderr.contains("site.toml:1:12"), "{stderr}");
    let written = walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_name() == "thu-tuc-moi.yaml");
    assert!(!written, "nothing is written when site.toml is wrong");

    std::fs::write(&toml, format!("timezone = \"+07:00\"\n{text}")).unwrap();
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
