//! HTML tables, as one-stop software saves them under an `.xls` name. Parsed with `scraper`
//! (html5ever, the browsers' parsing algorithm: exports are rarely well-formed), with `rowspan`
//! and `colspan` laid out as merged regions, exactly as a spreadsheet shows them.

use super::grid::{Grid, place, squash};
use scraper::{ElementRef, Html, Selector};

/// Every `<table>` of the page as a grid named `bảng N`.
pub(crate) fn tables(source: &str) -> Vec<Grid> {
    let doc = Html::parse_document(source);
    let (Ok(table), Ok(tr), Ok(cell)) = (
        Selector::parse("table"),
        Selector::parse("tr"),
        Selector::parse("td, th"),
    ) else {
        return Vec::new();
    };
    doc.select(&table)
        .enumerate()
        .map(|(n, t)| {
            let mut grid = Grid {
                sheet: format!("bảng {}", n + 1),
                ..Grid::default()
            };
            // Cells taken by a rowspan from above: (row, col).
            let mut taken: std::collections::HashSet<(usize, usize)> = Default::default();
            for (r, row) in t.select(&tr).filter(|row| belongs_to(*row, t)).enumerate() {
                let mut c = 0;
                for td in row
                    .select(&cell)
                    .filter(|td| td.parent().map(|p| p.id()) == Some(row.id()))
                {
                    while taken.contains(&(r, c)) {
                        c += 1;
                    }
                    let span = |name: &str| {
                        td.value()
                            .attr(name)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .map_or(1, |v| v.clamp(1, 1000))
                    };
                    let (rows, cols) = (span("rowspan"), span("colspan"));
                    let text = squash(&td.text().collect::<Vec<_>>().join(" "));
                    place(&mut grid, r, c, text);
                    for rr in r..r + rows {
                        for cc in c..c + cols {
                            taken.insert((rr, cc));
                        }
                    }
                    if rows > 1 || cols > 1 {
                        grid.merged.push((r, c, r + rows - 1, c + cols - 1));
                    }
                    c += cols;
                }
                if grid.cells.len() <= r {
                    grid.cells.resize_with(r + 1, Vec::new);
                }
            }
            grid
        })
        .collect()
}

/// Whether a row is `table`'s own (not one of a table nested inside a cell).
fn belongs_to(row: ElementRef, table: ElementRef) -> bool {
    row.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table")
        .map(|e| e.id())
        == Some(table.id())
}
