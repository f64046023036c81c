//! From a portal record to a draft of our procedure file: names to ids (taxonomy labels, agency
//! names and aliases), free text to typed values. What cannot be mapped becomes a TODO value with
//! its source text; what needed judgement becomes a note.

use super::draft::{self, Draft, V};
use super::record::{RawChannel, RawCount, RawFees, Record};
use super::values;
use crate::text::{fold, nfc};
use std::collections::HashMap;

/// Normalises a name for matching: NFC, lowercase, spacing collapsed, no trailing full stop.
fn key(s: &str) -> String {
    nfc(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':', ';'])
        .trim()
        .to_owned()
}

/// Known names → ids, matched exactly (after [`key`]) or, when unambiguous, without accents.
#[derive(Debug, Default)]
pub(crate) struct Names {
    exact: HashMap<String, String>,
    folded: HashMap<String, Option<String>>,
    /// The most comma-separated pieces one name has.
    max_pieces: usize,
}

impl Names {
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Names {
        let mut names = Names::default();
        for (id, label) in entries {
            let mut variants = vec![label.to_owned()];
            // "Cấp huyện (trước 01/7/2025)" also matches "Cấp Huyện".
            if let Some((head, _)) = label.split_once(" (") {
                variants.push(head.to_owned());
            }
            for v in variants {
                let k = key(&v);
                if k.is_empty() {
                    continue;
                }
                names.max_pieces = names.max_pieces.max(k.matches(',').count() + 1);
                names
                    .exact
                    .entry(k.clone())
                    .or_insert_with(|| id.to_owned());
                let f = fold(&k);
                match names.folded.get(&f) {
                    Some(Some(other)) if other != id => {
                        names.folded.insert(f, None);
                    }
                    Some(_) => {}
                    None => {
                        names.folded.insert(f, Some(id.to_owned()));
                    }
                }
            }
        }
        names
    }

    fn lookup(&self, text: &str) -> Option<&str> {
        let k = key(text);
        self.exact
            .get(&k)
            .map(String::as_str)
            .or_else(|| self.folded.get(&fold(&k)).and_then(|v| v.as_deref()))
    }

    /// Splits values the portal joined with ", " (or put on lines of their own) into ids.
    /// Labels may contain commas too ("Cán bộ, công chức, viên chức"), so the longest run of
    /// pieces that is a known name wins; runs of unknown pieces stay together as one TODO.
    pub(crate) fn split(&self, texts: &[String]) -> Vec<V<String>> {
        let mut out: Vec<V<String>> = Vec::new();
        let push = |v: V<String>, out: &mut Vec<V<String>>| {
            if !out.contains(&v) {
                out.push(v);
            }
        };
        for text in texts {
            for hard in text.split(['\n', ';']) {
                let pieces: Vec<&str> = hard
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                let mut unknown: Vec<&str> = Vec::new();
                let mut i = 0;
                while i < pieces.len() {
                    let longest = self.max_pieces.min(pieces.len() - i).max(1);
                    let found = (1..=longest).rev().find_map(|n| {
                        self.lookup(&pieces[i..i + n].join(", "))
                            .map(|id| (id.to_owned(), n))
                    });
                    match found {
                        Some((id, n)) => {
                            if !unknown.is_empty() {
                                push(V::Todo(unknown.join(", ")), &mut out);
                                unknown.clear();
                            }
                            push(V::Ok(id), &mut out);
                            i += n;
                        }
                        None => {
                            unknown.push(pieces[i]);
                            i += 1;
                        }
                    }
                }
                if !unknown.is_empty() && !values::is_empty(&unknown.join(", ")) {
                    push(V::Todo(unknown.join(", ")), &mut out);
                }
            }
        }
        out
    }
}

/// What the site already has, to map names onto.
#[derive(Debug, Default)]
pub(crate) struct Known {
    pub fields: Names,
    pub levels: Names,
    pub audience: Names,
    pub agencies: Names,
    /// Files under `content/files/`, relative to that folder.
    pub files: Vec<String>,
}

