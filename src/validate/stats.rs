//! The rules of DESIGN §1.3. Errors stop the build; warnings are printed and published on the
//! data-notes page, because figures that do not add up must be visible, not hidden.

use crate::diag::Diagnostic;
use crate::model::stats::{
    Col, PENDING, Period, RECEIVED, RESOLVED, Row, STOPPED, Stats, checked_sum,
};
use crate::text;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// `1203` → `1.203`, as the figures appear in Vietnamese reports.
fn count(n: u64) -> String {
    text::group_thousands(n, '.')
}

/// The rules within a row, over every parsed row. Each diagnostic shows its source line: each
/// file with a problem is read once and indexed by line, so a file of a million rows with a
/// problem on each stays linear.
pub(crate) fn rows(stats: &Stats, root: &Path) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = stats.rows.iter().flat_map(row).collect();
    let mut by_file: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in out.iter().enumerate() {
        if d.line > 0 && d.source_line.is_none() {
            by_file.entry(d.file.clone()).or_default().push(i);
        }
    }
    for (file, at) in by_file {
        let Ok(source) = std::fs::read_to_string(root.join(&file)) else {
            continue;
        };
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let lines: Vec<&str> = source.lines().collect();
        for i in at {
            let d = &mut out[i];
            d.source_line = lines.get(d.line as usize - 1).map(|l| (*l).to_owned());
        }
    }
    out
}

/// Rules within one row: the balance, and subsets that never exceed their whole.
pub fn row(r: &Row) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let received = r.sum(&RECEIVED);
    let resolved = r.sum(&RESOLVED);
    let pending = r.sum(&PENDING);
    // Withdrawn, returned and suspended count when reported (many agencies track none; the
    // official form has no such columns).
    let stopped = checked_sum(STOPPED.iter().filter_map(|c| r.get(*c)).map(Some));
    let carried = r.get(Col::CarriedOver);
    if let (Some(carried), Some(received), Some(resolved), Some(pending)) =
        (carried, received, resolved, pending)
    {
        // Counts are at most MAX_COUNT, so these cannot overflow; if they ever did, say so
        // rather than compare wrapped figures.
        let sums = stopped.and_then(|stopped| {
            Some((
                carried.checked_add(received)?,
                checked_sum([Some(resolved), Some(pending), Some(stopped)])?,
                stopped,
            ))
        });
        let Some((total, out_sum, stopped)) = sums else {
            out.push(
                Diagnostic::error(
                    &r.file,
                    r.pos,
                    "the figures of this row are too large to add up",
                )
                .help("check the counts for extra digits"),
            );
            return out;
        };
        if total != out_sum {
            let stopped_text = if stopped_reported(r) {
                format!(" + withdrawn/returned/suspended {}", count(stopped))
            } else {
                String::new()
            };
            let help = if stopped_reported(r) {
                "every dossier of the month is resolved, pending, withdrawn, returned or suspended: correct the figure that was mistyped"
            } else {
                "every dossier of the month is resolved or pending: correct the figure that was mistyped, or report the withdrawn, returned and suspended columns"
            };
            out.push(
                Diagnostic::error(&r.file, r.pos, format!(
                    "carried over {} + received {} = {} ≠ resolved {} + pending {}{stopped_text} = {} (off by {})",
                    count(carried), count(received), count(total), count(resolved), count(pending), count(out_sum), count(total.abs_diff(out_sum)),
                ))
                .help(help),
            );
        }
    } else if let (Some(received), Some(resolved)) = (received, resolved) {
        let total = received.saturating_add(carried.unwrap_or(0));
        if resolved > total {
            out.push(
                Diagnostic::error(
                    &r.file,
                    r.pos,
                    format!(
                        "resolved {} > carried over + received {} (off by {})",
                        count(resolved),
                        count(total),
                        count(resolved - total)
                    ),
                )
                .help("no more dossiers can be resolved than there were"),
            );
        }
    }
    // (parts, their sum, the whole, its value): a part never exceeds its whole.
    let subsets: [(&[Col], &str, &str, Option<u64>); 7] = [
        (
            &[Col::ReceivedOnlineFull, Col::ReceivedOnlinePartial],
            "received_online_full + received_online_partial",
            "received_online",
            r.get(Col::ReceivedOnline),
        ),
        (
            &[Col::PaidOnline],
            "paid_online",
            "fee_dossiers",
            r.get(Col::FeeDossiers),
        ),
        (
            &[Col::RatingsSatisfied],
            "ratings_satisfied",
            "ratings_total",
            r.get(Col::RatingsTotal),
        ),
        (
            &[Col::ComplaintsOnTime],
            "complaints_on_time",
            "complaints",
            r.get(Col::Complaints),
        ),
        (&[Col::EResults], "e_results", "resolved", resolved),
        (
            &[Col::ComplaintsSatisfied],
            "complaints_satisfied",
            "complaints",
            r.get(Col::Complaints),
        ),
        (
            &[Col::DossiersDisliked],
            "dossiers_disliked",
            "resolved + pending",
            resolved.zip(pending).map(|(a, b)| a + b),
        ),
    ];
    for (parts, label, whole_name, whole) in subsets {
        let reported: Vec<u64> = parts.iter().filter_map(|c| r.get(*c)).collect();
        let part = (!reported.is_empty())
            .then(|| checked_sum(reported.into_iter().map(Some)))
            .flatten();
        if let (Some(part), Some(w)) = (part, whole)
            && part > w
        {
            out.push(
                Diagnostic::error(
                    &r.file,
                    r.pos_of(parts[0].name()),
                    format!(
                        "{label} {} > {whole_name} {} (off by {})",
                        count(part),
                        count(w),
                        count(part - w)
                    ),
                )
                .help(format!(
                    "a part cannot exceed its whole: check {label} and {whole_name}"
                )),
            );
        }
    }
    out
}

