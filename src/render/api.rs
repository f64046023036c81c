//! Machine-readable outputs: `/api/procedures.json` (every procedure, summary fields),
//! `/api/procedures/<code>.json` (one full record with its references resolved), and the
//! schema.org `GovernmentService` JSON-LD of each procedure page.

use super::urls::Urls;
use crate::config::Config;
use crate::json::JsonError;
use crate::model::procedure::{ChannelKind, Procedure};
use crate::model::{Agency, Content};
use serde_json::json;
use std::collections::HashMap;

pub struct Api<'a> {
    pub content: &'a Content,
    pub urls: &'a Urls,
    pub config: &'a Config,
    /// `https://host` of the site, for absolute URLs (empty for a path-only base URL).
    pub origin: &'a str,
    /// The agencies by id: every record names three or so, and a national catalogue has
    /// thousands of agencies to look them up among.
    agencies: HashMap<&'a str, &'a Agency>,
}

impl<'a> Api<'a> {
    pub fn new(content: &'a Content, urls: &'a Urls, config: &'a Config, origin: &'a str) -> Self {
        let mut agencies = HashMap::with_capacity(content.agencies.len());
        for a in &content.agencies {
            agencies.entry(a.id.as_str()).or_insert(a); // the first of an id, as before
        }
        Api {
            content,
            urls,
            config,
            origin,
            agencies,
        }
    }

    pub(super) fn agency(&self, id: &str) -> Option<&'a Agency> {
        self.agencies.get(id).copied()
    }

    pub(super) fn abs(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// Summary fields of every procedure, in code order. Written item by item: no tree of
    /// the whole list is held (at 100,000 procedures it was hundreds of megabytes).
    pub fn procedures(&self) -> Result<String, JsonError> {
        let mut all: Vec<&Procedure> = self.content.procedures.iter().collect();
        all.sort_by(|a, b| a.code.value.cmp(&b.code.value));
        let licence = &self.config.open_data;
        // The keys of the object in serde_json's order (sorted), `procedures` last.
        let head = json!({
            "licence": licence.licence,
            "licence_url": licence.licence_url,
        });
        let what = "api/procedures.json";
        let mut out = crate::json::to_vec(what, &head)?;
        out.pop(); // its closing brace: the list follows
        out.extend_from_slice(b",\"procedures\":[");
        for (n, p) in all.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend(crate::json::to_vec(what, &self.summary(p))?);
        }
        out.extend_from_slice(b"]}");
        // serde_json writes UTF-8 only.
        Ok(String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// One procedure's full record, references resolved ([`super::record`]).
    pub fn procedure(&self, p: &Procedure) -> Result<String, JsonError> {
        crate::json::to_string(
            &format!("the API record of {}", p.code.value),
            &self.record(p),
        )
    }

    /// schema.org `GovernmentService` for the procedure page's `<head>`, ready to embed
    /// (`<` escaped so the text cannot close the script element).
    pub fn json_ld(&self, p: &Procedure) -> Result<String, JsonError> {
        use super::json_ld::{Area, Channel, Offer, Organization, Place, Service};
        let t = &self.content.taxonomies;
        let provider = p
            .agencies
            .iter()
            .filter_map(|id| self.agency(&id.value))
            .map(|a| Organization {
                kind: "GovernmentOrganization",
                address: a.address.as_deref(),
                name: &a.name,
                telephone: a.phone.as_deref(),
                url: self.abs(&self.urls.agency(&a.id)),
            })
            .collect();
        let first_agency = p.agencies.first().and_then(|id| self.agency(&id.value));
        let available_channel = p
            .channels
            .iter()
            .map(|c| Channel {
                kind: "ServiceChannel",
                name: c.kind.id(),
                // ISO 8601 duration; working days are given as days (schema.org has no unit
                // for them).
                processing_time: c.deadline.as_ref().map(|d| {
                    let value = if d.value.fract() == 0.0 {
                        format!("{}", d.value as u64)
                    } else {
                        format!("{}", d.value)
                    };
                    match d.unit {
                        crate::model::procedure::DeadlineUnit::Hours => format!("PT{value}H"),
                        _ => format!("P{value}D"),
                    }
                }),
                service_location: match (c.kind, first_agency) {
                    (ChannelKind::Online, _) | (_, None) => None,
                    (_, Some(a)) => Some(Place {
                        kind: "Place",
                        address: a.address.as_deref(),
                        name: &a.name,
                    }),
                },
                service_url: (c.kind == ChannelKind::Online).then_some(c.url.as_deref()),
            })
            .collect();
        let offers = p
            .channels
            .iter()
            .flat_map(|c| c.fees.iter().map(move |f| (c, f)))
            .map(|(c, f)| Offer {
                kind: "Offer",
                name: format!("{} ({})", f.label, c.kind.id()),
                price: f.amount,
                price_currency: "VND",
            })
            .collect();
        let ld = Service {
            context: "https://schema.org",
            kind: "GovernmentService",
            area_served: self.config.organisation.area.as_deref().map(|name| Area {
                kind: "AdministrativeArea",
                name,
            }),
            available_channel,
            description: p.summary.as_deref(),
            identifier: &p.code.value,
            name: &p.name,
            offers,
            provider,
            service_type: p.fields.first().and_then(|f| t.fields.label(&f.value)),
            url: self.abs(&self.urls.procedure(&p.slug)),
        };
        let what = format!("the schema.org data of {}", p.code.value);
        Ok(super::script_json(crate::json::to_string(&what, &ld)?))
    }
}
