//! Reading the portal's free-text values: deadlines, fees, counts of copies, dates.
//!
//! Every reader says what it could not read instead of guessing: an amount is either read from
//! digits followed by a currency word, or left to the editor with the text kept as the fee's note.

use crate::date::Date;
use crate::model::procedure::DeadlineUnit;
use crate::text::{fold, nfc};
use regex::Regex;
use std::sync::LazyLock;

/// Trimmed NFC text with runs of spacing collapsed to one space (newlines kept).
pub(crate) fn clean(s: &str) -> String {
    let s = nfc(s).replace(['\u{a0}', '\u{200b}'], " ");
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown with NFC and trimmed line ends, keeping one blank line between paragraphs.
pub(crate) fn clean_markdown(s: &str) -> String {
    let s = nfc(s).replace(['\u{a0}', '\u{200b}'], " ");
    let mut out: Vec<&str> = Vec::new();
    for l in s.lines().map(str::trim_end) {
        if l.trim().is_empty() {
            if out.last().is_some_and(|p| !p.is_empty()) {
                out.push("");
            }
        } else {
            out.push(l);
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Whether a value is absent: empty, or the portal's "Không có thông tin".
pub(crate) fn is_empty(s: &str) -> bool {
    let f = fold(s.trim());
    let f = f.trim_end_matches('.').trim();
    f.is_empty() || f == "khong co thong tin" || f == "khong co"
}

/// A deadline read from text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Deadline {
    pub value: f64,
    pub unit: DeadlineUnit,
    /// The whole source text, when it says more than the figure and the unit.
    pub rest: Option<String>,
    /// What needed judgement (a missing unit, several figures).
    pub note: Option<String>,
}

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:khong qua|trong vong|trong|toi da)\s+)?(\d+(?:[.,]\d+)?)\s*(ngay lam viec|ngay|gio lam viec|gio|thang|working[ _]days?|days?|hours?|months?)?\b\s*(.*)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "1 Ngày làm việc", "10 Ngày", "1 Giờ", "03 tháng", a bare "1" (working days, noted).
/// `Ok(None)`: no deadline given; `Err(())`: text it cannot read.
pub(crate) fn deadline(text: &str) -> Result<Option<Deadline>, ()> {
    let text = clean(text);
    if is_empty(&text) {
        return Ok(None);
    }
    let folded = fold(&text).replace('\n', " ");
    let caps = DEADLINE.captures(folded.trim()).ok_or(())?;
    let number = caps.get(1).map_or("", |m| m.as_str()).replace(',', ".");
    let value: f64 = number.parse().map_err(|_| ())?;
    let rest = caps.get(3).map_or("", |m| m.as_str()).trim();
    let unit = match caps.get(2).map(|m| m.as_str()) {
        Some("ngay lam viec") => DeadlineUnit::WorkingDays,
        Some(u) if u.starts_with("working") => DeadlineUnit::WorkingDays,
        Some("ngay") | Some("day") | Some("days") => DeadlineUnit::Days,
        Some(u) if u.starts_with("gio") || u.starts_with("hour") => DeadlineUnit::Hours,
        Some(u) if u.starts_with("thang") || u.starts_with("month") => DeadlineUnit::Months,
        Some(_) => return Err(()),
        None if rest.is_empty() => {
            return Ok(Some(Deadline {
                value,
                unit: DeadlineUnit::WorkingDays,
                rest: None,
                note: Some(format!(
                    "the deadline “{text}” has no unit: read as working days"
                )),
            }));
        }
        None => return Err(()),
    };
    let several = rest.chars().any(|c| c.is_ascii_digit());
    let prefixed = !folded.trim().starts_with(|c: char| c.is_ascii_digit());
    Ok(Some(Deadline {
        value,
        unit,
        rest: (!rest.is_empty() || prefixed).then(|| text.replace('\n', " ")),
        note: several.then(|| {
            format!(
                "the deadline “{}” has more than one figure: took the first, the whole text is the channel's note",
                text.replace('\n', " ")
            )
        }),
    }))
}

/// A fee read from text. `amount: None` means it could not be read: the editor decides, with
/// the text in `note`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fee {
    pub label: String,
    pub amount: Option<u64>,
    pub note: Option<String>,
    /// The text this fee came from.
    pub source: String,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]00)?\s*(việt nam đồng|vnđ|vnd|đồng|đ)(?:\b|$)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)lệ phí|phí").unwrap_or_else(|e| unreachable!("{e}")));

