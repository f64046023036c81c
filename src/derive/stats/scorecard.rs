//! Decision 766/QĐ-TTg (23/6/2022) scores, for the parts the published counts and the
//! catalogue allow: progress 2.1, satisfaction 5.2–5.4, online services 3.1–3.3, online
//! payment (less the fee-synchronisation part) and transparency 1.3.
//!
//! The national portal's arithmetic, exactly: each part's ratio is a percentage rounded half
//! up to 2 decimals (basis points here), its score is computed from that *rounded* ratio and
//! rounded half up to hundredths of a point, and a group's total is the sum of its rounded
//! parts. Everything is integer arithmetic; nothing goes through `f64`.
//!
//! A part whose inputs are not reported has no score and leaves its points out of both the
//! score and the maximum; the portal's own rules for empty denominators (no dossiers: 0, no
//! complaints: full marks) are applied and recorded in [`Status`].

use super::indicators::round_div;
use super::series::{Months, Series, range_row};
use crate::model::Content;
use crate::model::procedure::{OnlineLevel, Procedure, Status as ProcedureStatus};
use crate::model::stats::{Col, PENDING, Period, RECEIVED, RESOLVED, Row};
use serde::Serialize;

/// Hundredths of a point.
pub type Points = u64;

/// One agency's counts over a period (one month, or several summed: flows added, stocks at
/// the ends). `None` is not reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Resolved early + on time + pending in time.
    pub in_time: Option<u64>,
    /// Resolved + pending.
    pub dossiers: Option<u64>,
    pub disliked: Option<u64>,
    pub complaints: Option<u64>,
    pub complaints_on_time: Option<u64>,
    pub complaints_satisfied: Option<u64>,
    pub received: Option<u64>,
    pub received_online: Option<u64>,
    pub fee_dossiers: Option<u64>,
    pub paid_online: Option<u64>,
}

impl Counts {
    pub fn of(r: &Row) -> Counts {
        let resolved = r.sum(&RESOLVED);
        let pending = r.sum(&PENDING);
        Counts {
            in_time: r.sum(&[Col::ResolvedEarly, Col::ResolvedOnTime, Col::PendingInTime]),
            dossiers: resolved.zip(pending).map(|(a, b)| a + b),
            disliked: r.get(Col::DossiersDisliked),
            complaints: r.get(Col::Complaints),
            complaints_on_time: r.get(Col::ComplaintsOnTime),
            complaints_satisfied: r.get(Col::ComplaintsSatisfied),
            received: r.sum(&RECEIVED),
            received_online: r.get(Col::ReceivedOnline),
            fee_dossiers: r.get(Col::FeeDossiers),
            paid_online: r.get(Col::PaidOnline),
        }
    }
}

/// What the catalogue (and the agency's per-procedure rows) say about an agency's procedures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    /// Published procedures the agency implements (repealed ones excluded).
    pub procedures: u64,
    /// Of them, complete in the sense of Decree 63/2010 art. 8(2).
    pub complete: u64,
    /// Of them, with an online service (`online_level` partial or full).
    pub online: u64,
    /// Of the online ones, those with at least one online dossier in the period; `None` when
    /// the agency reports no per-procedure `received_online` in the period.
    pub online_used: Option<u64>,
    /// Procedures charging a fee above 0 on some channel.
    pub fee_procedures: u64,
    /// Of them, those with at least one online payment in the period; `None` when the agency
    /// reports no per-procedure `paid_online` in the period.
    pub fee_paid: Option<u64>,
}

/// The catalogue's side of an agency, computed once: the procedures it implements and which
/// of them are online or charge a fee.
#[derive(Debug, Clone, Default)]
pub struct Handled {
    pub procedures: u64,
    pub complete: u64,
    /// Slugs of the online ones.
    pub online: Vec<String>,
    /// Slugs of the fee-charging ones.
    pub fee: Vec<String>,
}

impl Handled {
    pub fn of(content: &Content, agency: &str) -> Handled {
        let handled: Vec<&Procedure> = content
            .procedures
            .iter()
            .filter(|p| p.status != ProcedureStatus::Repealed)
            .filter(|p| p.agencies.iter().any(|a| a.value == agency))
            .collect();
        Handled::from_list(&handled)
    }