impl Known {
    pub(crate) fn from_content(content: &crate::model::Content) -> Known {
        let t = &content.taxonomies;
        let terms = |tax: &crate::model::Taxonomy| {
            Names::new(
                tax.terms
                    .iter()
                    .map(|(id, label)| (id.as_str(), label.as_str())),
            )
        };
        let agencies = content.agencies.iter().flat_map(|a| {
            std::iter::once((a.id.as_str(), a.name.as_str()))
                .chain(a.aliases.iter().map(|x| (a.id.as_str(), x.as_str())))
        });
        Known {
            fields: terms(&t.fields),
            levels: terms(&t.levels),
            audience: terms(&t.audience),
            agencies: Names::new(agencies),
            files: content.files.clone(),
        }
    }

    /// A form named in the record, found among the site's files by its name (accents, case and
    /// extension ignored).
    fn form_file(&self, name: &str) -> Option<String> {
        let stem = |s: &str| {
            let base = s.rsplit('/').next().unwrap_or(s);
            let base = base.rsplit_once('.').map_or(base, |(b, _)| b);
            crate::text::slugify(base)
        };
        let wanted = stem(name);
        if wanted.is_empty() {
            return None;
        }
        self.files
            .iter()
            .find(|f| stem(f) == wanted)
            .map(|f| format!("files/{f}"))
    }
}

/// Groups the paragraphs of "Trình tự thực hiện" into steps: a step starts at "Bước N" when the
/// record numbers its steps, otherwise at every paragraph that is not a bullet of the one before.
pub(crate) fn group_steps(paragraphs: &[String]) -> Vec<String> {
    let numbered = |p: &str| {
        let f = fold(p);
        f.strip_prefix("buoc")
            .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    };
    let bullet = |p: &str| {
        p.starts_with(['-', '+', '•', '*', '–'])
            || p.chars().nth(1) == Some(')') && p.starts_with(|c: char| c.is_alphanumeric())
    };
    let by_number = paragraphs.iter().any(|p| numbered(p));
    let mut steps: Vec<String> = Vec::new();
    for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        let starts = if by_number { numbered(p) } else { !bullet(p) };
        match steps.last_mut() {
            Some(last) if !starts => {
                last.push('\n');
                last.push_str(p);
            }
            _ => steps.push(p.clone()),
        }
    }
    steps
}

const TITLE_MAX: usize = 120;

fn strip_step_number(line: &str) -> &str {
    let f = fold(line);
    if let Some(rest) = f.strip_prefix("buoc") {
        let digits = rest.trim_start();
        let n_len = digits.chars().take_while(|c| c.is_ascii_digit()).count();
        if n_len > 0 {
            // "Bước" is 4 characters; skip it, the spaces and the digits, then ":" or ".".
            let skip = 4 + (rest.len() - digits.len()) + n_len;
            let tail: String = line.chars().skip(skip).collect();
            let trimmed = tail.trim_start_matches([':', '.', ' ', '-', '–']);
            let cut = line.len() - trimmed.len();
            return line.get(cut..).unwrap_or(line);
        }
    }
    line
}

/// A step's title and body from its text; nothing of the text is lost.
fn step(text: &str, number: usize) -> draft::Step {
    let text = values::clean_markdown(text);
    let text = text.trim();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first_plain = strip_step_number(first).replace("**", "").trim().to_owned();
    let body = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    if first_plain.is_empty() {
        return draft::Step {
            title: V::Ok(format!("Bước {number}")),
            body: body(rest),
        };
    }
    if first_plain.chars().count() <= TITLE_MAX {
        return draft::Step {
            title: V::Ok(first_plain),
            body: body(rest),
        };
    }
    if let Some((sentence, after)) = first_plain.split_once(". ") {
        if sentence.chars().count() <= TITLE_MAX {
            let mut b = after.to_owned();
            if !rest.trim().is_empty() {
                b.push('\n');
                b.push_str(rest);
            }
            return draft::Step {
                title: V::Ok(sentence.trim_end_matches('.').to_owned()),
                body: body(&b),
            };
        }
    }
    let mut b = strip_step_number(first).to_owned();
    if !rest.trim().is_empty() {
        b.push('\n');
        b.push_str(rest);
    }
    draft::Step {
        title: V::Ok(format!("Bước {number}")),
        body: body(&b),
    }
}

