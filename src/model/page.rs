//! A free Markdown page (`content/pages/**/*.md`).

#[derive(Debug, Clone)]
pub struct Page {
    /// URL path without slashes at either end, e.g. `gioi-thieu` or `huong-dan/phan-anh`.
    pub path: String,
    pub file: String,
    pub title: String,
    pub description: Option<String>,
    /// Position in navigation menus (lower first); `None` keeps it out of menus.
    pub menu: Option<i64>,
    /// Markdown body.
    pub body: String,
}
