//! Hostile outputs: no command of minhbach deletes or moves a file it did not write, whatever
//! path or symlink it is given. A wrong `--out` is a usage error (exit 2) and every file is
//! still there byte for byte; a build killed at any step of the swap leaves, after the next
//! run, the previous site or the new complete one, never nothing and never a pile of copies;
//! `serve` answers only to 127.0.0.1/localhost and removes its private folder on exit.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn minhbach_in(dir: &Path, args: &[&str], kill_at: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    cmd.current_dir(dir).args(args);
    match kill_at {
        Some(step) => cmd.env("MINHBACH_TEST_KILL_AT", step),
        None => cmd.env_remove("MINHBACH_TEST_KILL_AT"),
    };
    cmd.output().unwrap()
}

fn build(root: &Path, out: &Path, kill_at: Option<&str>) -> Output {
    build_from(root, root, out, kill_at)
}

/// `minhbach build --root ROOT --out OUT` run from the folder `cwd`.
fn build_from(cwd: &Path, root: &Path, out: &Path, kill_at: Option<&str>) -> Output {
    minhbach_in(
        cwd,
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-11-22",
            "--history",
            "off",
        ],
        kill_at,
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every entry under `dir` (links not followed): its kind and bytes, or its link target.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut map = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_owned();
        let ft = entry.file_type();
        let value = if ft.is_symlink() {
            format!(
                "link -> {}",
                std::fs::read_link(entry.path()).unwrap().display()
            )
        } else if ft.is_dir() {
            "dir".to_owned()
        } else {
            let bytes = std::fs::read(entry.path()).unwrap();
            format!("file {} {:?}", bytes.len(), bytes)
        };
        map.insert(rel, value);
    }
    map
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "my work\n").unwrap();
    for args in [
        &["init", "-q"][..],
        &["add", "notes.txt"],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "work",
        ],
    ] {
        let s = Command::new("git")
            .current_dir(dir)
            .args(args)
            .status()
            .unwrap();
        assert!(s.success());
    }
}

/// A world with a site (a git repository with themes/ and schemas/), an unrelated folder, a
/// git repository of someone else's and links to all of them.
fn world() -> (tempfile::TempDir, PathBuf) {
    let world = tempfile::tempdir().unwrap();
    let root = world.path().join("site");
    copy_dir(&fixtures().join("valid"), &root);
    std::fs::create_dir_all(root.join("themes/mine")).unwrap();
    std::fs::write(root.join("themes/mine/base.html"), "<!-- theme -->").unwrap();
    std::fs::create_dir_all(root.join("schemas")).unwrap();
    std::fs::write(root.join("schemas/notes.md"), "hand-written").unwrap();
    git_init(&root);
    git_init(&world.path().join("other-repo"));
    let docs = world.path().join("Documents/letters");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("letter.txt"), "keep me").unwrap();
    symlink(&root, world.path().join("site-link")).unwrap();
    symlink(root.join("content"), world.path().join("content-link")).unwrap();
    symlink(world.path().join("gone"), world.path().join("dangling")).unwrap();
    (world, root)
}

