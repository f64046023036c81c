//! Diagnostics for editors: every problem with file, line, column, the source
//! line, what is wrong and how to fix it. Collected, sorted, then rendered.

use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    /// The position of byte `offset` of `source` (columns in characters).
    pub fn at(source: &str, offset: usize) -> Pos {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        Pos { line, col }
    }
}

/// Another place that explains a diagnostic (e.g. the first file with a duplicate code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: String,
    #[serde(serialize_with = "at_least_one")]
    pub line: u32,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 0 for a problem of the whole file; written as line 1, column 1 in JSON.
    #[serde(serialize_with = "at_least_one")]
    pub line: u32,
    #[serde(serialize_with = "at_least_one")]
    pub col: u32,
    /// Width of the underlined span in characters (at least 1).
    #[serde(skip)]
    pub width: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, when there is one.
    #[serde(skip)]
    pub source_line: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A problem of a whole file is reported at its start (line 1, column 1), never at 0:0.
fn at_least_one<S: serde::Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32((*n).max(1))
}

impl Diagnostic {
    pub fn new(severity: Severity, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.to_owned(),
            line: pos.line,
            col: pos.col,
            width: 1,
            message: message.into(),
            help: None,
            source_line: None,
            related: Vec::new(),
        }
    }

    pub fn error(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pos, message)
    }

    pub fn warning(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pos, message)
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1) as u32;
        self
    }

    pub fn related(mut self, file: &str, line: u32, note: impl Into<String>) -> Self {
        self.related.push(Related {
            file: file.to_owned(),
            line,
            note: note.into(),
        });
        self
    }

    /// Attaches the source line this diagnostic points at.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.source_line = source
                .lines()
                .nth(self.line as usize - 1)
                .map(str::to_owned);
        }
        self
    }

    fn sort_key(&self) -> (&str, u32, u32, Severity, &str) {
        (
            &self.file,
            self.line,
            self.col,
            self.severity,
            &self.message,
        )
    }
}

