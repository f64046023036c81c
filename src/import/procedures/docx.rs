//! The portal's Word download ("Tải về", `ChiTietTTHC_<code>.doc`): an OOXML package whatever its
//! extension. We read `word/document.xml` as a sequence of paragraphs (`w:p`) and tables (`w:tbl`
//! → `w:tr` → `w:tc`, with `w:gridSpan` and `w:vMerge` expanded), then find the labelled
//! paragraphs ("Mã thủ tục:", …) and the three kinds of table by their headers.

use super::mapping::group_steps;
use super::record::{RawCase, RawChannel, RawCount, RawFees, RawItem, RawLegal, RawResult, Record};
use super::values::clean;
use crate::text::fold;
use quick_xml::events::{BytesStart, Event};
use std::io::Read as _;

/// The largest `document.xml` we inflate (a guard against zip bombs).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// A block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Para(String),
    /// Rows of cells laid on the table grid: a cell spanning columns fills the first and leaves
    /// the others empty; a vertically merged cell repeats the text of the cell it continues.
    Table(Vec<Row>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub cells: Vec<String>,
    /// How many real cells (`w:tc`) the row has: one cell spanning the row is a caption.
    pub real_cells: usize,
    /// The paragraphs and nested tables of each cell, in order (empty for spanned and
    /// continued cells).
    pub blocks: Vec<Vec<Block>>,
}

/// Reads the body of an OOXML package.
pub(crate) fn blocks(bytes: &[u8]) -> Result<Vec<Block>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the file is not a readable Word (.docx) package: {e}"))?;
    let main = main_part(&mut zip).unwrap_or_else(|| "word/document.xml".to_owned());
    let mut xml = String::new();
    {
        let part = zip.by_name(&main).map_err(|_| {
            format!("the package has no `{main}`: it is not a Word document (.docx)")
        })?;
        part.take(MAX_XML)
            .read_to_string(&mut xml)
            .map_err(|e| format!("cannot read `{main}` in the package: {e}"))?;
    }
    parse(&xml).map_err(|e| format!("`{main}` is not well-formed XML: {e}"))
}