#[test]
fn hostile_outputs_are_refused_and_nothing_is_touched() {
    let (world, root) = world();
    let w = world.path();
    let link = w.join("site-link");
    // (--root, --out, run from): every one must be refused.
    let cases: Vec<(PathBuf, PathBuf, PathBuf)> = vec![
        (root.clone(), w.join("other-repo"), root.clone()),
        (root.clone(), w.join("other-repo/.git"), root.clone()),
        (root.clone(), w.join("Documents/letters"), root.clone()),
        (root.clone(), w.join("Documents"), root.clone()),
        (root.clone(), PathBuf::from("."), root.clone()),
        (root.clone(), PathBuf::from(".."), root.clone()),
        (root.clone(), root.clone(), root.clone()),
        (root.clone(), w.to_owned(), root.clone()),
        (root.clone(), PathBuf::from("/"), root.clone()),
        (root.clone(), PathBuf::from("site.toml"), root.clone()),
        (root.clone(), root.join("site.toml"), root.clone()),
        (root.clone(), root.join("schemas"), root.clone()),
        (root.clone(), root.join("content"), root.clone()),
        (root.clone(), root.join("content/files"), root.clone()),
        (root.clone(), root.join("content/new-folder"), root.clone()),
        (root.clone(), root.join("themes"), root.clone()),
        (root.clone(), root.join("themes/mine"), root.clone()),
        (root.clone(), root.join(".git"), root.clone()),
        (root.clone(), root.join(".git/objects"), root.clone()),
        (root.clone(), PathBuf::from("content/../.git"), root.clone()),
        // Links: a symlinked root, output, or both.
        (link.clone(), root.join("content"), root.clone()),
        (link.clone(), link.join("content"), root.clone()),
        (root.clone(), link.join("content"), root.clone()),
        (root.clone(), link.clone(), root.clone()),
        (link.clone(), root.clone(), root.clone()),
        (root.clone(), w.join("content-link"), root.clone()),
        (root.clone(), w.join("content-link/new"), root.clone()),
        (root.clone(), w.join("dangling"), root.clone()),
        (root.clone(), w.join("dangling/sub"), root.clone()),
    ];
    let before = tree(w);
    for (r, out, cwd) in &cases {
        let o = build_from(cwd, r, out, None);
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--root {r:?} --out {out:?}: {err}"
        );
        assert!(
            err.contains(&format!("refusing to use {}", out.display())),
            "names the folder as given: {err}"
        );
        assert!(err.contains("nothing was moved or deleted"), "{err}");
        assert!(err.contains("help:"), "says what to do: {err}");
        assert_eq!(tree(w), before, "--root {r:?} --out {out:?} changed files");
    }
    // The reasons are specific.
    let o = build(&root, &w.join("Documents/letters"), None);
    assert!(stderr(&o).contains("letter.txt"), "{}", stderr(&o));
    let o = build(&root, &root.join("site.toml"), None);
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    let o = build(&link, &root.join("content"), None);
    assert!(stderr(&o).contains("content/"), "{}", stderr(&o));
}

