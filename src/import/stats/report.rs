//! One sheet of a Biểu 06 report: its title block, header and body rows, read into unit rows
//! with every problem located by sheet, row and column letter.

use super::grid::{Grid, column_letter};
use super::header::{self, Field, Group, Header};
use crate::diag::{Diagnostic, Pos};
use crate::model::stats::{Col, MAX_COUNT, Period};

/// A unit's row of the report.
#[derive(Debug, Clone)]
pub(crate) struct UnitRow {
    pub name: String,
    /// The sheet's row number (1-based), as the editor sees it.
    pub row: usize,
    pub sheet: String,
    pub values: Vec<(Col, Option<u64>)>,
}

#[derive(Debug, Default)]
pub(crate) struct Sheet {
    /// The month the title block names.
    pub period: Option<(Period, usize)>,
    pub columns: Vec<Col>,
    pub units: Vec<UnitRow>,
    pub found: bool,
}

/// Where a cell is, in words: "sheet `Biểu 06`, cell F12".
pub(crate) fn cell(sheet: &str, row: usize, col: usize) -> String {
    let at = format!("cell {}{}", column_letter(col), row + 1);
    if sheet.is_empty() {
        at
    } else {
        format!("sheet `{sheet}`, {at}")
    }
}

pub(crate) fn row_at(sheet: &str, row: usize) -> String {
    if sheet.is_empty() {
        format!("row {row}")
    } else {
        format!("sheet `{sheet}`, row {row}")
    }
}

fn count(n: u64) -> String {
    crate::text::group_thousands(n, '.')
}