/// The main document part named by `_rels/.rels` (nearly always `word/document.xml`).
fn main_part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>) -> Option<String> {
    let mut rels = String::new();
    zip.by_name("_rels/.rels")
        .ok()?
        .take(1024 * 1024)
        .read_to_string(&mut rels)
        .ok()?;
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e)) | Ok(Event::Start(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let kind = attr(&e, b"Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attr(&e, b"Target")?;
                    return Some(target.trim_start_matches('/').to_owned());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        // OOXML parts are UTF-8; `unescape` works whichever quick-xml features others enable.
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[derive(Default)]
struct CellBuild {
    paras: Vec<String>,
    blocks: Vec<Block>,
    span: usize,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<CellBuild>>,
    row: Option<Vec<CellBuild>>,
    cell: Option<CellBuild>,
}

impl TableBuild {
    /// Lays the rows on the grid, expanding spans and vertical merges.
    fn finish(self) -> Vec<Row> {
        let mut out: Vec<Row> = Vec::new();
        for cells in self.rows {
            let mut grid: Vec<String> = Vec::new();
            let mut blocks: Vec<Vec<Block>> = Vec::new();
            let real_cells = cells.len();
            for c in cells {
                let col = grid.len();
                let (text, own) = match c.vmerge {
                    Some(false) => (
                        out.last()
                            .and_then(|r| r.cells.get(col))
                            .cloned()
                            .unwrap_or_default(),
                        Vec::new(),
                    ),
                    _ => (c.paras.join("\n"), c.blocks),
                };
                grid.push(text);
                blocks.push(own);
                for _ in 1..c.span.max(1) {
                    grid.push(String::new());
                    blocks.push(Vec::new());
                }
            }
            out.push(Row {
                cells: grid,
                real_cells,
                blocks,
            });
        }
        out
    }
}

/// Parses `document.xml` into blocks.
pub(crate) fn parse(xml: &str) -> Result<Vec<Block>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<TableBuild> = Vec::new();
    let mut para: Option<String> = None;
    let mut para_depth = 0usize;
    let mut in_text = false;
    let mut skip = 0usize;
    loop {
        let event = reader.read_event()?;
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                // Alternate content repeats itself in a fallback; deleted text is not text.
                b"Fallback" | b"del" | b"instrText" => skip = 1,
                b"p" => {
                    para_depth += 1;
                    if para_depth == 1 {
                        para = Some(String::new());
                    } else if let Some(p) = para.as_mut() {
                        p.push('\n');
                    }
                }
                b"t" => in_text = true,
                b"tbl" if para_depth == 0 => tables.push(TableBuild::default()),
                b"tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row = Some(Vec::new());
                    }
                }
                b"tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(CellBuild {
                            span: 1,
                            ..CellBuild::default()
                        });
                    }
                }
                other => empty_element(other, &e, &mut para, &mut tables),
            },
            Event::Empty(e) => empty_element(e.local_name().as_ref(), &e, &mut para, &mut tables),
            Event::Text(t) if in_text => {
                if let (Some(p), Ok(s)) = (para.as_mut(), t.decode()) {
                    p.push_str(&s);
                }
            }
            Event::CData(t) if in_text => {
                if let (Some(p), Ok(s)) = (para.as_mut(), t.decode()) {
                    p.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else if let Ok(name) = r.decode() {
                        p.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    para_depth = para_depth.saturating_sub(1);
                    if para_depth == 0 {
                        let text = clean(&para.take().unwrap_or_default());
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some(cell) => {
                                if !text.is_empty() {
                                    cell.paras.push(text.clone());
                                    cell.blocks.push(Block::Para(text));
                                }
                            }
                            None => {
                                if !text.is_empty() {
                                    blocks.push(Block::Para(text));
                                }
                            }
                        }
                    }
                }
                b"tc" => {
                    if let Some(t) = tables.last_mut() {
                        if let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                            row.push(cell);
                        }
                    }
                }
                b"tr" => {
                    if let Some(t) = tables.last_mut() {
                        if let Some(row) = t.row.take() {
                            t.rows.push(row);
                        }
                    }
                }
                b"tbl" if para_depth == 0 => {
                    if let Some(t) = tables.pop() {
                        let rows = t.finish();
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            // A table inside a cell: its rows are lines of the cell's text, and
                            // the table itself one of the cell's blocks.
                            Some(cell) => {
                                cell.paras.extend(rows.iter().map(|r| {
                                    r.cells
                                        .iter()
                                        .filter(|c| !c.is_empty())
                                        .cloned()
                                        .collect::<Vec<_>>()
                                        .join(" | ")
                                }));
                                cell.blocks.push(Block::Table(rows));
                            }
                            None => blocks.push(Block::Table(rows)),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

fn empty_element(
    name: &[u8],
    e: &BytesStart,
    para: &mut Option<String>,
    tables: &mut [TableBuild],
) {
    match name {
        b"tab" => {
            if let Some(p) = para.as_mut() {
                p.push(' ');
            }
        }
        b"br" | b"cr" => {
            if let Some(p) = para.as_mut() {
                p.push('\n');
            }
        }
        b"noBreakHyphen" => {
            if let Some(p) = para.as_mut() {
                p.push('-');
            }
        }
        b"gridSpan" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.span = attr(e, b"val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
            }
        }
        b"vMerge" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.vmerge = Some(attr(e, b"val").as_deref() == Some("restart"));
            }
        }
        _ => {}
    }
}

/// The labelled sections of the portal's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Code,
    Name,
    Levels,
    Fields,
    Steps,
    Channels,
    Documents,
    Audience,
    Agencies,
    Authority,
    Results,
    Legal,
    Requirements,
    Keywords,
    Description,
    /// A label our model has no key for: kept as a comment.
    Extra(&'static str),
}

