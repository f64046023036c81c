//! What a citizen needs besides the procedure's own facts: a notice when the
//! information may be out of date, a QR code back to the online page on paper,
//! the posting sheets of a one-stop shop, and life events as numbered steps.

use super::format::Formatter;
use super::views::{AgencyCard, Contact, ProcedureItem};
use crate::date::Date;
use crate::model::{Procedure, Taxonomy};
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;
use std::collections::HashMap;

/// "The information may be out of date": shown when `last_checked` is older than
/// `stale_after_days`, with the phone of the agency that can confirm it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StaleView {
    pub days: String,
    pub agency: Option<String>,
    pub phone: Option<Contact>,
}

pub(crate) fn stale(
    fmt: &Formatter,
    p: &Procedure,
    today: Date,
    after_days: u32,
    cards: &HashMap<&str, AgencyCard>,
) -> Option<StaleView> {
    let age = today.days_since_epoch() - p.last_checked.value.days_since_epoch();
    if age <= i64::from(after_days) {
        return None;
    }
    // The first implementing agency with a phone, else the competent authority.
    let card = p
        .agencies
        .iter()
        .map(|a| a.value.as_str())
        .chain([p.competent_authority.value.as_str()])
        .filter_map(|id| cards.get(id))
        .find(|c| c.phone.is_some() || c.hotline.is_some());
    Some(StaleView {
        days: fmt.integer(age.unsigned_abs()),
        agency: card.map(|c| c.name.clone()),
        phone: card.and_then(|c| c.phone.clone().or_else(|| c.hotline.clone())),
    })
}

/// The dark modules of a QR code, one bit each: what a [`QrCodes`] keeps of a code.
#[derive(Debug, Clone)]
struct Modules {
    width: usize,
    dark: Vec<u64>,
}

impl Modules {
    fn new(url: &str) -> Option<Modules> {
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
        let width = code.width();
        let mut dark = vec![0u64; (width * width).div_ceil(64)];
        for (i, c) in code.to_colors().into_iter().enumerate() {
            if c == Color::Dark {
                dark[i / 64] |= 1 << (i % 64);
            }
        }
        Some(Modules { width, dark })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.width + x;
        self.dark[i / 64] & (1 << (i % 64)) != 0
    }

    fn svg(&self, label: &str) -> String {
        let width = self.width;
        // One stroked subpath per row, runs as relative moves: about half the bytes of a
        // rectangle per run.
        let mut path = String::with_capacity(width * width);
        for y in 0..width {
            let (mut x, mut pen) = (0, None::<usize>);
            while x < width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < width && self.is_dark(x, y) {
                    x += 1;
                }
                match pen {
                    None => path.push_str(&format!("M{start} {y}.5h{}", x - start)),
                    Some(p) => path.push_str(&format!("m{} 0h{}", start - p, x - start)),
                }
                pen = Some(x);
            }
        }
        let size = width + 8;
        format!(
            "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 {size} {size}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect x=\"-4\" y=\"-4\" width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" stroke-width=\"1\" d=\"{path}\"/></svg>",
            super::escape_html(label)
        )
    }
}

/// The QR codes of one build, made once per address: a procedure's code is printed on its
/// page and on the posting sheet of every agency that receives it, and choosing a code's
/// mask is the costliest step of a page (a third of the build, before). Kept as bits:
/// ~250 bytes an address.
#[derive(Debug, Default)]
pub(crate) struct QrCodes(std::sync::Mutex<HashMap<String, Option<Modules>>>);

impl QrCodes {
    /// A QR code to `url` as inline SVG (one path, quiet zone included), or `None`
    /// when the text is too long for a QR code. Made at build time: no script, no
    /// image from another host; made once for each `url`.
    pub(crate) fn svg(&self, url: &str, label: &str) -> Option<String> {
        let known = self.0.lock().ok().and_then(|codes| codes.get(url).cloned());
        let modules = match known {
            Some(m) => m,
            None => {
                let m = Modules::new(url);
                if let Ok(mut codes) = self.0.lock() {
                    codes.insert(url.to_owned(), m.clone());
                }
                m
            }
        };
        Some(modules?.svg(label))
    }
}

/// The posting sheets' URL under an agency's page.
pub(crate) fn posting_url(agency_url: &str, lang: crate::config::Language) -> String {
    let seg = match lang {
        crate::config::Language::Vi => "niem-yet",
        crate::config::Language::En => "notice-board",
    };
    format!("{agency_url}{seg}/")
}

/// A life event's procedures: the ordered ones as numbered steps, then the rest A–Z.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Steps {
    pub steps: Vec<ProcedureItem>,
    pub others: Vec<ProcedureItem>,
}

pub(crate) fn life_event_steps(
    taxonomy: &Taxonomy,
    id: &str,
    in_term: Vec<ProcedureItem>,
    all: &[ProcedureItem],
) -> Steps {
    let order = taxonomy.steps_of(id);
    let steps: Vec<ProcedureItem> = order
        .iter()
        .filter_map(|code| all.iter().find(|i| i.code == code.value && !i.repealed))
        .cloned()
        .collect();
    let others = in_term
        .into_iter()
        .filter(|i| !steps.iter().any(|s| s.code == i.code))
        .collect();
    Steps { steps, others }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_one_path_with_a_quiet_zone() {
        let svg = QrCodes::default()
            .svg("https://example.gov.vn/thu-tuc/dang-ky-khai-sinh/", "QR")
            .unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert_eq!(svg.matches("<path").count(), 1);
        // Version 4 (33 modules) for a 50-byte URL at level M, plus 4 modules each side.
        assert!(svg.contains("viewBox=\"-4 -4 41 41\""), "{svg}");
    }
}
