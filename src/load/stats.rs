//! Reading statistics files: CSV exported from Excel (UTF-8 BOM, CRLF, headers in any order)
//! or YAML (a list of mappings with the same keys). Both become [`Row`]s through the same
//! cell decoder, so both get the same diagnostics.

use super::yaml::{self, Value};
use crate::diag::{Diagnostic, Pos};
use crate::model::stats::{Col, ColSet, MAX_COUNT, Period, Row};
use crate::text;

/// The largest average resolution time, in days (a century).
const MAX_AVG_DAYS: u64 = 36_500;

const KEYS: [&str; 5] = ["period", "agency", "procedure", "note", "avg_days"];

fn known_names() -> impl Iterator<Item = &'static str> {
    KEYS.into_iter().chain(Col::ALL.iter().map(|c| c.name()))
}

/// The static name of a known column (rows keep only these, not a copy per cell).
fn known(name: &str) -> Option<&'static str> {
    known_names().find(|k| *k == name)
}

/// One row as text cells, before decoding: (header, text, position).
struct RawRow {
    pos: Pos,
    cells: Vec<(&'static str, String, Pos)>,
    /// The count columns of the file (CSV: its header; YAML: the row's keys).
    form: ColSet,
}

/// The source's lines, for the snippet under each diagnostic (found by index, not by
/// rescanning the file: a file of a million rows with a problem on each stays linear).
struct Lines<'s>(Vec<&'s str>);

impl<'s> Lines<'s> {
    fn new(source: &'s str) -> Self {
        Lines(source.lines().collect())
    }

    fn get(&self, line: u32) -> &'s str {
        (line as usize)
            .checked_sub(1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or("")
    }

    fn attach(&self, mut d: Diagnostic) -> Diagnostic {
        if d.line > 0 {
            d.source_line = self.0.get(d.line as usize - 1).map(|l| (*l).to_owned());
        }
        d
    }
}

/// Turns the byte offsets of records, in increasing order, into line numbers, counting each
/// newline once.
struct LineCounter<'s> {
    bytes: &'s [u8],
    at: usize,
    line: u32,
}

impl<'s> LineCounter<'s> {
    fn new(source: &'s str) -> Self {
        LineCounter {
            bytes: source.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: u64) -> u32 {
        let mut end = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        // After CRLF the csv crate reports the record as starting at the `\n`.
        if self.bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        if end < self.at {
            // Not expected (offsets grow); count from the start again rather than be wrong.
            self.at = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.at..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u32;
        self.at = end;
        self.line
    }
}

/// Parses a CSV statistics file, in time linear in its size.
pub fn csv(file: &str, source: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let lines = Lines::new(source);
    let (rows, diags) = csv_rows(file, source, &lines);
    (rows, diags.into_iter().map(|d| lines.attach(d)).collect())
}

fn csv_rows(file: &str, source: &str, lines: &Lines) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut counter = LineCounter::new(source);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(source.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                file,
                Pos { line: 1, col: 1 },
                format!("cannot read the CSV header: {e}"),
            ));
            return (Vec::new(), diags);
        }
    };
    let header_cols = field_starts(lines.get(1));
    let mut usable = vec![true; headers.len()];
    for (i, h) in headers.iter().enumerate() {
        let pos = Pos {
            line: 1,
            col: header_cols.get(i).copied().unwrap_or(1),
        };
        if !known_names().any(|k| k == h) {
            usable[i] = false;
            let help = match text::did_you_mean(h, known_names()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!(
                    "known columns: {}",
                    known_names().collect::<Vec<_>>().join(", ")
                ),
            };
            diags.push(error(
                file,
                pos,
                h.chars().count(),
                format!("unknown column `{h}`"),
                help,
            ));
        } else if headers[..i].contains(h) {
            usable[i] = false;
            diags.push(error(
                file,
                pos,
                h.chars().count(),
                format!("column `{h}` appears twice"),
                "remove one of the two columns",
            ));
        }
    }
    for required in ["period", "agency"] {
        if !headers.iter().any(|h| h == required) {
            diags.push(error(
                file,
                Pos { line: 1, col: 1 },
                1,
                format!("the header has no `{required}` column"),
                "the first line names the columns: period,agency,procedure,received_online,…",
            ));
        }
    }
    // The form: every count column the header names.
    let form: ColSet = headers
        .iter()
        .zip(&usable)
        .filter(|(_, ok)| **ok)
        .filter_map(|(h, _)| Col::from_name(h))
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| counter.line_at(p.byte()));
                diags.push(error(
                    file,
                    Pos { line, col: 1 },
                    1,
                    format!("cannot read this CSV line: {e}"),
                    "check the quotes on this line",
                ));
                continue;
            }
        };
        // From the byte offset: the csv crate's own line count is off by one with CRLF.
        let line = record.position().map_or(0, |p| counter.line_at(p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let starts = field_starts(lines.get(line));
        if record.len() > headers.len() {
            let col = starts.get(headers.len()).copied().unwrap_or(1);
            diags.push(error(
                file,
                Pos { line, col },
                1,
                format!(
                    "this line has {} cells but the header names {} columns",
                    record.len(),
                    headers.len()
                ),
                "remove the extra cells or add their column to the header",
            ));
        }
        let cells = record
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < headers.len() && usable[*i])
            .filter_map(|(i, v)| Some((i, v, known(&headers[i])?)))
            .map(|(i, v, name)| {
                (
                    name,
                    v.trim().to_owned(),
                    Pos {
                        line,
                        col: starts.get(i).copied().unwrap_or(1),
                    },
                )
            })
            .collect();
        let raw = RawRow {
            pos: Pos { line, col: 1 },
            cells,
            form,
        };
        if let Some(row) = decode(file, raw, &mut diags) {
            rows.push(row);
        }
    }
    (rows, diags)
}

