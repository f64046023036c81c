//! The ready CI files in `deploy/` parse and call real commands: every `cargo run --release --
//! …` line they contain is run against the fixture site and must succeed.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn yaml(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

/// Every command line of a workflow (`run:`) or pipeline (`script:`).
fn commands(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("run", Value::String(s)) => out.push(s.clone()),
                    ("script", Value::Array(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_owned)))
                    }
                    _ => commands(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| commands(i, out)),
        _ => {}
    }
}

fn run_minhbach_lines(lines: &[String]) -> usize {
    let mut ran = 0;
    for line in lines {
        let Some(args) = line.strip_prefix("cargo run --release -- ") else {
            continue;
        };
        let site = site(None);
        let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(args.split_whitespace())
            .args(["--today", "2026-11-22"])
            .current_dir(site.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args.starts_with("build") {
            assert!(
                site.path().join("public/index.html").is_file(),
                "`{line}` wrote public/"
            );
        }
        ran += 1;
    }
    ran
}

#[test]
fn github_workflows_check_requests_and_publish_merges() {
    let check = yaml("deploy/github/workflows/check.yml");
    assert!(check["on"]["pull_request"].is_null() || check["on"]["pull_request"].is_object());
    let mut lines = Vec::new();
    commands(&check, &mut lines);
    assert!(
        lines.iter().any(|l| l.contains("check --format github")),
        "{lines:?}"
    );
    let publish = yaml("deploy/github/workflows/publish.yml");
    assert_eq!(publish["on"]["push"]["branches"][0], "main");
    let steps = publish["jobs"]["build"]["steps"].as_array().unwrap();
    assert!(
        steps.iter().any(|s| s["with"]["fetch-depth"] == 0),
        "full history for dates from git"
    );
    commands(&publish, &mut lines);
    assert_eq!(run_minhbach_lines(&lines), 2);
}

#[test]
fn gitlab_pipeline_checks_and_publishes_pages() {
    let ci = yaml("deploy/gitlab/.gitlab-ci.yml");
    assert_eq!(ci["variables"]["GIT_DEPTH"], 0);
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    let mut lines = Vec::new();
    commands(&ci, &mut lines);
    assert_eq!(run_minhbach_lines(&lines), 2);
}
