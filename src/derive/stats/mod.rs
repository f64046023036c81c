//! Statistics derived from the monthly rows, exact numbers only (`render::stats` and
//! `render::scorecard` format them): the indicators of any set of rows, the series per agency
//! and procedure, the agencies' ranking for a month (here), the aggregates the statistics pages
//! show, and the Decision 766 scorecards.

pub(crate) mod aggregates;
pub(crate) mod cards;
pub(crate) mod indicators;
pub(crate) mod scorecard;
pub(crate) mod series;

pub(crate) use indicators::{Indicators, Ratio};

use crate::model::Content;
use crate::model::stats::Period;
use series::Series;
use std::collections::HashMap;

/// The site's statistics series. A row names its procedure by slug or national code; it
/// resolves to the first procedure (in content order) having that slug or code.
pub(crate) fn series(content: &Content) -> Series {
    let mut slug_of: HashMap<&str, &str> = HashMap::new();
    for p in &content.procedures {
        slug_of.entry(p.slug.as_str()).or_insert(p.slug.as_str());
        slug_of
            .entry(p.code.value.as_str())
            .or_insert(p.slug.as_str());
    }
    Series::new(&content.stats, |p| slug_of.get(p).map(|s| (*s).to_owned()))
}

/// The agencies reporting figures for one month, best on-time rate first.
#[derive(Debug, Default)]
pub(crate) struct Ranking {
    /// Agencies with at least the minimum of resolved dossiers: by on-time rate (highest
    /// first, agencies without a rate last), then by name. Agency indexes into
    /// `content.agencies`, with the month's indicators.
    pub(crate) ranked: Vec<(usize, Indicators)>,
    /// Agencies with too few resolved dossiers to rank, by name.
    pub(crate) too_few: Vec<(usize, Indicators)>,
}

/// Ranks the agencies that have figures for `p`; fewer than `min_ranked` resolved dossiers
/// leaves an agency unranked.
pub(crate) fn ranking(content: &Content, series: &Series, p: Period, min_ranked: u64) -> Ranking {
    let mut rows: Vec<(Option<u64>, usize, Indicators, bool)> = content
        .agencies
        .iter()
        .enumerate()
        .filter_map(|(idx, a)| {
            let m = series.agencies.get(&a.id)?;
            m.contains_key(&p).then(|| {
                let i = series::month([m], p);
                let enough = i.resolved.unwrap_or(0) >= min_ranked;
                (i.on_time.and_then(Ratio::basis_points), idx, i, enough)
            })
        })
        .collect();
    let name = |idx: usize| content.agencies[idx].name.as_str();
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| crate::text::vi_cmp(name(a.1), name(b.1)))
    });
    let mut ranking = Ranking::default();
    for (_, idx, i, enough) in rows {
        if enough {
            ranking.ranked.push((idx, i));
        } else {
            ranking.too_few.push((idx, i));
        }
    }
    ranking
        .too_few
        .sort_by(|a, b| crate::text::vi_cmp(name(a.0), name(b.0)));
    ranking
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture() -> Content {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let (content, diags) = crate::load::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        content
    }

    const MAY: Period = Period {
        year: 2022,
        month: 5,
    };

    fn ids<'a>(content: &'a Content, rows: &[(usize, Indicators)]) -> Vec<&'a str> {
        rows.iter()
            .map(|(i, _)| content.agencies[*i].id.as_str())
            .collect()
    }

    #[test]
    fn rows_naming_a_procedure_by_code_or_slug_join_its_series() {
        let content = fixture();
        let s = series(&content);
        assert_eq!(s.months.len(), 2);
        let births = s.procedures.get("dang-ky-khai-sinh").map(Vec::as_slice);
        let agencies: Vec<&str> = births
            .into_iter()
            .flatten()
            .map(|(a, _)| a.as_str())
            .collect();
        assert_eq!(agencies, ["mot-cua"]);
    }

    #[test]
    fn an_aggregate_sums_the_months_exactly() {
        let content = fixture();
        let s = series(&content);
        let m = &s.agencies["ubnd"];
        let i = series::month([m], MAY);
        // 20 early + 78 on time + 0 late.
        assert_eq!(i.resolved, Some(98));
        assert_eq!(i.on_time.and_then(Ratio::basis_points), Some(10_000));
    }

    #[test]
    fn ranking_puts_the_best_on_time_rate_first() {
        let content = fixture();
        let s = series(&content);
        let r = ranking(&content, &s, MAY, 0);
        assert_eq!(ids(&content, &r.ranked), ["ubnd", "mot-cua"]);
        assert!(r.too_few.is_empty());
        let rate = |row: &(usize, Indicators)| row.1.on_time.and_then(Ratio::basis_points);
        assert!(rate(&r.ranked[0]) > rate(&r.ranked[1]));
    }

    #[test]
    fn too_few_resolved_dossiers_leave_an_agency_unranked() {
        let content = fixture();
        let s = series(&content);
        // ubnd resolved 98 dossiers in May 2022, mot-cua 10,097.
        let r = ranking(&content, &s, MAY, 100);
        assert_eq!(ids(&content, &r.ranked), ["mot-cua"]);
        assert_eq!(ids(&content, &r.too_few), ["ubnd"]);
        // A month nobody reported ranks nobody.
        let r = ranking(
            &content,
            &s,
            Period {
                year: 2021,
                month: 1,
            },
            0,
        );
        assert!(r.ranked.is_empty() && r.too_few.is_empty());
    }
}
