//! Open data: the procedure list and records, and the JSON-LD of procedure pages.

mod common;

use common::*;
use serde_json::Value;

/// The text of a page's JSON-LD script element.
fn json_ld_text(html: &str) -> &str {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    &html[start..end]
}

fn json_ld(html: &str) -> Value {
    serde_json::from_str(json_ld_text(html)).unwrap()
}

#[test]
fn procedure_pages_carry_government_service_json_ld() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, Some("https://thu.example.gov.vn/sub/"));
    let ld = json_ld(&read(&out, "thu-tuc/dang-ky-khai-sinh/index.html"));
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "GovernmentService");
    assert_eq!(ld["name"], "Đăng ký khai sinh");
    assert_eq!(ld["identifier"], "1.001193");
    assert_eq!(
        ld["url"],
        "https://thu.example.gov.vn/sub/thu-tuc/dang-ky-khai-sinh/"
    );
    let provider = ld["provider"].as_array().unwrap();
    assert!(!provider.is_empty());
    assert_eq!(provider[0]["@type"], "GovernmentOrganization");
    let channels = ld["availableChannel"].as_array().unwrap();
    assert!(channels.iter().all(|c| c["@type"] == "ServiceChannel"));
    assert!(channels.iter().any(|c| {
        c["processingTime"]
            .as_str()
            .is_some_and(|t| t.starts_with('P'))
    }));
    for offer in ld["offers"].as_array().unwrap() {
        assert_eq!(offer["priceCurrency"], "VND");
        assert!(offer["price"].is_u64());
    }
}

/// The JSON-LD is written as typed values: its text must be what a `serde_json::Value` of
/// it writes (keys sorted, absent values `null`), with `<`, `>` and `&` escaped.
#[test]
fn json_ld_text_is_the_sorted_serialisation_of_its_value() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, Some("https://thu.example.gov.vn/"));
    let mut pages = 0;
    for entry in std::fs::read_dir(out.join("thu-tuc")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let text = json_ld_text(&html);
        let value: Value = serde_json::from_str(text).unwrap();
        let again = serde_json::to_string(&value)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        assert_eq!(text, again, "{}", page.display());
        pages += 1;
    }
    assert!(pages >= 4, "{pages} procedure pages");
}

#[test]
fn the_procedure_list_and_each_record_are_published() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let list: Value = serde_json::from_str(&read(&out, "api/procedures.json")).unwrap();
    let procedures = list["procedures"].as_array().unwrap();
    assert_eq!(procedures.len(), 4);
    let codes: Vec<&str> = procedures
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "in code order");
    let record: Value = serde_json::from_str(&read(&out, "api/procedures/1.001193.json")).unwrap();
    assert_eq!(record["name"], "Đăng ký khai sinh");
    assert!(
        record["competent_authority"]["name"].is_string(),
        "references resolved"
    );
    assert!(
        record["documents"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    );
    let page = read(&out, "du-lieu-mo/index.html");
    assert!(page.contains("/api/procedures.json"));
    assert!(page.contains("/api/stats.csv"));
}

#[test]
fn a_code_that_could_name_another_path_is_refused() {
    let site = site(None);
    let file = site.path().join("content/procedures/a/an-cu.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        yaml.replace("code: \"1.000003\"", "code: \"../../evil\""),
    )
    .unwrap();
    let checked = minhbach::check(site.path(), Some(today()));
    let d = checked
        .diagnostics
        .items
        .iter()
        .find(|d| d.message.contains("is not a national code"))
        .expect("refused");
    assert_eq!(
        (d.file.as_str(), d.line),
        ("content/procedures/a/an-cu.yaml", 1)
    );
}
