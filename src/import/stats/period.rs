//! The report's month, from its title block: "Kỳ báo cáo: Tháng 8/2026 (Từ ngày 01/08/2026
//! đến ngày 31/08/2026)", "Tháng 08 năm 2026", or a date range within one month.

use crate::model::stats::Period;

/// The month the text names, if it names exactly one.
pub(crate) fn from_title(text: &str) -> Option<Period> {
    let t = super::header::norm(text);
    if let Some(p) = after_thang(&t) {
        return Some(p);
    }
    let dates = dates(&t);
    match dates.as_slice() {
        [(1, m, y), (_, m2, y2)] if m == m2 && y == y2 => month(*y, *m),
        _ => None,
    }
}

fn month(year: u32, month: u32) -> Option<Period> {
    Period::parse(&format!("{year:04}-{month:02}"))
}

/// `thang 8/2026`, `thang 08-2026`, `thang 8 nam 2026`.
fn after_thang(t: &str) -> Option<Period> {
    let mut rest = t;
    while let Some(i) = rest.find("thang") {
        rest = &rest[i + "thang".len()..];
        let nums = numbers(rest, 2);
        if let [(m, _), (y, _)] = nums.as_slice()
            && (1..=12).contains(m)
            && *y >= 1000
        {
            return month(*y, *m);
        }
    }
    None
}

/// The first `n` numbers of `s`, each with the text between it and the previous one, as long as
/// that text is only `/`, `-`, spaces or "nam".
fn numbers(s: &str, n: usize) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut gap = String::new();
    let mut digits = String::new();
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if !digits.is_empty() {
            let Ok(v) = digits.parse() else { break };
            out.push((v, std::mem::take(&mut gap)));
            digits.clear();
            if out.len() == n {
                break;
            }
        }
        gap.push(ch);
        let g = gap.trim();
        if !(g.is_empty() || g == "/" || g == "-" || g == ":" || "nam".starts_with(g)) {
            break;
        }
    }
    if !digits.is_empty()
        && out.len() < n
        && let Ok(v) = digits.parse()
    {
        out.push((v, gap));
    }
    out
}

/// Every `dd/mm/yyyy` in the text.
fn dates(t: &str) -> Vec<(u32, u32, u32)> {
    t.split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .filter_map(|w| {
            let mut it = w.split('/');
            let (d, m, y) = (it.next()?, it.next()?, it.next()?);
            (it.next().is_none() && y.len() == 4)
                .then(|| Some((d.parse().ok()?, m.parse().ok()?, y.parse().ok()?)))
                .flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_blocks() {
        let p = |s| from_title(s).map(|p| p.to_string());
        assert_eq!(
            p("Kỳ báo cáo: Tháng 8/2026 (Từ ngày 01/08/2026 đến ngày 31/08/2026)").as_deref(),
            Some("2026-08")
        );
        assert_eq!(p("THÁNG 08 NĂM 2026").as_deref(), Some("2026-08"));
        assert_eq!(
            p("Từ ngày 01/07/2026 đến ngày 31/07/2026").as_deref(),
            Some("2026-07")
        );
        assert_eq!(p("Từ ngày 01/07/2026 đến ngày 30/09/2026"), None);
        assert_eq!(p("Biểu số 06/VPCP/KSTT"), None);
    }
}
