//! Finding the Biểu 06 header by its Vietnamese labels, not by row numbers: each column's
//! labels from the top of the header down (merged cells read in every cell they cover) say
//! which group it is under and what it counts. Labels are compared NFC, accent- and
//! case-folded, spacing ignored, on the words that carry the meaning, so each system's own
//! wording matches ("Số mới tiếp nhận trực tuyến" or "Trực tuyến", "Trả đúng thời hạn" or
//! "Đúng hạn").

use super::grid::Grid;
use crate::model::stats::Col;

/// What a column of the report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The unit's name.
    Name,
    Count(Col),
    /// A "Tổng số" column: the sum of its group's parts.
    Total(Group),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Received,
    Resolved,
    Pending,
}

impl Group {
    /// The columns a "Tổng số" of the group adds up (Biểu 06: (3) = (4) + (5) + (6), …).
    pub fn parts(self) -> &'static [Col] {
        match self {
            Group::Received => &[Col::CarriedOver, Col::ReceivedOnline, Col::ReceivedDirect],
            Group::Resolved => &[Col::ResolvedEarly, Col::ResolvedOnTime, Col::ResolvedLate],
            Group::Pending => &[Col::PendingInTime, Col::PendingOverdue],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Received => "Số hồ sơ nhận giải quyết",
            Group::Resolved => "Số hồ sơ đã giải quyết",
            Group::Pending => "Số hồ sơ đang giải quyết",
        }
    }
}

/// The header of one sheet.
#[derive(Debug)]
pub(crate) struct Header {
    /// First and last row of the header (0-based).
    pub first: usize,
    /// The first row after the header (and after the row of column numbers, if any).
    pub body: usize,
    /// (column, what it holds), in column order.
    pub fields: Vec<(usize, Field)>,
    /// Columns with labels that import does not read: (column, row of the label, the label).
    pub unread: Vec<(usize, usize, String)>,
}

/// A label folded for matching: NFC, no accents, lower case, single spaces.
pub(crate) fn norm(s: &str) -> String {
    super::grid::squash(&crate::text::fold(&crate::text::nfc(s)))
}

fn is_total(s: &str) -> bool {
    s.starts_with("tong so") || s == "tong" || s.starts_with("tong cong")
}

/// A row of column numbers: `(1)`, `(2)`, `(3)=(4)+(5)+(6)`, or bare `1`, `2`, `3`.
fn is_number_row(g: &Grid, row: usize) -> bool {
    let cells: Vec<&str> = (0..g.width())
        .map(|c| g.text(row, c))
        .filter(|t| !t.is_empty())
        .collect();
    cells.len() >= 3
        && cells.iter().enumerate().all(|(i, t)| {
            t.starts_with('(') || (t.parse::<usize>().ok() == Some(i + 1) && cells.len() > 4)
        })
}

/// Finds the header: the first row with at least two "Tổng số" cells, and the rows with
/// several labels just above it.
pub(crate) fn find(g: &Grid) -> Option<Header> {
    let width = g.width();
    let totals_row = (0..g.cells.len()).find(|&r| {
        (0..width)
            .filter(|&c| is_total(&norm(g.shown(r, c))))
            .count()
            >= 2
    })?;
    let labelled = |r: usize| (0..width).filter(|&c| !g.text(r, c).is_empty()).count() >= 2;
    let mut first = totals_row;
    while first > 0 && totals_row - first < 3 && labelled(first - 1) {
        first -= 1;
    }
    // Rows below "Tổng số" that still hold labels (e.g. under "Trong đó"), up to the numbers.
    let mut body = totals_row + 1;
    while body < g.cells.len()
        && body - totals_row <= 2
        && !is_number_row(g, body)
        && has_words_only(g, body)
        && labelled(body)
    {
        body += 1;
    }
    let last = body - 1;
    if body < g.cells.len() && is_number_row(g, body) {
        body += 1;
    }
    let mut fields = Vec::new();
    let mut unread = Vec::new();
    for c in 0..width {
        let mut path: Vec<String> = Vec::new();
        let mut deepest = (first, String::new());
        for r in first..=last {
            let t = norm(g.shown(r, c));
            if !t.is_empty() && path.last() != Some(&t) {
                path.push(t);
                deepest = (r, g.shown(r, c).to_owned());
            }
        }
        if path.is_empty() {
            continue;
        }
        match classify(&path) {
            Some(f) => fields.push((c, f)),
            None if !matches!(path.as_slice(), [one] if ["stt", "tt", "so tt"].contains(&one.as_str())) =>
            {
                unread.push((c, deepest.0, deepest.1));
            }
            None => {}
        }
    }
    Some(Header {
        first,
        body,
        fields,
        unread,
    })
}