/// Digits with `.` or `,` thousands separators: "20.000", "20,000", "1.000.000".
pub(crate) fn amount_digits(s: &str) -> Option<u64> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

fn is_free(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim().trim_end_matches('.');
    matches!(
        f,
        "mien phi" | "mien le phi" | "khong thu phi" | "khong thu" | "khong" | "0"
    ) || f.starts_with("mien phi")
        || f.starts_with("mien le phi")
        || f.starts_with("khong thu phi")
        || f.starts_with("khong thu le phi")
}

fn trim_label(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '+' | '–' | ';' | ','))
        .to_owned()
}

fn trim_note(s: &str) -> Option<String> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '-' | '–'));
    let t = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) if !inner.contains('(') && !inner.contains(')') => inner.trim(),
        _ => t,
    };
    (!t.is_empty()).then(|| t.to_owned())
}

/// Fees in one cell: "Lệ phí : 20.000 Đồng", "20,000 Việt Nam Đồng", "Miễn phí", several in one
/// cell (one per line, or one per "Lệ phí"/"Phí" label). Unreadable text is kept as a note.
pub(crate) fn fees(text: &str) -> Vec<Fee> {
    let text = clean(text);
    if is_empty(&text) {
        return Vec::new();
    }
    let mut out: Vec<Fee> = Vec::new();
    let mut unread: Vec<String> = Vec::new();
    for piece in text
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let found = fees_in(piece);
        if found.is_empty() {
            if is_free(piece) {
                out.push(Fee {
                    label: if fold(piece).trim_end_matches('.') == "mien phi" {
                        "Lệ phí".into()
                    } else {
                        piece.to_owned()
                    },
                    amount: Some(0),
                    note: None,
                    source: piece.to_owned(),
                });
            } else {
                unread.push(piece.to_owned());
            }
        } else {
            out.extend(found);
        }
    }
    if !unread.is_empty() {
        let joined = unread.join(" ");
        // Text around readable fees (conditions, exemptions) stays with them, as a note.
        match out.iter_mut().rev().find(|f| f.amount.is_some()) {
            Some(last) => {
                last.note = Some(match last.note.take() {
                    Some(n) => format!("{n} {joined}"),
                    None => joined,
                });
            }
            None => out.push(Fee {
                label: "Phí, lệ phí".into(),
                amount: None,
                note: Some(joined.clone()),
                source: joined,
            }),
        }
    }
    out
}

/// The fees in one line: every amount followed by a currency word, each with the label before it.
fn fees_in(piece: &str) -> Vec<Fee> {
    let amounts: Vec<regex::Match> = AMOUNT.find_iter(piece).collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, m) in amounts.iter().enumerate() {
        let end = match amounts.get(i + 1) {
            Some(next) => {
                let between = &piece[m.end()..next.start()];
                match LABEL.find_iter(between).last() {
                    Some(l) => m.end() + l.start(),
                    None => m.end(),
                }
            }
            None => piece.len(),
        };
        let label = trim_label(&piece[start..m.start()]);
        let mut note = trim_note(&piece[m.end()..end.max(m.end())]);
        if let Some(n) = &note {
            if n.starts_with('/') {
                note = Some(format!("{}{n}", m.as_str()));
            }
        }
        let amount = AMOUNT
            .captures(m.as_str())
            .and_then(|c| c.get(1))
            .and_then(|d| amount_digits(d.as_str()));
        out.push(Fee {
            label: if label.is_empty() {
                "Lệ phí".into()
            } else {
                label
            },
            amount,
            note,
            source: piece[start..end.max(m.end())].trim().to_owned(),
        });
        start = end.max(m.end());
    }
    out
}