fn stopped_reported(r: &Row) -> bool {
    STOPPED.iter().any(|c| r.get(*c).is_some())
}

/// An agency's total row of a month and its procedures' rows.
type AgencyMonth<'a> = (Option<&'a Row>, Vec<&'a Row>);

/// What the cross-row rules need to know of the rest of the site.
pub struct Known<'a> {
    pub agencies: &'a [String],
    /// Procedure (slug, code) pairs.
    pub procedures: &'a [(&'a str, &'a str)],
    /// The last month that may have figures (the build's reference date).
    pub latest: Period,
}

/// Rules across rows: uniqueness, references, the calendar, continuity, sums, jumps.
pub fn site(stats: &Stats, known: &Known) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let agencies: HashSet<&str> = known.agencies.iter().map(String::as_str).collect();
    let procedures: HashSet<&str> = known
        .procedures
        .iter()
        .flat_map(|(slug, code)| [*slug, *code])
        .collect();
    let mut seen: HashMap<(Period, &str, Option<&str>), &Row> = HashMap::new();
    for r in &stats.rows {
        let key = (r.period, r.agency.as_str(), r.procedure.as_deref());
        if let Some(first) = seen.get(&key) {
            out.push(
                Diagnostic::error(
                    &r.file,
                    r.pos,
                    format!(
                        "{} of `{}`{} is reported twice",
                        r.period,
                        r.agency,
                        r.procedure
                            .as_ref()
                            .map(|p| format!(" for `{p}`"))
                            .unwrap_or_default()
                    ),
                )
                .help(
                    "keep one row per month, agency and procedure: merge or remove one of the two",
                )
                .related(&first.file, first.pos.line, "first reported here"),
            );
        } else {
            seen.insert(key, r);
        }
        if !agencies.contains(r.agency.as_str()) {
            let pos = r.pos_of("agency");
            let help =
                match text::did_you_mean(&r.agency, known.agencies.iter().map(String::as_str)) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!(
                        "known agencies: {}",
                        text::list_ids(known.agencies.iter().map(String::as_str), 12)
                    ),
                };
            out.push(
                Diagnostic::error(&r.file, pos, format!("unknown agency `{}`", r.agency))
                    .width(r.agency.chars().count())
                    .help(help),
            );
        }
        if let Some(p) = &r.procedure
            && !procedures.contains(p.as_str())
        {
            let help = match text::did_you_mean(p, known.procedures.iter().map(|(s, _)| *s)) {
                Some(m) => format!(
                    "did you mean `{m}`? write the procedure's file name or its national code"
                ),
                None => "write the procedure's file name (without .yaml) or its national code"
                    .to_owned(),
            };
            out.push(
                Diagnostic::error(
                    &r.file,
                    r.pos_of("procedure"),
                    format!("unknown procedure `{p}`"),
                )
                .width(p.chars().count())
                .help(help),
            );
        }
        if r.period > known.latest {
            out.push(
                Diagnostic::error(&r.file, r.pos_of("period"), format!("period {} is after {}, the month of this build", r.period, known.latest))
                    .help("figures are published after the month ends: check the year and month (or pass --today)"),
            );
        }
    }
    // Series per (agency, procedure), in month order.
    let mut series: BTreeMap<(&str, Option<&str>), BTreeMap<Period, &Row>> = BTreeMap::new();
    for r in &stats.rows {
        series
            .entry((&r.agency, r.procedure.as_deref()))
            .or_default()
            .entry(r.period)
            .or_insert(r);
    }
    for months in series.values() {
        let mut previous: Option<&Row> = None;
        for (period, r) in months {
            if let Some(prev) = previous.filter(|p| p.period == period.previous()) {
                continuity(prev, r, &mut out);
                jump(prev, r, &mut out);
            }
            previous = Some(r);
        }
    }
    // Per-procedure rows against the agency's total row.
    let mut months: BTreeMap<(Period, &str), AgencyMonth> = BTreeMap::new();
    for r in &stats.rows {
        let entry = months.entry((r.period, &r.agency)).or_default();
        match r.procedure {
            None => entry.0 = entry.0.or(Some(r)),
            Some(_) => entry.1.push(r),
        }
    }
    for (total, parts) in months.values() {
        let Some(total) = total else { continue };
        if parts.is_empty() {
            continue;
        }
        for col in Col::ALL {
            let Some(whole) = total.get(col) else {
                continue;
            };
            let Some(part_sum) = checked_sum(parts.iter().map(|p| p.get(col))) else {
                continue;
            };
            if part_sum > whole {
                out.push(
                    Diagnostic::warning(&total.file, total.pos_of(col.name()), format!("{}: the procedures' rows add up to {} > the agency's total {} (off by {})", col.name(), count(part_sum), count(whole), count(part_sum - whole)))
                        .help("the agency row counts every procedure: check the total and the procedure rows of this month"),
                );
            }
            // A smaller sum is normal: procedure rows may cover only some procedures.
        }
    }
    out
}