    /// Every agency's, in one pass over the procedures (agency id → what it handles).
    pub fn all(content: &Content) -> std::collections::HashMap<&str, Handled> {
        let mut lists: std::collections::HashMap<&str, Vec<&Procedure>> =
            std::collections::HashMap::new();
        for p in content
            .procedures
            .iter()
            .filter(|p| p.status != ProcedureStatus::Repealed)
        {
            for (n, a) in p.agencies.iter().enumerate() {
                if p.agencies[..n].iter().all(|b| b.value != a.value) {
                    lists.entry(a.value.as_str()).or_default().push(p);
                }
            }
        }
        lists
            .into_iter()
            .map(|(id, list)| (id, Handled::from_list(&list)))
            .collect()
    }

    pub(crate) fn from_list(handled: &[&Procedure]) -> Handled {
        let slugs = |keep: &dyn Fn(&Procedure) -> bool| -> Vec<String> {
            handled
                .iter()
                .filter(|p| keep(p))
                .map(|p| p.slug.clone())
                .collect()
        };
        Handled {
            procedures: handled.len() as u64,
            complete: handled.iter().filter(|p| p.is_complete()).count() as u64,
            online: slugs(&|p| {
                matches!(
                    p.online_level.value,
                    OnlineLevel::Partial | OnlineLevel::Full
                )
            }),
            fee: slugs(&|p| {
                p.channels
                    .iter()
                    .any(|c| c.fees.iter().any(|f| f.amount > 0))
            }),
        }
    }

    /// With the agency's per-procedure rows of `from..=to` (slug → its months at the agency).
    pub fn catalogue(
        &self,
        rows: &std::collections::BTreeMap<&str, &Months>,
        from: Period,
        to: Period,
    ) -> Catalogue {
        let combined: std::collections::BTreeMap<&str, Row> = rows
            .iter()
            .filter_map(|(slug, m)| Some((*slug, range_row(m, from, to)?)))
            .collect();
        let reports = |col: Col| combined.values().any(|r| r.get(col).is_some());
        let used = |slugs: &[String], col: Col| {
            slugs
                .iter()
                .filter(|s| {
                    combined
                        .get(s.as_str())
                        .and_then(|r| r.get(col))
                        .is_some_and(|n| n > 0)
                })
                .count() as u64
        };
        Catalogue {
            procedures: self.procedures,
            complete: self.complete,
            online: self.online.len() as u64,
            online_used: reports(Col::ReceivedOnline)
                .then(|| used(&self.online, Col::ReceivedOnline)),
            fee_procedures: self.fee.len() as u64,
            fee_paid: reports(Col::PaidOnline).then(|| used(&self.fee, Col::PaidOnline)),
        }
    }
}

impl Catalogue {
    /// The catalogue facts of `agency`, with its per-procedure rows of `from..=to`.
    pub fn of(content: &Content, series: &Series, agency: &str, from: Period, to: Period) -> Self {
        Handled::of(content, agency).catalogue(&procedure_rows(series, agency), from, to)
    }
}

/// An agency's per-procedure series: slug → its months at that agency.
pub fn procedure_rows<'s>(
    series: &'s Series,
    agency: &str,
) -> std::collections::BTreeMap<&'s str, &'s Months> {
    series
        .procedures
        .iter()
        .filter_map(|(slug, units)| {
            let (_, m) = units.iter().find(|(a, _)| a == agency)?;
            Some((slug.as_str(), m))
        })
        .collect()
}

/// The scored groups, in the order pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Progress,
    Satisfaction,
    Online,
    Payment,
    Transparency,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Progress,
        Group::Satisfaction,
        Group::Online,
        Group::Payment,
        Group::Transparency,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Group::Progress => "progress",
            Group::Satisfaction => "satisfaction",
            Group::Online => "online",
            Group::Payment => "payment",
            Group::Transparency => "transparency",
        }
    }

    /// The group's points in Decision 766 (of 100), computable or not.
    pub fn points(self) -> Points {
        match self {
            Group::Progress => 2000,
            Group::Satisfaction => 1800,
            Group::Online => 1200,
            Group::Payment => 1000,
            Group::Transparency => 1800,
        }
    }

    pub fn parts(self) -> &'static [PartId] {
        match self {
            Group::Progress => &[PartId::Progress],
            Group::Satisfaction => &[
                PartId::ComplaintsOnTime,
                PartId::ComplaintsSatisfied,
                PartId::DossierSatisfaction,
            ],
            Group::Online => &[
                PartId::OnlineProcedures,
                PartId::OnlineUsed,
                PartId::OnlineDossiers,
            ],
            Group::Payment => &[
                PartId::PaidDossiers,
                PartId::PaidProcedures,
                PartId::FeeSync,
            ],
            Group::Transparency => &[PartId::Complete],
        }
    }
}

