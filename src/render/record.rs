//! The API record of one procedure (`/api/procedures/<code>.json`) and its summary in the
//! list (`/api/procedures.json`) as typed values that
//! serde writes straight to text. A tree of `serde_json::Value`s built first and written
//! after cost a map allocation per object and a copy per string, 100,000 times a national
//! build.
//!
//! serde_json writes a `Value` object's keys sorted, so every struct here declares its fields
//! in sorted order: the text is the same as before, byte for byte.

use super::api::Api;
use crate::model::procedure::{DocumentKind, Procedure};
use crate::model::{At, Taxonomy};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct Record<'a> {
    agencies: Vec<AgencyRef<'a>>,
    alert: Option<&'a str>,
    audience: Vec<Term<'a>>,
    channels: Vec<Channel<'a>>,
    code: &'a str,
    competent_authority: AgencyRef<'a>,
    documents: Vec<Group<'a>>,
    effective_from: Option<String>,
    effective_to: Option<String>,
    fields: Vec<Term<'a>>,
    keywords: &'a [String],
    last_checked: String,
    legal_basis: Vec<Legal<'a>>,
    levels: Vec<Term<'a>>,
    licence: Option<&'a str>,
    life_events: Vec<Term<'a>>,
    name: &'a str,
    online_level: &'a str,
    related: Vec<&'a str>,
    requirements: Option<&'a str>,
    results: Vec<Outcome<'a>>,
    status: &'a str,
    steps: Vec<Step<'a>>,
    summary: Option<&'a str>,
    url: String,
}

/// One procedure in `/api/procedures.json`.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    code: &'a str,
    competent_authority: &'a str,
    data: String,
    fields: Vec<Term<'a>>,
    last_checked: String,
    levels: Vec<Term<'a>>,
    name: &'a str,
    online_level: &'a str,
    status: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Term<'a> {
    id: &'a str,
    label: Option<&'a str>,
}

#[derive(Serialize)]
struct AgencyRef<'a> {
    address: Option<&'a str>,
    id: &'a str,
    name: Option<&'a str>,
    phone: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Channel<'a> {
    deadline: Option<Deadline<'a>>,
    fees: Vec<Fee<'a>>,
    note: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Deadline<'a> {
    unit: &'a str,
    value: f64,
}

#[derive(Serialize)]
struct Fee<'a> {
    amount: u64,
    currency: &'static str,
    label: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Group<'a> {
    case: &'a str,
    items: Vec<Document<'a>>,
    kind: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    copies: u64,
    form: Option<Form<'a>>,
    name: &'a str,
    note: Option<&'a str>,
    originals: u64,
    required: bool,
}

#[derive(Serialize)]
struct Form<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Step<'a> {
    body: Option<&'a str>,
    title: &'a str,
}

#[derive(Serialize)]
struct Outcome<'a> {
    electronic: bool,
    name: &'a str,
}

#[derive(Serialize)]
struct Legal<'a> {
    issued: Option<String>,
    number: &'a str,
    title: &'a str,
    url: Option<&'a str>,
}

/// Each term id with its label (`None` for an id the taxonomy lacks).
fn terms<'a>(t: &'a Taxonomy, ids: &'a [At<String>]) -> Vec<Term<'a>> {
    ids.iter()
        .map(|i| Term {
            id: &i.value,
            label: t.label(&i.value),
        })
        .collect()
}

