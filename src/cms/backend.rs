//! The local backend of `minhbach serve`: Decap CMS's proxy protocol (what `decap-server`
//! speaks: POST JSON `{action, params}`), confined to `content/`, and checked: every change is
//! applied to a copy of the site first and written only when `check` passes on the copy.

use crate::date::Date;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Saves one at a time: a save reads, checks and writes as one step.
static SAVE: Mutex<()> = Mutex::new(());

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PathError {
    #[error("đường dẫn trống")]
    Empty,
    #[error("đường dẫn `{0}` phải là đường dẫn tương đối trong content/")]
    Absolute(String),
    #[error("đường dẫn `{0}` đi ra ngoài content/")]
    Escapes(String),
    #[error("không đọc được `{0}`")]
    Io(String),
}

/// Resolves `rel` (a path relative to the site, as the CMS sends it) to a path inside
/// `<root>/content/`, following symlinks before deciding. A path that does not exist yet is
/// resolved through its nearest existing folder.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, PathError> {
    let rel = rel.trim();
    if rel.is_empty() {
        return Err(PathError::Empty);
    }
    if rel.starts_with('/') || rel.starts_with('\\') || rel.contains(':') || rel.contains('\\') {
        return Err(PathError::Absolute(rel.to_owned()));
    }
    let path = Path::new(rel);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(PathError::Escapes(rel.to_owned()));
    }
    let root = root
        .canonicalize()
        .map_err(|_| PathError::Io(root.display().to_string()))?;
    let content = root
        .join("content")
        .canonicalize()
        .map_err(|_| PathError::Io("content".into()))?;
    let joined = root.join(path);
    // The nearest existing ancestor, resolved; the rest (not yet created) appended.
    let mut existing = joined.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_owned();
            }
            _ => return Err(PathError::Escapes(rel.to_owned())),
        }
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|_| PathError::Escapes(rel.to_owned()))?;
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    if resolved.starts_with(&content) && resolved != content {
        Ok(resolved)
    } else {
        Err(PathError::Escapes(rel.to_owned()))
    }
}

/// A response: HTTP status and JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

fn ok(body: Value) -> Reply {
    Reply { status: 200, body }
}

fn refuse(status: u16, message: impl Into<String>) -> Reply {
    Reply {
        status,
        body: json!({ "error": message.into() }),
    }
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Deserialize)]
struct PersistEntry {
    #[serde(default)]
    entry: Option<DataFile>,
    #[serde(default, rename = "dataFiles")]
    data_files: Option<Vec<DataFile>>,
    #[serde(default)]
    assets: Vec<Asset>,
}