#[test]
fn new_empty_earlier_and_linked_outputs_are_built() {
    let (world, root) = world();
    let w = world.path();
    // Missing (with missing parents), then rebuilt over its own earlier build.
    let out = w.join("deploy/public");
    for _ in 0..2 {
        let o = build(&root, &out, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(out.join("index.html").is_file());
        let marker = std::fs::read_to_string(out.join(".minhbach-output")).unwrap();
        assert!(marker.starts_with("minhbach output folder\n"), "{marker}");
        assert_eq!(
            names(&w.join("deploy")),
            ["public"],
            "nothing left beside it"
        );
    }
    // Empty.
    let empty = w.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(build(&root, &empty, None).status.code(), Some(0));
    assert!(empty.join("index.html").is_file());
    // The default, ROOT/public, inside the site.
    let o = minhbach_in(
        &root,
        &["build", "--today", "2026-11-22", "--history", "off"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("public/index.html").is_file());
    // Through a link to an earlier build: the real folder is replaced, the link stays.
    symlink(&out, w.join("public-link")).unwrap();
    std::fs::remove_file(out.join("index.html")).unwrap();
    assert_eq!(
        build(&root, &w.join("public-link"), None).status.code(),
        Some(0)
    );
    assert!(out.join("index.html").is_file());
    assert!(
        std::fs::symlink_metadata(w.join("public-link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Steps of the swap, in order, as named by the kill hook in src/write/swap.rs.
const STEPS: [&str; 6] = [
    "staging-created",
    "rendered",
    "old-moved",
    "new-moved",
    "old-emptied",
    "old-unmarked",
];

fn edit(root: &Path, name: &str) {
    let file = root.join("content/procedures/a/dang-ky-khai-sinh.yaml");
    let source = std::fs::read_to_string(&file).unwrap();
    let start = source.find("name: \"").unwrap();
    let end = start + source[start..].find('\n').unwrap();
    let mut new = source.clone();
    new.replace_range(start..end, &format!("name: \"{name}\""));
    std::fs::write(&file, new).unwrap();
}

#[test]
fn a_build_killed_at_any_step_of_the_swap_is_recovered_by_the_next_run() {
    for (i, step) in STEPS.iter().enumerate() {
        let site = site(None);
        let root = site.path();
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        assert_eq!(build(root, &out, None).status.code(), Some(0));
        let old = tree(&out);
        edit(root, "Đăng ký khai sinh (mới)");
        let expected_new = {
            let o = parent.path().join("reference");
            assert_eq!(build(root, &o, None).status.code(), Some(0));
            let t = tree(&o);
            std::fs::remove_dir_all(&o).unwrap();
            t
        };
        assert_ne!(old, expected_new);

        let killed = build(root, &out, Some(step));
        assert_eq!(
            killed.status.code(),
            Some(137),
            "{step}: {}",
            stderr(&killed)
        );
        assert!(stderr(&killed).contains(&format!("stopping after {step}")));
        let leftovers = names(parent.path());
        assert!(
            leftovers.len() <= 2,
            "{step}: at most the output and one working folder: {leftovers:?}"
        );

        // The next run recovers first, even when the content is now broken (exit 1).
        std::fs::write(
            root.join("content/procedures/a/dang-ky-khai-sinh.yaml"),
            "name: [unclosed\n",
        )
        .unwrap();
        let next = build(root, &out, None);
        assert_eq!(next.status.code(), Some(1), "{step}: {}", stderr(&next));
        let after = tree(&out);
        let new_in_place = i >= STEPS.iter().position(|s| *s == "new-moved").unwrap();
        if new_in_place {
            assert_eq!(after, expected_new, "{step}: the new site, complete");
        } else {
            assert_eq!(after, old, "{step}: the previous site, restored");
        }
        assert_eq!(
            names(parent.path()),
            ["public"],
            "{step}: nothing left over"
        );
    }
}

#[test]
fn ten_killed_builds_leave_no_pile_of_leftovers() {
    let site = site(None);
    let root = site.path();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert_eq!(build(root, &out, None).status.code(), Some(0));
    for n in 0..10 {
        edit(root, &format!("Đăng ký khai sinh {n}"));
        let step = STEPS[n % STEPS.len()];
        assert_eq!(build(root, &out, Some(step)).status.code(), Some(137));
        let left = names(parent.path());
        assert!(left.len() <= 2, "after kill {n} at {step}: {left:?}");
        for name in &left {
            assert!(
                ["public", ".public.minhbach-staging", ".public.minhbach-old"]
                    .contains(&name.as_str()),
                "{name}"
            );
        }
    }
    assert_eq!(build(root, &out, None).status.code(), Some(0));
    assert_eq!(names(parent.path()), ["public"]);
    let page = std::fs::read_to_string(out.join("thu-tuc/dang-ky-khai-sinh/index.html")).unwrap();
    assert!(page.contains("Đăng ký khai sinh 9"));
}

#[test]
fn a_working_folder_name_minhbach_did_not_make_is_refused() {
    let site = site(None);
    let root = site.path();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert_eq!(build(root, &out, None).status.code(), Some(0));
    for name in [".public.minhbach-old", ".public.minhbach-staging"] {
        let planted = parent.path().join(name);
        std::fs::create_dir(&planted).unwrap();
        std::fs::write(planted.join("diary.txt"), "mine").unwrap();
        let before = tree(parent.path());
        let o = build(root, &out, None);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(name), "{}", stderr(&o));
        assert_eq!(tree(parent.path()), before);
        std::fs::remove_dir_all(&planted).unwrap();
    }
}

#[test]
fn schema_never_overwrites_a_file_it_did_not_write() {
    let (world, root) = world();
    let w = world.path();
    // Its own files, in the folder it wrote: rewritten (twice is fine).
    let dir = w.join("schemas-out");
    for _ in 0..2 {
        let o = minhbach_in(&root, &["schema", "--out", dir.to_str().unwrap()], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let current = std::fs::read_to_string(dir.join("procedure.json")).unwrap();
    std::fs::write(dir.join("procedure.json"), format!("{current}\n")).unwrap();
    assert_eq!(
        minhbach_in(&root, &["schema", "--out", dir.to_str().unwrap()], None)
            .status
            .code(),
        Some(0),
        "an older schema of its own is replaced"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("procedure.json")).unwrap(),
        current
    );
    // A file of the same name it did not write, and a link to one.
    let theirs = w.join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("agency.json"), "{\"my\": \"data\"}").unwrap();
    let links = w.join("links");
    std::fs::create_dir(&links).unwrap();
    symlink(
        w.join("Documents/letters/letter.txt"),
        links.join("procedure.json"),
    )
    .unwrap();
    let before = tree(w);
    for d in [&theirs, &links] {
        let o = minhbach_in(&root, &["schema", "--out", d.to_str().unwrap()], None);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("refusing to overwrite"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(tree(w), before, "nothing written when any file is refused");
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, host: Option<&str>) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(stream, "GET / HTTP/1.0\r\n{host}\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split(' ').nth(1)?.parse().ok()
}

fn start_serve(root: &Path, tmp: &Path, port: u16) -> Server {
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args([
                "serve",
                "--root",
                root.to_str().unwrap(),
                "--port",
                &port.to_string(),
                "--today",
                "2026-11-22",
            ])
            .env("TMPDIR", tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let ok = format!("127.0.0.1:{port}");
    while get(port, Some(&ok)) != Some(200) {
        assert!(started.elapsed() < Duration::from_secs(30), "no server");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

fn stop(server: &mut Server, signal: &str) -> Option<i32> {
    let pid = server.0.id().to_string();
    assert!(
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            return status.code();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_answers_only_to_its_own_host() {
    let site = site(None);
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = start_serve(site.path(), tmp.path(), port);
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        assert_eq!(get(port, Some(&host)), Some(200), "{host}");
    }
    assert_eq!(get(port, Some(&format!("LOCALHOST:{port}"))), Some(200));
    for host in [
        format!("rebind.attacker.example:{port}"),
        "rebind.attacker.example".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
    ] {
        assert_eq!(get(port, Some(&host)), Some(421), "{host}");
    }
    assert_eq!(get(port, None), Some(400), "no Host header");
}

#[test]
fn serve_builds_in_a_private_folder_and_removes_it_on_exit() {
    let site = site(None);
    for signal in ["-INT", "-TERM"] {
        let tmp = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut server = start_serve(site.path(), tmp.path(), port);
        let inside = names(tmp.path());
        assert_eq!(inside.len(), 1, "{inside:?}");
        let private = tmp.path().join(&inside[0]);
        assert!(inside[0].starts_with("minhbach-serve-"));
        assert_ne!(
            inside[0],
            format!("minhbach-serve-{}", server.0.id()),
            "not predictable"
        );
        let meta = std::fs::symlink_metadata(&private).unwrap();
        assert!(meta.is_dir());
        assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        assert!(private.join("public/index.html").is_file());
        assert_eq!(stop(&mut server, signal), Some(130), "{signal}");
        assert!(
            names(tmp.path()).is_empty(),
            "{signal}: the folder is removed"
        );
        assert!(
            site.path().join("site.toml").is_file(),
            "the site is untouched"
        );
    }
}

#[test]
fn a_source_folder_behind_a_link_is_protected_where_it_really_is() {
    let world = tempfile::tempdir().unwrap();
    let w = world.path();
    let root = w.join("site");
    copy_dir(&fixtures().join("valid"), &root);
    std::fs::rename(root.join("content"), w.join("real-content")).unwrap();
    symlink(w.join("real-content"), root.join("content")).unwrap();
    let before = tree(w);
    for out in [
        w.join("real-content"),
        w.join("real-content/files"),
        w.join("real-content/new"),
        w.to_owned(),
    ] {
        let o = build(&root, &out, None);
        assert_eq!(o.status.code(), Some(2), "{out:?}: {}", stderr(&o));
        assert_eq!(tree(w), before, "{out:?}");
    }
}
