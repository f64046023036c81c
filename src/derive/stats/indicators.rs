//! Indicators (DESIGN §2), computed with exact integer arithmetic: aggregates sum the counts,
//! then divide (never an average of percentages). A rate only takes rows in which every one
//! of its inputs is reported, so a not-reported cell never counts as zero.

use crate::model::stats::{Col, PENDING, RECEIVED, RESOLVED, Row};
use serde::Serialize;

/// `num / den`, kept exact until display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub num: u64,
    pub den: u64,
}

impl Ratio {
    /// The percentage in hundredths of a percent, rounded half up as official reports do;
    /// `None` when the denominator is 0.
    pub fn basis_points(self) -> Option<u64> {
        if self.den == 0 {
            return None;
        }
        Some(round_div(u128::from(self.num) * 10_000, u128::from(self.den)) as u64)
    }

    /// The rate as a JSON-friendly number with two decimals, or `None`.
    pub fn value(self) -> Option<f64> {
        self.basis_points().map(|b| b as f64 / 100.0)
    }
}

/// `num / den` rounded half up to an integer (official reports round half up).
pub fn round_div(num: u128, den: u128) -> u128 {
    (num * 2 + den) / (2 * den)
}

/// Average days to resolve, in hundredths, weighted by dossiers resolved, over the rows that
/// report both.
pub fn avg_days<'a>(rows: impl Iterator<Item = &'a Row>) -> Option<u64> {
    ratio(
        rows,
        |r| r.avg_days?.checked_mul(r.sum(&RESOLVED)?),
        |r| r.sum(&RESOLVED),
    )
    .map(|r| round_div(r.num.into(), r.den.into()) as u64)
}

/// A group's indicators for one period.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Indicators {
    /// Rows summed.
    pub rows: usize,
    pub received: Option<u64>,
    pub received_online: Option<u64>,
    pub resolved: Option<u64>,
    pub pending: Option<u64>,
    /// Pending past the legal deadline (the backlog).
    pub pending_overdue: Option<u64>,
    pub on_time: Option<Ratio>,
    pub early: Option<Ratio>,
    pub late: Option<Ratio>,
    /// Decision 766/QĐ-TTg 2.1: (early + on time + pending in time) / (resolved + pending).
    pub progress: Option<Ratio>,
    pub online: Option<Ratio>,
    pub full_online: Option<Ratio>,
    pub online_payment: Option<Ratio>,
    pub digitisation: Option<Ratio>,
    /// Survey satisfaction (ratings), not the 766 index.
    pub satisfaction: Option<Ratio>,
    /// Average days to resolve, in hundredths, weighted by dossiers resolved.
    pub avg_days: Option<u64>,
}

/// Sums `num` and `den` over the rows where both are reported; `None` (shown "—") when no row
/// reports them or the sums overflow, never a wrapped figure.
fn ratio<'a>(
    rows: impl Iterator<Item = &'a Row>,
    num: impl Fn(&Row) -> Option<u64>,
    den: impl Fn(&Row) -> Option<u64>,
) -> Option<Ratio> {
    let mut out: Option<Ratio> = None;
    for r in rows {
        if let (Some(n), Some(d)) = (num(r), den(r)) {
            let acc = out.unwrap_or(Ratio { num: 0, den: 0 });
            out = Some(Ratio {
                num: acc.num.checked_add(n)?,
                den: acc.den.checked_add(d)?,
            });
        }
    }
    out.filter(|r| r.den > 0)
}

/// The sum over the rows that report `f`; `None` when none does or the sum overflows.
fn total<'a>(rows: impl Iterator<Item = &'a Row>, f: impl Fn(&Row) -> Option<u64>) -> Option<u64> {
    let mut reported = rows.filter_map(f).peekable();
    reported.peek()?;
    crate::model::stats::checked_sum(reported.map(Some))
}

