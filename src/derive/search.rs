//! Search documents: what each procedure is found by (its words, field by field) and
//! filtered by (fields, levels, agencies, online level, free). The record a result shows
//! is formatted for display, so render hands it in.

use crate::model::procedure::{OnlineLevel, Procedure, Status};
use crate::model::{Content, Taxonomy};
use crate::search::{Field, Filters, Record, SearchDoc};
use std::collections::HashMap;

/// Builds search documents; the agency lookups are made once for all procedures.
pub(crate) struct Documents<'a> {
    content: &'a Content,
    /// Agency id → name.
    names: HashMap<&'a str, &'a str>,
    /// Agency id → position of its first entry in `content.agencies` (the filter value).
    positions: HashMap<&'a str, usize>,
}

impl<'a> Documents<'a> {
    pub(crate) fn new(content: &'a Content) -> Self {
        let names = content
            .agencies
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_str()))
            .collect();
        let mut positions = HashMap::new();
        for (i, a) in content.agencies.iter().enumerate() {
            positions.entry(a.id.as_str()).or_insert(i);
        }
        Documents {
            content,
            names,
            positions,
        }
    }

    fn agency_name(&self, id: &str) -> String {
        self.names
            .get(id)
            .map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    }

    /// What the index sorts `p` by before its name: the position of its primary field.
    pub(crate) fn group(&self, p: &Procedure) -> usize {
        let fields = &self.content.taxonomies.fields;
        p.fields
            .first()
            .and_then(|f| fields.terms.iter().position(|(k, _)| *k == f.value))
            .unwrap_or(usize::MAX)
    }

    /// The search document of `p`, showing `record` as its result.
    pub(crate) fn document(&self, p: &Procedure, record: Record) -> SearchDoc {
        let t = &self.content.taxonomies;
        let position = |tax: &Taxonomy, id: &str| tax.terms.iter().position(|(k, _)| k == id);
        let agency_pos = |id: &str| self.positions.get(id).copied();
        let mut taxonomy_words: Vec<&str> = p
            .fields
            .iter()
            .filter_map(|f| t.fields.label(&f.value))
            .collect();
        taxonomy_words.extend(
            p.life_events
                .iter()
                .filter_map(|f| t.life_events.label(&f.value)),
        );
        let mut agency_ids: Vec<&str> = vec![p.competent_authority.value.as_str()];
        agency_ids.extend(p.agencies.iter().map(|a| a.value.as_str()));
        let documents: Vec<&str> = p
            .documents
            .iter()
            .flat_map(|g| g.items.iter().map(|d| d.name.as_str()))
            .collect();
        let texts = vec![
            (Field::Name, p.name.clone()),
            (Field::Keywords, p.keywords.join(" ; ")),
            (Field::Code, p.code.value.clone()),
            (Field::Summary, p.summary.clone().unwrap_or_default()),
            (Field::Taxonomy, taxonomy_words.join(" ; ")),
            (
                Field::Agency,
                agency_ids
                    .iter()
                    .map(|id| self.agency_name(id))
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ),
            (Field::Documents, documents.join(" ; ")),
        ];
        let mut agencies: Vec<usize> = p
            .agencies
            .iter()
            .filter_map(|a| agency_pos(&a.value))
            .collect();
        agencies.sort_unstable();
        agencies.dedup();
        SearchDoc {
            texts,
            record,
            filters: Filters {
                fields: p
                    .fields
                    .iter()
                    .filter_map(|f| position(&t.fields, &f.value))
                    .collect(),
                levels: p
                    .levels
                    .iter()
                    .filter_map(|f| position(&t.levels, &f.value))
                    .collect(),
                agencies,
                online: match p.online_level.value {
                    OnlineLevel::None => 0,
                    OnlineLevel::Partial => 1,
                    OnlineLevel::Full => 2,
                },
                free: u8::from(
                    p.channels
                        .iter()
                        .all(|c| c.fees.iter().all(|f| f.amount == 0)),
                ),
            },
            repealed: p.status == Status::Repealed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn record() -> Record {
        Record {
            item: std::sync::Arc::new(crate::render::views::ProcedureItem {
                name: String::new(),
                code: String::new(),
                url: String::new(),
                summary: None,
                repealed: false,
                status_label: None,
                agency: String::new(),
                deadline: None,
                fee: String::new(),
                online: None,
                initial: String::new(),
            }),
            keywords: String::new(),
        }
    }

    #[test]
    fn a_document_is_found_by_its_terms_and_agencies_and_filtered_by_their_positions() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let (content, diags) = crate::load::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        let docs = Documents::new(&content);
        let p = content
            .procedures
            .iter()
            .find(|p| p.code.value == "1.001193")
            .expect("the fixture has the birth registration");
        let doc = docs.document(p, record());
        let text = |field: Field| {
            doc.texts
                .iter()
                .find(|(f, _)| *f as u8 == field as u8)
                .map(|(_, t)| t.as_str())
        };
        assert_eq!(text(Field::Code), Some("1.001193"));
        assert_eq!(text(Field::Taxonomy), Some("Hộ tịch ; Sinh con"));
        // The competent authority first, then the implementing agencies, by name.
        assert_eq!(
            text(Field::Agency),
            Some("Ủy ban nhân dân xã Thử ; Bộ phận một cửa xã Thử")
        );
        let mot_cua = content
            .agencies
            .iter()
            .position(|a| a.id == "mot-cua")
            .expect("the fixture has the one-stop desk");
        assert_eq!(doc.filters.agencies, [mot_cua]);
        assert_eq!(doc.filters.fields, [0]);
        assert!(!doc.repealed);
        assert_eq!(docs.group(p), 0);
    }
}
