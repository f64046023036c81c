//! The report's format, told by its first bytes (an `.xls` name often holds an HTML table).

use super::grid::{self, Grid};

const ZIP: &[u8] = b"PK\x03\x04";
const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The sheets of a report, whatever its format.
pub(crate) fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    if bytes.starts_with(ZIP) || bytes.starts_with(CFB) {
        return grid::workbook(bytes);
    }
    let decoded;
    let text = if let Some(utf16) = bytes.strip_prefix(b"\xFF\xFE") {
        // Some exporters write their HTML as UTF-16 (little endian, with its BOM).
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        decoded = String::from_utf16(&units)
            .map_err(|_| "it is UTF-16 text with an invalid character".to_owned())?;
        decoded.as_str()
    } else {
        std::str::from_utf8(bytes)
            .map_err(|e| format!("it is not a workbook and not UTF-8 text ({e})"))?
    };
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

#[cfg(test)]
mod tests {
    use super::grids;

    #[test]
    fn the_first_bytes_tell_the_format() {
        let html = "<table><tr><td>a</td><td rowspan=\"2\">b</td></tr><tr><td>c</td></tr></table>";
        let g = grids(html.as_bytes()).unwrap();
        assert_eq!(g[0].sheet, "bảng 1");
        assert_eq!(g[0].shown(1, 1), "b", "a rowspan covers the cell below");
        assert_eq!(g[0].text(1, 0), "c");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(html.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(grids(&utf16).unwrap()[0].text(0, 0), "a");
        assert_eq!(grids(b"x,y\n1,2\n").unwrap()[0].text(1, 1), "2");
        assert!(grids(b"PK\x03\x04broken").is_err());
        assert!(grids(b"\xFF\x00\x81").is_err());
    }
}
