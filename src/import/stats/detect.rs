//! The report's format, told by its first bytes (an `.xls` name often holds an HTML table).

use super::grid::{self, Grid};

const ZIP: &[u8] = b"PK\x03\x04";
const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The sheets of a report, whatever its format.
pub(crate) fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    if bytes.starts_with(ZIP) || bytes.starts_with(CFB) {
        return grid::workbook(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("it is not a workbook and not UTF-8 text ({e})"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('<') {
        let tables = super::html::tables(text);
        if tables.is_empty() {
            return Err("it is an HTML page without a table".into());
        }
        return Ok(tables);
    }
    Ok(vec![grid::csv(text)?])
}