const LABELS: [(&str, Slot); 20] = [
    ("Mã thủ tục", Slot::Code),
    ("Số quyết định", Slot::Extra("Số quyết định")),
    ("Tên thủ tục", Slot::Name),
    ("Cấp thực hiện", Slot::Levels),
    ("Loại thủ tục", Slot::Extra("Loại thủ tục")),
    ("Lĩnh vực", Slot::Fields),
    ("Trình tự thực hiện", Slot::Steps),
    ("Cách thức thực hiện", Slot::Channels),
    ("Thành phần hồ sơ", Slot::Documents),
    ("Đối tượng thực hiện", Slot::Audience),
    ("Cơ quan thực hiện", Slot::Agencies),
    ("Cơ quan có thẩm quyền", Slot::Authority),
    ("Địa chỉ tiếp nhận HS", Slot::Extra("Địa chỉ tiếp nhận HS")),
    (
        "Cơ quan được ủy quyền",
        Slot::Extra("Cơ quan được ủy quyền"),
    ),
    ("Cơ quan phối hợp", Slot::Extra("Cơ quan phối hợp")),
    ("Kết quả thực hiện", Slot::Results),
    ("Căn cứ pháp lý", Slot::Legal),
    ("Yêu cầu, điều kiện thực hiện", Slot::Requirements),
    ("Từ khóa", Slot::Keywords),
    ("Mô tả", Slot::Description),
];

