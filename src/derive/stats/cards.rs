//! Every agency's Decision 766 scorecards, as data: the spans of months a card covers, the card
//! of an agency over a span, all cards of all agencies (computed once, for the downloads), an
//! agency's latest cards and monthly scores, and the ranking of a month by one group or by the
//! total. `render::scorecard` formats them.

use super::scorecard::{Catalogue, Counts, Group, Handled, Points, Scorecard, procedure_rows};
use super::series::{Months, Series, range_row};
use crate::model::Content;
use crate::model::stats::{Period, Row};
use std::collections::{BTreeMap, HashMap};

/// A span of months a card covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month(Period),
    /// Year, quarter, last month with figures.
    Quarter(u16, u8, Period),
    /// Year, last month with figures.
    Year(u16, Period),
}

impl Span {
    /// The first and the last month of the span.
    pub(crate) fn range(self) -> (Period, Period) {
        match self {
            Span::Month(p) => (p, p),
            Span::Quarter(y, q, to) => (
                Period {
                    year: y,
                    month: q * 3 - 2,
                },
                to,
            ),
            Span::Year(y, to) => (Period { year: y, month: 1 }, to),
        }
    }

    pub(crate) fn kind(self) -> &'static str {
        match self {
            Span::Month(_) => "month",
            Span::Quarter(..) => "quarter",
            Span::Year(..) => "year",
        }
    }

    /// `2026-10`, `2026-Q4`, `2026`.
    pub(crate) fn id(self) -> String {
        match self {
            Span::Month(p) => p.to_string(),
            Span::Quarter(y, q, _) => format!("{y}-Q{q}"),
            Span::Year(y, _) => y.to_string(),
        }
    }
}

/// (score, maximum) a ranking sorts by; `None` when not computable.
type Share = Option<(Points, Points)>;

/// The scorecards of a site's agencies.
pub(crate) struct Cards<'a> {
    content: &'a Content,
    series: &'a Series,
    /// Agency id → its procedures in the catalogue and its per-procedure series.
    agencies: HashMap<&'a str, (Handled, BTreeMap<&'a str, &'a Months>)>,
    /// Every card of every agency, computed once for the JSON and CSV downloads.
    all: std::sync::OnceLock<Vec<(&'a str, Span, Scorecard)>>,
}

