//! Views: what templates see. Everything is resolved and formatted here, so
//! templates only place values (no lookups, no arithmetic, no formatting).

use super::format::Formatter;
use super::markdown::Markdown;
use super::urls::Urls;
use crate::model::agency::{Agency, FeedbackKind};
use crate::model::procedure::{ChannelKind, DocumentKind, OnlineLevel, Procedure, Status};
use crate::model::{Content, Taxonomy};
use crate::search::{Labels, Record, SearchDoc};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub id: String,
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// A procedure in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureItem {
    pub name: String,
    pub code: String,
    pub url: String,
    pub summary: Option<String>,
    pub repealed: bool,
    pub status_label: Option<String>,
    pub agency: String,
    pub deadline: Option<String>,
    pub fee: String,
    pub online: Option<String>,
    /// The letter it is filed under in the A–Z list.
    pub initial: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyCard {
    pub id: String,
    pub name: String,
    pub url: String,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub parent: Option<Link>,
    pub address: Option<String>,
    /// A link to the agency on OpenStreetMap (a link only: pages load nothing from other hosts).
    pub map_url: Option<String>,
    pub phone: Option<Contact>,
    pub hotline: Option<Contact>,
    pub email: Option<Contact>,
    pub website: Option<Contact>,
    pub hours: Vec<HoursLine>,
    pub closed: Vec<String>,
    pub hours_note: Option<String>,
    pub feedback: Vec<FeedbackView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub text: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoursLine {
    pub days: String,
    pub times: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView {
    pub kind: String,
    pub value: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    pub kind: String,
    pub label: String,
    pub deadline: Option<String>,
    pub fee: String,
    /// The fee in a few words for the summary: the amount, or the range when fees differ
    /// by case (the cases are listed under the summary).
    pub fee_short: String,
    pub multi_fee: bool,
    pub fees: Vec<FeeView>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeeView {
    pub label: String,
    pub amount: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentGroupView {
    pub case: String,
    pub present: bool,
    /// How many documents the group lists.
    pub count: usize,
    pub items: Vec<DocumentView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub name: String,
    pub quantity: Option<String>,
    pub optional: bool,
    pub note: Option<String>,
    pub form: Option<FormView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    pub title: String,
    pub url: String,
    pub format: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub name: String,
    pub electronic: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegalView {
    pub number: String,
    pub title: String,
    pub issued: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    pub item: ProcedureItem,
    pub status: String,
    pub status_label: String,
    pub alert: Option<String>,
    pub fields: Vec<Link>,
    pub levels: Vec<String>,
    pub audience: Vec<String>,
    pub life_events: Vec<Link>,
    pub competent_authority: Link,
    pub channels: Vec<ChannelView>,
    pub online_level: Option<String>,
    pub online_url: Option<String>,
    /// The host the online button leaves for ("dichvucong.gov.vn").
    pub online_host: Option<String>,
    pub documents: Vec<DocumentGroupView>,
    pub steps: Vec<StepView>,
    pub requirements: Option<String>,
    pub results: Vec<ResultView>,
    pub legal_basis: Vec<LegalView>,
    pub agencies: Vec<AgencyCard>,
    pub last_checked: String,
    pub last_checked_iso: String,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub where_: Vec<String>,
    /// Where to go: links to the office cards further down the page.
    pub where_links: Vec<Link>,
    /// "5 giấy tờ": how many documents to bring, all groups together.
    pub doc_count: String,
    /// Whether a channel or a fee has a note (shown under the summary).
    pub has_notes: bool,
}

/// A procedure on a posting sheet: what the printed page shows, nothing more.
#[derive(Debug, Serialize)]
pub struct SheetView<'i> {
    pub item: &'i ProcedureItem,
    pub channels: Vec<ChannelView>,
    pub online_url: Option<String>,
    pub documents: Vec<DocumentGroupView>,
    pub legal_basis: Vec<LegalView>,
    pub last_checked: String,
    pub doc_count: String,
}

pub struct ViewBuilder<'a> {
    pub content: &'a Content,
    pub urls: &'a Urls,
    pub fmt: &'a Formatter,
    pub md: &'a Markdown,
    /// Sizes of download files, by path under `files/`.
    pub file_sizes: &'a HashMap<String, u64>,
    agencies: HashMap<&'a str, &'a Agency>,
}

impl<'a> ViewBuilder<'a> {
    pub fn new(
        content: &'a Content,
        urls: &'a Urls,
        fmt: &'a Formatter,
        md: &'a Markdown,
        file_sizes: &'a HashMap<String, u64>,
    ) -> Self {
        ViewBuilder {
            content,
            urls,
            fmt,
            md,
            file_sizes,
            agencies: content
                .agencies
                .iter()
                .map(|a| (a.id.as_str(), a))
                .collect(),
        }
    }

    fn agency_name(&self, id: &str) -> String {
        self.agencies
            .get(id)
            .map_or_else(|| id.to_owned(), |a| a.name.clone())
    }

    fn term_links(
        &self,
        ids: &[crate::model::At<String>],
        taxonomy: &Taxonomy,
        url: impl Fn(&str) -> String,
    ) -> Vec<Link> {
        ids.iter()
            .map(|r| Link {
                label: taxonomy.label(&r.value).unwrap_or(&r.value).to_owned(),
                url: url(&r.value),
            })
            .collect()
    }

    fn status_label(&self, status: Status) -> String {
        self.fmt.t(&format!("status.{}", status.id())).to_owned()
    }

    fn online_label(&self, level: OnlineLevel) -> Option<String> {
        (level != OnlineLevel::None)
            .then(|| self.fmt.t(&format!("online.{}", level.id())).to_owned())
    }

    pub fn item(&self, p: &Procedure) -> ProcedureItem {
        let deadline = p
            .channels
            .iter()
            .filter_map(|c| c.deadline)
            .min_by(|a, b| {
                a.value
                    .partial_cmp(&b.value)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|d| self.fmt.deadline(&d));
        let fee = self.fmt.fee_range(
            p.channels
                .iter()
                .flat_map(|c| c.fees.iter().map(|f| f.amount)),
        );
        ProcedureItem {
            name: p.name.clone(),
            code: p.code.value.clone(),
            url: self.urls.procedure(&p.slug),
            summary: p.summary.clone(),
            repealed: p.status == Status::Repealed,
            status_label: (p.status != Status::Active).then(|| self.status_label(p.status)),
            agency: self.agency_name(&p.competent_authority.value),
            deadline,
            fee,
            online: self.online_label(p.online_level.value),
            initial: crate::text::initial(&p.name),
        }
    }

    /// Labels of the search filters, in the order `search_doc` indexes them.
    pub fn search_labels(&self) -> Labels {
        let t = &self.content.taxonomies;
        let pairs = |tax: &Taxonomy| tax.terms.clone();
        Labels {
            fields: pairs(&t.fields),
            levels: pairs(&t.levels),
            agencies: self
                .content
                .agencies
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect(),
        }
    }

    /// What the search indexes of a procedure, weighted by where a word occurs.
    /// The search document of `p`: its words and filters come from the derive stage,
    /// the result record (formatted for display) from `item`.
    pub(crate) fn search_doc(
        &self,
        docs: &crate::derive::search::Documents,
        p: &Procedure,
        item: &std::sync::Arc<ProcedureItem>,
    ) -> SearchDoc {
        docs.document(
            p,
            Record {
                item: item.clone(),
                keywords: crate::text::fold(&p.keywords.join(" | ")),
            },
        )
    }

    pub fn agency_card(&self, a: &Agency) -> AgencyCard {
        let tel = |s: &str| Contact {
            text: s.to_owned(),
            href: format!(
                "tel:{}",
                s.chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect::<String>()
            ),
        };
        let hours = a.opening_hours.as_ref();
        AgencyCard {
            id: a.id.clone(),
            name: a.name.clone(),
            url: self.urls.agency(&a.id),
            kind: a.kind.clone(),
            level: a
                .level
                .as_ref()
                .and_then(|l| self.content.taxonomies.levels.label(&l.value))
                .map(str::to_owned),
            parent: a.parent.as_ref().map(|p| Link {
                label: self.agency_name(&p.value),
                url: self.urls.agency(&p.value),
            }),
            address: a.address.clone(),
            map_url: a.geo.map(|(lat, lon)| {
                format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
            }),
            phone: a.phone.as_deref().map(tel),
            hotline: a.hotline.as_deref().map(tel),
            email: a.email.as_deref().map(|e| Contact {
                text: e.to_owned(),
                href: format!("mailto:{e}"),
            }),
            website: a.website.as_deref().map(|w| Contact {
                text: w
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_owned(),
                href: w.to_owned(),
            }),
            hours: hours
                .map(|h| {
                    h.regular
                        .iter()
                        .map(|r| HoursLine {
                            days: self.fmt.days(&r.days),
                            times: r
                                .times
                                .iter()
                                .map(|(a, b)| format!("{a}–{b}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            closed: hours
                .map(|h| h.closed.iter().map(|d| d.dmy()).collect())
                .unwrap_or_default(),
            hours_note: hours.and_then(|h| h.note.clone()),
            feedback: a
                .feedback
                .iter()
                .map(|f| FeedbackView {
                    kind: self.fmt.t(&format!("feedback.{}", f.kind.id())).to_owned(),
                    value: f.label.clone().unwrap_or_else(|| f.value.clone()),
                    href: match f.kind {
                        FeedbackKind::Hotline => Some(tel(&f.value).href),
                        FeedbackKind::Email => Some(format!("mailto:{}", f.value)),
                        FeedbackKind::Web | FeedbackKind::Zalo | FeedbackKind::Facebook
                            if f.value.starts_with("http") =>
                        {
                            Some(f.value.clone())
                        }
                        _ => None,
                    },
                })
                .collect(),
        }
    }

    fn channels(&self, p: &Procedure) -> Vec<ChannelView> {
        let fmt = self.fmt;
        p.channels
            .iter()
            .map(|c| ChannelView {
                kind: c.kind.id().to_owned(),
                label: fmt.t(&format!("channel.{}", c.kind.id())).to_owned(),
                deadline: c.deadline.as_ref().map(|d| fmt.deadline(d)),
                fee: fmt.fees_line(&c.fees),
                fee_short: if c.fees.len() > 1 {
                    fmt.fee_range(c.fees.iter().map(|f| f.amount))
                } else {
                    fmt.fees_line(&c.fees)
                },
                multi_fee: c.fees.len() > 1 && c.fees.iter().any(|f| f.amount > 0),
                fees: c
                    .fees
                    .iter()
                    .map(|f| FeeView {
                        label: f.label.clone(),
                        amount: fmt.money(f.amount),
                        note: f.note.clone(),
                    })
                    .collect(),
                url: c.url.clone(),
                note: c.note.clone(),
            })
            .collect()
    }

    fn online_url(p: &Procedure) -> Option<String> {
        p.channels
            .iter()
            .find(|c| c.kind == ChannelKind::Online)
            .and_then(|c| c.url.clone())
    }

    fn documents(&self, p: &Procedure) -> Vec<DocumentGroupView> {
        let fmt = self.fmt;
        p.documents
            .iter()
            .map(|g| DocumentGroupView {
                case: g.case.clone(),
                present: g.kind == DocumentKind::Present,
                count: g.items.len(),
                items: g
                    .items
                    .iter()
                    .map(|d| DocumentView {
                        name: d.name.clone(),
                        quantity: quantity(fmt, d.originals, d.copies),
                        optional: !d.required,
                        note: d.note.clone(),
                        form: d.form.as_ref().map(|f| {
                            let inner =
                                f.file.value.strip_prefix("files/").unwrap_or(&f.file.value);
                            let ext = inner
                                .rsplit_once('.')
                                .map_or(String::new(), |(_, e)| e.to_uppercase());
                            let size = self.file_sizes.get(inner).map(|s| fmt.size(*s));
                            FormView {
                                title: f.title.clone(),
                                url: self.urls.file(inner),
                                format: [Some(ext), size]
                                    .into_iter()
                                    .flatten()
                                    .filter(|s| !s.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            }
                        }),
                    })
                    .collect(),
            })
            .collect()
    }

    fn legal_basis(p: &Procedure) -> Vec<LegalView> {
        p.legal_basis
            .iter()
            .map(|l| LegalView {
                number: l.number.clone(),
                title: l.title.clone(),
                issued: l.issued.map(|d| d.dmy()),
                url: l.url.clone(),
            })
            .collect()
    }

    /// "5 giấy tờ": how many documents to bring, all groups together.
    fn doc_count(&self, p: &Procedure) -> String {
        let total: usize = p.documents.iter().map(|g| g.items.len()).sum();
        let key = if total == 1 {
            "doc.count.one"
        } else {
            "doc.count.other"
        };
        format!("{} {}", total, self.fmt.t(key))
    }

    /// What a posting sheet prints of a procedure (`item` is its list item): no step
    /// texts, no office cards, none of the page's links.
    pub fn sheet<'i>(&self, p: &Procedure, item: &'i ProcedureItem) -> SheetView<'i> {
        SheetView {
            item,
            channels: self.channels(p),
            online_url: Self::online_url(p),
            documents: self.documents(p),
            legal_basis: Self::legal_basis(p),
            last_checked: p.last_checked.value.dmy(),
            doc_count: self.doc_count(p),
        }
    }

    pub fn procedure(&self, p: &Procedure, cards: &HashMap<&str, AgencyCard>) -> ProcedureView {
        let t = &self.content.taxonomies;
        let channels = self.channels(p);
        let online_url = Self::online_url(p);
        let mut agency_ids: Vec<&str> = p.agencies.iter().map(|a| a.value.as_str()).collect();
        agency_ids.dedup();
        let has_notes = channels
            .iter()
            .any(|c| c.multi_fee || c.note.is_some() || c.fees.iter().any(|f| f.note.is_some()));
        let online_host = online_url.as_deref().and_then(|u| {
            u.split_once("://")
                .and_then(|(_, rest)| rest.split(['/', '?', '#']).next())
                .map(|h| h.trim_start_matches("www.").to_owned())
        });
        ProcedureView {
            item: self.item(p),
            status: p.status.id().to_owned(),
            status_label: self.status_label(p.status),
            alert: p.alert.clone(),
            fields: self.term_links(&p.fields, &t.fields, |id| self.urls.field(id)),
            levels: p
                .levels
                .iter()
                .map(|l| t.levels.label(&l.value).unwrap_or(&l.value).to_owned())
                .collect(),
            audience: p
                .audience
                .iter()
                .map(|l| t.audience.label(&l.value).unwrap_or(&l.value).to_owned())
                .collect(),
            life_events: self.term_links(&p.life_events, &t.life_events, |id| {
                self.urls.life_event(id)
            }),
            competent_authority: Link {
                label: self.agency_name(&p.competent_authority.value),
                url: self.urls.agency(&p.competent_authority.value),
            },
            channels,
            online_level: self.online_label(p.online_level.value),
            online_url,
            documents: self.documents(p),
            steps: p
                .steps
                .iter()
                .map(|s| StepView {
                    title: s.title.clone(),
                    body: s.body.as_deref().map(|b| self.md.render(b, 2)),
                })
                .collect(),
            requirements: p.requirements.as_deref().map(|r| self.md.render(r, 2)),
            results: p
                .results
                .iter()
                .map(|r| ResultView {
                    name: r.name.clone(),
                    electronic: r.electronic,
                })
                .collect(),
            legal_basis: Self::legal_basis(p),
            agencies: agency_ids
                .iter()
                .filter_map(|id| cards.get(id).cloned())
                .collect(),
            last_checked: p.last_checked.value.dmy(),
            last_checked_iso: p.last_checked.value.to_string(),
            effective_from: p.effective_from.map(|d| d.dmy()),
            effective_to: p.effective_to.map(|d| d.dmy()),
            where_: agency_ids.iter().map(|id| self.agency_name(id)).collect(),
            where_links: agency_ids
                .iter()
                .filter(|id| cards.contains_key(*id))
                .map(|id| Link {
                    label: self.agency_name(id),
                    url: format!("#agency-{id}"),
                })
                .collect(),
            doc_count: self.doc_count(p),
            has_notes,
            online_host,
        }
    }
}

/// "1 bản chính, 2 bản sao" / "1 original, 2 copies".
fn quantity(fmt: &Formatter, originals: u64, copies: u64) -> Option<String> {
    let part = |n: u64, key: &str| {
        let plural = if n == 1 { "one" } else { "other" };
        format!("{} {}", n, fmt.t(&format!("{key}.{plural}")))
    };
    let parts: Vec<String> = [(originals, "doc.original"), (copies, "doc.copy")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, k)| part(*n, k))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