impl Api<'_> {
    fn agency_ref<'p>(&'p self, id: &'p str) -> AgencyRef<'p> {
        let a = self.agency(id);
        AgencyRef {
            address: a.and_then(|a| a.address.as_deref()),
            id,
            name: a.map(|a| a.name.as_str()),
            phone: a.and_then(|a| a.phone.as_deref()),
            url: self.abs(&self.urls.agency(id)),
        }
    }

    /// One procedure's summary fields, for the list of all.
    pub(crate) fn summary<'p>(&'p self, p: &'p Procedure) -> Summary<'p> {
        let t = &self.content.taxonomies;
        Summary {
            code: &p.code.value,
            competent_authority: &p.competent_authority.value,
            data: self.abs(&self.urls.api(&format!("procedures/{}.json", p.code.value))),
            fields: terms(&t.fields, &p.fields),
            last_checked: p.last_checked.value.to_string(),
            levels: terms(&t.levels, &p.levels),
            name: &p.name,
            online_level: p.online_level.value.id(),
            status: p.status.id(),
            url: self.abs(&self.urls.procedure(&p.slug)),
        }
    }

    /// One procedure's full record, references resolved.
    pub(crate) fn record<'p>(&'p self, p: &'p Procedure) -> Record<'p> {
        let t = &self.content.taxonomies;
        Record {
            agencies: p
                .agencies
                .iter()
                .map(|a| self.agency_ref(&a.value))
                .collect(),
            alert: p.alert.as_deref(),
            audience: terms(&t.audience, &p.audience),
            channels: p
                .channels
                .iter()
                .map(|c| Channel {
                    deadline: c.deadline.as_ref().map(|d| Deadline {
                        unit: d.unit.id(),
                        value: d.value,
                    }),
                    fees: c
                        .fees
                        .iter()
                        .map(|f| Fee {
                            amount: f.amount,
                            currency: "VND",
                            label: &f.label,
                            note: f.note.as_deref(),
                        })
                        .collect(),
                    note: c.note.as_deref(),
                    kind: c.kind.id(),
                    url: c.url.as_deref(),
                })
                .collect(),
            code: &p.code.value,
            competent_authority: self.agency_ref(&p.competent_authority.value),
            documents: p
                .documents
                .iter()
                .map(|g| Group {
                    case: &g.case,
                    items: g
                        .items
                        .iter()
                        .map(|d| Document {
                            copies: d.copies,
                            form: d.form.as_ref().map(|f| Form {
                                title: &f.title,
                                url: self.abs(&self.urls.file(&f.file.value)),
                            }),
                            name: &d.name,
                            note: d.note.as_deref(),
                            originals: d.originals,
                            required: d.required,
                        })
                        .collect(),
                    kind: if g.kind == DocumentKind::Present {
                        "present"
                    } else {
                        "submit"
                    },
                })
                .collect(),
            effective_from: p.effective_from.map(|d| d.to_string()),
            effective_to: p.effective_to.map(|d| d.to_string()),
            fields: terms(&t.fields, &p.fields),
            keywords: &p.keywords,
            last_checked: p.last_checked.value.to_string(),
            legal_basis: p
                .legal_basis
                .iter()
                .map(|l| Legal {
                    issued: l.issued.map(|d| d.to_string()),
                    number: &l.number,
                    title: &l.title,
                    url: l.url.as_deref(),
                })
                .collect(),
            levels: terms(&t.levels, &p.levels),
            licence: self.config.open_data.licence.as_deref(),
            life_events: terms(&t.life_events, &p.life_events),
            name: &p.name,
            online_level: p.online_level.value.id(),
            related: p.related.iter().map(|r| r.value.as_str()).collect(),
            requirements: p.requirements.as_deref(),
            results: p
                .results
                .iter()
                .map(|r| Outcome {
                    electronic: r.electronic,
                    name: &r.name,
                })
                .collect(),
            status: p.status.id(),
            steps: p
                .steps
                .iter()
                .map(|s| Step {
                    body: s.body.as_deref(),
                    title: &s.title,
                })
                .collect(),
            summary: p.summary.as_deref(),
            url: self.abs(&self.urls.procedure(&p.slug)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::render::urls::Urls;
    use std::path::PathBuf;

    /// A `serde_json::Value` writes its keys sorted, so a record whose fields are not declared
    /// in sorted order writes other text straight than through a `Value`.
    #[test]
    fn records_and_summaries_are_the_text_a_sorted_json_value_would_write() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let (content, diags) = crate::load::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        let config = Config::load(&root).expect("the fixture's site.toml");
        let urls = Urls::new("/", config.language);
        let api = Api::new(&content, &urls, &config, "https://example.gov.vn");
        let mut forms = 0;
        for p in &content.procedures {
            let text = api.procedure(p).expect("a record");
            let value = serde_json::to_value(api.record(p)).expect("a value");
            assert_eq!(text, value.to_string(), "{}", p.code.value);
            assert_eq!(value["code"], p.code.value.as_str());
            assert_eq!(
                value["agencies"].as_array().map(Vec::len),
                Some(p.agencies.len())
            );
            forms += text.matches("\"form\":{").count();
            let summary = serde_json::to_value(api.summary(p)).expect("a value");
            assert_eq!(
                serde_json::to_string(&api.summary(p)).expect("a summary"),
                summary.to_string(),
                "{}",
                p.code.value
            );
        }
        assert!(forms > 0, "the fixture has documents with forms");
    }
}