impl<'a> Cards<'a> {
    pub(crate) fn new(content: &'a Content, series: &'a Series) -> Self {
        let mut handled = Handled::all(content);
        let agencies = content
            .agencies
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    (
                        handled
                            .remove(a.id.as_str())
                            .unwrap_or_else(|| Handled::from_list(&[])),
                        procedure_rows(series, &a.id),
                    ),
                )
            })
            .collect();
        Cards {
            content,
            series,
            agencies,
            all: std::sync::OnceLock::new(),
        }
    }

    /// The card of one agency over a span, when it has figures in it.
    pub(crate) fn card(&self, agency: &str, span: Span) -> Option<Scorecard> {
        let (from, to) = span.range();
        let months = self.series.agencies.get(agency)?;
        let row: Row = range_row(months, from, to)?;
        let catalogue = match self.agencies.get(agency) {
            Some((handled, rows)) => handled.catalogue(rows, from, to),
            None => Catalogue::of(self.content, self.series, agency, from, to),
        };
        Some(Scorecard::of(&Counts::of(&row), &catalogue))
    }

    /// The spans of an agency: every month, every quarter and every year it has figures in.
    pub(crate) fn spans(&self, agency: &str) -> Vec<Span> {
        let Some(months) = self.series.agencies.get(agency) else {
            return Vec::new();
        };
        let mut out: Vec<Span> = months.keys().map(|p| Span::Month(*p)).collect();
        let mut quarters: Vec<Span> = Vec::new();
        let mut years: Vec<Span> = Vec::new();
        for p in months.keys() {
            match quarters.last_mut() {
                Some(Span::Quarter(y, q, to)) if *y == p.year && *q == p.quarter() => *to = *p,
                _ => quarters.push(Span::Quarter(p.year, p.quarter(), *p)),
            }
            match years.last_mut() {
                Some(Span::Year(y, to)) if *y == p.year => *to = *p,
                _ => years.push(Span::Year(p.year, *p)),
            }
        }
        out.extend(quarters);
        out.extend(years);
        out
    }

    /// Every card of every agency (agencies in content order; each one's months, quarters,
    /// years).
    pub(crate) fn all(&self) -> &[(&'a str, Span, Scorecard)] {
        self.all.get_or_init(|| {
            let mut out = Vec::new();
            for a in &self.content.agencies {
                for span in self.spans(&a.id) {
                    if let Some(card) = self.card(&a.id, span) {
                        out.push((a.id.as_str(), span, card));
                    }
                }
            }
            out
        })
    }

    /// An agency's cards for its latest month, that month's quarter and its year; a quarter or
    /// a year with only the latest month is left out (it would repeat the month's card).
    pub(crate) fn latest(&self, agency: &str) -> Vec<(Span, Scorecard)> {
        let Some(months) = self.series.agencies.get(agency) else {
            return Vec::new();
        };
        let Some(last) = months.keys().next_back().copied() else {
            return Vec::new();
        };
        [
            Span::Month(last),
            Span::Quarter(last.year, last.quarter(), last),
            Span::Year(last.year, last),
        ]
        .into_iter()
        .filter_map(|span| {
            let (from, to) = span.range();
            let repeats = span != Span::Month(last) && months.range(from..=to).count() < 2;
            let card = self.card(agency, span).filter(|_| !repeats)?;
            Some((span, card))
        })
        .collect()
    }

    /// An agency's card of each of its last `n` months with figures, newest first.
    pub(crate) fn monthly(&self, agency: &str, n: usize) -> Vec<(Period, Scorecard)> {
        let Some(months) = self.series.agencies.get(agency) else {
            return Vec::new();
        };
        months
            .keys()
            .rev()
            .take(n)
            .filter_map(|p| Some((*p, self.card(agency, Span::Month(*p))?)))
            .collect()
    }

    /// Agencies with figures in `p` (indexes into `content.agencies`, with their card), ranked
    /// by one group (or the total when `None`): by the share of the computable points earned,
    /// then by name; not computable last.
    pub(crate) fn ranking(&self, p: Period, by: Option<Group>) -> Vec<(usize, Scorecard)> {
        let mut rows: Vec<(Share, usize, Scorecard)> = self
            .content
            .agencies
            .iter()
            .enumerate()
            .filter_map(|(idx, a)| {
                let card = self.card(&a.id, Span::Month(p))?;
                let key = match by {
                    None => (card.max > 0).then_some((card.score, card.max)),
                    Some(g) => card
                        .group(g)
                        .and_then(|g| g.score.map(|s| (s, g.max)))
                        .filter(|(_, m)| *m > 0),
                };
                Some((key, idx, card))
            })
            .collect();
        let name = |idx: usize| self.content.agencies[idx].name.as_str();
        rows.sort_by(|a, b| {
            let share = |k: &Share| k.map(|(s, m)| (u128::from(s), u128::from(m)));
            match (share(&a.0), share(&b.0)) {
                // a/b > c/d ⇔ a·d > c·b: exact, no division.
                (Some((s1, m1)), Some((s2, m2))) => (s2 * m1).cmp(&(s1 * m2)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| crate::text::vi_cmp(name(a.1), name(b.1)))
        });
        rows.into_iter().map(|(_, idx, card)| (idx, card)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The scorecard fixture: mot-cua reports July and August 2026, ubnd only August.
    fn fixture() -> (Content, Series) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scorecard");
        let (content, diags) = crate::load::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        let series = super::super::series(&content);
        (content, series)
    }

    const JULY: Period = Period {
        year: 2026,
        month: 7,
    };
    const AUGUST: Period = Period {
        year: 2026,
        month: 8,
    };

    #[test]
    fn an_agency_has_a_card_per_month_quarter_and_year_it_reported() {
        let (content, s) = fixture();
        let cards = Cards::new(&content, &s);
        assert_eq!(
            cards.spans("mot-cua"),
            [
                Span::Month(JULY),
                Span::Month(AUGUST),
                Span::Quarter(2026, 3, AUGUST),
                Span::Year(2026, AUGUST),
            ]
        );
        assert!(cards.spans("khong-co").is_empty());
        let august = cards.card("mot-cua", Span::Month(AUGUST)).unwrap();
        assert_eq!((august.score, august.max), (5013, 6000));
        assert!(cards.card("ubnd", Span::Month(JULY)).is_none());
        // mot-cua's four cards, then ubnd's month, quarter and year.
        let all: Vec<(&str, String)> = cards
            .all()
            .iter()
            .map(|(a, span, _)| (*a, span.id()))
            .collect();
        let agencies: Vec<&str> = all.iter().map(|(a, _)| *a).collect();
        assert_eq!(agencies.iter().filter(|a| **a == "mot-cua").count(), 4);
        assert!(all.contains(&("ubnd", "2026-Q3".to_owned())));
    }

    #[test]
    fn latest_cards_leave_out_a_span_that_repeats_the_month() {
        let (content, s) = fixture();
        let cards = Cards::new(&content, &s);
        let spans = |agency| -> Vec<Span> {
            cards
                .latest(agency)
                .into_iter()
                .map(|(span, _)| span)
                .collect()
        };
        assert_eq!(
            spans("mot-cua"),
            [
                Span::Month(AUGUST),
                Span::Quarter(2026, 3, AUGUST),
                Span::Year(2026, AUGUST)
            ]
        );
        assert_eq!(spans("ubnd"), [Span::Month(AUGUST)]);
        let monthly: Vec<Period> = cards
            .monthly("mot-cua", 24)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(monthly, [AUGUST, JULY], "newest first");
        assert_eq!(cards.monthly("mot-cua", 1).len(), 1);
    }

    #[test]
    fn the_ranking_puts_the_larger_share_of_points_first() {
        let (content, s) = fixture();
        let cards = Cards::new(&content, &s);
        let ids = |by: Option<Group>| -> Vec<&str> {
            cards
                .ranking(AUGUST, by)
                .into_iter()
                .map(|(idx, _)| content.agencies[idx].id.as_str())
                .collect()
        };
        assert_eq!(ids(None), ["mot-cua", "ubnd"]);
        for g in Group::ALL {
            assert_eq!(ids(Some(g)).len(), 2, "{g:?}");
        }
        // July: only mot-cua has a card.
        let july: Vec<usize> = cards
            .ranking(JULY, None)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(july.len(), 1);
    }
}