/// A paragraph that starts with a label: the slot and the text after the colon.
fn labelled(text: &str) -> Option<(Slot, String)> {
    let folded = fold(text);
    for (label, slot) in LABELS {
        let l = fold(label);
        let Some(rest) = folded.strip_prefix(&l) else {
            continue;
        };
        let rest_trim = rest.trim_start();
        if !(rest_trim.starts_with(':') || rest_trim.is_empty()) {
            continue;
        }
        // The same number of characters in the original text (folding keeps one per letter).
        let skip = label.chars().count() + (rest.len() - rest_trim.len());
        let after: String = text.chars().skip(skip).collect();
        let value = after.trim_start().trim_start_matches(':').trim().to_owned();
        return Some((slot, value));
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TableKind {
    Channels,
    Documents,
    Legal,
    Other,
}

fn table_kind(rows: &[Row]) -> TableKind {
    let Some(head) = rows.first() else {
        return TableKind::Other;
    };
    let h: Vec<String> = head.cells.iter().map(|c| fold(c)).collect();
    let has = |w: &str| h.iter().any(|c| c.contains(w));
    if has("hinh thuc nop") || (has("thoi han") && has("phi")) {
        TableKind::Channels
    } else if has("ten giay to") || (has("mau don") && has("so luong")) {
        TableKind::Documents
    } else if has("so ky hieu") || has("trich yeu") {
        TableKind::Legal
    } else {
        TableKind::Other
    }
}

/// Column index of the first header containing one of `words` (folded).
fn column(head: &Row, words: &[&str]) -> Option<usize> {
    head.cells
        .iter()
        .position(|c| words.iter().any(|w| fold(c).contains(w)))
}

fn cell(row: &Row, col: Option<usize>) -> String {
    col.and_then(|c| row.cells.get(c))
        .cloned()
        .unwrap_or_default()
}

fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

/// Walks the blocks in order, keeping track of the labelled section they belong to.
#[derive(Default)]
struct Reader {
    r: Record,
    slot: Option<Slot>,
    texts: Vec<(Slot, String)>,
    /// Paragraphs of "Thành phần hồ sơ" since the last table: the next table's case.
    pending_case: Vec<String>,
    before_first_label: Vec<String>,
}

impl Reader {
    fn value(&mut self, slot: Slot, text: String) {
        if slot == Slot::Documents {
            self.pending_case.push(text);
        } else {
            self.texts.push((slot, text));
        }
    }

    fn enter(&mut self, slot: Slot) {
        if self.slot == Some(Slot::Documents) && !self.pending_case.is_empty() {
            let notes = std::mem::take(&mut self.pending_case).join(" ");
            self.r
                .extra
                .push(("Thành phần hồ sơ (ghi chú)".into(), notes));
        }
        self.slot = Some(slot);
    }

    fn text(&mut self, text: String) {
        match self.slot {
            Some(s) => self.value(s, text),
            None => self.before_first_label.push(text),
        }
    }

    fn para(&mut self, p: &str) {
        match labelled(p) {
            Some((s, value)) => {
                self.enter(s);
                if !value.is_empty() {
                    self.value(s, value);
                }
            }
            None => self.text(p.to_owned()),
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Para(p) => self.para(p),
            Block::Table(rows) => self.table(rows),
        }
    }

    fn table(&mut self, rows: &[Row]) {
        match table_kind(rows) {
            TableKind::Channels => read_channels(rows, &mut self.r),
            TableKind::Documents => {
                let case = std::mem::take(&mut self.pending_case).join(" ");
                read_documents(rows, case, &mut self.r);
            }
            TableKind::Legal => read_legal(rows, &mut self.r),
            // A table of "label | value" rows is the same record laid out as a table (the
            // value cell may hold the channel, document and legal tables); any other table is
            // text of the section it is in.
            TableKind::Other => {
                for row in rows.iter().filter(|row| !is_blank(row)) {
                    let first = row.cells.iter().position(|c| !c.is_empty());
                    let label = first.and_then(|i| labelled(&row.cells[i]).map(|l| (i, l)));
                    let nested = row
                        .blocks
                        .iter()
                        .any(|b| b.iter().any(|x| matches!(x, Block::Table(_))));
                    match label {
                        Some((i, (s, v))) => {
                            self.enter(s);
                            if !v.is_empty() {
                                self.value(s, v);
                            }
                            for cell in row.blocks.iter().skip(i + 1) {
                                for b in cell {
                                    self.block(b);
                                }
                            }
                        }
                        None if nested => {
                            for cell in &row.blocks {
                                for b in cell {
                                    self.block(b);
                                }
                            }
                        }
                        None => {
                            let line = row
                                .cells
                                .iter()
                                .filter(|c| !c.is_empty())
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .join(" | ");
                            self.text(line);
                        }
                    }
                }
            }
        }
    }
}

/// Reads a record from the body blocks.
pub(crate) fn record(blocks: &[Block]) -> Record {
    let mut reader = Reader::default();
    for b in blocks {
        reader.block(b);
    }
    let Reader {
        mut r,
        texts,
        pending_case,
        before_first_label,
        ..
    } = reader;
    if !pending_case.is_empty() {
        r.extra
            .push(("Thành phần hồ sơ (ghi chú)".into(), pending_case.join(" ")));
    }
    if !before_first_label.is_empty() {
        r.notes.push(format!(
            "text before the first label was taken as the document's heading and left out: “{}”",
            before_first_label.join(" / ")
        ));
    }
    let mut steps = Vec::new();
    let mut requirements = Vec::new();
    let mut description = Vec::new();
    for (s, text) in texts {
        match s {
            Slot::Code => r.code = join_line(&r.code, &text),
            Slot::Name => r.name = join_line(&r.name, &text),
            Slot::Levels => r.levels.push(text),
            Slot::Fields => r.fields.push(text),
            Slot::Audience => r.audience.push(text),
            Slot::Agencies => r.agencies.push(text),
            Slot::Authority => r.authority.push(text),
            Slot::Steps => steps.push(text),
            Slot::Channels => r.channels_text.push(text),
            Slot::Documents => {}
            Slot::Results => r.results.extend(text.lines().map(|l| RawResult {
                name: l.to_owned(),
                electronic: false,
            })),
            Slot::Legal => r.legal.push(RawLegal {
                title: text,
                ..RawLegal::default()
            }),
            Slot::Requirements => requirements.push(text),
            Slot::Keywords => r.keywords.push(text),
            Slot::Description => description.push(text),
            Slot::Extra(label) => match r.extra.iter_mut().find(|(l, _)| l == label) {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(&text);
                }
                None => r.extra.push((label.to_owned(), text)),
            },
        }
    }
    r.steps = group_steps(&steps);
    r.requirements = requirements.join("\n\n");
    r.description = description.join(" ");
    if !r.channels.is_empty() && !r.channels_text.is_empty() {
        r.extra
            .push(("Cách thức thực hiện".into(), r.channels_text.join(" ")));
        r.channels_text.clear();
    }
    r
}

fn join_line(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a} {b}")
    }
}

fn read_channels(rows: &[Row], r: &mut Record) {
    let Some(head) = rows.first() else { return };
    let method = column(head, &["hinh thuc"]);
    let deadline = column(head, &["thoi han"]);
    let fees = column(head, &["phi"]);
    let description = column(head, &["mo ta"]);
    for row in rows.iter().skip(1).filter(|row| !is_blank(row)) {
        r.channels.push(RawChannel {
            method: cell(row, method),
            deadline: cell(row, deadline),
            fees: RawFees::Text(cell(row, fees)),
            description: cell(row, description),
        });
    }
}