/// A header row below "Tổng số" has labels, not figures.
fn has_words_only(g: &Grid, row: usize) -> bool {
    (0..g.width()).all(|c| {
        let t = g.text(row, c);
        t.is_empty() || t.chars().any(char::is_alphabetic)
    })
}

/// What a column's labels (top to bottom, folded) say it holds.
fn classify(path: &[String]) -> Option<Field> {
    let any = |words: &[&str]| path.iter().any(|p| words.iter().any(|w| p.contains(w)));
    let leaf = path.last()?.as_str();
    let has = |w: &str| leaf.contains(w);
    if any(&["dang giai quyet", "dang xu ly", "chua giai quyet"]) {
        return Some(if is_total(leaf) {
            Field::Total(Group::Pending)
        } else if has("trong han") || has("chua den han") {
            Field::Count(Col::PendingInTime)
        } else if has("qua han") {
            Field::Count(Col::PendingOverdue)
        } else {
            return None;
        });
    }
    if any(&["da giai quyet", "da xu ly"]) {
        return Some(if is_total(leaf) {
            Field::Total(Group::Resolved)
        } else if has("truoc han") {
            Field::Count(Col::ResolvedEarly)
        } else if has("dung han") || has("dung thoi han") {
            Field::Count(Col::ResolvedOnTime)
        } else if has("qua han") {
            Field::Count(Col::ResolvedLate)
        } else {
            return None;
        });
    }
    if any(&["nhan giai quyet", "tiep nhan", "ky truoc"]) {
        return Some(if has("ky truoc") {
            Field::Count(Col::CarriedOver)
        } else if has("truc tuyen") {
            Field::Count(Col::ReceivedOnline)
        } else if has("truc tiep") || has("buu chinh") {
            Field::Count(Col::ReceivedDirect)
        } else if is_total(leaf) {
            Field::Total(Group::Received)
        } else {
            return None;
        });
    }
    if path.len() == 1 && (leaf.contains("don vi") || leaf.contains("co quan")) {
        return Some(Field::Name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &[&str]) -> Option<Field> {
        classify(&path.iter().map(|p| norm(p)).collect::<Vec<_>>())
    }

    #[test]
    fn official_and_system_wordings() {
        let recv = "Số hồ sơ nhận giải quyết";
        assert_eq!(f(&[recv, "Tổng số"]), Some(Field::Total(Group::Received)));
        assert_eq!(
            f(&[recv, "Trong đó", "Số mới tiếp nhận trực tuyến"]),
            Some(Field::Count(Col::ReceivedOnline))
        );
        assert_eq!(
            f(&[recv, "Trong đó", "Số kỳ trước chuyển qua"]),
            Some(Field::Count(Col::CarriedOver))
        );
        assert_eq!(
            f(&[recv, "Số mới tiếp nhận (trực tiếp hoặc dịch vụ bưu chính)"]),
            Some(Field::Count(Col::ReceivedDirect))
        );
        assert_eq!(
            f(&[recv, "Trực tiếp, dịch vụ bưu chính"]),
            Some(Field::Count(Col::ReceivedDirect))
        );
        assert_eq!(
            f(&[recv, "Từ kỳ trước"]),
            Some(Field::Count(Col::CarriedOver))
        );
        let done = ["Kết quả giải quyết", "Số hồ sơ đã giải quyết"];
        assert_eq!(
            f(&[done[0], done[1], "Trả đúng thời hạn"]),
            Some(Field::Count(Col::ResolvedOnTime))
        );
        assert_eq!(
            f(&[done[0], done[1], "Đúng hạn"]),
            Some(Field::Count(Col::ResolvedOnTime))
        );
        assert_eq!(
            f(&[done[0], done[1], "TRẢ  QUÁ HẠN"]),
            Some(Field::Count(Col::ResolvedLate))
        );
        let open = ["Kết quả giải quyết", "Số hồ sơ đang giải quyết"];
        assert_eq!(
            f(&[open[0], open[1], "Quá hạn"]),
            Some(Field::Count(Col::PendingOverdue))
        );
        assert_eq!(
            f(&[open[0], open[1], "Tổng số"]),
            Some(Field::Total(Group::Pending))
        );
        assert_eq!(f(&["Tên đơn vị"]), Some(Field::Name));
        assert_eq!(f(&["STT"]), None);
    }
}