/// Parses a YAML statistics file: a list of mappings with the CSV's column names as keys. A
/// row's form is the keys it has.
pub fn yaml(file: &str, source: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let lines = Lines::new(source);
    let (rows, diags) = yaml_rows(file, source);
    (rows, diags.into_iter().map(|d| lines.attach(d)).collect())
}

fn yaml_rows(file: &str, source: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let root = match yaml::parse(source) {
        Ok(r) => r,
        Err(e) => {
            diags.push(error(file, e.pos, 1, e.message, e.help.unwrap_or_default()));
            return (Vec::new(), diags);
        }
    };
    let Value::Seq(items) = &root.value else {
        diags.push(error(
            file,
            root.pos,
            1,
            format!("expected a list of rows, found {}", root.kind_name()),
            "write one `- period: 2026-05` item per row",
        ));
        return (Vec::new(), diags);
    };
    let mut rows = Vec::new();
    for item in items {
        let Value::Map(entries) = &item.value else {
            diags.push(error(
                file,
                item.pos,
                1,
                format!(
                    "a row must be a mapping (key: value), found {}",
                    item.kind_name()
                ),
                "write `period: 2026-05`, `agency: …` and the figures",
            ));
            continue;
        };
        let mut cells = Vec::new();
        for (key, node) in entries {
            if !known_names().any(|k| k == key.name) {
                let help = text::did_you_mean(&key.name, known_names()).map_or_else(
                    || {
                        format!(
                            "known keys: {}",
                            known_names().collect::<Vec<_>>().join(", ")
                        )
                    },
                    |m| format!("did you mean `{m}`?"),
                );
                diags.push(error(
                    file,
                    key.pos,
                    key.name.chars().count(),
                    format!("unknown key `{}`", key.name),
                    help,
                ));
                continue;
            }
            let value = match &node.value {
                Value::Null => String::new(),
                Value::Str(s) => s.clone(),
                Value::Seq(_) | Value::Map(_) => {
                    diags.push(error(
                        file,
                        node.pos,
                        1,
                        format!(
                            "`{}`: expected a single value, found {}",
                            key.name,
                            node.kind_name()
                        ),
                        "write one number or text",
                    ));
                    continue;
                }
                // A number or true/false as written (`1.093` stays text for the decoder to
                // refuse), or as read when the source position is unknown: never "not reported".
                Value::Bool(b) => node
                    .raw_text(source)
                    .map_or_else(|| b.to_string(), str::to_owned),
                Value::Int(i) => node
                    .raw_text(source)
                    .map_or_else(|| i.to_string(), str::to_owned),
                Value::Float(f) => node
                    .raw_text(source)
                    .map_or_else(|| f.to_string(), str::to_owned),
            };
            if let Some(name) = known(&key.name) {
                cells.push((name, value, node.pos));
            }
        }
        let form = cells
            .iter()
            .filter_map(|(n, _, _)| Col::from_name(n))
            .collect();
        if let Some(row) = decode(
            file,
            RawRow {
                pos: item.pos,
                cells,
                form,
            },
            &mut diags,
        ) {
            rows.push(row);
        }
    }
    (rows, diags)
}

