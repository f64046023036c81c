//! Decision 766 scorecards on pages and in open data: each agency's card for its latest month,
//! quarter and year (and a score per month), the ranking by group at `/thong-ke/766/`, the
//! method at `/thong-ke/766/cach-tinh/`, and the scores with their inputs in
//! `/api/stats.json` and `/api/scorecard-766.csv`. The numbers come from
//! `derive::stats::cards` and `derive::stats::scorecard` (exact); this module only formats them.

use super::format::Formatter;
use super::format::{count, percent};
use super::stats::StatsViews;
use super::urls::Urls;
use super::views::Link;
use super::{PageFn, RenderError};
use crate::config::Language;
use crate::derive::stats::cards::{Cards, Span};
use crate::derive::stats::scorecard::{
    Catalogue, Counts, Group, NOT_COMPUTABLE, Part, PartId, Points, Scorecard, Status,
};
use crate::model::Content;
use crate::model::stats::Period;
use minijinja::{Value, context};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write as _;

/// The CSV download's name under `/api/`.
pub const CSV: &str = "scorecard-766.csv";

fn index_url(urls: &Urls) -> String {
    format!("{}766/", urls.stats())
}

fn method_url(urls: &Urls, lang: Language) -> String {
    let seg = match lang {
        Language::Vi => "cach-tinh",
        Language::En => "method",
    };
    format!("{}{seg}/", index_url(urls))
}

fn group_url(urls: &Urls, lang: Language, g: Group) -> String {
    let seg = match (lang, g) {
        (Language::Vi, Group::Progress) => "tien-do",
        (Language::Vi, Group::Satisfaction) => "hai-long",
        (Language::Vi, Group::Online) => "truc-tuyen",
        (Language::Vi, Group::Payment) => "thanh-toan",
        (Language::Vi, Group::Transparency) => "cong-khai",
        (Language::En, g) => g.id(),
    };
    format!("{}{seg}/", index_url(urls))
}

/// Every page of the scorecard (the ranking, its views by group, the method), for the table of
/// output paths.
pub(crate) fn page_urls(urls: &Urls, lang: Language) -> Vec<String> {
    let mut out = vec![index_url(urls), method_url(urls, lang)];
    out.extend(Group::ALL.into_iter().map(|g| group_url(urls, lang, g)));
    out
}

pub struct Scorecards<'a> {
    sv: &'a StatsViews<'a>,
    cards: Cards<'a>,
    content: &'a Content,
    urls: &'a Urls,
    fmt: &'a Formatter,
}

#[derive(Debug, Serialize)]
struct PartView {
    id: &'static str,
    /// "2.1", or empty for parts without a number of their own.
    number: &'static str,
    name: String,
    ratio: String,
    score: String,
    max: String,
    /// "16,53 / 20", or "—".
    points: String,
    counted: bool,
    inputs: Option<String>,
    note: Option<String>,
    method: String,
}

#[derive(Debug, Serialize)]
struct GroupView {
    id: &'static str,
    name: String,
    /// "16,53 / 20", or "—".
    total: String,
    score: String,
    max: String,
    parts: Vec<PartView>,
}

#[derive(Debug, Serialize)]
struct CardView {
    id: String,
    title: String,
    groups: Vec<GroupView>,
    /// "52,40 / 60 điểm tính được từ số liệu công bố".
    total: String,
}

#[derive(Debug, Serialize)]
struct MonthRow {
    label: String,
    groups: Vec<String>,
    total: String,
}

#[derive(Debug, Serialize)]
struct AgencyView {
    cards: Vec<CardView>,
    group_names: Vec<String>,
    months: Vec<MonthRow>,
    /// The parts that need the portal's own data, with their points.
    not_computable: Vec<String>,
    method: String,
    ranking: String,
    css: String,
}

#[derive(Debug, Serialize)]
struct RankRow {
    rank: usize,
    name: String,
    url: String,
    groups: Vec<String>,
    total: String,
}

#[derive(Debug, Serialize)]
struct SortLink {
    label: String,
    url: String,
    current: bool,
}

impl<'a> Scorecards<'a> {
    pub fn new(
        sv: &'a StatsViews<'a>,
        content: &'a Content,
        urls: &'a Urls,
        fmt: &'a Formatter,
    ) -> Self {
        Scorecards {
            sv,
            cards: Cards::new(content, sv.series),
            content,
            urls,
            fmt,
        }
    }

