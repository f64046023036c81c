//! Editors in the browser: Decap CMS (vendored, compiled into the binary) at /admin/, its
//! configuration generated from the content schemas, and — for `minhbach serve` — a local
//! backend speaking Decap's proxy protocol that checks every save before it is written.

pub mod backend;
pub mod config;
mod messages;
pub mod patch;
pub mod serve;
mod vendored;

use std::path::Path;

/// The admin page: loads only the vendored bundle and the generated configuration, from the
/// same site; the Content-Security-Policy keeps every request on this host, except (in
/// production) the git host's API that saves go to.
pub(crate) fn admin_page(base_path: &str, api: &[String]) -> String {
    let api: String = api.iter().map(|a| format!(" {a}")).collect();
    format!(
        r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:{api}; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'">
<title>Biên tập nội dung</title>
<link href="{base_path}admin/config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Trang biên tập cần JavaScript.</noscript>
<script src="{base_path}admin/init.js"></script>
<script src="{base_path}admin/decap-cms.js"></script>
</body>
</html>
"#
    )
}

/// A file of /admin/ (the page, the configuration, the bundle), by its path under /admin/.
/// `config` is the generated configuration as JSON (JSON is YAML, which Decap reads).
pub fn admin_file(
    path: &str,
    base_path: &str,
    config: &dyn Fn() -> serde_json::Value,
) -> Option<(Vec<u8>, &'static str)> {
    match path {
        "" | "index.html" => Some((
            admin_page(base_path, &[]).into_bytes(),
            "text/html; charset=utf-8",
        )),
        "init.js" => Some((INIT.as_bytes().to_vec(), "text/javascript; charset=utf-8")),
        "config.yml" => Some((
            serde_json::to_string_pretty(&config()).ok()?.into_bytes(),
            "text/yaml; charset=utf-8",
        )),
        _ => vendored::FILES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(name, bytes)| {
                let ty = if name.ends_with(".wasm") {
                    "application/wasm"
                } else {
                    "text/javascript; charset=utf-8"
                };
                (bytes.to_vec(), ty)
            }),
    }
}

/// Every file of /admin/ for a published site, as (path under /admin/, bytes).
pub fn published_files(
    root: &Path,
    cms: &crate::config::CmsConfig,
    base_path: &str,
) -> Result<Vec<(String, Vec<u8>)>, crate::json::JsonError> {
    let config = config::generate(root, &config::Backend::Remote(cms.clone()));
    let mut files = vec![
        (
            "index.html".to_owned(),
            admin_page(base_path, &api_hosts(cms)).into_bytes(),
        ),
        (
            "config.yml".to_owned(),
            serde_json::to_string_pretty(&config)
                .map_err(|source| crate::json::JsonError {
                    what: "admin/config.yml".into(),
                    source,
                })?
                .into_bytes(),
        ),
    ];
    files.extend(
        vendored::FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec())),
    );
    files.push(("LICENSE.txt".to_owned(), LICENSE.as_bytes().to_vec()));
    files.push(("init.js".to_owned(), INIT.as_bytes().to_vec()));
    Ok(files)
}

/// The hosts a production CMS talks to: the git host's API (and a self-hosted GitLab).
fn api_hosts(cms: &crate::config::CmsConfig) -> Vec<String> {
    use crate::config::CmsBackend;
    let origin = |url: &str| {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let scheme = if url.starts_with("http://") {
            "http"
        } else {
            "https"
        };
        let host = rest.split('/').next().unwrap_or("");
        // Only plain host names go into the policy.
        host.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
            .then(|| format!("{scheme}://{host}"))
    };
    match cms.backend {
        CmsBackend::Github => vec!["https://api.github.com".into()],
        CmsBackend::Gitlab => cms
            .base_url
            .as_deref()
            .and_then(origin)
            .map_or_else(|| vec!["https://gitlab.com".into()], |o| vec![o]),
    }
}

const INIT: &str = include_str!("init.js");
const LICENSE: &str = include_str!("../../vendor/decap-cms/LICENSE");

/// The version of the vendored Decap CMS.
pub fn version() -> &'static str {
    vendored::VERSION
}