fn continuity(prev: &Row, r: &Row, out: &mut Vec<Diagnostic>) {
    let (Some(carried), Some(pending)) = (r.get(Col::CarriedOver), prev.sum(&PENDING)) else {
        return;
    };
    let Some(expected) = pending.checked_add(prev.get(Col::Suspended).unwrap_or(0)) else {
        return;
    };
    if carried != expected {
        out.push(
            Diagnostic::warning(&r.file, r.pos_of("carried_over"), format!(
                "carried_over {} ≠ pending {} at the end of {} (off by {})",
                count(carried), count(expected), prev.period, count(carried.abs_diff(expected)),
            ))
            .help("what was pending (and suspended) at the end of last month is carried over to this month: check both months")
            .related(&prev.file, prev.pos.line, "the previous month"),
        );
    }
}

fn jump(prev: &Row, r: &Row, out: &mut Vec<Diagnostic>) {
    let (Some(before), Some(now)) = (prev.sum(&RECEIVED), r.sum(&RECEIVED)) else {
        return;
    };
    let (low, high) = (before.min(now), before.max(now));
    if high >= 100 && high > low.saturating_mul(10) {
        out.push(
            Diagnostic::warning(
                &r.file,
                r.pos_of("received_direct"),
                format!(
                    "received {} in {} against {} in {}: more than 10× {}",
                    count(now),
                    r.period,
                    count(before),
                    prev.period,
                    if now > before { "more" } else { "less" },
                ),
            )
            .help("an extra or missing zero? If the figure is right, add a `note` explaining it")
            .related(&prev.file, prev.pos.line, "the previous month"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::stats as parse;

    const HEAD: &str = "period,agency,procedure,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue,ratings_total,ratings_satisfied,note";

    fn messages(src: &str) -> Vec<String> {
        messages_with(HEAD, src)
    }

    fn messages_with(head: &str, src: &str) -> Vec<String> {
        let (rows, mut diags) =
            parse::csv("content/stats/2026/2026-05.csv", &format!("{head}\n{src}"));
        diags.extend(rows.iter().flat_map(row));
        let mut stats = Stats { rows };
        stats.sort();
        let agencies = vec!["a".to_owned(), "b".to_owned()];
        let procedures = [("dang-ky-khai-sinh", "1.001193")];
        diags.extend(site(
            &stats,
            &Known {
                agencies: &agencies,
                procedures: &procedures,
                latest: Period {
                    year: 2026,
                    month: 6,
                },
            },
        ));
        diags.sort_by_key(|d| (d.line, d.col));
        diags
            .iter()
            .map(|d| format!("{:?} {}:{} {}", d.severity, d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn balance_names_the_numbers_that_disagree() {
        assert_eq!(
            messages("2026-05,a,,10,600,593,0,500,590,10,60,30,,,\n"),
            vec![
                "Error 2:1 carried over 10 + received 1.193 = 1.203 ≠ resolved 1.100 + pending 90 = 1.190 (off by 13)",
            ]
        );
    }

    #[test]
    fn a_balanced_row_with_not_reported_parts_passes() {
        assert!(messages("2026-05,a,,0,10,,0,5,,0,5,0,,,\n").is_empty());
    }

    #[test]
    fn subsets_references_calendar_and_duplicates() {
        let got = messages(concat!(
            "2026-05,a,,0,10,0,0,5,5,0,0,0,10,11,\n",
            "2026-05,a,,0,10,0,0,5,5,0,0,0,,,\n",
            "2026-05,c,1.001193,0,1,0,0,1,0,0,0,0,,,\n",
            "2026-07,b,khai-sinh,0,1,0,0,1,0,0,0,0,,,\n",
        ));
        assert_eq!(
            got,
            vec![
                "Error 2:34 ratings_satisfied 11 > ratings_total 10 (off by 1)",
                "Error 3:1 2026-05 of `a` is reported twice",
                "Error 4:9 unknown agency `c`",
                "Error 5:1 period 2026-07 is after 2026-06, the month of this build",
                "Error 5:11 unknown procedure `khai-sinh`",
            ]
        );
    }

    #[test]
    fn continuity_jumps_and_procedure_sums_are_warnings() {
        let got = messages(concat!(
            "2026-04,a,,0,100,0,0,50,40,0,10,0,,,\n",
            "2026-05,a,,12,1000,200,0,500,600,0,100,12,,,\n",
            "2026-05,a,1.001193,0,1100,0,0,500,600,0,0,0,,,\n",
        ));
        assert_eq!(
            got,
            vec![
                "Warning 3:12 carried_over 12 ≠ pending 10 at the end of 2026-04 (off by 2)",
                "Warning 3:15 received_online: the procedures' rows add up to 1.100 > the agency's total 1.000 (off by 100)",
                "Warning 3:20 received 1.200 in 2026-05 against 100 in 2026-04: more than 10× more",
            ]
        );
    }

    /// The official Biểu 06 columns: no received_postal, no withdrawn/returned/suspended.
    const OFFICIAL: &str = "period,agency,carried_over,received_online,received_direct,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue";

    #[test]
    fn the_official_form_is_balanced_with_the_columns_it_has() {
        assert_eq!(
            messages_with(OFFICIAL, "2026-05,a,0,100,0,50,30,0,5,0\n"),
            vec![
                "Error 2:1 carried over 0 + received 100 = 100 ≠ resolved 80 + pending 5 = 85 (off by 15)"
            ]
        );
        assert!(messages_with(OFFICIAL, "2026-05,a,0,100,0,50,30,0,20,0\n").is_empty());
        // An empty cell of a present column is not reported: no exact balance.
        assert!(messages_with(OFFICIAL, "2026-05,a,0,100,,50,30,0,5,0\n").is_empty());
    }

    #[test]
    fn counts_too_large_to_add_are_located_errors_not_wrapped_sums() {
        let got = messages_with(
            OFFICIAL,
            "2026-05,a,18446744073709551615,11,0,0,0,0,10,0\n2026-05,b,1000000000001,0,0,0,0,0,0,0\n",
        );
        assert_eq!(
            got,
            vec![
                "Error 2:11 carried_over `18446744073709551615` is too large for a count",
                "Error 3:11 carried_over `1000000000001` is too large for a count",
            ]
        );
        assert!(
            messages_with(
                OFFICIAL,
                "2026-05,a,1000000000000,0,0,0,0,0,1000000000000,0\n"
            )
            .is_empty(),
            "the maximum itself is a count"
        );
    }
}
