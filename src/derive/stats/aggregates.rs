//! The aggregates the statistics pages show, as plain data: a month against the month and the
//! year before, each level and each field over a rolling year, an agency's procedures, the
//! site's years, quarters and months, a recent monthly series, a procedure's delivery. Exact
//! indicators only; `render::stats` labels and formats them.

use super::Indicators;
use super::series::{self, Months, Series};
use crate::model::stats::Period;
use crate::model::{Content, Procedure};
use std::collections::BTreeSet;

/// The 12 months ending at `p`, as a range.
pub(crate) fn year_to(p: Period) -> (Period, Period) {
    (p.months_back(11), p)
}

/// A month's indicators over every agency, with the month before and the same month a year
/// before.
#[derive(Debug)]
pub(crate) struct Comparison {
    pub(crate) now: Indicators,
    pub(crate) month_before: Indicators,
    pub(crate) year_before: Indicators,
}

pub(crate) fn compare_month(series: &Series, p: Period) -> Comparison {
    let all = || series.agencies.values();
    Comparison {
        now: series::month(all(), p),
        month_before: series::month(all(), p.previous()),
        year_before: series::month(all(), p.year_before()),
    }
}

/// One taxonomy term (a level, a field) with its indicators.
#[derive(Debug)]
pub(crate) struct TermTotal<'a> {
    pub(crate) id: &'a str,
    pub(crate) label: &'a str,
    pub(crate) indicators: Indicators,
}

/// Each level of government over the 12 months ending at `p` (its agencies' totals); levels
/// without figures in those months are left out.
pub(crate) fn by_level<'a>(content: &'a Content, series: &Series, p: Period) -> Vec<TermTotal<'a>> {
    let (from, to) = year_to(p);
    content
        .taxonomies
        .levels
        .terms
        .iter()
        .filter_map(|(id, label)| {
            let units: Vec<&Months> = content
                .agencies
                .iter()
                .filter(|a| a.level.as_ref().is_some_and(|l| &l.value == id))
                .filter_map(|a| series.agencies.get(&a.id))
                .filter(|m| m.range(from..=to).next().is_some())
                .collect();
            (!units.is_empty()).then(|| TermTotal {
                id,
                label,
                indicators: series::indicators(units, from, to),
            })
        })
        .collect()
}

/// Each field over the 12 months ending at `p`, from procedures' own rows.
pub(crate) fn by_field<'a>(content: &'a Content, series: &Series, p: Period) -> Vec<TermTotal<'a>> {
    let (from, to) = year_to(p);
    content
        .taxonomies
        .fields
        .terms
        .iter()
        .filter_map(|(id, label)| {
            let units: Vec<&Months> = content
                .procedures
                .iter()
                .filter(|x| x.fields.iter().any(|f| &f.value == id))
                .filter_map(|x| series.procedures.get(&x.slug))
                .flatten()
                .map(|(_, m)| m)
                .filter(|m| m.range(from..=to).next().is_some())
                .collect();
            (!units.is_empty()).then(|| TermTotal {
                id,
                label,
                indicators: series::indicators(units, from, to),
            })
        })
        .collect()
}

/// An agency's procedures with their own rows, over the agency's last 12 months, by name.
pub(crate) fn agency_procedures<'a>(
    content: &'a Content,
    series: &Series,
    agency: &str,
) -> Vec<(&'a Procedure, Indicators)> {
    let Some(last) = series
        .agencies
        .get(agency)
        .and_then(|m| m.keys().next_back())
    else {
        return Vec::new();
    };
    let (from, to) = year_to(*last);
    let mut rows: Vec<(&Procedure, Indicators)> = series
        .procedures
        .iter()
        .filter_map(|(slug, units)| {
            let (_, m) = units.iter().find(|(a, _)| a == agency)?;
            let p = content.procedures.iter().find(|x| &x.slug == slug)?;
            m.range(from..=to).next()?;
            Some((p, series::indicators([m], from, to)))
        })
        .collect();
    rows.sort_by(|a, b| crate::text::vi_cmp(&a.0.name, &b.0.name));
    rows
}

/// A year or a quarter of the whole site, with how much of it was reported.
#[derive(Debug)]
pub(crate) struct SpanTotal {
    pub(crate) year: u16,
    /// 1–4 for a quarter, `None` for a year.
    pub(crate) quarter: Option<u8>,
    pub(crate) indicators: Indicators,
    /// Agencies with figures in the span.
    pub(crate) agencies: usize,
    /// Months with figures in the span, out of `of`.
    pub(crate) months: usize,
    pub(crate) of: usize,
}