fn read_documents(rows: &[Row], case: String, r: &mut Record) {
    let Some(head) = rows.first() else { return };
    let name = column(head, &["ten giay to"]);
    let form = column(head, &["mau don", "to khai"]);
    let count = column(head, &["so luong"]);
    let mut group = RawCase {
        name: case,
        items: Vec::new(),
    };
    for row in rows.iter().skip(1).filter(|row| !is_blank(row)) {
        // One cell spanning the row names a case inside the table.
        if row.real_cells == 1 && row.cells.len() > 1 {
            if !group.items.is_empty() || !group.name.is_empty() {
                r.documents.push(std::mem::take(&mut group));
            }
            group.name = row.cells.concat();
            continue;
        }
        group.items.push(RawItem {
            name: cell(row, name),
            form: cell(row, form),
            count: RawCount::Text(cell(row, count)),
        });
    }
    r.documents.push(group);
}

fn read_legal(rows: &[Row], r: &mut Record) {
    let Some(head) = rows.first() else { return };
    let number = column(head, &["so ky hieu"]);
    let title = column(head, &["trich yeu"]);
    let issued = column(head, &["ngay ban hanh"]);
    let issuer = column(head, &["co quan ban hanh"]);
    for row in rows.iter().skip(1).filter(|row| !is_blank(row)) {
        r.legal.push(RawLegal {
            number: cell(row, number),
            title: cell(row, title),
            issued: cell(row, issued),
            issuer: cell(row, issuer),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_expand_spans_and_merges() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Mã thủ tục: </w:t></w:r><w:r><w:t>1.001193</w:t></w:r></w:p>
<w:tbl>
 <w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B &amp; C</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>span</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>m</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;
        let blocks = parse(xml).unwrap();
        assert_eq!(blocks[0], Block::Para("Mã thủ tục: 1.001193".into()));
        let Block::Table(rows) = &blocks[1] else {
            panic!("no table")
        };
        assert_eq!(rows[0].cells, vec!["A", "B & C"]);
        assert_eq!(rows[1].cells, vec!["span", ""]);
        assert_eq!(rows[1].real_cells, 1);
        assert_eq!(rows[3].cells, vec!["m", "2"]);
    }

    fn cell(text: &str) -> String {
        format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn a_record_laid_out_as_a_label_table_with_nested_tables() {
        let channels = format!(
            "<w:tbl><w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr></w:tbl>",
            cell("Hình thức nộp"),
            cell("Thời hạn giải quyết"),
            cell("Phí, lệ phí"),
            cell("Mô tả"),
            cell("Trực tiếp"),
            cell("1 Giờ"),
            cell("Lệ phí : 20.000 Đồng"),
            cell(""),
        );
        let xml = format!(
            "<w:document><w:body><w:tbl><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:p><w:r><w:t>Nộp theo một trong các cách sau</w:t></w:r></w:p>{channels}<w:p/></w:tc></w:tr><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>",
            cell("Tên thủ tục:"),
            cell("Đăng ký khai sinh"),
            cell("Cách thức thực hiện:"),
            cell("Mã thủ tục"),
            cell("1.001193"),
        );
        let r = record(&parse(&xml).unwrap());
        assert_eq!(r.name, "Đăng ký khai sinh");
        assert_eq!(r.code, "1.001193");
        assert_eq!(r.channels.len(), 1);
        assert_eq!(r.channels[0].deadline, "1 Giờ");
        assert_eq!(
            r.extra,
            vec![(
                "Cách thức thực hiện".to_owned(),
                "Nộp theo một trong các cách sau".to_owned()
            )]
        );
    }

    #[test]
    fn labels_with_or_without_a_value() {
        assert_eq!(
            labelled("Tên thủ tục: Đăng ký khai sinh"),
            Some((Slot::Name, "Đăng ký khai sinh".into()))
        );
        assert_eq!(
            labelled("Trình tự thực hiện:"),
            Some((Slot::Steps, String::new()))
        );
        assert_eq!(labelled("Tên thủ tục hành chính là"), None);
    }
}
