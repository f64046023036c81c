//! The command line: exit codes 0 (ok), 1 (content errors), 2 (usage or I/O).

mod common;

use common::*;
use std::process::Command;

fn minhbach(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_exit_codes_and_formats() {
    let ok = site(None);
    let root = ok.path().to_str().unwrap();
    let out = minhbach(&["check", "--root", root, "--today", "2026-11-22"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 errors, 1 warning"));

    let bad = site(Some("many-errors"));
    let root = bad.path().to_str().unwrap();
    let out = minhbach(&[
        "check",
        "--root",
        root,
        "--today",
        "2026-11-22",
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with(
            "::error file=content/procedures/a/an-toan.yaml,line=3,col=10::unknown field `xay-dng`"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("::warning file=content/procedures/a/an-cu.yaml"));

    let out = minhbach(&["check", "--root", root, "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    let out = minhbach(&["build", "--today", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2), "a bad --today is a usage error");
}

#[test]
fn build_writes_output_and_fails_cleanly() {
    let ok = site(None);
    let root = ok.path().to_str().unwrap();
    let out_dir = ok.path().join("out");
    let out = minhbach(&[
        "build",
        "--root",
        root,
        "--out",
        out_dir.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--base-url",
        "/sub/",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&out_dir, "index.html").contains("href=\"/sub/thu-tuc/\""));

    copy_dir(&fixtures().join("invalid/many-errors"), ok.path());
    let out = minhbach(&[
        "build",
        "--root",
        root,
        "--out",
        out_dir.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("previous output is unchanged"), "{stderr}");
    assert!(
        read(&out_dir, "index.html").contains("href=\"/sub/thu-tuc/\""),
        "old output kept"
    );

    let missing = ok.path().join("nope");
    let out = minhbach(&["build", "--root", missing.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing site folder is an I/O error"
    );
}

#[test]
fn build_timings_list_every_stage_with_its_time_and_peak_memory() {
    let ok = site(None);
    let root = ok.path().to_str().unwrap();
    let out_dir = ok.path().join("out");
    let out_str = out_dir.to_str().unwrap();
    let args = [
        "build",
        "--root",
        root,
        "--out",
        out_str,
        "--today",
        "2026-11-22",
    ];
    let plain = minhbach(&args);
    assert_eq!(plain.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("peak MiB"));

    let timed = minhbach(&[&args[..], &["--timings"]].concat());
    assert_eq!(timed.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&timed.stderr);
    assert!(
        stderr.contains("stage                    ms  peak MiB"),
        "{stderr}"
    );
    // One line a stage: name, milliseconds, peak MiB (a number on Linux), in build order.
    let lines: Vec<&str> = stderr
        .lines()
        .skip_while(|line| !line.starts_with("stage "))
        .skip(1)
        .take_while(|line| !line.starts_with("built "))
        .collect();
    let rows: Vec<(String, u64, Option<u64>)> = lines
        .iter()
        .filter_map(|line| {
            let mut words: Vec<&str> = line.split_whitespace().collect();
            let peak = words.pop()?;
            let ms: u64 = words.pop()?.parse().ok()?;
            Some((words.join(" "), ms, peak.parse().ok()))
        })
        .collect();
    assert_eq!(
        rows.len(),
        lines.len(),
        "every stage line has a time and a peak: {stderr}"
    );
    let names: Vec<&str> = rows.iter().map(|(n, _, _)| n.as_str()).collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("no stage `{name}` in {names:?}"))
    };
    let order = [
        "load and check",
        "history",
        "derive",
        "procedures",
        "search",
        "agencies",
        "sitemap",
        "commit",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    if cfg!(target_os = "linux") {
        let peaks: Vec<u64> = rows.iter().map(|(_, _, p)| p.unwrap_or(0)).collect();
        assert!(peaks.iter().all(|&p| p > 0), "{rows:?}");
        assert!(
            peaks.windows(2).all(|w| w[0] <= w[1]),
            "a peak never falls: {rows:?}"
        );
    }
    assert!(stderr.contains("built "), "{stderr}");
}
