//! Statistics pages of the fixture site: the seed figure, sums before division, "—" for what
//! was not reported, the downloads, and a snapshot of the dashboard.

mod common;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    (site, out)
}

#[test]
fn the_seed_figure_is_published_as_45_06_percent() {
    let (_site, out) = built();
    let month = read(&out, "thong-ke/2022-05/index.html");
    let row = month
        .lines()
        .find(|l| l.contains("/co-quan/mot-cua/"))
        .expect("the centre is ranked");
    assert!(row.contains("<td>10.397</td><td>45,06 %</td>"), "{row}");
    assert!(read(&out, "co-quan/mot-cua/index.html").contains("<td>10.397</td><td>45,06 %</td>"));
}

#[test]
fn site_figures_add_counts_then_divide() {
    let (_site, out) = built();
    let month = read(&out, "thong-ke/2022-05/index.html");
    // mot-cua: 10.000 of 10.097 on time (99,04 %); ubnd: 98 of 98 (100 %).
    // Sum then divide: 10.098 / 10.195 = 99,05 %; the average of the rates would be 99,52 %.
    assert!(
        month.contains("Tỷ lệ giải quyết đúng hạn</dt><dd><span class=\"figure\">99,05 %</span>"),
        "{month}"
    );
    // New received 10.397 + 100; online (4.685 + 10) / 10.497 = 44,73 %.
    assert!(month.contains("<span class=\"figure\">10.497</span>"));
    assert!(month.contains("<span class=\"figure\">44,73 %</span>"));
}

#[test]
fn not_reported_shows_a_dash_never_zero() {
    let (_site, out) = built();
    let agency = read(&out, "co-quan/mot-cua/index.html");
    let april = agency
        .lines()
        .find(|l| l.contains("<th scope=\"row\">04/2022</th>"))
        .expect("April row");
    assert!(
        april.contains("<td>—</td>"),
        "satisfaction was not reported in April: {april}"
    );
    assert!(!april.contains("0,00 %"));
}

#[test]
fn downloads_carry_every_row_with_derived_rates() {
    let (_site, out) = built();
    let csv = read(&out, "api/stats.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("2022-05,mot-cua,,"))
        .unwrap()
        .split(',')
        .collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("received"), "10397");
    assert_eq!(col("online_rate"), "45.06");
    assert_eq!(col("ratings_total"), "2000");
    let april = csv
        .lines()
        .find(|l| l.starts_with("2022-04,mot-cua,,"))
        .unwrap();
    let april: Vec<&str> = april.split(',').collect();
    assert_eq!(
        april[header
            .iter()
            .position(|h| *h == "satisfaction_rate")
            .unwrap()],
        ""
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out, "api/stats.json")).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let april = rows
        .iter()
        .find(|r| r["period"] == "2022-04" && r["agency"] == "mot-cua")
        .unwrap();
    assert!(
        april["ratings_total"].is_null(),
        "not reported is null, not 0"
    );
    assert!(april["satisfaction_rate"].is_null());
    assert_eq!(rows.len(), 4);
}

#[test]
fn the_procedure_page_shows_how_it_is_delivered() {
    let (_site, out) = built();
    let page = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    assert!(page.contains("Kết quả giải quyết thủ tục này"));
    let other = read(&out, "thu-tuc/an-cu/index.html");
    assert!(
        !other.contains("Kết quả giải quyết thủ tục này"),
        "nothing when there are no rows"
    );
}

#[test]
fn dashboard_snapshot() {
    let (_site, out) = built();
    insta::assert_snapshot!("stats_dashboard", read(&out, "thong-ke/index.html"));
}
