//! Series for pages: each agency's months (its total row, or the sum of its procedure rows
//! when it reported only those), each procedure's months, and indicators over any range of
//! months for any group of them.
//!
//! Over several months, flows (received, resolved, …) are summed, while stocks (carried over
//! at the start, pending and suspended at the end) are taken from the first and last month.

use super::indicators::Indicators;
use crate::model::stats::{Col, ColSet, Period, Row, Stats, checked_sum};
use std::collections::BTreeMap;

/// One reporting unit's rows by month (an agency's totals, or one procedure at one agency).
pub type Months = BTreeMap<Period, Row>;

const STOCKS: [Col; 3] = [Col::PendingInTime, Col::PendingOverdue, Col::Suspended];

#[derive(Debug, Default)]
pub struct Series {
    /// Every month with figures, in order.
    pub months: Vec<Period>,
    /// Agency id → its monthly totals.
    pub agencies: BTreeMap<String, Months>,
    /// Procedure slug → (agency id, its series for that procedure), one per agency reporting it.
    pub procedures: BTreeMap<String, Vec<(String, Months)>>,
}

impl Series {
    /// `slug_of` maps what a row names (slug or national code) to the procedure's slug.
    pub fn new(stats: &Stats, slug_of: impl Fn(&str) -> Option<String>) -> Series {
        let mut totals: BTreeMap<String, Months> = BTreeMap::new();
        let mut parts: BTreeMap<(String, Period), Vec<&Row>> = BTreeMap::new();
        let mut procedures: BTreeMap<(String, String), Months> = BTreeMap::new();
        for r in &stats.rows {
            match &r.procedure {
                None => {
                    totals
                        .entry(r.agency.clone())
                        .or_default()
                        .entry(r.period)
                        .or_insert_with(|| r.clone());
                }
                Some(p) => {
                    parts
                        .entry((r.agency.clone(), r.period))
                        .or_default()
                        .push(r);
                    if let Some(slug) = slug_of(p) {
                        procedures
                            .entry((slug, r.agency.clone()))
                            .or_default()
                            .entry(r.period)
                            .or_insert_with(|| r.clone());
                    }
                }
            }
        }
        // Agencies that reported only per-procedure rows in a month: their sum is the total.
        for ((agency, period), rows) in parts {
            let months = totals.entry(agency).or_default();
            months.entry(period).or_insert_with(|| sum_rows(&rows));
        }
        let mut months: Vec<Period> = stats.rows.iter().map(|r| r.period).collect();
        months.sort();
        months.dedup();
        let mut by_slug: BTreeMap<String, Vec<(String, Months)>> = BTreeMap::new();
        for ((slug, agency), m) in procedures {
            by_slug.entry(slug).or_default().push((agency, m));
        }
        Series {
            months,
            agencies: totals,
            procedures: by_slug,
        }
    }

    pub fn latest(&self) -> Option<Period> {
        self.months.last().copied()
    }
}

/// Indicators of `units` over the months `from..=to`.
pub fn indicators<'a>(
    units: impl IntoIterator<Item = &'a Months>,
    from: Period,
    to: Period,
) -> Indicators {
    let combined: Vec<Row> = units
        .into_iter()
        .filter_map(|m| {
            let rows: Vec<&Row> = m.range(from..=to).map(|(_, r)| r).collect();
            (!rows.is_empty()).then(|| combine(&rows))
        })
        .collect();
    let refs: Vec<&Row> = combined.iter().collect();
    Indicators::of(&refs)
}

/// Indicators of one month.
pub fn month<'a>(units: impl IntoIterator<Item = &'a Months>, period: Period) -> Indicators {
    indicators(units, period, period)
}

/// One unit's months `from..=to` as one row (flows summed, stocks from the ends), or `None`
/// when it has no month in the range.
pub fn range_row(m: &Months, from: Period, to: Period) -> Option<Row> {
    let rows: Vec<&Row> = m.range(from..=to).map(|(_, r)| r).collect();
    (!rows.is_empty()).then(|| combine(&rows))
}

