//! What a citizen sees besides a procedure's own facts: the stale notice, the QR code
//! on paper, the posting sheets, life events as numbered steps, former agencies.

mod common;

use common::*;
use std::fs;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    fs::write(root.join(rel), text).unwrap();
}

const TAXONOMIES: &str = r#"fields:
  ho-tich: "Hộ tịch"
  xay-dung: "Xây dựng"
levels:
  tinh: "Cấp tỉnh"
  xa: {label: "Cấp xã"}
  huyen: {label: "Cấp huyện (trước 01/7/2025)", until: 2025-06-30}
audience:
  cong-dan: "Công dân"
life_events:
  sinh-con:
    label: "Sinh con"
    steps: ["1.001193", "1.000003"]
"#;

#[test]
fn life_events_with_steps_are_numbered_in_order_and_the_short_form_stays_valid() {
    let site = site(None);
    let root = site.path();
    write(root, "content/taxonomies.yaml", TAXONOMIES);
    let out = root.join("public");
    build(root, &out, None);
    let html = read(&out, "su-kien/sinh-con/index.html");
    let steps = &html[html
        .find("<ol class=\"step-by-step\">")
        .expect("numbered steps")..];
    let first = steps.find("Đăng ký khai sinh").unwrap();
    let second = steps.find("An cư lạc nghiệp").unwrap();
    assert!(first < second, "steps keep the order of `steps:`");
    assert!(steps.contains("<span class=\"visually-hidden\">Bước 1: </span>"));
    assert!(steps.contains("<span class=\"visually-hidden\">Bước 2: </span>"));
    // Without `steps`, a term stays an A–Z list.
    let field = read(&out, "linh-vuc/ho-tich/index.html");
    assert!(!field.contains("step-by-step"));
}

#[test]
fn a_step_that_names_no_procedure_is_an_error_with_its_line() {
    let site = site(None);
    let root = site.path();
    write(
        root,
        "content/taxonomies.yaml",
        &TAXONOMIES.replace("\"1.000003\"", "\"9.999999\""),
    );
    let checked = minhbach::check(root, Some(today()));
    let d = checked
        .diagnostics
        .items
        .iter()
        .find(|d| d.message.contains("9.999999"))
        .expect("the unknown code is reported");
    assert_eq!(d.file, "content/taxonomies.yaml");
    assert_eq!(d.line, 13);
    assert!(checked.diagnostics.has_errors());
}

#[test]
fn a_long_form_term_without_a_label_is_an_error() {
    let site = site(None);
    let root = site.path();
    write(
        root,
        "content/taxonomies.yaml",
        &TAXONOMIES.replace("xa: {label: \"Cấp xã\"}", "xa: {lable: \"Cấp xã\"}"),
    );
    let checked = minhbach::check(root, Some(today()));
    let messages: Vec<&str> = checked
        .diagnostics
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("missing required key `label`")),
        "{messages:?}"
    );
}

#[test]
fn agencies_of_an_ended_level_are_former_not_current() {
    let site = site(None);
    let root = site.path();
    write(root, "content/taxonomies.yaml", TAXONOMIES);
    let ubnd = fs::read_to_string(root.join("content/agencies/ubnd.yaml")).unwrap();
    write(
        root,
        "content/agencies/ubnd.yaml",
        &ubnd.replace("level: xa", "level: huyen"),
    );
    let out = root.join("public");
    build(root, &out, None);
    let agencies = read(&out, "co-quan/index.html");
    let former = agencies
        .find("Cơ quan trước đây")
        .expect("former agencies apart");
    let ubnd_at = agencies.rfind("/co-quan/ubnd/").unwrap();
    assert!(
        ubnd_at > former,
        "the former agency is listed under former ones only"
    );
    assert_eq!(agencies.matches("/co-quan/ubnd/\"").count(), 1);
    let home = read(&out, "index.html");
    assert!(!home.contains("/co-quan/ubnd/\""));
    assert!(read(&out, "co-quan/ubnd/index.html").contains("không còn tiếp nhận hồ sơ"));
}

#[test]
fn a_stale_procedure_shows_a_notice_with_the_agency_phone_and_a_fresh_one_does_not() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    // 2026-05-01 is 205 days before the reference date 2026-11-22; the fixture's limit is lower.
    let limit: u32 = fs::read_to_string(site.path().join("site.toml"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("stale_after_days = "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(365);
    let stale = read(&out, "thu-tuc/an-cu/index.html");
    let fresh = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    if limit < 205 {
        assert!(stale.contains("class=\"notice notice-stale\""));
        assert!(stale.contains("cách đây 205 ngày"));
        assert!(stale.contains("href=\"tel:"));
    } else {
        assert!(!stale.contains("notice-stale"));
    }
    assert!(!fresh.contains("notice-stale"), "52 days is not stale");
}

#[test]
fn paper_gets_the_absolute_address_and_a_qr_code_posting_sheets_one_per_procedure() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let html = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    assert!(
        html.contains("https://thu.example.gov.vn/thu-tuc/dang-ky-khai-sinh/ · Kiểm tra lần cuối")
    );
    assert_eq!(html.matches("<svg class=\"qr\"").count(), 1);
    assert!(html.contains(
        "aria-label=\"Mã QR dẫn đến trang https://thu.example.gov.vn/thu-tuc/dang-ky-khai-sinh/\""
    ));
    // mot-cua receives three procedures in force (the repealed one is not posted).
    let sheets = read(&out, "co-quan/mot-cua/niem-yet/index.html");
    assert_eq!(sheets.matches("<article class=\"sheet\"").count(), 3);
    assert_eq!(sheets.matches("<svg class=\"qr\"").count(), 3);
    assert!(!sheets.contains("Đường cũ đã bãi bỏ"));
    assert!(sheets.contains("Luật 60/2014/QH13"));
    // The page and its sheet print one code (encoded once, shared): the same SVG.
    let qr = |html: &str| -> String {
        let start = html.find("<svg class=\"qr\"").expect("a QR code");
        html[start..start + html[start..].find("</svg>").expect("closed")].to_owned()
    };
    let mut paths = Vec::new();
    for slug in ["dang-ky-khai-sinh", "an-toan", "an-cu"] {
        let page = read(&out, &format!("thu-tuc/{slug}/index.html"));
        let code = qr(&page);
        paths.push(code[code.find(" d=\"").expect("a path")..].to_owned());
        assert!(
            code.contains(&format!("/thu-tuc/{slug}/\"")),
            "{slug}'s own address"
        );
        assert!(
            sheets.contains(&code),
            "{slug}'s sheet shows its page's code"
        );
    }
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 3, "three addresses, three codes");
    assert!(
        read(&out, "co-quan/mot-cua/index.html").contains("href=\"/co-quan/mot-cua/niem-yet/\"")
    );
    // A path-only base URL has no address to print, so no QR code.
    let out2 = site.path().join("public2");
    build(site.path(), &out2, Some("/cong/"));
    let html = read(&out2, "thu-tuc/dang-ky-khai-sinh/index.html");
    assert!(!html.contains("<svg class=\"qr\""));
}

#[test]
fn an_agency_that_receives_nothing_has_no_empty_section() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let ubnd = read(&out, "co-quan/ubnd/index.html");
    assert!(!ubnd.contains("Thủ tục tiếp nhận tại đây (0)"));
    assert!(!out.join("co-quan/ubnd/niem-yet/index.html").exists());
}