/// One scored part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PartId {
    /// 2.1: (early + on time + pending in time) / (resolved + pending), 20 points.
    Progress,
    /// 5.2: complaints handled on time / complaints, 6 points.
    ComplaintsOnTime,
    /// 5.3: complaints handled with the citizen satisfied / complaints, 6 points.
    ComplaintsSatisfied,
    /// 5.4: (in time − disliked) / (resolved + pending), 6 points at 90 %.
    DossierSatisfaction,
    /// 3.1: procedures with an online service / procedures, 2 points at 80 %.
    OnlineProcedures,
    /// 3.2: online procedures with an online dossier / online procedures, 4 points.
    OnlineUsed,
    /// 3.3: received online / received, 6 points at 50 %.
    OnlineDossiers,
    /// Paid online / dossiers with a fee, 6 points.
    PaidDossiers,
    /// rA: fee-charging procedures with an online payment / fee-charging procedures, 2 points
    /// at 80 %.
    PaidProcedures,
    /// rB: needs the portal's fee-synchronisation data, 2 points: never computed.
    FeeSync,
    /// 1.3: procedures published complete / procedures published, 2 points.
    Complete,
}

impl PartId {
    /// The id in open data and the anchor on the method page.
    pub fn id(self) -> &'static str {
        match self {
            PartId::Progress => "2.1",
            PartId::ComplaintsOnTime => "5.2",
            PartId::ComplaintsSatisfied => "5.3",
            PartId::DossierSatisfaction => "5.4",
            PartId::OnlineProcedures => "3.1",
            PartId::OnlineUsed => "3.2",
            PartId::OnlineDossiers => "3.3",
            PartId::PaidDossiers => "payment.dossiers",
            PartId::PaidProcedures => "payment.procedures",
            PartId::FeeSync => "payment.sync",
            PartId::Complete => "1.3",
        }
    }

    /// A translation-key-friendly name.
    pub fn key(self) -> &'static str {
        match self {
            PartId::Progress => "p21",
            PartId::ComplaintsOnTime => "p52",
            PartId::ComplaintsSatisfied => "p53",
            PartId::DossierSatisfaction => "p54",
            PartId::OnlineProcedures => "p31",
            PartId::OnlineUsed => "p32",
            PartId::OnlineDossiers => "p33",
            PartId::PaidDossiers => "pay_dossiers",
            PartId::PaidProcedures => "pay_procedures",
            PartId::FeeSync => "pay_sync",
            PartId::Complete => "p13",
        }
    }

    /// (the part's points, the ratio in basis points that earns them all): the score is
    /// `min(max, max × ratio / full)`.
    pub fn scale(self) -> (Points, u64) {
        match self {
            PartId::Progress => (2000, 10_000),
            PartId::ComplaintsOnTime | PartId::ComplaintsSatisfied => (600, 10_000),
            PartId::DossierSatisfaction => (600, 9_000),
            PartId::OnlineProcedures => (200, 8_000),
            PartId::OnlineUsed => (400, 10_000),
            PartId::OnlineDossiers => (600, 5_000),
            PartId::PaidDossiers => (600, 10_000),
            PartId::PaidProcedures | PartId::FeeSync => (200, 8_000),
            PartId::Complete => (200, 10_000),
        }
    }

    pub fn max(self) -> Points {
        self.scale().0
    }
}

/// How a part's score came about (written as its [`Status::id`] in JSON and CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum Status {
    /// From its ratio.
    Scored,
    /// No dossiers in the period: 0 points (the portal's rule), counted in the maximum.
    NoDossiers,
    /// No complaints in the period: full points (the portal's rule).
    NoComplaints,
    /// Nothing to count (e.g. no dossier with a fee): no score, out of the maximum.
    Empty,
    /// An input is not reported: no score, out of the maximum.
    NotReported,
    /// Needs the national portal's own data: never computed.
    NeedsPortalData,
}

