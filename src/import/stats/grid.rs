//! A sheet as a grid of text cells with its merged regions, whatever the file format was.

use calamine::{Data, Reader};
use std::io::Cursor;

/// One sheet (or HTML table, or CSV file): `cells[row][col]` from the sheet's first row and
/// column, so that `row + 1` is the row number an editor sees.
#[derive(Debug, Default, Clone)]
pub(crate) struct Grid {
    /// The sheet's name (`Sheet1`, `bảng 1`), empty for a CSV file.
    pub sheet: String,
    pub cells: Vec<Vec<String>>,
    /// Merged regions, `(first row, first col, last row, last col)`, 0-based and inclusive:
    /// their text is in the first cell.
    pub merged: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    /// The raw text of a cell ("" outside the grid).
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// The text a cell shows: a merged region's text in each of its cells.
    pub fn shown(&self, row: usize, col: usize) -> &str {
        for &(r0, c0, r1, c1) in &self.merged {
            if (r0..=r1).contains(&row) && (c0..=c1).contains(&col) {
                return self.text(r0, c0);
            }
        }
        self.text(row, col)
    }

    pub fn width(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn set(&mut self, row: usize, col: usize, text: String) {
        if self.cells.len() <= row {
            self.cells.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.cells[row];
        if r.len() <= col {
            r.resize(col + 1, String::new());
        }
        r[col] = text;
    }
}

/// `A`, `B`, … `Z`, `AA`: the spreadsheet's name of a 0-based column.
pub(crate) fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Collapses runs of whitespace (and non-breaking spaces) to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => squash(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Every sheet of an `.xlsx` or binary `.xls` workbook, merged regions included.
pub(crate) fn workbook(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = book.sheet_names();
    let mut grids = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let mut grid = Grid {
            sheet: name.clone(),
            ..Grid::default()
        };
        if let Some((r0, c0)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    let text = data_text(cell);
                    if !text.is_empty() {
                        grid.set(r0 as usize + i, c0 as usize + j, text);
                    }
                }
            }
        }
        let regions = match &mut book {
            calamine::Sheets::Xlsx(x) => x
                .worksheet_merge_cells(&name)
                .transpose()
                .map_err(|e| e.to_string())?
                .unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        grid.merged = regions
            .iter()
            .map(|d| {
                (
                    d.start.0 as usize,
                    d.start.1 as usize,
                    d.end.0 as usize,
                    d.end.1 as usize,
                )
            })
            .collect();
        grids.push(grid);
    }
    Ok(grids)
}

/// A CSV file (the report saved as CSV), one grid.
pub(crate) fn csv(text: &str) -> Result<Grid, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 1))?;
        for (j, cell) in record.iter().enumerate() {
            let t = squash(cell);
            if !t.is_empty() {
                grid.set(i, j, t);
            }
        }
        if grid.cells.len() <= i {
            grid.cells.resize_with(i + 1, Vec::new);
        }
    }
    Ok(grid)
}

/// Places a cell of an HTML table (used by the HTML reader).
pub(crate) fn place(grid: &mut Grid, row: usize, col: usize, text: String) {
    grid.set(row, col, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(squash("  Số hồ\u{a0} sơ\n mới "), "Số hồ sơ mới");
    }
}