/// A row's value of `col` when rows of several forms are added up: a part of a sum that the
/// row's form does not have adds nothing (its dossiers are in the other parts); any other
/// column it does not have is unknown.
fn value_in(r: &Row, col: Col) -> Option<u64> {
    if r.has(col) {
        r.get(col)
    } else if col.is_part() {
        Some(0)
    } else {
        None
    }
}

/// Several months of one unit as one row: flows summed, stocks from the first/last month.
fn combine(rows: &[&Row]) -> Row {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        unreachable!("combine is called with at least one row")
    };
    let mut out = (*last).clone();
    out.form = rows.iter().fold(ColSet::default(), |f, r| f.union(r.form));
    for col in Col::ALL {
        out.values[col as usize] = if !out.form.contains(col) {
            None
        } else if col == Col::CarriedOver {
            value_in(first, col)
        } else if STOCKS.contains(&col) {
            value_in(last, col)
        } else {
            checked_sum(rows.iter().map(|r| value_in(r, col)))
        };
    }
    out.avg_days = super::indicators::avg_days(rows.iter().copied());
    out
}

/// Rows of the same month (procedures of one agency) added up.
fn sum_rows(rows: &[&Row]) -> Row {
    let mut out = rows[0].clone();
    out.procedure = None;
    out.form = rows.iter().fold(ColSet::default(), |f, r| f.union(r.form));
    for col in Col::ALL {
        out.values[col as usize] = if out.form.contains(col) {
            checked_sum(rows.iter().map(|r| value_in(r, col)))
        } else {
            None
        };
    }
    out.avg_days = super::indicators::avg_days(rows.iter().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::stats::Ratio;
    use crate::load::stats as parse;

    fn stats(body: &str) -> Stats {
        let head = "period,agency,procedure,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue";
        let (rows, diags) = parse::csv("s.csv", &format!("{head}\n{body}"));
        assert!(diags.is_empty(), "{diags:?}");
        let mut s = Stats { rows };
        s.sort();
        s
    }

    #[test]
    fn a_quarter_sums_flows_and_takes_stocks_at_its_ends() {
        let s = stats(concat!(
            "2026-01,a,,5,10,0,0,0,10,0,5,0\n",
            "2026-02,a,,5,20,0,0,0,20,0,4,1\n",
            "2026-03,a,,5,30,0,0,0,30,0,5,0\n",
        ));
        let series = Series::new(&s, |_| None);
        let p = |m| Period {
            year: 2026,
            month: m,
        };
        let q = indicators(series.agencies.values(), p(1), p(3));
        assert_eq!(q.received, Some(60));
        assert_eq!(q.resolved, Some(60));
        assert_eq!(
            q.pending,
            Some(5),
            "pending at the end of March, not the sum of three months"
        );
        assert_eq!(q.progress, Some(Ratio { num: 65, den: 65 }));
    }

    #[test]
    fn site_figures_sum_agencies_then_divide() {
        let s = stats(concat!(
            "2026-01,a,,0,1000,0,0,0,990,10,0,0\n",
            "2026-01,b,,0,10,0,0,0,5,5,0,0\n",
        ));
        let series = Series::new(&s, |_| None);
        let i = month(
            series.agencies.values(),
            Period {
                year: 2026,
                month: 1,
            },
        );
        // (990 + 5) / (1000 + 10) = 98,51 %, not the average of 99 % and 50 %.
        assert_eq!(i.on_time.unwrap().basis_points(), Some(9851));
    }

    #[test]
    fn procedure_rows_alone_make_the_agency_total() {
        let s = stats(concat!(
            "2026-01,a,x,0,3,0,0,0,3,0,0,0\n",
            "2026-01,a,y,0,4,0,0,0,3,1,0,0\n",
        ));
        let series = Series::new(&s, |p| Some(p.to_owned()));
        let i = month(
            series.agencies.values(),
            Period {
                year: 2026,
                month: 1,
            },
        );
        assert_eq!(i.received, Some(7));
        assert_eq!(series.procedures["y"].len(), 1);
    }
}