static PLAIN_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]0+)?\s*(?:việt nam đồng|vnđ|vnd|đồng|đ)?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A structured fee of the JSON record: `amount` as written (a number, "20,000", "Miễn phí", or
/// text it cannot read).
pub(crate) fn fee_amount(label: &str, amount: &str) -> Fee {
    let label = clean(label).replace('\n', " ");
    let amount = clean(amount).replace('\n', " ");
    let source = if label.is_empty() {
        amount.clone()
    } else {
        format!("{label}: {amount}")
    };
    let label_or = |default: &str| {
        if label.is_empty() {
            default.to_owned()
        } else {
            label.clone()
        }
    };
    if let Some(a) = PLAIN_AMOUNT
        .captures(&amount)
        .and_then(|c| c.get(1))
        .and_then(|d| amount_digits(d.as_str()))
    {
        return Fee {
            label: label_or("Lệ phí"),
            amount: Some(a),
            note: None,
            source,
        };
    }
    if is_empty(&amount) || is_free(&amount) {
        return Fee {
            label: label_or("Lệ phí"),
            amount: Some(0),
            note: (!is_empty(&amount) && fold(&amount) != "mien phi").then(|| amount.clone()),
            source,
        };
    }
    let mut parsed = fees(&amount);
    if parsed.len() == 1 && parsed[0].amount.is_some() {
        let mut f = parsed.remove(0);
        if !label.is_empty() {
            f.label = label.clone();
        }
        return f;
    }
    Fee {
        label: label_or("Phí, lệ phí"),
        amount: None,
        note: Some(amount.clone()),
        source: amount,
    }
}

/// Originals and copies read from a count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Count {
    pub originals: u64,
    pub copies: u64,
    pub note: Option<String>,
}

static ORIGINALS: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        Regex::new(r"ban chinh\s*:?\s*(\d+)").unwrap_or_else(|e| unreachable!("{e}")),
        Regex::new(r"(\d+)\s*ban chinh").unwrap_or_else(|e| unreachable!("{e}")),
    ]
});
static COPIES: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        Regex::new(r"ban sao\s*:?\s*(\d+)").unwrap_or_else(|e| unreachable!("{e}")),
        Regex::new(r"(\d+)\s*ban sao").unwrap_or_else(|e| unreachable!("{e}")),
    ]
});
static SETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)\s*(bo|ban|to|quyen)?\.?$").unwrap_or_else(|e| unreachable!("{e}"))
});

fn first_number(res: &[Regex], folded: &str) -> Option<u64> {
    res.iter()
        .find_map(|r| r.captures(folded))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// "Bản chính: 1 - Bản sao: 0", "1 bản chính, 1 bản sao", "01 bộ".
/// `Ok(None)`: no count given; `Err(())`: text it cannot read.
pub(crate) fn count(text: &str) -> Result<Option<Count>, ()> {
    let text = clean(text);
    if is_empty(&text) {
        return Ok(None);
    }
    let folded = fold(&text).replace('\n', " ");
    let folded = folded.trim();
    let originals = first_number(&*ORIGINALS, folded);
    let copies = first_number(&*COPIES, folded);
    if originals.is_some() || copies.is_some() {
        return Ok(Some(Count {
            originals: originals.unwrap_or(0),
            copies: copies.unwrap_or(0),
            note: None,
        }));
    }
    if let Some(c) = SETS.captures(folded) {
        let n: u64 = c.get(1).and_then(|m| m.as_str().parse().ok()).ok_or(())?;
        return Ok(Some(Count {
            originals: n,
            copies: 0,
            note: Some(format!(
                "the count “{text}” does not say originals or copies: read as {n} original(s)"
            )),
        }));
    }
    Err(())
}

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\D|$)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\D|$)").unwrap_or_else(|e| unreachable!("{e}"))
});