impl Indicators {
    pub fn of(rows: &[&Row]) -> Indicators {
        let it = || rows.iter().copied();
        let received = |r: &Row| r.sum(&RECEIVED);
        let resolved = |r: &Row| r.sum(&RESOLVED);
        let pending = |r: &Row| r.sum(&PENDING);
        let early_on_time = |r: &Row| r.sum(&[Col::ResolvedEarly, Col::ResolvedOnTime]);
        let col = |c: Col| move |r: &Row| r.get(c);
        Indicators {
            rows: rows.len(),
            received: total(it(), received),
            received_online: total(it(), col(Col::ReceivedOnline)),
            resolved: total(it(), resolved),
            pending: total(it(), pending),
            pending_overdue: total(it(), col(Col::PendingOverdue)),
            on_time: ratio(it(), early_on_time, resolved),
            early: ratio(it(), col(Col::ResolvedEarly), resolved),
            late: ratio(it(), col(Col::ResolvedLate), resolved),
            progress: ratio(
                it(),
                |r| early_on_time(r)?.checked_add(r.get(Col::PendingInTime)?),
                |r| resolved(r)?.checked_add(pending(r)?),
            ),
            online: ratio(it(), col(Col::ReceivedOnline), received),
            full_online: ratio(it(), col(Col::ReceivedOnlineFull), received),
            online_payment: ratio(it(), col(Col::PaidOnline), col(Col::FeeDossiers)),
            digitisation: ratio(it(), col(Col::Digitized), received),
            satisfaction: ratio(it(), col(Col::RatingsSatisfied), col(Col::RatingsTotal)),
            avg_days: avg_days(it()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::stats as parse;

    fn rows(body: &str) -> Vec<Row> {
        let head = "period,agency,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue,ratings_total,ratings_satisfied,avg_days";
        let (rows, diags) = parse::csv("s.csv", &format!("{head}\n{body}"));
        assert!(diags.is_empty(), "{diags:?}");
        rows
    }

    #[test]
    fn the_seed_figure_is_45_06_percent() {
        let r = Ratio {
            num: 4685,
            den: 10397,
        };
        assert_eq!(r.basis_points(), Some(4506));
    }

    #[test]
    fn rounding_is_half_up_not_half_even() {
        // 0.125 % exactly → 0,13 % (half-to-even would give 0,12 %).
        assert_eq!(Ratio { num: 1, den: 800 }.basis_points(), Some(13));
        assert_eq!(Ratio { num: 2, den: 3 }.basis_points(), Some(6667));
        assert_eq!(
            Ratio {
                num: 9957,
                den: 10000
            }
            .basis_points(),
            Some(9957)
        );
        assert_eq!(Ratio { num: 1, den: 0 }.basis_points(), None);
    }

    #[test]
    fn aggregates_sum_counts_then_divide() {
        let rows = rows("2026-05,a,0,90,10,0,0,100,0,0,0,,,\n2026-05,b,0,1,9,0,0,0,10,0,0,,,\n");
        let all: Vec<&Row> = rows.iter().collect();
        let i = Indicators::of(&all);
        // a: 100 % on time of 100; b: 0 % of 10. Sum then divide: 100/110, not (100 + 0) / 2.
        assert_eq!(i.on_time, Some(Ratio { num: 100, den: 110 }));
        assert_eq!(i.on_time.unwrap().basis_points(), Some(9091));
        assert_eq!(i.online, Some(Ratio { num: 91, den: 110 }));
    }

    #[test]
    fn not_reported_and_zero_denominators_are_not_zero() {
        let rows = rows("2026-05,a,0,0,0,0,0,0,0,0,0,,,\n2026-05,b,,,,,,,,,,,,\n");
        let all: Vec<&Row> = rows.iter().collect();
        let i = Indicators::of(&all);
        assert_eq!(i.received, Some(0));
        assert_eq!(i.on_time, None, "0 resolved: no rate, not 0 %");
        assert_eq!(i.satisfaction, None, "not reported by anyone");
        let b: Vec<&Row> = rows[1..].iter().collect();
        assert_eq!(Indicators::of(&b).received, None);
    }

    #[test]
    fn progress_and_weighted_days() {
        let rows =
            rows("2026-05,a,0,10,0,0,2,6,2,0,0,10,9,2.0\n2026-05,b,0,10,0,0,0,5,0,4,1,,,4.5\n");
        let all: Vec<&Row> = rows.iter().collect();
        let i = Indicators::of(&all);
        // (2 + 6 + 0 + 0 + 5 + 4) / (10 + 0 + 5 + 5) = 17/20
        assert_eq!(i.progress, Some(Ratio { num: 17, den: 20 }));
        // (2.00 × 10 + 4.50 × 5) / 15 = 2.8333 → 2.83
        assert_eq!(i.avg_days, Some(283));
        assert_eq!(i.satisfaction.unwrap().basis_points(), Some(9000));
        assert_eq!(i.pending_overdue, Some(1));
    }

    #[test]
    fn the_official_form_without_postal_has_a_received_total() {
        let head = "period,agency,carried_over,received_online,received_direct,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue";
        let (rows, diags) = parse::csv(
            "s.csv",
            &format!("{head}\n2026-05,a,0,4685,5712,4000,6000,97,300,0\n"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let all: Vec<&Row> = rows.iter().collect();
        let i = Indicators::of(&all);
        assert_eq!(i.received, Some(10397));
        assert_eq!(i.online.and_then(Ratio::basis_points), Some(4506));
        assert_eq!(i.pending, Some(300));
        assert_eq!(
            i.on_time,
            Some(Ratio {
                num: 10000,
                den: 10097
            })
        );
    }

    #[test]
    fn sums_that_would_overflow_show_a_dash_not_a_wrapped_figure() {
        // Parsing caps each count at MAX_COUNT; rows built otherwise still never wrap.
        let mut one = rows("2026-05,a,0,1,0,0,0,1,0,0,0,,,\n").remove(0);
        one.values[Col::ReceivedOnline as usize] = Some(u64::MAX);
        let two = [&one, &one];
        let i = Indicators::of(&two);
        assert_eq!(i.received, None, "u64::MAX + u64::MAX is not a figure");
        assert_eq!(i.online, None);
        assert_eq!(i.resolved, Some(2));
    }
}
