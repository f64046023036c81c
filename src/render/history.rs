//! Change history in words (the theme's language) and as an Atom feed.

use super::format::Formatter;
use super::urls::Urls;
use crate::derive::history::{Change, Entry, History};
use crate::model::Content;
use crate::model::procedure::ChannelKind;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HistoryItem {
    pub date: String,
    pub iso: String,
    pub changes: Vec<String>,
}

fn channel(fmt: &Formatter, kind: ChannelKind) -> String {
    fmt.t(&format!("channel.{}", kind.id())).to_lowercase()
}

/// One change as a sentence, e.g. "Lệ phí trực tiếp: 50.000 đồng → Miễn phí".
pub fn sentence(fmt: &Formatter, c: &Change) -> String {
    let t = |k: &str| fmt.t(k).to_owned();
    match c {
        Change::Published => t("history.published"),
        Change::Name { from, to } => format!("{}: {from} → {to}", t("history.name")),
        Change::Status { from, to } => format!(
            "{}: {} → {}",
            t("history.status"),
            fmt.t(&format!("status.{}", from.id())),
            fmt.t(&format!("status.{}", to.id()))
        ),
        Change::Fee {
            channel: k,
            from,
            to,
        } => format!(
            "{} {}: {} → {}",
            t("history.fee"),
            channel(fmt, *k),
            fmt.fee_range(from.iter().copied()),
            fmt.fee_range(to.iter().copied())
        ),
        Change::Deadline {
            channel: k,
            from,
            to,
        } => {
            let show = |d: &Option<crate::model::procedure::Deadline>| {
                d.as_ref()
                    .map_or_else(|| "—".to_owned(), |d| fmt.deadline(d))
            };
            let before = match (from, to) {
                // "5 → 3 ngày làm việc" when the unit stays.
                (Some(a), Some(b)) if a.unit == b.unit => {
                    let full = fmt.deadline(a);
                    full.split(' ').next().unwrap_or(&full).to_owned()
                }
                _ => show(from),
            };
            format!(
                "{} {}: {before} → {}",
                t("history.deadline"),
                channel(fmt, *k),
                show(to)
            )
        }
        Change::ChannelAdded(k) => format!("{}: {}", t("history.channel_added"), channel(fmt, *k)),
        Change::ChannelRemoved(k) => {
            format!("{}: {}", t("history.channel_removed"), channel(fmt, *k))
        }
        Change::DocumentAdded(d) => format!("{}: {d}", t("history.document_added")),
        Change::DocumentRemoved(d) => format!("{}: {d}", t("history.document_removed")),
        Change::LegalAdded(d) => format!("{}: {d}", t("history.legal_added")),
        Change::LegalRemoved(d) => format!("{}: {d}", t("history.legal_removed")),
    }
}

pub fn items(fmt: &Formatter, entries: &[Entry]) -> Vec<HistoryItem> {
    entries
        .iter()
        .map(|e| HistoryItem {
            date: e.date.dmy(),
            iso: e.date.to_string(),
            changes: e.changes.iter().map(|c| sentence(fmt, c)).collect(),
        })
        .collect()
}

/// `feed.xml`: the latest changes of every procedure, newest first (Atom).
pub fn feed(
    history: &History,
    content: &Content,
    urls: &Urls,
    origin: &str,
    fmt: &Formatter,
    title: &str,
) -> Option<String> {
    let esc = super::escape_html;
    let mut entries: Vec<(&Entry, &crate::model::Procedure)> = content
        .procedures
        .iter()
        .flat_map(|p| {
            history
                .by_code
                .get(&p.code.value)
                .into_iter()
                .flatten()
                .map(move |e| (e, p))
        })
        .collect();
    entries.sort_by(|a, b| {
        b.0.date
            .cmp(&a.0.date)
            .then_with(|| a.1.code.value.cmp(&b.1.code.value))
            .then_with(|| a.0.commit.cmp(&b.0.commit))
    });
    entries.truncate(100);
    let newest = entries.first()?.0.date;
    let feed_url = format!("{origin}{}feed.xml", urls.base);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{origin}{}\"/>\n<updated>{newest}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        fmt.lang.code(),
        esc(&format!("{title}: {}", fmt.t("history.feed_title"))),
        esc(&feed_url),
        esc(&feed_url),
        esc(&urls.home()),
        esc(title),
    );
    for (e, p) in entries {
        let url = format!("{origin}{}", urls.procedure(&p.slug));
        let summary: Vec<String> = e.changes.iter().map(|c| sentence(fmt, c)).collect();
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}#{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<summary>{} ({})</summary>\n</entry>\n",
            esc(&p.name),
            esc(&url),
            &e.commit[..e.commit.len().min(12)],
            esc(&url),
            e.date,
            esc(&summary.join("; ")),
            e.date.dmy(),
        ));
    }
    xml.push_str("</feed>\n");
    Some(xml)
}