/// How many agencies reported between `from` and `to`, and in how many months.
fn coverage(series: &Series, from: Period, to: Period) -> (usize, usize) {
    let mut months = BTreeSet::new();
    let mut agencies = 0;
    for m in series.agencies.values() {
        let mut any = false;
        for p in m.keys().filter(|p| **p >= from && **p <= to) {
            months.insert(*p);
            any = true;
        }
        agencies += usize::from(any);
    }
    (agencies, months.len())
}

fn span_total(
    series: &Series,
    (year, quarter): (u16, Option<u8>),
    from: Period,
    to: Period,
    of: usize,
) -> SpanTotal {
    let (agencies, months) = coverage(series, from, to);
    SpanTotal {
        year,
        quarter,
        indicators: series::indicators(series.agencies.values(), from, to),
        agencies,
        months,
        of,
    }
}

/// The site's years with figures, newest first.
pub(crate) fn years(series: &Series) -> Vec<SpanTotal> {
    let mut years: Vec<u16> = series.months.iter().map(|p| p.year).collect();
    years.dedup();
    years
        .into_iter()
        .rev()
        .map(|y| {
            let (from, to) = (Period { year: y, month: 1 }, Period { year: y, month: 12 });
            span_total(series, (y, None), from, to, 12)
        })
        .collect()
}

/// The site's last 8 quarters with figures, newest first.
pub(crate) fn quarters(series: &Series) -> Vec<SpanTotal> {
    let mut quarters: Vec<(u16, u8)> = series
        .months
        .iter()
        .map(|p| (p.year, p.quarter()))
        .collect();
    quarters.dedup();
    quarters
        .into_iter()
        .rev()
        .take(8)
        .map(|(y, q)| {
            let from = Period {
                year: y,
                month: q * 3 - 2,
            };
            let to = Period {
                year: y,
                month: q * 3,
            };
            span_total(series, (y, Some(q)), from, to, 3)
        })
        .collect()
}

/// The whole site over the rolling 12 months ending at `p`: the first month and the indicators.
pub(crate) fn rolling(series: &Series, p: Period) -> (Period, Indicators) {
    let (from, _) = year_to(p);
    (from, series::indicators(series.agencies.values(), from, p))
}

/// Every month with figures, newest first, over every agency.
pub(crate) fn months(series: &Series) -> Vec<(Period, Indicators)> {
    series
        .months
        .iter()
        .rev()
        .map(|p| (*p, series::month(series.agencies.values(), *p)))
        .collect()
}

/// The last `n` months of `units` (the whole site, or one agency), oldest first: from the last
/// month with figures back to the first month any unit has, at most `n`.
pub(crate) fn recent(units: &[&Months], n: usize) -> Option<Vec<(Period, Indicators)>> {
    let last = units
        .iter()
        .filter_map(|m| m.keys().next_back())
        .max()
        .copied()?;
    let mut months = vec![last];
    while months.len() < n {
        let p = months[months.len() - 1].previous();
        if units
            .iter()
            .all(|m| m.keys().next().is_none_or(|first| p < *first))
        {
            break;
        }
        months.push(p);
    }
    months.reverse();
    Some(
        months
            .iter()
            .map(|p| (*p, series::month(units.iter().copied(), *p)))
            .collect(),
    )
}