    fn lang(&self) -> &'static str {
        self.fmt.lang.code()
    }

    fn t(&self, key: &str) -> String {
        self.fmt.t(key).to_owned()
    }

    pub fn index_url(&self) -> String {
        index_url(self.urls)
    }

    pub fn method_url(&self) -> String {
        method_url(self.urls, self.fmt.lang)
    }

    fn group_url(&self, g: Group) -> String {
        group_url(self.urls, self.fmt.lang, g)
    }

    /// `16,53` / `16.53`; whole points without decimals (`20`).
    fn points(&self, p: Points) -> String {
        let sep = if self.lang() == "vi" { ',' } else { '.' };
        format!("{}{sep}{:02}", count(p / 100, self.lang()), p % 100)
    }

    fn max(&self, p: Points) -> String {
        if p % 100 == 0 {
            count(p / 100, self.lang())
        } else {
            self.points(p)
        }
    }

    /// "16,53 / 20", or "—".
    fn of_max(&self, score: Option<Points>, max: Points) -> String {
        match score {
            Some(s) => format!("{} / {}", self.points(s), self.max(max)),
            None => "—".to_owned(),
        }
    }

    fn span_title(&self, span: Span) -> String {
        let month = |p: Period| self.sv.month_label(p);
        match span {
            Span::Month(p) => format!("{} {}", self.t("stats.month"), month(p)),
            Span::Quarter(y, q, to) => {
                let full = to.month == q * 3;
                let mut s = format!("{} {q}/{y}", self.t("stats.quarter"));
                if !full {
                    let _ = write!(s, " ({} {})", self.t("scorecard.until"), month(to));
                }
                s
            }
            Span::Year(y, to) => {
                let mut s = format!("{} {y}", self.t("stats.year"));
                if to.month != 12 {
                    let _ = write!(s, " ({} {})", self.t("scorecard.until"), month(to));
                }
                s
            }
        }
    }

    fn part_view(&self, p: &Part) -> PartView {
        let key = p.id.key();
        let lang = self.lang();
        let inputs = match (p.num, p.den) {
            (Some(n), Some(d)) if p.status == Status::Scored => Some(
                self.t(&format!("scorecard.inputs.{key}"))
                    .replace("{num}", &count(n, lang))
                    .replace("{den}", &count(d, lang)),
            ),
            _ => None,
        };
        let note = match p.status {
            Status::Scored => None,
            Status::NoDossiers => Some(self.t("scorecard.rule.no_dossiers")),
            Status::NoComplaints => Some(self.t("scorecard.rule.no_complaints")),
            Status::Empty => Some(self.t(&format!("scorecard.empty.{key}"))),
            Status::NotReported => Some(self.not_reported(key)),
            Status::NeedsPortalData => Some(self.t("scorecard.needs_portal.fee_sync")),
        };
        let number = match p.id {
            PartId::PaidDossiers | PartId::PaidProcedures | PartId::FeeSync => "",
            id => id.id(),
        };
        PartView {
            id: p.id.id(),
            number,
            name: self.t(&format!("scorecard.part.{key}")),
            ratio: percent(p.ratio, lang),
            score: p.score.map_or_else(|| "—".to_owned(), |s| self.points(s)),
            max: self.max(p.max),
            points: self.of_max(p.score, p.max),
            counted: p.counted(),
            inputs,
            note,
            method: format!("{}#{}", self.method_url(), key),
        }
    }

    fn not_reported(&self, key: &str) -> String {
        let specific = format!("scorecard.not_reported.{key}");
        match self.fmt.strings.0.get(&specific) {
            Some(s) => s.clone(),
            None => self.t("scorecard.not_reported"),
        }
    }

    fn card_view(&self, span: Span, card: &Scorecard) -> CardView {
        CardView {
            id: span.id(),
            title: self.span_title(span),
            groups: card
                .groups
                .iter()
                .map(|g| GroupView {
                    id: g.group.id(),
                    name: self.t(&format!("scorecard.group.{}", g.group.id())),
                    total: self.of_max(g.score, g.max),
                    score: g.score.map_or_else(|| "—".to_owned(), |s| self.points(s)),
                    max: self.max(g.max),
                    parts: g.parts.iter().map(|p| self.part_view(p)).collect(),
                })
                .collect(),
            total: self.total(card),
        }
    }

    fn total(&self, card: &Scorecard) -> String {
        self.t("scorecard.total")
            .replace("{score}", &self.points(card.score))
            .replace("{max}", &self.max(card.max))
    }

    fn group_cells(&self, card: &Scorecard) -> Vec<String> {
        card.groups
            .iter()
            .map(|g| self.of_max(g.score, g.max))
            .collect()
    }

    fn group_names(&self) -> Vec<String> {
        Group::ALL
            .iter()
            .map(|g| self.t(&format!("scorecard.group.{}", g.id())))
            .collect()
    }

    /// An agency's cards (latest month, its quarter, its year) and its score per month (the
    /// last 24 months with figures).
    pub fn agency(&self, agency: &str) -> Option<Value> {
        self.sv.series.agencies.get(agency)?.keys().next_back()?;
        let cards = self
            .cards
            .latest(agency)
            .iter()
            .map(|(span, card)| self.card_view(*span, card))
            .collect();
        let rows: Vec<MonthRow> = self
            .cards
            .monthly(agency, 24)
            .iter()
            .map(|(p, card)| MonthRow {
                label: self.sv.month_label(*p),
                groups: self.group_cells(card),
                total: self.of_max(Some(card.score), card.max),
            })
            .collect();
        Some(Value::from_serialize(AgencyView {
            cards,
            group_names: self.group_names(),
            months: rows,
            not_computable: NOT_COMPUTABLE
                .iter()
                .map(|(key, points)| {
                    let name = self.t(&format!("scorecard.needs_portal.{key}.name"));
                    match points {
                        Some(p) => {
                            format!("{name} ({} {})", self.max(*p), self.t("scorecard.points"))
                        }
                        None => name,
                    }
                })
                .collect(),
            method: self.method_url(),
            ranking: self.index_url(),
            css: self.urls.asset("scorecard.css"),
        }))
    }

    /// Agencies with figures in `p`, ranked by one group (or the total when `None`): by the
    /// share of the computable points earned, then by name; not computable last.
    fn ranking(&self, p: Period, by: Option<Group>) -> Vec<RankRow> {
        self.cards
            .ranking(p, by)
            .into_iter()
            .enumerate()
            .map(|(i, (idx, card))| {
                let a = &self.content.agencies[idx];
                RankRow {
                    rank: i + 1,
                    name: a.name.clone(),
                    url: self.urls.agency(&a.id),
                    groups: self.group_cells(&card),
                    total: self.of_max(Some(card.score), card.max),
                }
            })
            .collect()
    }

    /// Every group with its parts' formulas, for the method page.
    fn formulas(&self) -> Vec<serde_json::Value> {
        Group::ALL
            .iter()
            .map(|g| {
                let parts: Vec<serde_json::Value> = g
                    .parts()
                    .iter()
                    .map(|id| {
                        let key = id.key();
                        json!({
                            "anchor": key,
                            "number": match id {
                                PartId::PaidDossiers | PartId::PaidProcedures | PartId::FeeSync => "",
                                id => id.id(),
                            },
                            "name": self.t(&format!("scorecard.part.{key}")),
                            "max": self.max(PartId::max(*id)),
                            "formula": self.t(&format!("scorecard.formula.{key}")),
                        })
                    })
                    .collect();
                json!({
                    "name": self.t(&format!("scorecard.group.{}", g.id())),
                    "points": self.max(g.points()),
                    "parts": parts,
                })
            })
            .collect()
    }

    /// The check figures of the method page, computed by the same code as every card.
    fn examples(&self) -> Vec<PartView> {
        let c = Counts::default;
        let k = Catalogue::default;
        let complaints = Counts {
            complaints: Some(247),
            complaints_on_time: Some(182),
            complaints_satisfied: Some(137),
            ..c()
        };
        let cases: Vec<(PartId, Counts, Catalogue)> = vec![
            (
                PartId::Progress,
                Counts {
                    in_time: Some(486),
                    dossiers: Some(588),
                    ..c()
                },
                k(),
            ),
            (
                PartId::Progress,
                Counts {
                    in_time: Some(332),
                    dossiers: Some(482),
                    ..c()
                },
                k(),
            ),
            (
                PartId::Progress,
                Counts {
                    in_time: Some(29),
                    dossiers: Some(32),
                    ..c()
                },
                k(),
            ),
            (
                PartId::DossierSatisfaction,
                Counts {
                    in_time: Some(486),
                    dossiers: Some(588),
                    disliked: Some(0),
                    ..c()
                },
                k(),
            ),
            (
                PartId::DossierSatisfaction,
                Counts {
                    in_time: Some(144_574),
                    dossiers: Some(184_513),
                    disliked: Some(0),
                    ..c()
                },
                k(),
            ),
            (PartId::ComplaintsOnTime, complaints, k()),
            (PartId::ComplaintsSatisfied, complaints, k()),
            (
                PartId::OnlineProcedures,
                c(),
                Catalogue {
                    procedures: 56,
                    online: 52,
                    ..k()
                },
            ),
            (
                PartId::OnlineUsed,
                c(),
                Catalogue {
                    online: 1968,
                    online_used: Some(406),
                    ..k()
                },
            ),
            (
                PartId::OnlineDossiers,
                Counts {
                    received: Some(152_595),
                    received_online: Some(150_956),
                    ..c()
                },
                k(),
            ),
            (
                PartId::PaidDossiers,
                Counts {
                    fee_dossiers: Some(7),
                    paid_online: Some(7),
                    ..c()
                },
                k(),
            ),
            (
                PartId::PaidProcedures,
                c(),
                Catalogue {
                    fee_procedures: 3,
                    fee_paid: Some(2),
                    ..k()
                },
            ),
            (
                PartId::Complete,
                c(),
                Catalogue {
                    procedures: 89,
                    complete: 87,
                    ..k()
                },
            ),
            (
                PartId::Progress,
                Counts {
                    in_time: Some(0),
                    dossiers: Some(0),
                    ..c()
                },
                k(),
            ),
            (
                PartId::ComplaintsOnTime,
                Counts {
                    complaints: Some(0),
                    complaints_on_time: Some(0),
                    ..c()
                },
                k(),
            ),
        ];
        cases
            .iter()
            .map(|(id, counts, catalogue)| self.part_view(&Part::of(*id, counts, catalogue)))
            .collect()
    }

    /// The ranking views, one per group and one for the total, and the method page.
    pub fn pages(&self, home: &Link, render_page: &PageFn) -> Result<usize, RenderError> {
        let Some(latest) = self.sv.series.latest() else {
            return Ok(0);
        };
        let stats_crumb = Link {
            label: self.t("stats.title"),
            url: self.urls.stats(),
        };
        let index_crumb = Link {
            label: self.t("scorecard.title"),
            url: self.index_url(),
        };
        let views: Vec<(Option<Group>, String)> = std::iter::once((None, self.index_url()))
            .chain(Group::ALL.iter().map(|g| (Some(*g), self.group_url(*g))))
            .collect();
        let mut pages = 0;
        for (by, url) in &views {
            let sort: Vec<SortLink> = views
                .iter()
                .map(|(g, u)| SortLink {
                    label: match g {
                        None => self.t("scorecard.sort_total"),
                        Some(g) => self.t(&format!("scorecard.group.{}", g.id())),
                    },
                    url: u.clone(),
                    current: u == url,
                })
                .collect();
            let (title, crumbs) = match by {
                None => (
                    self.t("scorecard.title"),
                    vec![home.clone(), stats_crumb.clone()],
                ),
                Some(g) => (
                    format!(
                        "{} – {}",
                        self.t("scorecard.title"),
                        self.t(&format!("scorecard.group.{}", g.id()))
                    ),
                    vec![home.clone(), stats_crumb.clone(), index_crumb.clone()],
                ),
            };
            let sorted_by = match by {
                None => self.t("scorecard.sort_total"),
                Some(g) => self.t(&format!("scorecard.group.{}", g.id())),
            };
            render_page(
                "scorecard.html",
                url,
                title,
                crumbs,
                Value::from_serialize(context! {
                    month => self.sv.month_label(latest),
                    sorted_by => sorted_by,
                    sort => Value::from_serialize(&sort),
                    group_names => self.group_names(),
                    rows => Value::from_serialize(self.ranking(latest, *by)),
                    method => self.method_url(),
                    csv => self.urls.api(CSV),
                    json => self.urls.api("stats.json"),
                    css => self.urls.asset("scorecard.css"),
                }),
            )?;
            pages += 1;
        }
        let not_computable: Vec<(String, String)> = NOT_COMPUTABLE
            .iter()
            .map(|(key, points)| {
                (
                    self.t(&format!("scorecard.needs_portal.{key}.name")),
                    match points {
                        Some(p) => format!(
                            "{} {} · {}",
                            self.max(*p),
                            self.t("scorecard.points"),
                            self.t(&format!("scorecard.needs_portal.{key}"))
                        ),
                        None => self.t(&format!("scorecard.needs_portal.{key}")),
                    },
                )
            })
            .collect();
        render_page(
            "scorecard_method.html",
            &self.method_url(),
            self.t("scorecard.method_title"),
            vec![home.clone(), stats_crumb, index_crumb],
            Value::from_serialize(context! {
                groups => Value::from_serialize(self.formulas()),
                examples => Value::from_serialize(self.examples()),
                not_computable => Value::from_serialize(&not_computable),
                ranking => self.index_url(),
                css => self.urls.asset("scorecard.css"),
            }),
        )?;
        Ok(pages + 1)
    }

    /// The scores and their inputs for `/api/stats.json`.
    pub fn json(&self) -> CardsJson<'_> {
        CardsJson {
            label: self.t("scorecard.label"),
            method: self.method_url(),
            cards: CardList(self.cards.all()),
        }
    }

    /// `/api/scorecard-766.csv`: one line per part, group and total of every card.
    pub fn csv(&self) -> String {
        let dec = |p: Points| format!("{}.{:02}", p / 100, p % 100);
        let opt = |v: Option<u64>, f: &dyn Fn(u64) -> String| v.map(f).unwrap_or_default();
        let mut out =
            String::from("kind,period,agency,group,part,num,den,ratio,score,max,status\n");
        let cell = super::stats::csv_cell;
        for (agency, span, card) in self.cards.all() {
            let (span, card) = (*span, card);
            let head = format!("{},{},{}", span.kind(), span.id(), cell(agency));
            for g in &card.groups {
                for p in &g.parts {
                    let status = p.status.id();
                    let _ = writeln!(
                        out,
                        "{head},{},{},{},{},{},{},{},{status}",
                        g.group.id(),
                        p.id.id(),
                        opt(p.num, &|n| n.to_string()),
                        opt(p.den, &|n| n.to_string()),
                        opt(p.ratio, &dec),
                        opt(p.score, &dec),
                        dec(p.max),
                    );
                }
                let _ = writeln!(
                    out,
                    "{head},{},,,,,{},{},",
                    g.group.id(),
                    opt(g.score, &dec),
                    dec(g.max)
                );
            }
            let _ = writeln!(
                out,
                "{head},total,,,,,{},{},",
                dec(card.score),
                dec(card.max)
            );
        }
        out
    }
}