/// Turns text cells into a typed row. Row-level rules run later, in `validate::stats`.
fn decode(file: &str, raw: RawRow, diags: &mut Vec<Diagnostic>) -> Option<Row> {
    // (where, width, message, help) of every cell that does not decode.
    let mut errors: Vec<(Pos, usize, String, String)> = Vec::new();
    let mut period = None;
    let mut agency = None;
    let mut procedure = None;
    let mut note = None;
    let mut avg_days = None;
    let mut values = [None; Col::ALL.len()];
    for (name, value, pos) in &raw.cells {
        let value = text::nfc(value);
        if value.is_empty() {
            continue; // not reported (a missing period or agency is reported below)
        }
        let mut fail = |message: String, help: String| {
            errors.push((*pos, value.chars().count(), message, help));
        };
        match *name {
            "period" => match Period::parse(&value) {
                Some(p) => period = Some(p),
                None => fail(
                    format!("period `{value}` is not a month"),
                    "write the month as YYYY-MM, e.g. 2026-05".into(),
                ),
            },
            "agency" => agency = Some(value),
            "procedure" => procedure = Some(value),
            "note" => note = Some(value),
            "avg_days" => match parse_hundredths(&value) {
                Some(v) if v <= MAX_AVG_DAYS * 100 => avg_days = Some(v),
                Some(_) => fail(
                    format!("avg_days `{value}` is too large"),
                    format!("an average is at most {MAX_AVG_DAYS} days: check for extra digits"),
                ),
                None => fail(
                    format!("avg_days `{value}` is not a number of days"),
                    "write a number such as 3.5 (or leave the cell empty: not reported)".into(),
                ),
            },
            column => {
                let Some(col) = Col::from_name(column) else {
                    continue;
                };
                let digits = value.bytes().all(|b| b.is_ascii_digit());
                match value.parse::<u64>() {
                    Ok(v) if v <= MAX_COUNT => values[col as usize] = Some(v),
                    _ if digits => fail(
                        format!("{column} `{value}` is too large for a count"),
                        format!(
                            "a count is at most {}: check for extra digits",
                            text::group_thousands(MAX_COUNT, '.')
                        ),
                    ),
                    _ => fail(
                        format!("{column} `{value}` is not a count"),
                        count_help(&value),
                    ),
                }
            }
        }
    }
    let has_cell = |key: &str| raw.cells.iter().any(|(n, v, _)| *n == key && !v.is_empty());
    if !has_cell("agency") {
        errors.push((
            raw.pos,
            1,
            "this row has no agency".into(),
            "write the agency id (the file name under content/agencies/, without .yaml)".into(),
        ));
    }
    if !has_cell("period") {
        errors.push((
            raw.pos,
            1,
            "this row has no period".into(),
            "write the month as YYYY-MM, e.g. 2026-05".into(),
        ));
    }
    if !errors.is_empty() {
        diags.extend(
            errors
                .into_iter()
                .map(|(pos, width, message, help)| error(file, pos, width, message, help)),
        );
        return None;
    }
    let row = Row {
        file: file.to_owned(),
        pos: raw.pos,
        form: raw.form,
        cells: raw.cells.into_iter().map(|(n, _, p)| (n, p)).collect(),
        period: period?,
        agency: agency?,
        procedure,
        values,
        avg_days,
        note,
    };
    Some(row)
}