fn kinds(method: &str) -> Vec<V<&'static str>> {
    let f = fold(method);
    let mut out = Vec::new();
    if f.contains("truc tiep") || f.trim() == "direct" {
        out.push(V::Ok("direct"));
    }
    if f.contains("truc tuyen") || f.trim() == "online" {
        out.push(V::Ok("online"));
    }
    if f.contains("buu chinh") || f.trim() == "postal" {
        out.push(V::Ok("postal"));
    }
    if out.is_empty() {
        out.push(V::Todo(method.to_owned()));
    }
    out
}

fn one_line(s: &str) -> String {
    values::clean(s).replace('\n', " ")
}

fn channels(raw: &RawChannel, notes: &mut Vec<String>) -> Vec<draft::Channel> {
    let deadline_text = one_line(&raw.deadline);
    let (deadline, deadline_comment, deadline_rest) = match values::deadline(&raw.deadline) {
        Ok(Some(d)) => {
            if let Some(n) = &d.note {
                notes.push(n.clone());
            }
            let comment = (d.rest.is_none() && d.note.is_some()).then(|| {
                format!("bản gốc ghi “{deadline_text}”, không có đơn vị: đã hiểu là ngày làm việc")
            });
            (Some(V::Ok((d.value, d.unit.id()))), comment, d.rest)
        }
        Ok(None) => (None, None, None),
        Err(()) => (Some(V::Todo(deadline_text.clone())), None, None),
    };
    let no_fee = match &raw.fees {
        RawFees::Text(t) => values::is_empty(t),
        RawFees::List(l) => l.is_empty(),
    };
    if no_fee {
        notes.push(format!(
            "the record gives no fee for the channel “{}”: none is written, so the page shows it as free (Miễn phí); add `fees:` if there is one",
            one_line(&raw.method)
        ));
    }
    let fees: Vec<draft::Fee> = match &raw.fees {
        RawFees::Text(t) => values::fees(t),
        RawFees::List(list) => list
            .iter()
            .map(|(label, amount)| values::fee_amount(label, amount))
            .collect(),
    }
    .into_iter()
    .map(|f| draft::Fee {
        label: f.label,
        amount: match f.amount {
            Some(a) => V::Ok(a),
            None => V::Todo(f.source),
        },
        note: f.note,
    })
    .collect();
    let mut note_parts = Vec::new();
    if let Some(rest) = deadline_rest {
        note_parts.push(format!("Thời hạn: {rest}"));
    }
    let description = one_line(&raw.description);
    if !values::is_empty(&description) {
        note_parts.push(description);
    }
    let note = (!note_parts.is_empty()).then(|| note_parts.join(" "));
    let kinds = kinds(&raw.method);
    if kinds.len() > 1 {
        notes.push(format!(
            "the channel “{}” names several ways to submit: written as one channel each",
            one_line(&raw.method)
        ));
    }
    kinds
        .into_iter()
        .map(|kind| draft::Channel {
            kind,
            deadline: deadline.clone(),
            deadline_comment: deadline_comment.clone(),
            fees: fees.clone(),
            note: note.clone(),
        })
        .collect()
}

/// A form's title without the file extension the portal shows ("Tờ khai.docx" → "Tờ khai").
fn form_title(text: &str) -> String {
    match text.rsplit_once('.') {
        Some((stem, ext))
            if !stem.trim().is_empty()
                && ["doc", "docx", "pdf", "xls", "xlsx", "odt", "rtf"]
                    .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            stem.trim().to_owned()
        }
        _ => text.to_owned(),
    }
}