impl Status {
    /// The status as the API writes it.
    pub fn id(self) -> &'static str {
        match self {
            Status::Scored => "scored",
            Status::NoDossiers => "no_dossiers",
            Status::NoComplaints => "no_complaints",
            Status::Empty => "empty",
            Status::NotReported => "not_reported",
            Status::NeedsPortalData => "needs_portal_data",
        }
    }
}

impl From<Status> for &'static str {
    fn from(s: Status) -> &'static str {
        s.id()
    }
}

/// A part's ratio and score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Part {
    pub id: PartId,
    pub num: Option<u64>,
    pub den: Option<u64>,
    /// Hundredths of a percent, rounded half up; `None` when it cannot be computed.
    pub ratio: Option<u64>,
    /// Hundredths of a point; `None` when the part is not computable.
    pub score: Option<Points>,
    pub max: Points,
    pub status: Status,
}

/// The percentage in basis points, rounded half up; `None` for an empty denominator.
pub fn ratio_bp(num: u64, den: u64) -> Option<u64> {
    (den > 0).then(|| round_div(u128::from(num) * 10_000, u128::from(den)) as u64)
}

/// The score of a rounded ratio: `min(max, max × ratio / full)`, rounded half up.
pub fn score(ratio: u64, max: Points, full: u64) -> Points {
    (round_div(u128::from(max) * u128::from(ratio), u128::from(full)) as u64).min(max)
}

/// What the portal gives a part when its denominator is 0.
#[derive(Debug, Clone, Copy)]
enum Empty {
    /// 0 points (no dossiers).
    Zero,
    /// Full points (no complaints).
    Full,
    /// Not computable.
    Skip,
}

fn part(id: PartId, num: Option<u64>, den: Option<u64>, empty: Empty) -> Part {
    let (max, full) = id.scale();
    let mut p = Part {
        id,
        num,
        den,
        ratio: None,
        score: None,
        max,
        status: Status::NotReported,
    };
    match (num, den) {
        (_, Some(0)) => match empty {
            Empty::Zero => (p.score, p.status) = (Some(0), Status::NoDossiers),
            Empty::Full => (p.score, p.status) = (Some(max), Status::NoComplaints),
            Empty::Skip => p.status = Status::Empty,
        },
        (Some(n), Some(d)) => {
            p.ratio = ratio_bp(n, d);
            p.score = p.ratio.map(|r| score(r, max, full));
            p.status = Status::Scored;
        }
        _ => {}
    }
    p
}

impl Part {
    /// Whether its points count in the score and the maximum.
    pub fn counted(&self) -> bool {
        self.score.is_some()
    }

    /// Computes one part from the counts and the catalogue.
    pub fn of(id: PartId, c: &Counts, k: &Catalogue) -> Part {
        match id {
            PartId::Progress => part(id, c.in_time, c.dossiers, Empty::Zero),
            PartId::DossierSatisfaction => part(
                id,
                c.in_time.zip(c.disliked).map(|(a, b)| a.saturating_sub(b)),
                c.dossiers,
                Empty::Zero,
            ),
            PartId::ComplaintsOnTime => part(id, c.complaints_on_time, c.complaints, Empty::Full),
            PartId::ComplaintsSatisfied => {
                part(id, c.complaints_satisfied, c.complaints, Empty::Full)
            }
            PartId::OnlineProcedures => part(id, Some(k.online), Some(k.procedures), Empty::Skip),
            PartId::OnlineUsed => part(id, k.online_used, Some(k.online), Empty::Skip),
            PartId::OnlineDossiers => part(id, c.received_online, c.received, Empty::Skip),
            PartId::PaidDossiers => part(id, c.paid_online, c.fee_dossiers, Empty::Skip),
            PartId::PaidProcedures => part(id, k.fee_paid, Some(k.fee_procedures), Empty::Skip),
            PartId::FeeSync => Part {
                id,
                num: None,
                den: None,
                ratio: None,
                score: None,
                max: id.max(),
                status: Status::NeedsPortalData,
            },
            PartId::Complete => part(id, Some(k.complete), Some(k.procedures), Empty::Skip),
        }
    }
}

