//! What a citizen needs besides the procedure's own facts: a notice when the
//! information may be out of date, a QR code back to the online page on paper,
//! the posting sheets of a one-stop shop, and life events as numbered steps.

use super::format::Formatter;
use super::views::{AgencyCard, Contact, ProcedureItem};
use crate::date::Date;
use crate::model::{Procedure, Taxonomy};
use qrcode::{Color, EcLevel};
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

/// A QR code to `url` as inline SVG (one path, quiet zone included), or `None`
/// when the text is too long for a QR code. Made at build time: no script, no
/// image from another host.
pub(crate) fn qr_svg(url: &str, label: &str) -> Option<String> {
    // One fixed mask (pattern 000) instead of trying all eight for the lowest penalty:
    // any mask decodes, and choosing one took two thirds of a 10,000-procedure build.
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    let colors = canvas.into_colors();
    // One stroked subpath per row, runs as relative moves: about half the bytes of a
    // rectangle per run.
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let (mut x, mut pen) = (0, None::<usize>);
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            // Written digit by digit: a `format!` per run was half the cost of a code.
            match pen {
                None => {
                    path.push('M');
                    push_number(&mut path, start);
                    path.push(' ');
                    push_number(&mut path, y);
                    path.push_str(".5h");
                }
                Some(p) => {
                    path.push('m');
                    push_number(&mut path, start - p);
                    path.push_str(" 0h");
                }
            }
            push_number(&mut path, x - start);
            pen = Some(x);
        }
    }
    let size = width + 8;
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 {size} {size}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect x=\"-4\" y=\"-4\" width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" stroke-width=\"1\" d=\"{path}\"/></svg>",
        super::escape_html(label)
    ))
}

/// Appends `n` in decimal (the coordinates of a QR code: at most 177).
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The posting sheets' URL under an agency's page.
pub(crate) fn posting_url(agency_url: &str, lang: crate::config::Language) -> String {
    let seg = match lang {
        crate::config::Language::Vi => "niem-yet",
        crate::config::Language::En => "notice-board",
    };
    format!("{agency_url}{seg}/")
}

/// A life event's procedures: the ordered ones as numbered steps, then the rest A–Z
/// (rendered list items).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Steps {
    pub steps: Vec<ProcedureItem>,
    pub others: Vec<minijinja::Value>,
}

/// The steps of life event `id`: the procedures in force its taxonomy orders, by
/// position in the derived order, then the term's other members (`in_term`, positions)
/// as rendered items (`pieces`).
pub(crate) fn life_event_steps(
    taxonomy: &Taxonomy,
    id: &str,
    in_term: &[usize],
    step_at: impl Fn(&str) -> Option<usize>,
    items: &[std::sync::Arc<ProcedureItem>],
    pieces: &[minijinja::Value],
) -> Steps {
    let steps: Vec<usize> = taxonomy
        .steps_of(id)
        .iter()
        .filter_map(|code| step_at(&code.value))
        .filter(|&pos| !items[pos].repealed)
        .collect();
    let others = in_term
        .iter()
        .filter(|&&pos| !steps.iter().any(|&s| items[s].code == items[pos].code))
        .map(|&pos| pieces[pos].clone())
        .collect();
    Steps {
        steps: steps.iter().map(|&pos| (*items[pos]).clone()).collect(),
        others,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_one_path_with_a_quiet_zone() {
        let svg = qr_svg("https://example.gov.vn/thu-tuc/dang-ky-khai-sinh/", "QR").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert_eq!(svg.matches("<path").count(), 1);
        // Version 4 (33 modules) for a 50-byte URL at level M, plus 4 modules each side.
        assert!(svg.contains("viewBox=\"-4 -4 41 41\""), "{svg}");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 177, 12345] {
            let mut s = String::from("x");
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }
}