/// A procedure's last 12 months with figures, over every agency reporting it: the range and
/// the indicators; `None` when it has no rows of its own.
pub(crate) fn delivery(series: &Series, slug: &str) -> Option<(Period, Period, Indicators)> {
    let units = series.procedures.get(slug)?;
    let to = units
        .iter()
        .filter_map(|(_, m)| m.keys().next_back())
        .max()
        .copied()?;
    let (from, _) = year_to(to);
    let i = series::indicators(units.iter().map(|(_, m)| m), from, to);
    Some((from, to, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::stats::series as site_series;
    use std::path::PathBuf;

    /// The fixture's figures: mot-cua (level xa) in April and May 2022, with its own rows for
    /// dang-ky-khai-sinh (field ho-tich) in May; ubnd (level xa) in May.
    fn fixture() -> (Content, Series) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let (content, diags) = crate::load::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        let series = site_series(&content);
        (content, series)
    }

    const APRIL: Period = Period {
        year: 2022,
        month: 4,
    };
    const MAY: Period = Period {
        year: 2022,
        month: 5,
    };

    #[test]
    fn a_month_is_compared_with_the_month_and_the_year_before() {
        let (_, s) = fixture();
        let c = compare_month(&s, MAY);
        // mot-cua 4,685 + 5,712, ubnd 10 + 90.
        assert_eq!(c.now.received, Some(10_497));
        assert_eq!(c.month_before.received, Some(9_000));
        assert_eq!(c.year_before.received, None, "nothing reported in May 2021");
    }

    #[test]
    fn levels_sum_their_agencies_over_the_rolling_year() {
        let (content, s) = fixture();
        let levels = by_level(&content, &s, MAY);
        let ids: Vec<&str> = levels.iter().map(|t| t.id).collect();
        assert_eq!(ids, ["xa"], "a level without figures is left out");
        assert_eq!(levels[0].label, "Cấp xã");
        assert_eq!(levels[0].indicators.received, Some(9_000 + 10_397 + 100));
        // Two years later no month of the rolling year has figures.
        let later = Period {
            year: 2024,
            month: 5,
        };
        assert!(by_level(&content, &s, later).is_empty());
    }

    #[test]
    fn fields_sum_their_procedures_own_rows() {
        let (content, s) = fixture();
        let fields = by_field(&content, &s, MAY);
        let ids: Vec<&str> = fields.iter().map(|t| t.id).collect();
        assert_eq!(ids, ["ho-tich"]);
        assert_eq!(fields[0].indicators.received, Some(500));
    }

    #[test]
    fn an_agency_lists_only_the_procedures_it_reported() {
        let (content, s) = fixture();
        let rows = agency_procedures(&content, &s, "mot-cua");
        let slugs: Vec<&str> = rows.iter().map(|(p, _)| p.slug.as_str()).collect();
        assert_eq!(slugs, ["dang-ky-khai-sinh"]);
        assert_eq!(rows[0].1.resolved, Some(480));
        assert!(agency_procedures(&content, &s, "ubnd").is_empty());
        assert!(agency_procedures(&content, &s, "khong-co").is_empty());
    }

    #[test]
    fn years_and_quarters_say_how_much_was_reported() {
        let (_, s) = fixture();
        let y = years(&s);
        assert_eq!(y.len(), 1);
        assert_eq!((y[0].year, y[0].quarter), (2022, None));
        assert_eq!((y[0].agencies, y[0].months, y[0].of), (2, 2, 12));
        assert_eq!(y[0].indicators.received, Some(19_497));
        let q = quarters(&s);
        assert_eq!(q.len(), 1);
        assert_eq!((q[0].year, q[0].quarter), (2022, Some(2)));
        assert_eq!((q[0].agencies, q[0].months, q[0].of), (2, 2, 3));
    }

    #[test]
    fn the_rolling_year_and_the_months() {
        let (_, s) = fixture();
        let (from, i) = rolling(&s, MAY);
        assert_eq!(from, Period::parse("2021-06").unwrap());
        assert_eq!(i.received, Some(19_497));
        let m = months(&s);
        let periods: Vec<Period> = m.iter().map(|(p, _)| *p).collect();
        assert_eq!(periods, [MAY, APRIL], "newest first");
        assert_eq!(m[0].1.received, Some(10_497));
    }

    #[test]
    fn a_recent_series_stops_at_the_first_month_reported() {
        let (_, s) = fixture();
        let units: Vec<&Months> = s.agencies.values().collect();
        let points = recent(&units, 24).unwrap();
        let periods: Vec<Period> = points.iter().map(|(p, _)| *p).collect();
        assert_eq!(periods, [APRIL, MAY], "oldest first");
        let one = recent(&units, 1).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, MAY);
        assert!(recent(&[], 24).is_none());
    }

    #[test]
    fn a_procedures_delivery_covers_its_last_twelve_months() {
        let (_, s) = fixture();
        let (from, to, i) = delivery(&s, "dang-ky-khai-sinh").unwrap();
        assert_eq!((from, to), (Period::parse("2021-06").unwrap(), MAY));
        assert_eq!(i.received, Some(500));
        assert!(delivery(&s, "khong-co").is_none());
    }
}
