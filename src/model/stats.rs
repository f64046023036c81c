//! Monthly statistics (DESIGN §1.3, §2): rows as editors export them from their one-stop-shop
//! software (Biểu số 06, Thông tư 01/2020/TT-VPCP), and their columns. Parsing is in
//! `load::stats`, the rules that make published figures add up in `validate::stats`, the
//! indicators computed with exact integer arithmetic in `derive::stats`.
//!
//! An empty cell is *not reported* (`None`), never zero: every total and rate whose inputs are
//! not all reported is `None` and shows "—".
//!
//! A column absent from a file is *not part of that file's form* (its [`Row::form`]): sums, the
//! balance and rates use the columns the file has. The official Biểu 06 has one column for
//! "trực tiếp hoặc dịch vụ bưu chính" (`received_direct`) and no `received_postal`: its received
//! total is online + direct.

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

    /// Whether the column is one part of a sum (received, resolved, pending, stopped): a form
    /// without it counts those dossiers in the other parts, so it adds nothing to the sum.
    pub fn is_part(self) -> bool {
        RECEIVED
            .iter()
            .chain(&RESOLVED)
            .chain(&PENDING)
            .chain(&STOPPED)
            .any(|c| *c == self)
    }
}

/// The columns that add up to the dossiers received, resolved, pending and stopped.
pub const RECEIVED: [Col; 3] = [
    Col::ReceivedOnline,
    Col::ReceivedDirect,
    Col::ReceivedPostal,
];
pub const RESOLVED: [Col; 3] = [Col::ResolvedEarly, Col::ResolvedOnTime, Col::ResolvedLate];
pub const PENDING: [Col; 2] = [Col::PendingInTime, Col::PendingOverdue];
pub const STOPPED: [Col; 3] = [Col::Withdrawn, Col::Returned, Col::Suspended];

/// The largest count a cell may hold: far above any administration's month, far below what
/// sums of many rows can overflow.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// A set of columns: those of a file's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ColSet(u64);

impl ColSet {
    /// Every column (a row built without a file, e.g. in tests).
    pub fn all() -> ColSet {
        Col::ALL.into_iter().collect()
    }

    pub fn contains(self, c: Col) -> bool {
        self.0 & (1 << c as u32) != 0
    }

    pub fn insert(&mut self, c: Col) {
        self.0 |= 1 << c as u32;
    }

    pub fn union(self, other: ColSet) -> ColSet {
        ColSet(self.0 | other.0)
    }
}

impl FromIterator<Col> for ColSet {
    fn from_iter<I: IntoIterator<Item = Col>>(iter: I) -> Self {
        let mut set = ColSet::default();
        for c in iter {
            set.insert(c);
        }
        set
    }
}

/// The sum of `values`, `None` when one is `None` or the sum overflows (never a wrapped figure).
pub fn checked_sum(values: impl IntoIterator<Item = Option<u64>>) -> Option<u64> {
    values
        .into_iter()
        .try_fold(0u64, |acc, v| acc.checked_add(v?))
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
    /// The count columns of the row's file (its form); the others are not part of it.
    pub form: ColSet,
    /// Average days to resolve, in hundredths of a day.
    pub avg_days: Option<u64>,
    pub note: Option<String>,
}

impl Row {
    pub fn get(&self, c: Col) -> Option<u64> {
        self.values[c as usize]
    }

    /// Whether the row's file has the column `c`.
    pub fn has(&self, c: Col) -> bool {
        self.form.contains(c)
    }

    /// The sum of the columns of `cols` that the row's form has; `None` when the form has none
    /// of them or one of them is not reported (empty).
    pub fn sum(&self, cols: &[Col]) -> Option<u64> {
        let mut present = cols.iter().filter(|c| self.has(**c)).peekable();
        present.peek()?;
        checked_sum(present.map(|c| self.get(*c)))
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