/// A value for a message: invisible characters made visible, long ones cut.
pub fn shown(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(80)
        .flat_map(|c| {
            if c.is_control()
                || c.is_whitespace() && c != ' '
                || c as u32 >= 0x200B && c as u32 <= 0x206F
                || c == '\u{FEFF}'
            {
                format!("\\u{{{:04X}}}", c as u32)
                    .chars()
                    .collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// "Not UTF-8" for a file, at the line and column of the first invalid byte.
pub fn not_utf8(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    // The prefix is valid UTF-8 by definition.
    let text = std::str::from_utf8(valid).unwrap_or("");
    let pos = Pos::at(text, text.len());
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
    let mut d = Diagnostic::error(
        file,
        pos,
        format!(
            "the file is not UTF-8 text: byte 0x{byte:02X} at line {}, column {} cannot be read",
            pos.line, pos.col
        ),
    )
    .help("save the file as UTF-8 in your editor (in Excel: \"CSV UTF-8\"; in Notepad: Save as… → Encoding: UTF-8)");
    d.source_line = Some(format!("{}\u{FFFD}", &text[line_start..]));
    d
}

/// Every diagnostic of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// The errors among the diagnostics (warnings left out).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.errors().count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorts by file, line and column, and drops exact repeats, so output is deterministic.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics, with a closing summary line for `Human`. JSON the diagnostics cannot be
/// written as is an error (`check --format json` exits 2 on it).
pub fn try_render(diags: &Diagnostics, format: Format) -> Result<String, crate::json::JsonError> {
    Ok(match format {
        Format::Human => render_human(diags),
        Format::Json => crate::json::to_pretty("the diagnostics", &diags.items)?,
        Format::Github => render_github(diags),
    })
}

/// [`try_render`] for people reading a terminal: should JSON fail, the diagnostics are shown
/// as text followed by the error, never lost.
pub fn render(diags: &Diagnostics, format: Format) -> String {
    try_render(diags, format).unwrap_or_else(|e| format!("{}error: {e}\n", render_human(diags)))
}

/// One diagnostic as `render` shows it to a person (for errors that stop a command).
pub fn render_one(d: Diagnostic) -> String {
    render_human(&Diagnostics { items: vec![d] })
}

fn render_human(diags: &Diagnostics) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet, renderer::DecorStyle};
    let renderer = Renderer::plain().decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for d in &diags.items {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let location = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.col)
        } else {
            d.file.clone()
        };
        let title = level.primary_title(d.message.as_str());
        match &d.source_line {
            Some(line) => {
                let start = char_to_byte(line, d.col.saturating_sub(1) as usize);
                let end =
                    char_to_byte(line, (d.col.saturating_sub(1) + d.width) as usize).max(start);
                let end = if end == start && start < line.len() {
                    start + line[start..].chars().next().map_or(1, char::len_utf8)
                } else {
                    end
                };
                let mut group = title.element(
                    Snippet::source(line.as_str())
                        .line_start(d.line as usize)
                        .path(d.file.as_str())
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
                if let Some(help) = &d.help {
                    group = group.element(Level::HELP.message(help.as_str()));
                }
                for r in &d.related {
                    group = group
                        .element(Level::NOTE.message(format!("{}:{}: {}", r.file, r.line, r.note)));
                }
                out.push_str(&renderer.render(&[group]));
            }
            None => {
                let _ = write!(
                    out,
                    "{}: {}\n  --> {}",
                    level_name(d.severity),
                    d.message,
                    location
                );
                if let Some(help) = &d.help {
                    let _ = write!(out, "\n  = help: {help}");
                }
                for r in &d.related {
                    let _ = write!(out, "\n  = note: {}:{}: {}", r.file, r.line, r.note);
                }
            }
        }
        out.push_str("\n\n");
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    let _ = writeln!(out, "{} error{}, {} warning{}", e, plural(e), w, plural(w));
    out
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// GitHub Actions workflow commands, so errors appear on the pull request's diff.
fn render_github(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in &diags.items {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={}::{}",
            level_name(d.severity),
            escape_property(&d.file),
            d.line.max(1),
            d.col.max(1),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_format_escapes() {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error("content/a,b.yaml", Pos { line: 3, col: 5 }, "bad: 50%")
                .help("fix it"),
        );
        assert_eq!(
            render(&d, Format::Github),
            "::error file=content/a%2Cb.yaml,line=3,col=5::bad: 50%25%0Afix it\n"
        );
    }

    #[test]
    fn file_level_problems_are_at_line_one_in_json() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("a.yaml", Pos::default(), "x").related("b.yaml", 0, "y"));
        let json: serde_json::Value = serde_json::from_str(&render(&d, Format::Json)).unwrap();
        assert_eq!(json[0]["line"], 1);
        assert_eq!(json[0]["col"], 1);
        assert_eq!(json[0]["related"][0]["line"], 1);
    }

    #[test]
    fn invalid_utf8_is_located_by_line_and_column() {
        let bytes: Vec<u8> = b"a: 1\nname: \"Ph\xf0\x28ng\"\n".to_vec();
        let e = std::str::from_utf8(&bytes).unwrap_err();
        let d = not_utf8("x.yaml", &bytes, e);
        assert_eq!((d.line, d.col), (2, 10));
        assert!(d.message.contains("line 2, column 10"), "{}", d.message);
    }

    #[test]
    fn human_format_shows_the_line() {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error("x.yaml", Pos { line: 2, col: 3 }, "unknown key `feess`")
                .width(5)
                .help("did you mean `fees`?")
                .with_source("a: 1\n  feess: 2\n"),
        );
        let text = render(&d, Format::Human);
        assert!(text.contains("x.yaml:2:3"), "{text}");
        assert!(text.contains("feess: 2"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("did you mean `fees`?"), "{text}");
        assert!(text.ends_with("1 error, 0 warnings\n"), "{text}");
    }
}