fn item(raw: &super::record::RawItem, known: &Known, notes: &mut Vec<String>) -> draft::Item {
    let name = one_line(&raw.name);
    let count_of = |s: &str| -> Option<V<u64>> {
        let s = one_line(s);
        if values::is_empty(&s) {
            return None;
        }
        Some(match values::amount_digits(&s) {
            Some(n) if s.chars().all(|c| c.is_ascii_digit()) => V::Ok(n),
            _ => V::Todo(s),
        })
    };
    let (originals, copies, count_comment) = match &raw.count {
        RawCount::Split { originals, copies } => (count_of(originals), count_of(copies), None),
        RawCount::Text(t) => match values::count(t) {
            Ok(Some(c)) => {
                let comment = c.note.as_ref().map(|n| {
                    notes.push(n.clone());
                    format!(
                        "bản gốc ghi “{}”: đã hiểu là {} bản chính",
                        one_line(t),
                        c.originals
                    )
                });
                (Some(V::Ok(c.originals)), Some(V::Ok(c.copies)), comment)
            }
            Ok(None) => (None, None, None),
            Err(()) => (Some(V::Todo(one_line(t))), None, None),
        },
    };
    let form_text = one_line(&raw.form);
    let form = (!values::is_empty(&form_text)).then(|| {
        let file = match known.form_file(&form_text) {
            Some(f) => V::Ok(f),
            None => V::Todo(form_text.clone()),
        };
        (form_title(&form_text), file)
    });
    draft::Item {
        name: if values::is_empty(&name) {
            V::Todo(String::new())
        } else {
            V::Ok(name)
        },
        originals,
        copies,
        count_comment,
        note: None,
        form,
    }
}