/// Handles one request of the protocol for the site at `root`.
pub fn handle(root: &Path, body: &[u8], today: Option<Date>) -> Reply {
    let request: Request = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return refuse(400, format!("yêu cầu không hợp lệ: {e}")),
    };
    let p = &request.params;
    let text = |key: &str| p.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    match request.action.as_str() {
        "info" => ok(json!({
            "repo": root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => {
            let depth = p.get("depth").and_then(Value::as_u64).unwrap_or(1) as usize;
            match list(root, &text("folder"), &text("extension"), depth) {
                Ok(files) => ok(Value::Array(files.iter().map(|f| entry(root, f)).collect())),
                Err(e) => refuse(422, e.to_string()),
            }
        }
        "entriesByFiles" => {
            let Some(files) = p.get("files").and_then(Value::as_array) else {
                return refuse(400, "yêu cầu thiếu danh sách tệp (files)");
            };
            ok(Value::Array(
                files
                    .iter()
                    .map(|f| entry(root, f.get("path").and_then(Value::as_str).unwrap_or("")))
                    .collect(),
            ))
        }
        "getEntry" => ok(entry(root, &text("path"))),
        "persistEntry" => match serde_json::from_value::<PersistEntry>(p.clone()) {
            Ok(persist) => persist_entry(root, persist, today),
            Err(e) => refuse(400, format!("yêu cầu lưu không hợp lệ: {e}")),
        },
        "getMedia" => match list(root, &text("mediaFolder"), "", 1) {
            Ok(files) => ok(Value::Array(
                files.iter().filter_map(|f| media(root, f).ok()).collect(),
            )),
            Err(e) => refuse(422, e.to_string()),
        },
        "getMediaFile" => match media(root, &text("path")) {
            Ok(m) => ok(m),
            Err(e) => refuse(404, e.to_string()),
        },
        "persistMedia" => {
            match serde_json::from_value::<Asset>(p.get("asset").cloned().unwrap_or_default()) {
                Ok(asset) => persist_media(root, asset, today),
                Err(e) => refuse(400, format!("tệp tải lên không hợp lệ: {e}")),
            }
        }
        "deleteFile" => apply(
            root,
            vec![(text("path"), None)],
            today,
            json!({ "message": "đã xóa" }),
        ),
        "deleteFiles" => {
            // Nothing deleted must not be answered "đã xóa" (deleted).
            let Some(paths) = p.get("paths").and_then(Value::as_array) else {
                return refuse(400, "yêu cầu thiếu danh sách tệp cần xóa (paths)");
            };
            let changes = paths
                .iter()
                .map(|v| (v.as_str().unwrap_or("").to_owned(), None))
                .collect();
            apply(root, changes, today, json!({ "message": "đã xóa" }))
        }
        "getDeployPreview" => ok(Value::Null),
        other => refuse(422, format!("Unknown action {other}")),
    }
}

/// Files under `folder` (site-relative), `depth` levels deep, ending in `extension`, as
/// site-relative paths with `/`.
fn list(
    root: &Path,
    folder: &str,
    extension: &str,
    depth: usize,
) -> Result<Vec<String>, PathError> {
    let dir = confine(root, folder)?;
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(depth.max(1))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() || !e.file_name().to_string_lossy().ends_with(extension) {
            continue;
        }
        if let Ok(rel) = e.path().strip_prefix(&dir) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push(format!("{}/{rel}", folder.trim_end_matches('/')));
        }
    }
    Ok(files)
}

/// A content hash for the CMS's cache (FNV-1a, 64 bits; not a security measure).
fn content_id(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn entry(root: &Path, rel: &str) -> Value {
    match confine(root, rel).and_then(|p| std::fs::read(p).map_err(|_| PathError::Io(rel.into()))) {
        Ok(bytes) => json!({
            "data": String::from_utf8_lossy(&bytes),
            "file": { "path": rel, "id": content_id(&bytes) },
        }),
        Err(_) => json!({ "data": null, "file": { "path": rel, "id": null } }),
    }
}

fn media(root: &Path, rel: &str) -> Result<Value, PathError> {
    use base64::Engine as _;
    let bytes = std::fs::read(confine(root, rel)?).map_err(|_| PathError::Io(rel.into()))?;
    Ok(json!({
        "id": content_id(&bytes),
        "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": rel,
        "name": rel.rsplit('/').next().unwrap_or(rel),
    }))
}

fn persist_entry(root: &Path, persist: PersistEntry, today: Option<Date>) -> Reply {
    let files = match (persist.data_files, persist.entry) {
        (Some(files), _) if !files.is_empty() => files,
        (_, Some(entry)) => vec![entry],
        _ => return refuse(400, "yêu cầu lưu không có tệp nào"),
    };
    let mut changes: Vec<(String, Option<Vec<u8>>)> = Vec::new();
    for asset in persist.assets {
        match decode(&asset) {
            Ok(bytes) => changes.push((asset.path, Some(bytes))),
            Err(e) => return refuse(400, e),
        }
    }
    for file in files {
        let target = file.new_path.clone().unwrap_or_else(|| file.path.clone());
        let original = confine(root, &file.path)
            .ok()
            .and_then(|p| std::fs::read_to_string(p).ok());
        let text = if target.ends_with(".yaml") || target.ends_with(".yml") {
            match &original {
                Some(orig) => match super::patch::merge(orig, &file.raw) {
                    Ok(t) => t,
                    Err(e) => return refuse(422, format!("Không đọc được nội dung gửi lên: {e}")),
                },
                None => super::patch::new_file(&target, &file.raw),
            }
        } else {
            file.raw.clone()
        };
        if file.new_path.is_some() && file.new_path.as_deref() != Some(file.path.as_str()) {
            changes.push((file.path.clone(), None));
        }
        changes.push((target, Some(text.into_bytes())));
    }
    apply(
        root,
        changes,
        today,
        json!({ "message": "entry persisted" }),
    )
}

fn decode(asset: &Asset) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    match asset.encoding.as_deref() {
        Some("base64") | None => base64::engine::general_purpose::STANDARD
            .decode(asset.content.as_bytes())
            .map_err(|e| format!("tệp `{}` không giải mã được: {e}", asset.path)),
        Some(other) => Err(format!("mã hóa `{other}` không được hỗ trợ")),
    }
}

