//! `minhbach serve`: live reload after a successful rebuild; after a failed one
//! the error goes to the browser and the last good site stays served.

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

fn version_after(port: u16, since: i64) -> serde_json::Value {
    let (status, body) =
        get(port, &format!("/__minhbach/reload?since={since}")).expect("reload endpoint answers");
    assert_eq!(status, 200);
    serde_json::from_str(&body).unwrap()
}

/// Long-polls until a rebuild newer than `since` satisfies `done` (one save may
/// trigger more than one rebuild), returning that status.
fn wait_for(
    port: u16,
    mut since: i64,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let status = version_after(port, since);
        if done(&status) {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no rebuild matched; last {status}"
        );
        since = status["version"].as_i64().unwrap();
    }
}

#[test]
fn serve_reloads_on_save_and_shows_errors_without_losing_the_site() {
    let site = site(None);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args([
                "serve",
                "--root",
                site.path().to_str().unwrap(),
                "--port",
                &port.to_string(),
                "--today",
                "2026-11-22",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let page = loop {
        if let Some((200, body)) = get(port, "/thu-tuc/dang-ky-khai-sinh/") {
            break body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        page.contains("__minhbach/reload"),
        "pages carry the live-reload script"
    );
    assert!(page.contains("href=\"/thu-tuc/\""));
    let first = version_after(port, -1);
    assert!(first["error"].is_null());
    let v1 = first["version"].as_i64().unwrap();

    // A good save: the page changes, the reload endpoint reports a new version with no error.
    let file = site
        .path()
        .join("content/procedures/a/dang-ky-khai-sinh.yaml");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        source.replace(
            "name: \"Đăng ký khai sinh\"",
            "name: \"Đăng ký khai sinh (mới)\"",
        ),
    )
    .unwrap();
    let second = wait_for(port, v1, |_| {
        get(port, "/thu-tuc/dang-ky-khai-sinh/")
            .unwrap()
            .1
            .contains("Đăng ký khai sinh (mới)")
    });
    assert!(second["error"].is_null(), "{second}");
    let v2 = second["version"].as_i64().unwrap();
    assert!(v2 > v1);

    // A bad save: the error is reported, the last good page is still served.
    std::fs::write(&file, "name: [unclosed\n").unwrap();
    let third = wait_for(port, v2, |s| s["error"].is_string());
    let error = third["error"]
        .as_str()
        .expect("the failed rebuild reports its error");
    assert!(
        error.contains("content/procedures/a/dang-ky-khai-sinh.yaml"),
        "{error}"
    );
    assert!(
        get(port, "/thu-tuc/dang-ky-khai-sinh/")
            .unwrap()
            .1
            .contains("Đăng ký khai sinh (mới)")
    );

    // Nothing outside the output is served, and missing pages get the 404 page.
    let (status, body) = get(port, "/../site.toml").unwrap();
    assert_eq!(status, 404);
    assert!(!body.contains("base_url"));
    assert_eq!(get(port, "/khong-co/").unwrap().0, 404);
}

/// An editor's save writes a hidden temporary file first: if the watcher reports it in a
/// batch of its own, the rebuild it causes changes nothing and must not reload pages (they
/// would reload to the old text, before the rename brings the edit).
#[test]
fn a_rebuild_that_changes_nothing_does_not_reload_pages() {
    use minhbach::serve::{Shared, Status, preview_options, rebuild, session::Session};
    use std::sync::{Arc, Condvar, Mutex};
    let site = site(None);
    let out = tempfile::tempdir().unwrap();
    let today = minhbach::date::Date::parse("2026-11-22");
    let session = Mutex::new(Session::new(preview_options(
        site.path(),
        &out.path().join("public"),
        8000,
        today,
    )));
    let shared: Shared = Arc::new((Mutex::new(Status::default()), Condvar::new()));
    let version = || shared.0.lock().unwrap().version;
    rebuild(&session, &[], &shared);
    let first = version();
    let folder = site.path().join("content/procedures/a");
    let tmp = folder.join(".dang-ky-khai-sinh.yaml.1234.tmp");
    let file = folder.join("dang-ky-khai-sinh.yaml");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &tmp,
        source.replace("Đăng ký khai sinh\"", "Đăng ký khai sinh (mới)\""),
    )
    .unwrap();
    rebuild(&session, std::slice::from_ref(&tmp), &shared);
    assert_eq!(version(), first, "only the temporary file was written");
    std::fs::rename(&tmp, &file).unwrap();
    rebuild(&session, &[tmp, file], &shared);
    assert_eq!(version(), first + 1, "the rename brought the edit");
    let page = std::fs::read_to_string(
        out.path()
            .join("public/thu-tuc/dang-ky-khai-sinh/index.html"),
    )
    .unwrap();
    assert!(page.contains("Đăng ký khai sinh (mới)"));
}