/// `4685`, `4.685`, `4,685`, `4 685` → 4685; `None` for text that is not a count.
fn parse_count(s: &str) -> Option<u64> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let grouped = s.contains(['.', ','])
        && s.split(['.', ','])
            .enumerate()
            .all(|(i, g)| !g.is_empty() && (i == 0 && g.len() <= 3 || g.len() == 3));
    let digits: String = if grouped {
        s.chars().filter(char::is_ascii_digit).collect()
    } else {
        s
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Reads one sheet. `file` is the report's path as given, for diagnostics.
pub(crate) fn read(file: &str, g: &Grid, diags: &mut Vec<Diagnostic>) -> Sheet {
    let mut out = Sheet::default();
    let Some(h) = header::find(g) else {
        return out;
    };
    out.found = true;
    let err = |row: usize, col: usize, msg: String| {
        Diagnostic::error(
            file,
            Pos {
                line: row as u32 + 1,
                col: col as u32 + 1,
            },
            format!("{}: {msg}", cell(&g.sheet, row, col)),
        )
    };
    // The title block: the rows above the header.
    for r in 0..h.first {
        for c in 0..g.width() {
            if let Some(p) = super::period::from_title(g.text(r, c))
                && out.period.is_none()
            {
                out.period = Some((p, r + 1));
            }
        }
    }
    let Some(name_col) = name_column(&h) else {
        diags.push(
            err(h.first, 0, "the header has no column of unit names".into())
                .help("the column of unit names is headed “Tên đơn vị” (or “Đơn vị”, “Cơ quan”)"),
        );
        return out;
    };
    for (c, r, label) in &h.unread {
        diags.push(
            Diagnostic::warning(
                file,
                Pos {
                    line: *r as u32 + 1,
                    col: *c as u32 + 1,
                },
                format!("{}: column “{label}” is not read", cell(&g.sheet, *r, *c)),
            )
            .help("import reads the Biểu 06 columns (received, resolved, pending and their parts): this column's figures are left out of the CSV"),
        );
    }
    let mut seen: Vec<(Col, usize)> = Vec::new();
    let mut counts: Vec<(usize, Col)> = Vec::new();
    let mut totals: Vec<(usize, Group)> = Vec::new();
    for (c, f) in &h.fields {
        match f {
            Field::Count(col) => {
                if let Some((_, first)) = seen.iter().find(|(x, _)| x == col) {
                    diags.push(
                        err(h.first, *c, format!("two columns read as `{}`", col.name())).help(
                            format!(
                                "columns {} and {} have the same labels; remove one",
                                column_letter(*first),
                                column_letter(*c)
                            ),
                        ),
                    );
                    continue;
                }
                seen.push((*col, *c));
                counts.push((*c, *col));
            }
            Field::Total(group) => totals.push((*c, *group)),
            Field::Name => {}
        }
    }
    if counts.is_empty() {
        diags.push(
            err(h.first, 0, "no column of the header is a Biểu 06 count".into()).help(
                "the header names “Số hồ sơ nhận giải quyết”, “Số hồ sơ đã giải quyết” and “Số hồ sơ đang giải quyết” with their columns",
            ),
        );
        return out;
    }
    out.columns = Col::ALL
        .into_iter()
        .filter(|c| counts.iter().any(|(_, x)| x == c))
        .collect();
    let mut totals_row: Option<(usize, Vec<Option<u64>>)> = None;
    for r in h.body..g.cells.len() {
        let name = g.text(r, name_col).to_owned();
        let cells: Vec<&str> = counts.iter().map(|(c, _)| g.text(r, *c)).collect();
        let numeric = cells.iter().any(|t| parse_count(t).is_some());
        if !numeric {
            // Group rows ("I. Cấp tỉnh"), blank rows and the signatures below.
            continue;
        }
        let mut values = Vec::new();
        let mut ok = true;
        for ((c, col), text) in counts.iter().zip(&cells) {
            let v = if text.is_empty() {
                None
            } else {
                match parse_count(text) {
                    Some(v) if v <= MAX_COUNT => Some(v),
                    Some(_) => {
                        diags.push(err(r, *c, format!("`{text}` is too large for a count")));
                        ok = false;
                        None
                    }
                    None => {
                        diags.push(err(r, *c, format!("`{text}` is not a count")).help(
                            "write a whole number, or leave the cell empty when the figure is not reported",
                        ));
                        ok = false;
                        None
                    }
                }
            };
            values.push((*col, v));
        }
        // Every "Tổng số" against its parts.
        for (c, group) in &totals {
            let text = g.text(r, *c);
            if text.is_empty() {
                continue;
            }
            let Some(total) = parse_count(text) else {
                diags.push(err(r, *c, format!("`{text}` is not a count")));
                continue;
            };
            let parts: Vec<Option<u64>> = values
                .iter()
                .filter(|(col, _)| group.parts().contains(col))
                .map(|(_, v)| *v)
                .collect();
            if parts.is_empty() {
                continue;
            }
            if let Some(sum) = crate::model::stats::checked_sum(parts)
                && sum != total
            {
                diags.push(
                    err(
                        r,
                        *c,
                        format!(
                            "“{}” Tổng số is {} but its columns add up to {} (off by {})",
                            group.label(),
                            count(total),
                            count(sum),
                            count(total.abs_diff(sum))
                        ),
                    )
                    .help("correct the total or the figure that was mistyped in the report"),
                );
            }
        }
        let folded = header::norm(&name);
        if is_group_label(&folded) || is_group_label(&header::norm(g.text(r, 0))) {
            continue; // a group's subtotal ("I. Cấp tỉnh", "Cấp xã")
        }
        if folded.starts_with("tong") || folded == "cong" || folded.starts_with("cong:") {
            totals_row = Some((r, values.iter().map(|(_, v)| *v).collect()));
            continue;
        }
        if name.is_empty() {
            diags.push(
                err(r, name_col, "this row has figures but no unit name".into())
                    .help("write the unit's name, or remove the row"),
            );
            continue;
        }
        if ok {
            out.units.push(UnitRow {
                name,
                row: r + 1,
                sheet: g.sheet.clone(),
                values,
            });
        }
    }
    // The totals row against the sum of the unit rows.
    if let Some((r, values)) = totals_row {
        for (i, (c, col)) in counts.iter().enumerate() {
            let Some(total) = values[i] else { continue };
            let Some(sum) =
                crate::model::stats::checked_sum(out.units.iter().map(|u| u.values[i].1))
            else {
                continue;
            };
            if sum != total {
                diags.push(
                    err(
                        r,
                        *c,
                        format!(
                            "the totals row says {} for `{}` but the units add up to {} (off by {})",
                            count(total),
                            col.name(),
                            count(sum),
                            count(total.abs_diff(sum))
                        ),
                    )
                    .help("a unit row may be missing or mistyped: check the rows above the total"),
                );
            }
        }
    }
    out
}

/// "I. Cấp tỉnh", "II.", "Cấp xã", "Cấp huyện": a group of units, not a unit.
fn is_group_label(folded: &str) -> bool {
    let roman = folded
        .split_once(['.', ')'])
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| "ivxl".contains(c)));
    roman || folded.starts_with("cap ")
}

fn name_column(h: &Header) -> Option<usize> {
    h.fields
        .iter()
        .find(|(_, f)| *f == Field::Name)
        .map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts_as_systems_write_them() {
        assert_eq!(parse_count("4685"), Some(4685));
        assert_eq!(parse_count("4.685"), Some(4685));
        assert_eq!(parse_count("10,397"), Some(10397));
        assert_eq!(parse_count("1 234 567"), Some(1234567));
        assert_eq!(parse_count("12.5"), None);
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_count("x"), None);
        assert_eq!(parse_count(""), None);
    }
}
