//! `minhbach import stats`: a Biểu số 06 report (.xlsx, binary .xls, an HTML table saved as
//! .xls or .html, CSV) into `content/stats/<year>/<period>.csv`.
//!
//! The format is told by the first bytes, not the extension; the header by its Vietnamese
//! labels under their groups; units by agency name or alias. Every problem of every file is a
//! diagnostic with file, sheet, row and column letter; nothing is written unless the whole run
//! is clean, and each file is written whole (to a temporary name, then renamed).

mod detect;
mod grid;
mod header;
mod html;
mod period;
mod report;
mod units;

use super::{ImportError, Outcome};
use crate::diag::{Diagnostic, Pos};
use crate::model::stats::{Col, Period};
use report::{UnitRow, row_at};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `minhbach import stats`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// `YYYY-MM`, when the title block does not say (or to confirm it).
    pub period: Option<String>,
    /// Overwrite an existing statistics file.
    pub force: bool,
}

/// One period's rows, from every file that reports it.
#[derive(Default)]
struct Month {
    /// (agency id, its row, the report file).
    rows: Vec<(String, UnitRow, String)>,
    columns: Vec<Col>,
}

pub fn run(opts: &Options) -> Result<Outcome, ImportError> {
    let forced = match &opts.period {
        None => None,
        Some(p) => Some(Period::parse(p).ok_or_else(|| {
            ImportError::Usage(format!(
                "--period `{p}` is not a month: write YYYY-MM, e.g. 2026-08"
            ))
        })?),
    };
    let (content, _) = crate::load::load(&opts.root);
    let units = units::Units::new(&content.agencies);
    let mut outcome = Outcome::default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut months: BTreeMap<Period, Month> = BTreeMap::new();
    for path in &opts.files {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
            path: path.clone(),
            source,
        })?;
        let grids = match detect::grids(&bytes) {
            Ok(g) => g,
            Err(message) => {
                diags.push(
                    Diagnostic::error(&file, Pos::default(), format!("cannot read the report: {message}"))
                        .help("import reads .xlsx and .xls workbooks, HTML tables (saved as .xls or .html) and CSV"),
                );
                continue;
            }
        };
        let mut found = false;
        for g in &grids {
            let sheet = report::read(&file, g, &mut diags);
            if !sheet.found {
                continue;
            }
            found = true;
            let period = match (sheet.period, forced) {
                (Some((p, _)), Some(f)) if p == f => p,
                (Some((p, row)), Some(f)) => {
                    diags.push(
                        Diagnostic::error(
                            &file,
                            Pos { line: row as u32, col: 1 },
                            format!("{}: the title block says the report is for {p}, but --period says {f}", row_at(&g.sheet, row)),
                        )
                        .help("check the report's month: import the right file, or correct --period"),
                    );
                    continue;
                }
                (Some((p, _)), None) => p,
                (None, Some(f)) => f,
                (None, None) => {
                    diags.push(
                        Diagnostic::error(&file, Pos { line: 1, col: 1 }, format!("{}: the title block does not say the report's month", row_at(&g.sheet, 1)))
                            .help("pass --period YYYY-MM (the title block usually says “Kỳ báo cáo: Tháng 8/2026”)"),
                    );
                    continue;
                }
            };
            let month = months.entry(period).or_default();
            for c in &sheet.columns {
                if !month.columns.contains(c) {
                    month.columns.push(*c);
                }
            }
            for unit in sheet.units {
                let Some(id) = units.id(&unit.name) else {
                    let closest = units.closest(&unit.name);
                    let list = closest
                        .iter()
                        .map(|(n, id)| format!("“{n}” ({id})"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    diags.push(
                        Diagnostic::error(
                            &file,
                            Pos { line: unit.row as u32, col: 1 },
                            format!("{}: unit “{}” is not an agency of the site", row_at(&unit.sheet, unit.row), unit.name),
                        )
                        .help(format!("closest agencies: {list}; if it is one of them, add this name to its `aliases:` in content/agencies/<id>.yaml")),
                    );
                    continue;
                };
                if let Some((_, first, first_file)) = month.rows.iter().find(|(a, _, _)| a == id) {
                    diags.push(
                        Diagnostic::error(
                            &file,
                            Pos {
                                line: unit.row as u32,
                                col: 1,
                            },
                            format!(
                                "{}: “{}” is agency `{id}`, already reported for {period}",
                                row_at(&unit.sheet, unit.row),
                                unit.name
                            ),
                        )
                        .help("keep one row per agency and month")
                        .related(
                            first_file,
                            first.row as u32,
                            "first reported here",
                        ),
                    );
                    continue;
                }
                month.rows.push((id.to_owned(), unit, file.clone()));
            }
        }
        if !found {
            diags.push(
                Diagnostic::error(&file, Pos::default(), "no Biểu 06 header found in this file")
                    .help("import looks for the header by its labels: “Số hồ sơ nhận giải quyết”, “Tổng số”, “Số hồ sơ đã giải quyết”, “Số hồ sơ đang giải quyết”"),
            );
        }
    }
    // Our CSV, and the rules `check` runs, before anything is written.
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for (period, month) in &months {
        let mut columns = month.columns.clone();
        columns.sort();
        let rel = format!("content/stats/{:04}/{period}.csv", period.year);
        let text = csv_text(*period, &columns, &month.rows);
        let (rows, mut rule_diags) = crate::load::stats::csv(&rel, &text);
        rule_diags.extend(rows.iter().flat_map(crate::validate::stats::row));
        for d in rule_diags {
            // Line 2 is the first row: say where it came from.
            let Some((_, unit, file)) = month.rows.get((d.line as usize).wrapping_sub(2)) else {
                diags.push(d);
                continue;
            };
            let mut moved = Diagnostic::new(
                d.severity,
                file,
                Pos {
                    line: unit.row as u32,
                    col: 1,
                },
                format!("{}: {}", row_at(&unit.sheet, unit.row), d.message),
            );
            moved.help = d.help;
            diags.push(moved);
        }
        let target = opts.root.join(&rel);
        if target.exists() && !opts.force {
            diags.push(
                Diagnostic::error(&rel, Pos::default(), format!("{rel} exists already"))
                    .help("pass --force to replace it with this report's figures"),
            );
        }
        files.push((target, text));
    }
    outcome.diagnostics.extend(diags);
    outcome.diagnostics.sort();
    if outcome.diagnostics.has_errors() {
        return Ok(outcome);
    }
    for (target, text) in files {
        crate::write::write_inside(&opts.root, "content/stats", &target, text.as_bytes()).map_err(
            |source| ImportError::Write {
                path: target.clone(),
                source,
            },
        )?;
        outcome.written.push(target);
    }
    for (period, month) in &months {
        outcome
            .notes
            .push(format!("{period}: {} agencies", month.rows.len()));
    }
    Ok(outcome)
}

/// The statistics CSV of one month: the columns the reports have, rows in report order.
fn csv_text(period: Period, columns: &[Col], rows: &[(String, UnitRow, String)]) -> String {
    let mut out = String::from("period,agency");
    for c in columns {
        out.push(',');
        out.push_str(c.name());
    }
    out.push('\n');
    for (id, unit, _) in rows {
        let _ = write!(out, "{period},{id}");
        for c in columns {
            out.push(',');
            if let Some((_, Some(v))) = unit.values.iter().find(|(x, _)| x == c) {
                let _ = write!(out, "{v}");
            }
        }
        out.push('\n');
    }
    out
}
