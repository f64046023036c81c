//! Helpers shared by the integration tests: fixture sites copied into
//! temporary folders, built through the library, read back.
#![allow(dead_code)]

use minhbach::date::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn today() -> Date {
    Date::parse("2026-11-22").unwrap()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the valid fixture site, with an invalid case's files laid over it.
pub fn site(case: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("valid"), dir.path());
    if let Some(case) = case {
        copy_dir(&fixtures().join("invalid").join(case), dir.path());
    }
    dir
}

pub fn options(root: &Path, out: &Path) -> minhbach::BuildOptions {
    minhbach::BuildOptions {
        root: root.to_owned(),
        out: Some(out.to_owned()),
        base_url: None,
        today: Some(today()),
        live_reload: false,
        history: Default::default(),
    }
}

/// Builds `root` into `out`, panicking with the diagnostics on failure.
pub fn build(root: &Path, out: &Path, base_url: Option<&str>) -> minhbach::BuildReport {
    let mut opts = options(root, out);
    opts.base_url = base_url.map(str::to_owned);
    match minhbach::build(&opts) {
        Ok(r) => r,
        Err(minhbach::BuildError::Content(d)) => panic!(
            "{}",
            minhbach::diag::render(&d, minhbach::diag::Format::Human)
        ),
        Err(e) => panic!("{e}"),
    }
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file of a folder with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Values of `attr="…"` attributes in an HTML page.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// Runs git in `dir` as an editor would, at the commit time `when` (`2025-01-10T10:00:00+07:00`),
/// with no user or system configuration; panics with git's message on failure.
pub fn git_at(dir: &Path, args: &[&str], when: &str) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_AUTHOR_NAME", "Biên tập viên")
        .env("GIT_AUTHOR_EMAIL", "bientap@example.gov.vn")
        .env("GIT_COMMITTER_NAME", "Biên tập viên")
        .env("GIT_COMMITTER_EMAIL", "bientap@example.gov.vn")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
