//! Derived indexes of the fixture site, checked without rendering any HTML.

use super::*;
use std::path::PathBuf;

fn fixture() -> (Content, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let (content, diags) = crate::load::load(&root);
    assert!(!diags.has_errors(), "{diags:?}");
    (content, root)
}

fn today() -> Date {
    Date::parse("2026-06-01").expect("a valid date literal")
}

/// The codes of the procedures at some positions of `order`.
fn codes(content: &Content, d: &Derived, positions: Option<&Vec<usize>>) -> Vec<String> {
    positions
        .into_iter()
        .flatten()
        .map(|&pos| content.procedures[d.order[pos]].code.value.clone())
        .collect()
}

#[test]
fn procedures_are_in_vietnamese_alphabetical_order() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    let names: Vec<&str> = d
        .order
        .iter()
        .map(|&i| content.procedures[i].name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "An cư lạc nghiệp",
            "Ăn toàn thử nghiệm",
            "Đăng ký khai sinh",
            "Đường cũ đã bãi bỏ",
        ]
    );
}

#[test]
fn letters_group_by_initial_with_distinct_anchors() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    let got: Vec<(&str, &str, &[usize])> = d
        .letters
        .iter()
        .map(|l| (l.letter.as_str(), l.anchor.as_str(), l.items.as_slice()))
        .collect();
    // A and Ă fold to the same slug: the second gets a suffix.
    assert_eq!(
        got,
        [
            ("A", "chu-a", &[0][..]),
            ("Ă", "chu-a-2", &[1][..]),
            ("Đ", "chu-d", &[2, 3][..]),
        ]
    );
}

#[test]
fn term_membership_lists_each_fields_procedures_in_order() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    assert_eq!(
        codes(&content, &d, d.fields.get("ho-tich")),
        ["1.000003", "1.001193"]
    );
    assert_eq!(
        codes(&content, &d, d.fields.get("xay-dung")),
        ["1.000001", "1.000002"]
    );
    assert_eq!(
        codes(&content, &d, d.life_events.get("sinh-con")),
        ["1.001193"]
    );
    assert!(!d.fields.contains_key("khong-co"));
}

#[test]
fn an_agency_lists_what_it_implements_and_what_it_only_authorises() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    let all = ["1.000003", "1.000001", "1.001193", "1.000002"];
    assert_eq!(codes(&content, &d, d.implements.get("mot-cua")), all);
    // The people's committee is the competent authority of every procedure that the
    // one-stop desk carries out, so it lists them as such, and implements none itself.
    assert_eq!(codes(&content, &d, d.competent.get("ubnd")), all);
    assert!(!d.implements.contains_key("ubnd"));
    assert!(!d.competent.contains_key("mot-cua"));
}

#[test]
fn agencies_are_grouped_by_level_and_sorted_by_name() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    let groups: Vec<(Option<&str>, Vec<&str>)> = d
        .by_level
        .iter()
        .map(|(level, agencies)| {
            (
                level.as_deref(),
                agencies
                    .iter()
                    .map(|&i| content.agencies[i].id.as_str())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(groups, [(Some("xa"), vec!["mot-cua", "ubnd"])]);
    assert!(d.former.is_empty());
}

#[test]
fn a_level_that_has_ended_makes_its_agencies_former_ones() {
    let (mut content, root) = fixture();
    content.taxonomies.levels.until.insert(
        "xa".into(),
        Date::parse("2025-06-30").expect("a valid date literal"),
    );
    let d = derive(&content, &root, today(), None);
    assert!(d.by_level.is_empty());
    let former: Vec<&str> = d
        .former
        .iter()
        .map(|&i| content.agencies[i].id.as_str())
        .collect();
    assert_eq!(former, ["mot-cua", "ubnd"]);
}

#[test]
fn file_sizes_are_read_from_disk() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    let on_disk = std::fs::metadata(root.join("content/files/to-khai.docx"))
        .map(|m| m.len())
        .expect("the fixture's download exists");
    assert!(on_disk > 0);
    assert_eq!(d.file_sizes.get("to-khai.docx"), Some(&on_disk));
}

#[test]
fn positions_and_codes_look_up_what_the_order_holds() {
    let (content, root) = fixture();
    let d = derive(&content, &root, today(), None);
    for (pos, &i) in d.order.iter().enumerate() {
        assert_eq!(d.position[i], pos);
        assert_eq!(d.by_code[&content.procedures[i].code.value], i);
    }
}

#[test]
fn the_statistics_series_are_reused_only_while_their_rows_are_the_same() {
    let (mut content, root) = fixture();
    assert!(!content.stats.rows.is_empty(), "the fixture has statistics");
    let first = derive(&content, &root, today(), None);
    let again = derive(&content, &root, today(), Some(&first));
    assert!(std::sync::Arc::ptr_eq(&first.series, &again.series));
    // One figure changes: the series are computed again, and show it.
    let row = &mut content.stats.rows[0];
    let col = crate::model::stats::Col::ALL
        .into_iter()
        .find(|c| row.get(*c).is_some())
        .expect("a reported figure");
    row.values[col as usize] = row.get(col).map(|v| v + 1);
    let changed = derive(&content, &root, today(), Some(&again));
    assert!(!std::sync::Arc::ptr_eq(&again.series, &changed.series));
    assert_ne!(again.series.0, changed.series.0);
    let fresh = derive(&content, &root, today(), None);
    assert_eq!(
        format!("{:?}", changed.series.1),
        format!("{:?}", fresh.series.1)
    );
}