/// A group's parts and its total over the parts that could be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupScore {
    pub group: Group,
    pub parts: Vec<Part>,
    /// The sum of the computable parts' rounded scores; `None` when none is computable.
    pub score: Option<Points>,
    /// The computable parts' points.
    pub max: Points,
}

/// Every computable group of one agency and period, and the total over the computable maximum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub groups: Vec<GroupScore>,
    pub score: Points,
    pub max: Points,
}

impl Scorecard {
    pub fn of(c: &Counts, k: &Catalogue) -> Scorecard {
        let groups: Vec<GroupScore> = Group::ALL
            .iter()
            .map(|g| {
                let parts: Vec<Part> = g.parts().iter().map(|id| Part::of(*id, c, k)).collect();
                let counted = parts.iter().filter(|p| p.counted());
                GroupScore {
                    group: *g,
                    score: counted.clone().filter_map(|p| p.score).reduce(|a, b| a + b),
                    max: counted.map(|p| p.max).sum(),
                    parts,
                }
            })
            .collect();
        Scorecard {
            score: groups.iter().filter_map(|g| g.score).sum(),
            max: groups.iter().map(|g| g.max).sum(),
            groups,
        }
    }

    pub fn group(&self, g: Group) -> Option<&GroupScore> {
        self.groups.iter().find(|x| x.group == g)
    }
}

