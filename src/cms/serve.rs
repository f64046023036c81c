//! The hook `minhbach serve` calls for every request: /admin/ and the local backend.

use crate::date::Date;
use std::io::Read as _;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Context {
    root: PathBuf,
    port: u16,
    today: Option<Date>,
}

static CONTEXT: OnceLock<Context> = OnceLock::new();

/// The backend's address under the preview.
pub const API: &str = "/__minhbach/cms/api/v1";
/// Largest request accepted (uploads come base64-encoded inside JSON).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// Remembers the site that `serve` previews (called once by `serve`).
pub fn init(root: PathBuf, port: u16, today: Option<Date>) {
    let _ = CONTEXT.set(Context { root, port, today });
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: tiny_http::Request, status: u16, ty: &str, body: Vec<u8>) {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", ty),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        response = response.with_header(h);
    }
    let _ = request.respond(response);
}

/// Answers the request when it is for /admin/ or the backend; gives it back otherwise.
pub fn intercept(mut request: tiny_http::Request) -> Option<tiny_http::Request> {
    let Some(ctx) = CONTEXT.get() else {
        return Some(request);
    };
    let url = request.url().to_owned();
    let path = url.split('?').next().unwrap_or("");
    if path == API {
        let origin_ok = request
            .headers()
            .iter()
            .filter(|h| h.field.equiv("Origin"))
            .all(|h| {
                // The two names `check_host` accepts for the preview.
                let v = h.value.as_str();
                v == format!("http://127.0.0.1:{}", ctx.port)
                    || v == format!("http://localhost:{}", ctx.port)
            });
        // The preview's own host only (no DNS rebinding).
        let host_ok = request.headers().iter().any(|h| {
            h.field.equiv("Host")
                && [
                    format!("127.0.0.1:{}", ctx.port),
                    format!("localhost:{}", ctx.port),
                ]
                .contains(&h.value.as_str().to_owned())
        });
        let json = request.headers().iter().any(|h| {
            h.field.equiv("Content-Type") && h.value.as_str().starts_with("application/json")
        });
        // JSON only (a cross-site page cannot send it without a preflight we never allow),
        // and only from the preview's own origin.
        if *request.method() != tiny_http::Method::Post || !json || !origin_ok || !host_ok {
            respond(
                request,
                403,
                "application/json",
                br#"{"error":"forbidden"}"#.to_vec(),
            );
            return None;
        }
        let mut body = Vec::new();
        if request
            .as_reader()
            .take(MAX_BODY)
            .read_to_end(&mut body)
            .is_err()
        {
            respond(
                request,
                400,
                "application/json",
                br#"{"error":"bad request"}"#.to_vec(),
            );
            return None;
        }
        let reply = super::backend::handle(&ctx.root, &body, ctx.today);
        match serde_json::to_vec(&reply.body) {
            Ok(text) => respond(
                request,
                reply.status,
                "application/json; charset=utf-8",
                text,
            ),
            Err(_) => respond(
                request,
                500,
                "application/json",
                br#"{"error":"the reply cannot be written as JSON"}"#.to_vec(),
            ),
        }
        return None;
    }
    let rest = if path == "/admin" {
        Some("")
    } else {
        path.strip_prefix("/admin/")
    };
    let Some(rest) = rest else {
        return Some(request);
    };
    let proxy_url = format!("http://127.0.0.1:{}{API}", ctx.port);
    let config = || {
        super::config::generate(
            &ctx.root,
            &super::config::Backend::Local {
                proxy_url: proxy_url.clone(),
            },
        )
    };
    match super::admin_file(rest, "/", &config) {
        Some((bytes, ty)) => respond(request, 200, ty, bytes),
        None => respond(
            request,
            404,
            "text/plain; charset=utf-8",
            b"not found".to_vec(),
        ),
    }
    None
}
