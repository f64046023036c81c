//! `minhbach serve`: builds the site into a temporary folder, serves it on
//! 127.0.0.1 and rebuilds on every save. Pages long-poll a small endpoint and
//! reload only after a successful rebuild; a failed rebuild shows its errors in
//! the browser while the last good site stays served.

use crate::date::Date;
use crate::diag::{self, Format};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, notify::RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Listen { port: u16, message: String },
    #[error("cannot watch {path}: {message}")]
    Watch { path: String, message: String },
    #[error("cannot create a temporary folder: {0}")]
    Io(#[from] std::io::Error),
}

/// The state pages poll: a version that changes on every rebuild, and the last error.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub version: u64,
    pub error: Option<String>,
}

pub type Shared = Arc<(Mutex<Status>, Condvar)>;

/// Rebuilds the site and publishes the outcome.
pub fn rebuild(root: &Path, out: &Path, port: u16, today: Option<Date>, shared: &Shared) {
    let started = std::time::Instant::now();
    let opts = crate::BuildOptions {
        root: root.to_owned(),
        out: Some(out.to_owned()),
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        today,
        live_reload: true,
        // The preview is for content; reading git on every save would slow it down.
        history: crate::history::Mode::Off,
    };
    let error = match crate::build(&opts) {
        Ok(report) => {
            eprintln!(
                "rebuilt {} pages in {} ms",
                report.pages,
                started.elapsed().as_millis()
            );
            None
        }
        Err(crate::BuildError::Content(d)) => Some(diag::render(&d, Format::Human)),
        Err(e) => Some(e.to_string()),
    };
    if let Some(e) = &error {
        eprintln!("{e}\nrebuild failed: still serving the last good site");
    }
    let (lock, cvar) = &**shared;
    if let Ok(mut s) = lock.lock() {
        s.version += 1;
        s.error = error;
    }
    cvar.notify_all();
}

pub fn serve(root: &Path, port: u16, today: Option<Date>) -> Result<(), ServeError> {
    let root = root.canonicalize()?;
    crate::cms::serve::init(root.clone(), port, today);
    let tmp = std::env::temp_dir().join(format!("minhbach-serve-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let out = tmp.join("public");
    let shared: Shared = Arc::new((Mutex::new(Status::default()), Condvar::new()));
    rebuild(&root, &out, port, today, &shared);

    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Listen {
        port,
        message: e.to_string(),
    })?;
    eprintln!("serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)");

    let (watch_root, watch_out, watch_shared) = (root.clone(), out.clone(), shared.clone());
    let mut debouncer = new_debouncer(
        Duration::from_millis(100),
        None,
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                if events.iter().any(|e| !e.kind.is_access()) {
                    rebuild(&watch_root, &watch_out, port, today, &watch_shared);
                }
            }
        },
    )
    .map_err(|e| ServeError::Watch {
        path: root.display().to_string(),
        message: e.to_string(),
    })?;
    for path in [
        root.join("content"),
        root.join("themes"),
        root.join("site.toml"),
    ] {
        if path.exists() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
        }
    }

    for request in server.incoming_requests() {
        let (out, shared) = (out.clone(), shared.clone());
        std::thread::spawn(move || handle(request, &out, &shared));
    }
    Ok(())
}

fn handle(request: tiny_http::Request, out: &Path, shared: &Shared) {
    let Some(request) = crate::cms::serve::intercept(request) else {
        return;
    };
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == "/__minhbach/reload" {
        let since: i64 = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1);
        let status = wait_for_change(shared, since, Duration::from_secs(25));
        let body =
            serde_json::json!({ "version": status.version, "error": status.error }).to_string();
        let response = tiny_http::Response::from_string(body)
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let (status, file) = match resolve(out, path) {
        Some(f) => (200, f),
        None => (404, out.join("404.html")),
    };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let response = tiny_http::Response::from_data(bytes)
                .with_status_code(status)
                .with_header(header("Content-Type", content_type(&file)))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        Err(_) => {
            let _ = request
                .respond(tiny_http::Response::from_string("not found").with_status_code(404));
        }
    }
}

fn wait_for_change(shared: &Shared, since: i64, timeout: Duration) -> Status {
    let (lock, cvar) = &**shared;
    let Ok(guard) = lock.lock() else {
        return Status::default();
    };
    let result =
        cvar.wait_timeout_while(guard, timeout, |s| since >= 0 && s.version as i64 == since);
    match result {
        Ok((s, _)) => s.clone(),
        Err(_) => Status::default(),
    }
}

/// Maps a URL path to a file inside `out`; nothing outside it is ever served.
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut path = out.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." || part.contains('\\') || part.starts_with('.') {
            return None;
        }
        path.push(part);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        assert!(resolve(dir.path(), "/a/").is_some());
        assert!(resolve(dir.path(), "/a/../../etc/passwd").is_none());
        assert!(resolve(dir.path(), "/%2e%2e/etc/passwd").is_none());
        assert!(resolve(dir.path(), "/missing/").is_none());
    }
}