/// How to write a count that did not parse.
fn count_help(value: &str) -> String {
    if value.starts_with('-') {
        "counts cannot be negative".to_owned()
    } else if value.contains(['.', ',', ' '])
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || ".,  ".contains(c))
    {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        format!("write counts without thousands separators: {digits}")
    } else {
        "write a whole number, or leave the cell empty when the figure is not reported (empty is not zero)".to_owned()
    }
}

fn error(
    file: &str,
    pos: Pos,
    width: usize,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(file, pos, message)
        .width(width)
        .help(help)
}

/// `3.5`, `3,5`, `12` → hundredths (350, 350, 1200); more than two decimals is refused.
fn parse_hundredths(s: &str) -> Option<u64> {
    let s = s.replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    Some(whole.parse::<u64>().ok()?.checked_mul(100)? + frac.parse::<u64>().ok()?)
}

/// The 1-based column (in characters) where each CSV field of `line` starts.
fn field_starts(line: &str) -> Vec<u32> {
    let mut starts = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(i as u32 + 2),
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "period,agency,procedure,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue";

    #[test]
    fn reads_excel_exports_bom_crlf_any_order() {
        let src =
            "\u{feff}agency,period,received_online,received_direct\r\nttcc,2022-05,4685,5712\r\n";
        let (rows, diags) = csv("content/stats/x.csv", src);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows[0].period.to_string(), "2022-05");
        assert_eq!(rows[0].get(Col::ReceivedOnline), Some(4685));
        assert_eq!(
            rows[0].get(Col::ReceivedPostal),
            None,
            "missing is not reported, not zero"
        );
        assert_eq!(rows[0].pos_of("received_direct"), Pos { line: 2, col: 19 });
    }

    #[test]
    fn empty_cells_are_not_reported() {
        let src = format!("{HEAD}\n2026-05,a,,0,10,,,,,,,\n");
        let (rows, diags) = csv("s.csv", &src);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows[0].get(Col::CarriedOver), Some(0));
        assert_eq!(rows[0].get(Col::ReceivedDirect), None);
    }

    #[test]
    fn unknown_headers_and_bad_cells_are_located() {
        let src = "period,agency,recieved_online,resolved_late\n2026-13,a,5,1.203\n";
        let (_, diags) = csv("s.csv", src);
        let messages: Vec<String> = diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} ({})",
                    d.line,
                    d.col,
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            messages,
            vec![
                "1:15 unknown column `recieved_online` (did you mean `received_online`?)",
                "2:1 period `2026-13` is not a month (write the month as YYYY-MM, e.g. 2026-05)",
                "2:13 resolved_late `1.203` is not a count (write counts without thousands separators: 1203)",
            ]
        );
    }

    #[test]
    fn yaml_rows_have_the_same_keys() {
        let src = "- period: 2026-05\n  agency: a\n  received_online: 3\n  avg_days: 2.5\n- period: 2026-05\n  agency: b\n  recieved_direct: 1\n";
        let (rows, diags) = yaml("s.yaml", src);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].avg_days, Some(250));
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].col), (7, 3));
    }

    #[test]
    fn lines_are_counted_once_across_quoted_newlines_and_crlf() {
        let src = "period,agency,received_online,note\r\n2026-05,a,1,\"two\r\nlines\"\r\n2026-05,b,x,\r\n";
        let (rows, diags) = csv("s.csv", src);
        assert_eq!(rows.len(), 1);
        assert_eq!((diags[0].line, diags[0].col), (4, 11));
        assert_eq!(diags[0].source_line.as_deref(), Some("2026-05,b,x,"));
    }

    #[test]
    fn hundredths() {
        assert_eq!(parse_hundredths("3,5"), Some(350));
        assert_eq!(parse_hundredths("12"), Some(1200));
        assert_eq!(parse_hundredths("1.234"), None);
    }
}
