//! Monthly statistics (DESIGN §1.3, §2): rows as editors export them from their one-stop-shop
//! software (Biểu số 06, Thông tư 01/2020/TT-VPCP), the rules that make published figures add
//! up, and the indicators computed from them with exact integer arithmetic.
//!
//! An empty cell is *not reported* (`None`), never zero: every total and rate whose inputs are
//! not all reported is `None` and shows "—".

pub mod indicators;
pub mod parse;
pub mod rules;
pub mod scorecard;
pub mod series;

pub use indicators::{Indicators, Ratio};

use crate::diag::Pos;
use std::fmt;

/// The count columns of a row, in the order of the official form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    CarriedOver,
    ReceivedOnline,
    ReceivedDirect,
    ReceivedPostal,
    ReceivedOnlineFull,
    ReceivedOnlinePartial,
    ResolvedEarly,
    ResolvedOnTime,
    ResolvedLate,
    PendingInTime,
    PendingOverdue,
    Withdrawn,
    Returned,
    Suspended,
    FeeDossiers,
    PaidOnline,
    Digitized,
    EResults,
    RatingsTotal,
    RatingsSatisfied,
    Complaints,
    ComplaintsOnTime,
    /// Complaints handled with the complainant satisfied (766 §5.3).
    ComplaintsSatisfied,
    /// Dossiers complained about or rated dissatisfied (766 §5.4).
    DossiersDisliked,
}

impl Col {
    pub const ALL: [Col; 24] = [
        Col::CarriedOver,
        Col::ReceivedOnline,
        Col::ReceivedDirect,
        Col::ReceivedPostal,
        Col::ReceivedOnlineFull,
        Col::ReceivedOnlinePartial,
        Col::ResolvedEarly,
        Col::ResolvedOnTime,
        Col::ResolvedLate,
        Col::PendingInTime,
        Col::PendingOverdue,
        Col::Withdrawn,
        Col::Returned,
        Col::Suspended,
        Col::FeeDossiers,
        Col::PaidOnline,
        Col::Digitized,
        Col::EResults,
        Col::RatingsTotal,
        Col::RatingsSatisfied,
        Col::Complaints,
        Col::ComplaintsOnTime,
        Col::ComplaintsSatisfied,
        Col::DossiersDisliked,
    ];

    /// The column header as editors write it.
    pub fn name(self) -> &'static str {
        match self {
            Col::CarriedOver => "carried_over",
            Col::ReceivedOnline => "received_online",
            Col::ReceivedDirect => "received_direct",
            Col::ReceivedPostal => "received_postal",
            Col::ReceivedOnlineFull => "received_online_full",
            Col::ReceivedOnlinePartial => "received_online_partial",
            Col::ResolvedEarly => "resolved_early",
            Col::ResolvedOnTime => "resolved_on_time",
            Col::ResolvedLate => "resolved_late",
            Col::PendingInTime => "pending_in_time",
            Col::PendingOverdue => "pending_overdue",
            Col::Withdrawn => "withdrawn",
            Col::Returned => "returned",
            Col::Suspended => "suspended",
            Col::FeeDossiers => "fee_dossiers",
            Col::PaidOnline => "paid_online",
            Col::Digitized => "digitized",
            Col::EResults => "e_results",
            Col::RatingsTotal => "ratings_total",
            Col::RatingsSatisfied => "ratings_satisfied",
            Col::Complaints => "complaints",
            Col::ComplaintsOnTime => "complaints_on_time",
            Col::ComplaintsSatisfied => "complaints_satisfied",
            Col::DossiersDisliked => "dossiers_disliked",
        }
    }

    pub fn from_name(name: &str) -> Option<Col> {
        Col::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: u16,
    pub month: u8,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Period { year, month })
    }

    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `n` months earlier.
    pub fn months_back(self, n: u32) -> Period {
        (0..n).fold(self, |p, _| p.previous())
    }

    /// The same month a year earlier.
    pub fn year_before(self) -> Period {
        Period {
            year: self.year - 1,
            month: self.month,
        }
    }

    /// 1–4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One row: an agency's month, or one procedure's month at that agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Path relative to the site root.
    pub file: String,
    /// Where the row is (its first cell), and where each cell is.
    pub pos: Pos,
    pub cells: Vec<(&'static str, Pos)>,
    pub period: Period,
    pub agency: String,
    /// A procedure's slug or national code, as written; `None` for the agency's total row.
    pub procedure: Option<String>,
    pub values: [Option<u64>; Col::ALL.len()],
    /// Average days to resolve, in hundredths of a day.
    pub avg_days: Option<u64>,
    pub note: Option<String>,
}

impl Row {
    pub fn get(&self, c: Col) -> Option<u64> {
        self.values[c as usize]
    }

    /// The sum of `cols`, or `None` when any of them is not reported.
    pub fn sum(&self, cols: &[Col]) -> Option<u64> {
        cols.iter().map(|c| self.get(*c)).sum()
    }

    /// Where the cell of `name` is, or the row's start.
    pub fn pos_of(&self, name: &str) -> Pos {
        self.cells
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(self.pos, |(_, p)| *p)
    }
}

/// Every row of `content/stats/`, sorted by (period, agency, procedure, file, line).
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub rows: Vec<Row>,
}

impl Stats {
    pub fn sort(&mut self) {
        self.rows.sort_by(|a, b| {
            (a.period, &a.agency, &a.procedure, &a.file, a.pos).cmp(&(
                b.period,
                &b.agency,
                &b.procedure,
                &b.file,
                b.pos,
            ))
        });
    }
}