/// The parts of Decision 766 that need the national portal's own data, with their points
/// (`None` when they are scored inside a group counted elsewhere): listed, never shown as 0.
pub const NOT_COMPUTABLE: [(&str, Option<Points>); 4] = [
    ("transparency_other", Some(1600)),
    ("digitisation", Some(2200)),
    ("fee_sync", Some(200)),
    ("portal_sync", None),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> Counts {
        Counts::default()
    }
    fn k() -> Catalogue {
        Catalogue::default()
    }
    fn one(id: PartId, c: &Counts, k: &Catalogue) -> Part {
        Part::of(id, c, k)
    }

    #[test]
    fn progress_2_1_check_figures() {
        for (num, den, ratio, points) in [
            (486, 588, 8265, 1653),
            (332, 482, 6888, 1378),
            (29, 32, 9063, 1813),
        ] {
            let counts = Counts {
                in_time: Some(num),
                dossiers: Some(den),
                ..c()
            };
            let p = one(PartId::Progress, &counts, &k());
            assert_eq!(
                (p.ratio, p.score),
                (Some(ratio), Some(points)),
                "{num}/{den}"
            );
            assert_eq!(p.status, Status::Scored);
        }
    }

    #[test]
    fn the_score_is_from_the_rounded_ratio() {
        // 1/3 = 33,333… % → 33,33 % → 20 × 33,33 / 100 = 6,666 → 6,67.
        assert_eq!(score(ratio_bp(1, 3).unwrap(), 2000, 10_000), 667);
        // 2/3 → 66,67 % → 2 × 66,67 / 80 = 1,666 75 → 1,67, capped at the part's points.
        assert_eq!(score(6667, 200, 8000), 167);
        assert_eq!(score(9286, 200, 8000), 200);
        // Half up, not half to even: 87/89 = 97,752… % → 97,75 % → 1,955 → 1,96.
        assert_eq!(ratio_bp(87, 89), Some(9775));
        assert_eq!(score(9775, 200, 10_000), 196);
        assert_eq!(ratio_bp(1, 0), None);
    }

    #[test]
    fn satisfaction_5_4_check_figures() {
        let p = one(
            PartId::DossierSatisfaction,
            &Counts {
                in_time: Some(486),
                dossiers: Some(588),
                disliked: Some(0),
                ..c()
            },
            &k(),
        );
        assert_eq!((p.ratio, p.score), (Some(8265), Some(551)));
        // 144.574 / 184.513, with 1.000 of 145.574 in time disliked.
        let p = one(
            PartId::DossierSatisfaction,
            &Counts {
                in_time: Some(145_574),
                dossiers: Some(184_513),
                disliked: Some(1_000),
                ..c()
            },
            &k(),
        );
        assert_eq!(
            (p.num, p.ratio, p.score),
            (Some(144_574), Some(7835), Some(522))
        );
        // 90 % or more earns all 6 points.
        let p = one(
            PartId::DossierSatisfaction,
            &Counts {
                in_time: Some(99),
                dossiers: Some(100),
                disliked: Some(0),
                ..c()
            },
            &k(),
        );
        assert_eq!(p.score, Some(600));
    }

    #[test]
    fn complaints_5_2_and_5_3_check_figures() {
        let counts = Counts {
            complaints: Some(247),
            complaints_on_time: Some(182),
            complaints_satisfied: Some(137),
            ..c()
        };
        let p = one(PartId::ComplaintsOnTime, &counts, &k());
        assert_eq!((p.ratio, p.score), (Some(7368), Some(442)));
        let p = one(PartId::ComplaintsSatisfied, &counts, &k());
        assert_eq!((p.ratio, p.score), (Some(5547), Some(333)));
    }

    #[test]
    fn no_dossiers_and_no_complaints_score_12_of_18() {
        let counts = Counts {
            in_time: Some(0),
            dossiers: Some(0),
            disliked: None,
            complaints: Some(0),
            complaints_on_time: Some(0),
            complaints_satisfied: None,
            ..c()
        };
        let card = Scorecard::of(&counts, &k());
        let s = card.group(Group::Satisfaction).unwrap();
        assert_eq!((s.score, s.max), (Some(1200), 1800));
        let statuses: Vec<Status> = s.parts.iter().map(|p| p.status).collect();
        assert_eq!(
            statuses,
            [
                Status::NoComplaints,
                Status::NoComplaints,
                Status::NoDossiers
            ]
        );
        assert!(s.parts.iter().all(|p| p.ratio.is_none()), "no ratio shown");
        let p = card.group(Group::Progress).unwrap();
        assert_eq!((p.score, p.max), (Some(0), 2000));
        assert_eq!(p.parts[0].status, Status::NoDossiers);
        assert_eq!(p.parts[0].ratio, None, "the rate stays —");
    }

    #[test]
    fn online_services_check_figure() {
        let catalogue = Catalogue {
            procedures: 56,
            online: 52,
            online_used: Some(406),
            ..k()
        };
        // r32's check figure is 406/1.968 procedures: a bigger catalogue than 52.
        let catalogue_32 = Catalogue {
            online: 1968,
            ..catalogue
        };
        let counts = Counts {
            received: Some(152_595),
            received_online: Some(150_956),
            ..c()
        };
        let p31 = one(PartId::OnlineProcedures, &counts, &catalogue);
        assert_eq!((p31.ratio, p31.score), (Some(9286), Some(200)));
        let p32 = one(PartId::OnlineUsed, &counts, &catalogue_32);
        assert_eq!((p32.ratio, p32.score), (Some(2063), Some(83)));
        let p33 = one(PartId::OnlineDossiers, &counts, &catalogue);
        assert_eq!((p33.ratio, p33.score), (Some(9893), Some(600)));
        assert_eq!(
            p31.score.unwrap() + p32.score.unwrap() + p33.score.unwrap(),
            883
        );
    }

    #[test]
    fn online_payment_check_figure_leaves_out_fee_sync() {
        let counts = Counts {
            fee_dossiers: Some(7),
            paid_online: Some(7),
            ..c()
        };
        let catalogue = Catalogue {
            fee_procedures: 3,
            fee_paid: Some(2),
            ..k()
        };
        let card = Scorecard::of(&counts, &catalogue);
        let g = card.group(Group::Payment).unwrap();
        assert_eq!((g.score, g.max), (Some(767), 800));
        assert_eq!(g.parts[2].status, Status::NeedsPortalData);
        assert_eq!(g.parts[2].score, None);
    }

    #[test]
    fn transparency_1_3_check_figure() {
        let p = one(
            PartId::Complete,
            &c(),
            &Catalogue {
                procedures: 89,
                complete: 87,
                ..k()
            },
        );
        assert_eq!((p.ratio, p.score), (Some(9775), Some(196)));
    }

    #[test]
    fn not_reported_parts_leave_score_and_maximum() {
        let counts = Counts {
            in_time: Some(486),
            dossiers: Some(588),
            ..c()
        };
        let card = Scorecard::of(&counts, &k());
        // Only progress: satisfaction's inputs are not reported, the catalogue is empty.
        assert_eq!((card.score, card.max), (1653, 2000));
        let s = card.group(Group::Satisfaction).unwrap();
        assert_eq!((s.score, s.max), (None, 0));
        assert!(s.parts.iter().all(|p| p.status == Status::NotReported));
        let o = card.group(Group::Online).unwrap();
        assert_eq!(
            o.parts[0].status,
            Status::Empty,
            "no procedures in the catalogue"
        );
        assert_eq!(o.parts[1].status, Status::Empty);
        assert_eq!(o.parts[2].status, Status::NotReported);
        // Complaints reported but not the satisfied ones: 5.2 counts, 5.3 does not.
        let counts = Counts {
            complaints: Some(10),
            complaints_on_time: Some(9),
            ..c()
        };
        let s = Scorecard::of(&counts, &k());
        let s = s.group(Group::Satisfaction).unwrap();
        assert_eq!((s.score, s.max), (Some(540), 600));
    }

    #[test]
    fn a_subset_above_its_whole_never_scores_above_the_part() {
        // Validation rejects these rows; the formulas stay bounded anyway.
        let counts = Counts {
            in_time: Some(10),
            dossiers: Some(10),
            disliked: Some(50),
            complaints: Some(5),
            complaints_on_time: Some(9),
            complaints_satisfied: Some(9),
            ..c()
        };
        let card = Scorecard::of(&counts, &k());
        let s = card.group(Group::Satisfaction).unwrap();
        assert_eq!(s.parts[0].score, Some(600));
        assert_eq!(s.parts[2].num, Some(0));
        assert_eq!(s.parts[2].score, Some(0));
    }

    #[test]
    fn the_total_is_over_the_computable_maximum() {
        let counts = Counts {
            in_time: Some(486),
            dossiers: Some(588),
            disliked: Some(0),
            complaints: Some(247),
            complaints_on_time: Some(182),
            complaints_satisfied: Some(137),
            received: Some(152_595),
            received_online: Some(150_956),
            fee_dossiers: Some(7),
            paid_online: Some(7),
        };
        let catalogue = Catalogue {
            procedures: 89,
            complete: 87,
            online: 52,
            online_used: Some(26),
            fee_procedures: 3,
            fee_paid: Some(2),
        };
        let card = Scorecard::of(&counts, &catalogue);
        let scores: Vec<(Option<Points>, Points)> =
            card.groups.iter().map(|g| (g.score, g.max)).collect();
        // 52/89 = 58,43 % → 2 × 58,43 / 80 = 1,46; 26/52 = 50 % → 2.
        assert_eq!(
            scores,
            [
                (Some(1653), 2000),
                (Some(442 + 333 + 551), 1800),
                (Some(146 + 200 + 600), 1200),
                (Some(767), 800),
                (Some(196), 200),
            ]
        );
        assert_eq!(card.max, 6000, "rB is never part of the maximum");
        assert_eq!(card.score, 1653 + 1326 + 946 + 767 + 196);
    }

    #[test]
    fn the_new_columns_never_exceed_their_whole() {
        let head = "period,agency,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue,complaints,complaints_on_time,complaints_satisfied,dossiers_disliked";
        let body = "2026-05,a,0,10,0,0,2,6,2,0,0,4,4,5,11\n2026-05,b,0,10,0,0,2,6,2,0,0,4,4,4,10\n";
        let (rows, diags) = crate::load::stats::csv("s.csv", &format!("{head}\n{body}"));
        assert!(diags.is_empty(), "{diags:?}");
        let a: Vec<String> = crate::validate::stats::row(&rows[0])
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            a,
            [
                "complaints_satisfied 5 > complaints 4 (off by 1)",
                "dossiers_disliked 11 > resolved + pending 10 (off by 1)"
            ]
        );
        assert!(crate::validate::stats::row(&rows[1]).is_empty());
        assert_eq!(rows[1].get(Col::ComplaintsSatisfied), Some(4));
        let counts = Counts::of(&rows[1]);
        assert_eq!(
            (counts.in_time, counts.dossiers, counts.disliked),
            (Some(8), Some(10), Some(10))
        );
    }
}
