//! The theme: templates, static assets and translations. The default theme is
//! compiled into the binary; a site's `themes/<name>/` folder overrides any of
//! its files (so a site can replace one template and keep the rest).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// Files of the default theme, by path inside the theme folder.
pub const EMBEDDED: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/procedure.html",
    "templates/procedures.html",
    "templates/terms.html",
    "templates/term.html",
    "templates/agencies.html",
    "templates/agency.html",
    "templates/page.html",
    "templates/404.html",
    "templates/search.html",
    "templates/stats.html",
    "templates/stats_month.html",
    "templates/stats_notes.html",
    "templates/open_data.html",
    "templates/posting.html",
    "templates/scorecard.html",
    "templates/scorecard_agency.html",
    "templates/scorecard_method.html",
    "static/scorecard.css",
    "static/style.css",
    "static/search.js",
    "i18n/vi.toml",
    "i18n/en.toml",
);

#[derive(Debug, Clone)]
pub struct Theme {
    /// The site's theme folder (resolved), when it has one: no theme file is read from
    /// outside it.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "theme `{0}` not found: create themes/{0}/ or set `[theme] name = \"default\"` in site.toml"
    )]
    NotFound(String),
    #[error("cannot read theme file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "theme name `{0}` is not a plain name: write the name of a folder themes/<name>/ (lowercase a-z, digits, hyphens)"
    )]
    BadName(String),
    #[error("theme file {path}: {reason} (run `minhbach check` for details)")]
    Refused { path: String, reason: String },
    #[error("translations {path}: {message}")]
    Translations { path: String, message: String },
}

impl Theme {
    pub fn open(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        if !crate::text::is_valid_id(name) {
            return Err(ThemeError::BadName(name.to_owned()));
        }
        let canon = std::fs::canonicalize(root).map_err(|source| ThemeError::Io {
            path: root.display().to_string(),
            source,
        })?;
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            let resolved = std::fs::canonicalize(&dir).map_err(|source| ThemeError::Io {
                path: dir.display().to_string(),
                source,
            })?;
            if !resolved.starts_with(&canon) {
                return Err(ThemeError::Refused {
                    path: format!("themes/{name}"),
                    reason: format!("leads outside the site (to {})", resolved.display()),
                });
            }
            Ok(Theme {
                dir: Some(resolved),
            })
        } else if name == "default" {
            Ok(Theme { dir: None })
        } else {
            Err(ThemeError::NotFound(name.to_owned()))
        }
    }

    /// `path` resolved, when it is a regular file inside the theme folder; an error otherwise.
    fn checked(&self, path: &Path) -> Result<PathBuf, ThemeError> {
        let Some(dir) = &self.dir else {
            return Err(ThemeError::Refused {
                path: path.display().to_string(),
                reason: "the built-in theme reads no files".into(),
            });
        };
        crate::validate::theme::regular_file_inside(dir, path).map_err(|r| ThemeError::Refused {
            path: path.display().to_string(),
            reason: r.message(),
        })
    }

    /// A theme file: the site's copy when present, else the built-in one.
    pub fn file(&self, path: &str) -> Result<Option<Cow<'static, str>>, ThemeError> {
        if let Some(dir) = &self.dir {
            let p = dir.join(path);
            if std::fs::symlink_metadata(&p).is_ok() {
                let p = self.checked(&p)?;
                return std::fs::read_to_string(&p)
                    .map(|s| Some(Cow::Owned(s)))
                    .map_err(|source| ThemeError::Io {
                        path: p.display().to_string(),
                        source,
                    });
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, s)| Cow::Borrowed(*s)))
    }

    /// Static assets (path under `static/` → bytes), built-in ones overridden by the site's.
    pub fn assets(&self) -> Result<BTreeMap<String, Vec<u8>>, ThemeError> {
        let mut out: BTreeMap<String, Vec<u8>> = EMBEDDED
            .iter()
            .filter_map(|(p, s)| {
                p.strip_prefix("static/")
                    .map(|n| (n.to_owned(), s.as_bytes().to_vec()))
            })
            .collect();
        for (name, path) in self.site_files("static")? {
            let bytes = std::fs::read(&path).map_err(|source| ThemeError::Io {
                path: path.display().to_string(),
                source,
            })?;
            out.insert(name, bytes);
        }
        Ok(out)
    }

    /// Files under `sub` of the site's theme folder (none for the built-in theme),
    /// as `/`-separated names relative to `sub`, sorted.
    pub fn site_files(&self, sub: &str) -> Result<Vec<(String, PathBuf)>, ThemeError> {
        let Some(dir) = &self.dir else {
            return Ok(Vec::new());
        };
        let base = dir.join(sub);
        let mut out = Vec::new();
        if !base.is_dir() {
            return Ok(out);
        }
        for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
            let entry = entry.map_err(|e| ThemeError::Io {
                path: base.display().to_string(),
                source: e.into(),
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let resolved = self.checked(entry.path())?;
            let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, resolved));
        }
        Ok(out)
    }

    /// The UI strings of one language.
    pub fn strings(&self, lang: &str) -> Result<Strings, ThemeError> {
        let path = format!("i18n/{lang}.toml");
        let source = self.file(&path)?.ok_or_else(|| ThemeError::Translations {
            path: path.clone(),
            message: "missing".into(),
        })?;
        let table: BTreeMap<String, String> =
            toml::from_str(&source).map_err(|e| ThemeError::Translations {
                path: path.clone(),
                message: e.to_string(),
            })?;
        Ok(Strings(table))
    }
}

/// UI strings of one language: `key = "text"`.
#[derive(Debug, Clone, Default)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// The text for `key`; the key itself when missing (a test keeps both languages complete).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}
