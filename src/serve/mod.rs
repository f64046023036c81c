//! `minhbach serve`: builds the site into a temporary folder, serves it on
//! 127.0.0.1 and rebuilds on every save. Pages long-poll a small endpoint and
//! reload only after a successful rebuild; a failed rebuild shows its errors in
//! the browser while the last good site stays served.
//!
//! The site is built into a private temporary folder (mode 0700, unpredictable name) that is
//! removed on exit, Ctrl+C included. Only requests addressed to `127.0.0.1:<port>` or
//! `localhost:<port>` are answered, so a page on another site cannot read the preview through
//! DNS rebinding.

use crate::date::Date;
use crate::diag::{self, Format};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, notify::RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

mod live;
pub mod session;
pub use session::Session;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Listen { port: u16, message: String },
    #[error("cannot watch {path}: {message}")]
    Watch { path: String, message: String },
    #[error("cannot create a temporary folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot handle Ctrl+C: {0}")]
    Signal(String),
}

/// Held by every rebuild, and by the exit handler so the folder is not removed mid-build.
static BUILDING: Mutex<()> = Mutex::new(());

/// The state pages poll: a version that changes on every rebuild, and the last error.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub version: u64,
    pub error: Option<String>,
}

pub type Shared = Arc<(Mutex<Status>, Condvar)>;

/// The build options of the preview: the live-reload script, the local address as base
/// URL, no change history (reading git on every save would slow it down).
pub fn preview_options(
    root: &Path,
    out: &Path,
    port: u16,
    today: Option<Date>,
) -> crate::BuildOptions {
    crate::BuildOptions {
        root: root.to_owned(),
        out: Some(out.to_owned()),
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        today,
        live_reload: true,
        history: crate::load::history::Mode::Off,
    }
}

/// Brings the preview up to date after `changed` were saved, and publishes the outcome.
pub fn rebuild(session: &Mutex<Session>, changed: &[PathBuf], shared: &Shared) {
    let _building = BUILDING.lock();
    let Ok(mut session) = session.lock() else {
        return;
    };
    let mut reached = true;
    let error = match session.update(changed) {
        Ok(u) => {
            reached = u.full || u.written > 0 || u.removed > 0;
            if u.full {
                eprintln!("built {} pages in {} ms", u.pages, u.took.as_millis());
            } else {
                let stages: Vec<String> = u
                    .stages
                    .iter()
                    .chain(&u.render)
                    .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
                    .collect();
                eprintln!(
                    "rebuilt in {} ms ({}): {} files written, {} unchanged, {} removed",
                    u.took.as_millis(),
                    stages.join(", "),
                    u.written,
                    u.kept,
                    u.removed
                );
            }
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
        // Pages reload only when the site changed: events of files the site does not read
        // (an editor's temporary file, written before it is renamed over the procedure)
        // give a rebuild that changes nothing, and a reload then would show the old page.
        if reached || s.error != error {
            s.version += 1;
        }
        s.error = error;
    }
    cvar.notify_all();
}

pub fn serve(root: &Path, port: u16, today: Option<Date>) -> Result<(), ServeError> {
    let root = root.canonicalize()?;
    crate::cms::serve::init(root.clone(), port, today);
    // A fresh folder only this user can enter, under a random name: nothing planted in the
    // temporary directory can redirect the build.
    let mut builder = tempfile::Builder::new();
    builder.prefix("minhbach-serve-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let tmp = builder.tempdir()?;
    remove_on_exit(tmp.path())?;
    let out = tmp.path().join("public");
    let shared: Shared = Arc::new((Mutex::new(Status::default()), Condvar::new()));
    let session = Arc::new(Mutex::new(Session::new(preview_options(
        &root, &out, port, today,
    ))));
    rebuild(&session, &[], &shared);

    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Listen {
        port,
        message: e.to_string(),
    })?;
    eprintln!("serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)");

    let (watch_session, watch_shared) = (session.clone(), shared.clone());
    // Short: editors and the CMS write a file in a few milliseconds; every millisecond
    // here is one the editor waits for the page to reload.
    let mut debouncer = new_debouncer(
        Duration::from_millis(40),
        None,
        move |result: DebounceEventResult| match result {
            // The kernel's queue overflowed: what changed is not known.
            Ok(events) if events.iter().any(|e| e.need_rescan()) => {
                if let Ok(mut s) = watch_session.lock() {
                    s.forget();
                }
                rebuild(&watch_session, &[], &watch_shared);
            }
            Ok(events) => {
                let changed: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.paths.iter().cloned())
                    .collect();
                if !changed.is_empty() {
                    rebuild(&watch_session, &changed, &watch_shared);
                }
            }
            // Events were lost: bring everything up to date from the files themselves.
            Err(_) => {
                if let Ok(mut s) = watch_session.lock() {
                    s.forget();
                }
                rebuild(&watch_session, &[], &watch_shared);
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

    let preview = Arc::new(Preview { out, shared, port });
    for request in server.incoming_requests() {
        let preview = preview.clone();
        std::thread::spawn(move || handle(request, &preview));
    }
    drop(tmp);
    Ok(())
}

/// On Ctrl+C (or SIGTERM, SIGHUP): waits for a rebuild in progress, removes the temporary
/// folder, exits 130.
fn remove_on_exit(tmp: &Path) -> Result<(), ServeError> {
    let tmp = tmp.to_owned();
    ctrlc::set_handler(move || {
        let _building = BUILDING.lock();
        let _ = std::fs::remove_dir_all(&tmp);
        eprintln!("stopped; removed {}", tmp.display());
        std::process::exit(130);
    })
    .map_err(|e| ServeError::Signal(e.to_string()))
}

/// What every request handler needs.
pub(crate) struct Preview {
    /// The built site.
    pub out: PathBuf,
    pub shared: Shared,
    pub port: u16,
}

/// Every request comes through here: the Host check, then one route per kind of request.
fn handle(request: tiny_http::Request, preview: &Preview) {
    if let Err((status, message)) = check_host(&request, preview.port) {
        let body = format!("{message}: open http://127.0.0.1:{}/\n", preview.port);
        let _ = request.respond(tiny_http::Response::from_string(body).with_status_code(status));
        return;
    }
    // The CMS's local backend and /admin/ (src/cms), with their own Origin checks.
    let Some(request) = crate::cms::serve::intercept(request) else {
        return;
    };
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match path {
        "/__minhbach/reload" => reload(request, query, &preview.shared),
        _ => static_file(request, path, &preview.out),
    }
}

/// Accepts only `Host: 127.0.0.1:<port>` or `localhost:<port>` (no port when it is 80): a
/// name that resolves to 127.0.0.1 (DNS rebinding) gets 421, no Host at all 400.
fn check_host(request: &tiny_http::Request, port: u16) -> Result<(), (u16, &'static str)> {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return Err((400, "missing Host header"));
    };
    let allowed = |name: &str| host == format!("{name}:{port}") || (port == 80 && host == name);
    if allowed("127.0.0.1") || allowed("localhost") {
        Ok(())
    } else {
        Err((421, "this preview answers only to 127.0.0.1 and localhost"))
    }
}

/// The long poll pages use to reload after a rebuild.
fn reload(request: tiny_http::Request, query: &str, shared: &Shared) {
    let since: i64 = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let status = wait_for_change(shared, since, Duration::from_secs(25));
    let body = serde_json::json!({ "version": status.version, "error": status.error }).to_string();
    let response = tiny_http::Response::from_string(body)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// A file of the built site, or its 404 page.
fn static_file(request: tiny_http::Request, path: &str, out: &Path) {
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
