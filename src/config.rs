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
    /// The site's time zone, which decides what "today" is (the build's reference date,
    /// "last checked" ages, statistics periods): `Asia/Ho_Chi_Minh` (default), `UTC`, or a
    /// fixed offset such as `+07:00`.
    #[serde(default = "default_timezone")]
    #[schemars(schema_with = "timezone_schema")]
    pub timezone: Timezone,
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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatsConfig {
    /// The on-time rate the administration aims at, as a fraction: `0.95` for 95 %. Shown
    /// beside the on-time rate, met or not.
    #[serde(default)]
    pub on_time_target: Option<f64>,
    /// Not supported: only `false` is accepted. Rates follow the Biểu 06 form, where resolved
    /// dossiers are those resolved early, on time or late; withdrawn and returned dossiers
    /// count in the month's balance only.
    #[serde(default)]
    pub count_withdrawn_as_resolved: bool,
    /// Agencies that resolved fewer dossiers than this in a period are left out of the
    /// ranking (listed apart): a rate of 2 dossiers says little. Default 20.
    #[serde(default = "default_min_ranked")]
    pub min_ranked_dossiers: u64,
}

fn default_min_ranked() -> u64 {
    20
}

impl Default for StatsConfig {
    fn default() -> Self {
        StatsConfig {
            on_time_target: None,
            count_withdrawn_as_resolved: false,
            min_ranked_dossiers: default_min_ranked(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Repealed procedures are found by default searches (the search page's "include
    /// repealed procedures" box starts ticked). Default `false`: they stay in the index,
    /// marked, and are found when a citizen ticks the box.
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

/// What editors' YAML/TOML extensions offer for `timezone`: the zone names, or an offset.
fn timezone_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = ZONES.iter().map(|(n, _)| *n).collect();
    schemars::json_schema!({
        "type": "string",
        "anyOf": [
            { "enum": names },
            { "pattern": "^[+-](0[0-9]|1[0-4]):[0-5][0-9]$" }
        ]
    })
}

/// `Asia/Ho_Chi_Minh`, the first of [`ZONES`].
fn default_timezone() -> Timezone {
    let (name, offset_minutes) = ZONES[0];
    Timezone {
        name: name.into(),
        offset_minutes,
    }
}

/// `timezone` of site.toml, checked when read: a zone name whose offset is fixed (Vietnam has
/// had no daylight saving since 1975) or an offset `±HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timezone {
    name: String,
    offset_minutes: i64,
}

/// Zone names accepted, with their offset east of UTC in minutes.
const ZONES: [(&str, i64); 6] = [
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Saigon", 420),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("UTC", 0),
    ("Etc/UTC", 0),
];

impl TryFrom<String> for Timezone {
    type Error = String;
    fn try_from(name: String) -> Result<Timezone, String> {
        let offset = ZONES
            .iter()
            .find(|(z, _)| *z == name)
            .map(|(_, m)| *m)
            .or_else(|| fixed_offset(&name));
        match offset {
            Some(offset_minutes) => Ok(Timezone {
                name,
                offset_minutes,
            }),
            None => Err(format!(
                "unknown timezone `{}`: write `Asia/Ho_Chi_Minh` (UTC+7, the default), `UTC`, or an offset such as `+07:00`",
                crate::diag::shown(&name)
            )),
        }
    }
}

impl From<Timezone> for String {
    fn from(t: Timezone) -> String {
        t.name
    }
}

/// `+07:00` or `-03:30` → minutes east of UTC (at most 14 hours either way).
fn fixed_offset(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && h * 60 + m <= 14 * 60).then_some(sign * (h * 60 + m))
}

impl Timezone {
    /// As written in site.toml.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Minutes east of UTC.
    pub fn offset_minutes(&self) -> i64 {
        self.offset_minutes
    }
}
fn default_stale() -> u32 {
    365
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and checks `<root>/site.toml`: a first problem that stops reading it, as an error.
    pub fn load(root: &Path) -> Result<Config, Box<Diagnostic>> {
        let file = "site.toml";
        let bytes = std::fs::read(root.join(file)).map_err(|e| {
            Box::new(
                Diagnostic::error(file, Pos::default(), format!("cannot read site.toml: {e}"))
                    .help("run minhbach in the site's folder, or pass `--root DIR`"),
            )
        })?;
        let source = String::from_utf8(bytes)
            .map_err(|e| Box::new(crate::diag::not_utf8(file, e.as_bytes(), e.utf8_error())))?;
        let config = Self::parse(&source)?;
        match settings_problems(&source).into_iter().next() {
            Some(d) => Err(Box::new(d)),
            None => Ok(config),
        }
    }

    /// Reads `<root>/site.toml` and reports every problem of it; on a problem that stops
    /// reading, the built-in fallback settings are returned so `check` can go on with content.
    pub fn load_all(root: &Path) -> (Config, Vec<Diagnostic>) {
        let file = "site.toml";
        let fallback = || Config {
            title: String::new(),
            description: None,
            base_url: "/".into(),
            language: Language::default(),
            timezone: default_timezone(),
            stale_after_days: default_stale(),
            organisation: Organisation::default(),
            markdown: MarkdownConfig::default(),
            theme: ThemeConfig::default(),
            stats: StatsConfig::default(),
            cms: None,
            search: SearchConfig::default(),
            open_data: OpenDataConfig::default(),
        };
        let source = match std::fs::read(root.join(file)) {
            Err(e) => {
                let d =
                    Diagnostic::error(file, Pos::default(), format!("cannot read site.toml: {e}"))
                        .help("run minhbach in the site's folder, or pass `--root DIR`");
                return (fallback(), vec![d]);
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    return (
                        fallback(),
                        vec![crate::diag::not_utf8(file, e.as_bytes(), e.utf8_error())],
                    );
                }
            },
        };
        match Self::parse(&source) {
            Err(d) => (fallback(), vec![*d]),
            Ok(config) => {
                let problems = settings_problems(&source);
                (config, problems)
            }
        }
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
        Ok(config)
    }

    /// Offset of the site's time zone (`timezone`, checked when site.toml was read), in
    /// minutes east of UTC.
    pub fn utc_offset_minutes(&self) -> i64 {
        self.timezone.offset_minutes()
    }

    /// Today's date in the site's time zone, from the clock.
    pub fn today(&self) -> crate::date::Date {
        crate::date::Date::today(self.utc_offset_minutes())
    }
}

/// The keys of `site.toml` that are checked beyond their type, with where they were written.
#[derive(Deserialize)]
struct Located {
    base_url: Option<toml::Spanned<String>>,
    #[serde(default)]
    organisation: Option<LocatedOrganisation>,
    #[serde(default)]
    theme: Option<LocatedTheme>,
    #[serde(default)]
    open_data: Option<LocatedOpenData>,
    #[serde(default)]
    stats: Option<LocatedStats>,
}

#[derive(Deserialize)]
struct LocatedStats {
    on_time_target: Option<toml::Spanned<f64>>,
    count_withdrawn_as_resolved: Option<toml::Spanned<bool>>,
}

#[derive(Deserialize)]
struct LocatedOrganisation {
    email: Option<toml::Spanned<String>>,
}

#[derive(Deserialize)]
struct LocatedTheme {
    name: Option<toml::Spanned<String>>,
}

#[derive(Deserialize)]
struct LocatedOpenData {
    licence_url: Option<toml::Spanned<String>>,
}

/// Every address of `site.toml` passes the URL check, and the theme is a plain name.
fn settings_problems(source: &str) -> Vec<Diagnostic> {
    use crate::url::{Allow, check, check_email};
    let Ok(located) = toml::from_str::<Located>(source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut report = |span: std::ops::Range<usize>, message: String, help: String| {
        out.push(
            Diagnostic::error("site.toml", offset_to_pos(source, span.start), message)
                .width(source.get(span).map_or(1, |t| t.chars().count()))
                .help(help)
                .with_source(source),
        );
    };
    let urls = [
        ("base_url", located.base_url.as_ref(), Allow::Base),
        (
            "[open_data] licence_url",
            located
                .open_data
                .as_ref()
                .and_then(|o| o.licence_url.as_ref()),
            Allow::WebOrPath,
        ),
    ];
    for (key, value, allow) in urls {
        if let Some(v) = value {
            if let Err(p) = check(v.get_ref(), allow) {
                let shown = crate::diag::shown(v.get_ref());
                report(
                    v.span(),
                    format!("`{key}` `{shown}`: {}", p.message),
                    p.help,
                );
            }
        }
    }
    if let Some(v) = located.organisation.as_ref().and_then(|o| o.email.as_ref()) {
        if let Err(p) = check_email(v.get_ref()) {
            let shown = crate::diag::shown(v.get_ref());
            report(
                v.span(),
                format!("`[organisation] email` `{shown}`: {}", p.message),
                p.help,
            );
        }
    }
    if let Some(v) = located.theme.as_ref().and_then(|t| t.name.as_ref()) {
        if !crate::text::is_valid_id(v.get_ref()) {
            let shown = crate::diag::shown(v.get_ref());
            report(
                v.span(),
                format!("theme name `{shown}` is not a plain name"),
                "a theme is a folder themes/<name>/ of this site: write its name only (lowercase a-z, digits, hyphens), e.g. `default`".into(),
            );
        }
    }
    let stats = located.stats.as_ref();
    if let Some(v) = stats.and_then(|s| s.on_time_target.as_ref()) {
        let t = *v.get_ref();
        if !(0.0..=1.0).contains(&t) {
            let hint = if t > 1.0 && t <= 100.0 {
                format!(": for {t} % write `on_time_target = {}`", t / 100.0)
            } else {
                String::new()
            };
            report(
                v.span(),
                format!("`[stats] on_time_target = {t}` is not a fraction between 0 and 1"),
                format!("write the target as a fraction, e.g. `0.95` for 95 %{hint}"),
            );
        }
    }
    if let Some(v) = stats.and_then(|s| s.count_withdrawn_as_resolved.as_ref()) {
        if *v.get_ref() {
            report(
                v.span(),
                "`[stats] count_withdrawn_as_resolved = true` is not supported: rates follow the Biểu 06 form, where resolved dossiers are those resolved early, on time or late".into(),
                "remove the line: withdrawn and returned dossiers are reported in their own columns and count in the month's balance, never as resolved".into(),
            );
        }
    }
    out
}

fn offset_to_pos(source: &str, offset: usize) -> Pos {
    Pos::at(source, offset)
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
    fn addresses_and_theme_names_are_checked_where_written() {
        let src = "title = \"x\"\nbase_url = \"not a url\"\n[theme]\nname = \"../../x\"\n[open_data]\nlicence_url = \"javascript:alert(1)\"\n";
        let problems = settings_problems(src);
        let found: Vec<(u32, &str)> = problems
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(found[0].1.contains("base_url"));
        assert_eq!(found[1].0, 6);
        assert!(found[1].1.contains("`javascript:`"), "{found:?}");
        assert_eq!(found[2].0, 4);
        assert!(
            settings_problems("title = \"x\"\nbase_url = \"https://a.gov.vn/sub/\"\n").is_empty()
        );
    }

    #[test]
    fn unknown_keys_point_at_the_line() {
        let e = Config::parse("title = \"x\"\nbase_url = \"/\"\ntitel = 1\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("titel"), "{}", e.message);
    }

    fn site(timezone: &str) -> Result<Config, Box<Diagnostic>> {
        Config::parse(&format!(
            "title = \"x\"\nbase_url = \"/\"\ntimezone = \"{timezone}\"\n"
        ))
    }

    #[test]
    fn the_timezone_decides_which_day_today_is() {
        // 2026-11-21T18:30:00Z: already the 22nd in Hà Nội, still the 21st in UTC and west.
        let instant = crate::date::Date::parse("2026-11-21")
            .map(|d| d.days_since_epoch() * 86_400 + 18 * 3600 + 30 * 60)
            .unwrap();
        let day = |tz: &str| {
            let c = site(tz).unwrap();
            crate::date::Date::at(instant, c.utc_offset_minutes()).to_string()
        };
        assert_eq!(day("Asia/Ho_Chi_Minh"), "2026-11-22");
        assert_eq!(day("+07:00"), "2026-11-22");
        assert_eq!(day("+05:30"), "2026-11-22");
        assert_eq!(day("+05:29"), "2026-11-21");
        assert_eq!(day("UTC"), "2026-11-21");
        assert_eq!(day("-03:00"), "2026-11-21");
        let default = Config::parse("title = \"x\"\nbase_url = \"/\"\n").unwrap();
        assert_eq!(default.utc_offset_minutes(), 420);
        assert_eq!(default.timezone.name(), "Asia/Ho_Chi_Minh");
    }

    #[test]
    fn an_unknown_timezone_is_refused_where_it_is_written() {
        for bad in [
            "Asia/Hanoi",
            "+7",
            "+07:60",
            "+15:00",
            "07:00",
            "+07:00:00",
            "",
        ] {
            let e = site(bad).unwrap_err();
            assert_eq!((e.line, e.col), (3, 12), "{bad}: {}", e.message);
            assert!(e.message.contains("unknown timezone"), "{}", e.message);
            assert!(e.message.contains("+07:00"), "{}", e.message);
        }
    }
}
