//! Display formatting of money, deadlines, days and dates, per language.

use super::theme::Strings;
use crate::config::Language;
use crate::model::agency::Weekday;
use crate::model::procedure::{Deadline, DeadlineUnit, Fee};
use crate::text;

#[derive(Debug, Clone)]
pub struct Formatter {
    pub lang: Language,
    pub strings: Strings,
}

impl Formatter {
    fn marks(&self) -> (char, char) {
        match self.lang {
            Language::Vi => (',', '.'),
            Language::En => ('.', ','),
        }
    }

    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key)
    }

    pub fn integer(&self, n: u64) -> String {
        text::group_thousands(n, self.marks().1)
    }

    /// `50.000 đồng` / `50,000 VND`, or "Miễn phí" / "Free" for 0.
    pub fn money(&self, amount: u64) -> String {
        if amount == 0 {
            self.t("fee.free").to_owned()
        } else {
            format!("{} {}", self.integer(amount), self.t("fee.currency"))
        }
    }

    pub fn fee(&self, fee: &Fee) -> String {
        format!("{}: {}", fee.label, self.money(fee.amount))
    }

    /// A channel's fees in one line: "Miễn phí" when there are none or all are zero.
    pub fn fees_line(&self, fees: &[Fee]) -> String {
        if fees.iter().all(|f| f.amount == 0) {
            return self.t("fee.free").to_owned();
        }
        if let [only] = fees {
            return self.money(only.amount);
        }
        fees.iter()
            .map(|f| self.fee(f))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A procedure's fees in a list: items of a fee list may be alternatives
    /// (first issue / renewal), so this is a range, never a sum.
    pub fn fee_range(&self, amounts: impl Iterator<Item = u64>) -> String {
        let (mut lo, mut hi) = (u64::MAX, 0);
        for a in amounts {
            lo = lo.min(a);
            hi = hi.max(a);
        }
        match (lo, hi) {
            (u64::MAX, _) | (_, 0) => self.t("fee.free").to_owned(),
            (lo, hi) if lo == hi => self.money(lo),
            (0, hi) => format!("{} – {}", self.t("fee.free"), self.money(hi)),
            (lo, hi) => format!("{} – {}", self.integer(lo), self.money(hi)),
        }
    }

    /// `3 ngày làm việc` / `3 working days`, `0,5 ngày làm việc`.
    pub fn deadline(&self, d: &Deadline) -> String {
        let (dec, thou) = self.marks();
        let number = text::format_decimal(d.value, 2, dec, thou);
        let plural = if d.value == 1.0 { "one" } else { "other" };
        let unit = match d.unit {
            DeadlineUnit::WorkingDays => "working_days",
            DeadlineUnit::Days => "days",
            DeadlineUnit::Hours => "hours",
            DeadlineUnit::Months => "months",
        };
        let key = format!("deadline.{unit}.{plural}");
        format!("{number} {}", self.t(&key))
    }

    pub fn weekday(&self, d: Weekday) -> &str {
        let key = match d {
            Weekday::Mon => "day.mon",
            Weekday::Tue => "day.tue",
            Weekday::Wed => "day.wed",
            Weekday::Thu => "day.thu",
            Weekday::Fri => "day.fri",
            Weekday::Sat => "day.sat",
            Weekday::Sun => "day.sun",
        };
        self.t(key)
    }

    /// Days as runs: "Thứ Hai – Thứ Sáu", or "Thứ Hai, Thứ Tư".
    pub fn days(&self, days: &[Weekday]) -> String {
        let mut sorted = days.to_vec();
        sorted.sort();
        sorted.dedup();
        let mut runs: Vec<(Weekday, Weekday)> = Vec::new();
        for d in sorted {
            match runs.last_mut() {
                Some((_, end)) if *end as usize + 1 == d as usize => *end = d,
                _ => runs.push((d, d)),
            }
        }
        runs.iter()
            .map(|(a, b)| match (*b as usize) - (*a as usize) {
                0 => self.weekday(*a).to_owned(),
                1 => format!("{}, {}", self.weekday(*a), self.weekday(*b)),
                _ => format!("{} – {}", self.weekday(*a), self.weekday(*b)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A file size for download links: `24 KB`, `1,2 MB`.
    pub fn size(&self, bytes: u64) -> String {
        let (dec, thou) = self.marks();
        if bytes < 1024 {
            format!("{bytes} B")
        } else if bytes < 1024 * 1024 {
            format!(
                "{} KB",
                text::format_decimal((bytes as f64 / 1024.0).round(), 0, dec, thou)
            )
        } else {
            format!(
                "{} MB",
                text::format_decimal(bytes as f64 / 1024.0 / 1024.0, 1, dec, thou)
            )
        }
    }
}

/// Formats hundredths of a percent: `45,06 %` (Vietnamese) or `45.06%` (English); "—" when it
/// cannot be computed.
pub(crate) fn percent(bp: Option<u64>, lang: &str) -> String {
    match bp {
        None => "—".to_owned(),
        Some(b) if lang == "vi" => format!("{},{:02} %", count(b / 100, lang), b % 100),
        Some(b) => format!("{}.{:02}%", count(b / 100, lang), b % 100),
    }
}

/// `4.685` (Vietnamese) or `4,685` (English).
pub(crate) fn count(n: u64, lang: &str) -> String {
    text::group_thousands(n, if lang == "vi" { '.' } else { ',' })
}

#[cfg(test)]
mod number_tests {
    use super::{count, percent};

    #[test]
    fn percentages_and_counts_follow_the_language() {
        assert_eq!(percent(Some(4506), "vi"), "45,06 %");
        assert_eq!(percent(Some(4506), "en"), "45.06%");
        assert_eq!(percent(Some(123_456), "vi"), "1.234,56 %");
        assert_eq!(percent(None, "vi"), "—");
        assert_eq!(count(10397, "vi"), "10.397");
        assert_eq!(count(10397, "en"), "10,397");
    }
}