/// Maps a record onto a draft; judgement calls are pushed to `notes`.
pub(crate) fn map(record: &Record, known: &Known, today: &str, notes: &mut Vec<String>) -> Draft {
    let text = |s: &str| -> Option<V<String>> {
        let s = one_line(s);
        Some(if values::is_empty(&s) {
            V::Todo(String::new())
        } else {
            V::Ok(s)
        })
    };
    let or_todo = |mut v: Vec<V<String>>| {
        if v.is_empty() {
            v.push(V::Todo(String::new()));
        }
        v
    };
    let mut authority = known.agencies.split(&record.authority);
    if authority.len() > 1 {
        notes.push(format!(
            "“{}” names several competent authorities: the first is `competent_authority`, the others are listed with `agencies`",
            record.authority.join(", ")
        ));
    }
    let competent_authority = if authority.is_empty() {
        V::Todo(String::new())
    } else {
        authority.remove(0)
    };
    let mut agencies = known.agencies.split(&record.agencies);
    for extra in authority {
        if !agencies.contains(&extra) {
            agencies.push(extra);
        }
    }
    let mut channels: Vec<draft::Channel> = record
        .channels
        .iter()
        .flat_map(|c| channels(c, notes))
        .collect();
    if channels.is_empty() {
        channels.push(draft::Channel {
            kind: V::Todo(one_line(&record.channels_text.join(" "))),
            deadline: None,
            deadline_comment: None,
            fees: Vec::new(),
            note: None,
        });
    }
    let mut documents: Vec<draft::Group> = record
        .documents
        .iter()
        .map(|case| {
            let name = one_line(&case.name);
            let name = if values::is_empty(&name) {
                "Giấy tờ phải nộp".to_owned()
            } else {
                name
            };
            let kind = if fold(&name).contains("xuat trinh") {
                "present"
            } else {
                "submit"
            };
            draft::Group {
                case: name,
                kind,
                items: case.items.iter().map(|i| item(i, known, notes)).collect(),
            }
        })
        .collect();
    if documents.is_empty() {
        documents.push(draft::Group {
            case: "Giấy tờ phải nộp".into(),
            kind: "submit",
            items: vec![draft::Item {
                name: V::Todo(String::new()),
                originals: None,
                copies: None,
                count_comment: None,
                note: None,
                form: None,
            }],
        });
    }
    let mut steps: Vec<draft::Step> = record
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| step(s, i + 1))
        .collect();
    if steps.is_empty() {
        steps.push(draft::Step {
            title: V::Todo(String::new()),
            body: None,
        });
    }
    let mut results: Vec<draft::Result> = record
        .results
        .iter()
        .filter(|r| !values::is_empty(&r.name))
        .map(|r| draft::Result {
            name: V::Ok(one_line(&r.name)),
            electronic: r.electronic,
        })
        .collect();
    if results.is_empty() {
        results.push(draft::Result {
            name: V::Todo(String::new()),
            electronic: false,
        });
    }
    let mut legal_basis: Vec<draft::Legal> = record
        .legal
        .iter()
        .filter(|l| !(values::is_empty(&l.number) && values::is_empty(&l.title)))
        .map(|l| {
            let number = one_line(&l.number);
            let title = one_line(&l.title);
            let issued = match values::date(&l.issued) {
                Ok(Some(d)) => Some(V::Ok(d.to_string())),
                Ok(None) => None,
                Err(()) => Some(V::Todo(one_line(&l.issued))),
            };
            let issuer = one_line(&l.issuer);
            draft::Legal {
                number: if values::is_empty(&number) {
                    V::Todo(title.clone())
                } else {
                    V::Ok(number.clone())
                },
                title: if values::is_empty(&title) {
                    V::Todo(number)
                } else {
                    V::Ok(title)
                },
                issued,
                comment: (!values::is_empty(&issuer))
                    .then(|| format!("Cơ quan ban hành: {issuer}")),
            }
        })
        .collect();
    if legal_basis.is_empty() {
        legal_basis.push(draft::Legal {
            number: V::Todo(String::new()),
            title: V::Todo(String::new()),
            issued: None,
            comment: None,
        });
    }
    let mut keywords: Vec<String> = Vec::new();
    for k in record
        .keywords
        .iter()
        .flat_map(|k| k.split([',', ';', '\n']))
        .map(str::trim)
        .filter(|k| !values::is_empty(k))
    {
        if !keywords.iter().any(|x| x == k) {
            keywords.push(k.to_owned());
        }
    }
    let mut header = Vec::new();
    for (label, value) in &record.extra {
        if !values::is_empty(value) {
            header.push(format!("{label}: {}", one_line(value)));
        }
    }
    let description = one_line(&record.description);
    let requirements = values::clean_markdown(&record.requirements);
    Draft {
        header,
        code: text(&record.code),
        name: text(&record.name),
        summary: (!values::is_empty(&description)).then_some(description),
        keywords,
        fields: or_todo(known.fields.split(&record.fields)),
        levels: or_todo(known.levels.split(&record.levels)),
        audience: or_todo(known.audience.split(&record.audience)),
        competent_authority: Some(competent_authority),
        agencies: or_todo(agencies),
        channels,
        documents,
        steps,
        requirements: (!values::is_empty(&requirements)).then_some(requirements),
        results,
        legal_basis,
        last_checked: today.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_commas_match_longest_first() {
        let names = Names::new([
            ("can-bo", "Cán bộ, công chức, viên chức"),
            ("cong-dan", "Công dân Việt Nam"),
            ("can-cuoc", "Cấp, quản lý căn cước"),
            ("huyen", "Cấp huyện (trước 01/7/2025)"),
        ]);
        let got = names.split(&[
            "Công dân Việt Nam, Cán bộ, công chức, viên chức, Người nước ngoài, Doanh nghiệp"
                .into(),
        ]);
        assert_eq!(
            got,
            vec![
                V::Ok("cong-dan".into()),
                V::Ok("can-bo".into()),
                V::Todo("Người nước ngoài, Doanh nghiệp".into())
            ]
        );
        assert_eq!(
            names.split(&["Cấp, quản lý căn cước".into(), "Cấp Huyện".into()]),
            vec![V::Ok("can-cuoc".into()), V::Ok("huyen".into())]
        );
        assert_eq!(
            names.split(&["cong  dan viet nam".into()]),
            vec![V::Ok("cong-dan".into())]
        );
    }

    #[test]
    fn steps_keep_all_text() {
        let paras: Vec<String> = [
            "Bước 1: Nộp hồ sơ tại Bộ phận một cửa.",
            "- Hồ sơ nộp trực tiếp hoặc trực tuyến.",
            "Bước 2: Cán bộ kiểm tra hồ sơ.",
        ]
        .map(String::from)
        .to_vec();
        let steps = group_steps(&paras);
        assert_eq!(steps.len(), 2);
        let s = step(&steps[0], 1);
        assert_eq!(s.title, V::Ok("Nộp hồ sơ tại Bộ phận một cửa.".into()));
        assert_eq!(
            s.body.as_deref(),
            Some("- Hồ sơ nộp trực tiếp hoặc trực tuyến.")
        );
    }
}