/// "20-11-2014", "20/11/2014", "2014-11-20" (a time after it is ignored).
/// `Ok(None)`: no date given; `Err(())`: not a date.
pub(crate) fn date(text: &str) -> Result<Option<Date>, ()> {
    let text = clean(text);
    if is_empty(&text) {
        return Ok(None);
    }
    let (y, m, d) = if let Some(c) = DMY.captures(&text) {
        (c[3].to_owned(), c[2].to_owned(), c[1].to_owned())
    } else if let Some(c) = YMD.captures(&text) {
        (c[1].to_owned(), c[2].to_owned(), c[3].to_owned())
    } else {
        return Err(());
    };
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    Date::parse(&iso).map(Some).ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(s: &str) -> (f64, &'static str, bool) {
        let d = deadline(s).unwrap().unwrap();
        (d.value, d.unit.id(), d.note.is_some())
    }

    #[test]
    fn deadlines() {
        assert_eq!(dl("1 Ngày làm việc"), (1.0, "working_days", false));
        assert_eq!(dl("10 Ngày"), (10.0, "days", false));
        assert_eq!(dl("1 Giờ"), (1.0, "hours", false));
        assert_eq!(dl("03 tháng"), (3.0, "months", false));
        assert_eq!(dl("1"), (1.0, "working_days", true));
        assert_eq!(dl("0,5 ngày làm việc"), (0.5, "working_days", false));
        let d = deadline("05 ngày làm việc kể từ ngày nhận đủ hồ sơ")
            .unwrap()
            .unwrap();
        assert_eq!(
            d.rest.as_deref(),
            Some("05 ngày làm việc kể từ ngày nhận đủ hồ sơ")
        );
        assert!(deadline("Không có thông tin").unwrap().is_none());
        assert!(deadline("Theo quy định").is_err());
        assert!(deadline("2 tuần").is_err());
    }

    fn fee(
        label: &str,
        amount: Option<u64>,
        note: Option<&str>,
    ) -> (String, Option<u64>, Option<String>) {
        (label.into(), amount, note.map(Into::into))
    }

    fn read(s: &str) -> Vec<(String, Option<u64>, Option<String>)> {
        fees(s)
            .into_iter()
            .map(|f| (f.label, f.amount, f.note))
            .collect()
    }

    #[test]
    fn fees_in_real_shapes() {
        assert_eq!(
            read("Lệ phí : 20.000 Đồng"),
            vec![fee("Lệ phí", Some(20000), None)]
        );
        assert_eq!(
            read("20,000 Việt Nam Đồng"),
            vec![fee("Lệ phí", Some(20000), None)]
        );
        assert_eq!(read("Miễn phí"), vec![fee("Lệ phí", Some(0), None)]);
        assert_eq!(
            read("Lệ phí : 8.000 Đồng (Cấp bản sao trích lục) Phí : 5.000 Đồng/bản"),
            vec![
                fee("Lệ phí", Some(8000), Some("Cấp bản sao trích lục")),
                fee("Phí", Some(5000), Some("5.000 Đồng/bản")),
            ]
        );
        assert_eq!(
            read("Lệ phí: 1.000.000 đồng\nPhí thẩm định: 500.000 VNĐ"),
            vec![
                fee("Lệ phí", Some(1_000_000), None),
                fee("Phí thẩm định", Some(500_000), None),
            ]
        );
        assert_eq!(
            read("Theo quy định của HĐND tỉnh"),
            vec![fee(
                "Phí, lệ phí",
                None,
                Some("Theo quy định của HĐND tỉnh")
            )]
        );
        assert!(read("Không có thông tin").is_empty());
    }

    #[test]
    fn structured_fees() {
        let f = fee_amount("Lệ phí", "20000");
        assert_eq!((f.label.as_str(), f.amount), ("Lệ phí", Some(20000)));
        assert_eq!(
            fee_amount("Lệ phí", "20,000 Việt Nam Đồng").amount,
            Some(20000)
        );
        assert_eq!(fee_amount("Lệ phí", "20.000,00").amount, Some(20000));
        assert_eq!(fee_amount("", "Miễn phí").amount, Some(0));
        let f = fee_amount("Phí", "Theo Nghị quyết của HĐND");
        assert_eq!(f.amount, None);
        assert_eq!(f.note.as_deref(), Some("Theo Nghị quyết của HĐND"));
    }

    #[test]
    fn counts() {
        let c = |s| {
            count(s)
                .unwrap()
                .map(|c| (c.originals, c.copies, c.note.is_some()))
        };
        assert_eq!(c("Bản chính: 1 - Bản sao: 0"), Some((1, 0, false)));
        assert_eq!(c("1 bản chính, 1 bản sao"), Some((1, 1, false)));
        assert_eq!(c("Bản sao: 2"), Some((0, 2, false)));
        assert_eq!(c("01 bộ"), Some((1, 0, true)));
        assert_eq!(c("Không có thông tin"), None);
        assert!(count("tùy trường hợp").is_err());
    }

    #[test]
    fn dates() {
        let d = |s| date(s).unwrap().map(|d| d.to_string());
        assert_eq!(d("20-11-2014").as_deref(), Some("2014-11-20"));
        assert_eq!(d("20/11/2014").as_deref(), Some("2014-11-20"));
        assert_eq!(d("5/6/2015").as_deref(), Some("2015-06-05"));
        assert_eq!(d("2014-11-20T00:00:00").as_deref(), Some("2014-11-20"));
        assert!(date("31/02/2014").is_err());
        assert!(date("").unwrap().is_none());
    }
}