fn persist_media(root: &Path, asset: Asset, today: Option<Date>) -> Reply {
    if !asset.path.starts_with("content/files/") {
        return refuse(
            422,
            format!(
                "Tệp tải lên phải nằm trong content/files/, không phải `{}`",
                asset.path
            ),
        );
    }
    let bytes = match decode(&asset) {
        Ok(b) => b,
        Err(e) => return refuse(400, e),
    };
    let path = asset.path.clone();
    let reply = apply(root, vec![(path.clone(), Some(bytes))], today, Value::Null);
    if reply.status != 200 {
        return reply;
    }
    match media(root, &path) {
        Ok(m) => ok(m),
        Err(e) => refuse(500, e.to_string()),
    }
}

/// Applies `changes` (site-relative path → new bytes, or `None` to delete) to a copy of the
/// site, runs `check` on the copy, and only when it passes writes them to the site.
fn apply(
    root: &Path,
    changes: Vec<(String, Option<Vec<u8>>)>,
    today: Option<Date>,
    done: Value,
) -> Reply {
    let _guard = SAVE.lock().unwrap_or_else(|e| e.into_inner());
    let mut resolved = Vec::new();
    for (rel, bytes) in changes {
        match confine(root, &rel) {
            Ok(p) => resolved.push((rel, p, bytes)),
            Err(e) => return refuse(403, format!("Không lưu: {e}")),
        }
    }
    let copy = match tempfile::Builder::new().prefix("minhbach-cms-").tempdir() {
        Ok(d) => d,
        Err(e) => return refuse(500, format!("không tạo được thư mục tạm: {e}")),
    };
    if let Err(e) = copy_site(root, copy.path()) {
        return refuse(500, format!("không sao chép được trang để kiểm tra: {e}"));
    }
    for (rel, _, bytes) in &resolved {
        let target = copy.path().join(rel);
        let result = match bytes {
            Some(b) => target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&target, b)),
            None => std::fs::remove_file(&target).or(Ok(())),
        };
        if let Err(e) = result {
            return refuse(500, format!("không ghi được bản kiểm tra: {e}"));
        }
    }
    let site = crate::check(copy.path(), today);
    let errors: Vec<_> = site.diagnostics.errors().collect();
    if !errors.is_empty() {
        return refuse(422, super::messages::refusal(&errors));
    }
    for (rel, path, bytes) in resolved {
        let result = match bytes {
            Some(b) => crate::write::write_inside(root, "content", &path, &b),
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        if let Err(e) = result {
            return refuse(500, format!("không ghi được `{rel}`: {e}"));
        }
    }
    ok(done)
}

/// Copies what `check` reads (site.toml and content/, no symlinks) into `to`.
fn copy_site(root: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(root.join("site.toml"), to.join("site.toml"))?;
    let content = root.join("content");
    for e in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(rel) = e.path().strip_prefix(root) else {
            continue;
        };
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}
