//! `site.toml`: site settings.

use crate::diag::{Diagnostic, Pos};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default = "default_stale")]
    pub stale_after_days: u32,
    #[serde(default)]
    pub organisation: Organisation,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub theme: ThemeConfig,
    #[serde(default)]
    pub stats: StatsConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub open_data: OpenDataConfig,
    /// The editors' web form (Decap CMS) published at /admin/; no /admin/ without it.
    #[serde(default)]
    pub cms: Option<CmsConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The area the administration serves (schema.org `areaServed`), e.g. "Tỉnh Hà Sơn".
    #[serde(default)]
    pub area: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub allow_html: bool,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    #[serde(default = "default_theme")]
    pub name: String,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            name: default_theme(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatsConfig {
    #[serde(default)]
    pub on_time_target: Option<f64>,
    #[serde(default)]
    pub count_withdrawn_as_resolved: bool,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default)]
    pub include_repealed: bool,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenDataConfig {
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub licence_url: Option<String>,
}

/// `[cms]`: where the web form saves in production (each save a pull/merge request).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsConfig {
    /// `github` or `gitlab`.
    pub backend: CmsBackend,
    /// The repository, `owner/name` (GitLab: `group/project`).
    pub repository: String,
    /// The branch the site is published from.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// Saves become pull requests reviewed before they are published (on unless `false`).
    #[serde(default = "default_true")]
    pub editorial_workflow: bool,
    /// GitHub: the OAuth server's address (see docs/deploy.md); GitLab: the instance's
    /// address when it is not gitlab.com.
    #[serde(default)]
    pub base_url: Option<String>,
    /// GitLab: the OAuth application's ID (PKCE sign-in, no server needed).
    #[serde(default)]
    pub app_id: Option<String>,
    /// The published site, for the CMS's "view" links.
    #[serde(default)]
    pub site_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CmsBackend {
    Github,
    Gitlab,
}

impl CmsBackend {
    pub fn id(self) -> &'static str {
        match self {
            CmsBackend::Github => "github",
            CmsBackend::Gitlab => "gitlab",
        }
    }
}

fn default_branch() -> String {
    "main".into()
}
fn default_true() -> bool {
    true
}

fn default_timezone() -> String {
    "Asia/Ho_Chi_Minh".into()
}
fn default_stale() -> u32 {
    365
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and checks `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Config, Box<Diagnostic>> {
        let file = "site.toml";
        let source = std::fs::read_to_string(root.join(file)).map_err(|e| {
            Box::new(
                Diagnostic::error(file, Pos::default(), format!("cannot read site.toml: {e}"))
                    .help("run minhbach in the site's folder, or pass `--root DIR`"),
            )
        })?;
        Self::parse(&source)
    }

    pub fn parse(source: &str) -> Result<Config, Box<Diagnostic>> {
        let file = "site.toml";
        let config: Config = toml::from_str(source).map_err(|e| {
            let pos = e
                .span()
                .map_or(Pos { line: 1, col: 1 }, |s| offset_to_pos(source, s.start));
            let width = e.span().map_or(1, |s| {
                source.get(s.clone()).map_or(1, |t| t.chars().count())
            });
            Box::new(
                Diagnostic::error(file, pos, e.message().trim().to_owned())
                    .width(width)
                    .help("see README.md for the keys of site.toml")
                    .with_source(source),
            )
        })?;
        if config.utc_offset_minutes().is_none() {
            return Err(Box::new(
                Diagnostic::error(
                    file,
                    Pos::default(),
                    format!("unknown timezone `{}`", config.timezone),
                )
                .help("use `Asia/Ho_Chi_Minh` (UTC+7) or `UTC`"),
            ));
        }
        Ok(config)
    }

    /// Offset of the site's time zone; Vietnam has had no daylight saving since 1975.
    pub fn utc_offset_minutes(&self) -> Option<i64> {
        match self.timezone.as_str() {
            "Asia/Ho_Chi_Minh" | "Asia/Saigon" | "Asia/Bangkok" | "Asia/Jakarta" | "+07:00" => {
                Some(420)
            }
            "UTC" | "Etc/UTC" => Some(0),
            _ => None,
        }
    }
}

fn offset_to_pos(source: &str, offset: usize) -> Pos {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos { line, col }
}

/// The path part of a base URL, always starting and ending with `/`:
/// `https://example.gov.vn/sub` → `/sub/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    let trimmed = after_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://a.gov.vn"), "/");
        assert_eq!(base_path("https://a.gov.vn/"), "/");
        assert_eq!(base_path("https://a.gov.vn/sub"), "/sub/");
        assert_eq!(base_path("/sub/"), "/sub/");
        assert_eq!(base_path("http://127.0.0.1:8080/a/b/"), "/a/b/");
    }

    #[test]
    fn unknown_keys_point_at_the_line() {
        let e = Config::parse("title = \"x\"\nbase_url = \"/\"\ntitel = 1\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("titel"), "{}", e.message);
    }
}