/// `scorecard_766` in `/api/stats.json`, serialised card by card (no JSON tree in memory).
#[derive(Serialize)]
pub struct CardsJson<'s> {
    label: String,
    method: String,
    cards: CardList<'s>,
}

struct CardList<'s>(&'s [(&'s str, Span, Scorecard)]);

fn num(p: Points) -> f64 {
    p as f64 / 100.0
}

#[derive(Serialize)]
struct CardJson<'s> {
    agency: &'s str,
    kind: &'static str,
    period: String,
    from: String,
    to: String,
    score: f64,
    max: f64,
    groups: Vec<GroupJson>,
}

#[derive(Serialize)]
struct GroupJson {
    group: &'static str,
    score: Option<f64>,
    max: f64,
    parts: Vec<PartJson>,
}

#[derive(Serialize)]
struct PartJson {
    part: &'static str,
    num: Option<u64>,
    den: Option<u64>,
    ratio: Option<f64>,
    score: Option<f64>,
    max: f64,
    status: Status,
}

impl Serialize for CardList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (agency, span, card) in self.0 {
            let (from, to) = span.range();
            seq.serialize_element(&CardJson {
                agency,
                kind: span.kind(),
                period: span.id(),
                from: from.to_string(),
                to: to.to_string(),
                score: num(card.score),
                max: num(card.max),
                groups: card
                    .groups
                    .iter()
                    .map(|g| GroupJson {
                        group: g.group.id(),
                        score: g.score.map(num),
                        max: num(g.max),
                        parts: g
                            .parts
                            .iter()
                            .map(|p| PartJson {
                                part: p.id.id(),
                                num: p.num,
                                den: p.den,
                                ratio: p.ratio.map(num),
                                score: p.score.map(num),
                                max: num(p.max),
                                status: p.status,
                            })
                            .collect(),
                    })
                    .collect(),
            })?;
        }
        seq.end()
    }
}
