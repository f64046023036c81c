//! Decision 766 scorecards on a real fixture site (tests/fixtures/scorecard): the agency pages
//! show the scores the portal's formulas give, the method page carries the check figures, the
//! rankings sort without JavaScript, and the JSON and CSV downloads carry the same numbers.

mod common;

use common::{build, copy_dir, fixtures, read};
use std::path::Path;

fn site() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("scorecard"), root.path());
    let out = tempfile::tempdir().unwrap();
    build(root.path(), &out.path().join("public"), None);
    (root, out)
}

/// The page's text with tags removed and whitespace collapsed.
fn text(out: &Path, rel: &str) -> String {
    let html = read(out, rel);
    let mut s = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                s.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => s.push(c),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_has(page: &str, needles: &[&str]) {
    for n in needles {
        assert!(page.contains(n), "missing {n:?} in\n{page}");
    }
}

#[test]
fn agency_pages_show_the_portal_scores_with_their_inputs() {
    let (_root, out) = site();
    let out = out.path().join("public");
    let page = text(&out, "co-quan/mot-cua/index.html");
    assert_has(
        &page,
        &[
            "Tính theo công thức của QĐ 766 từ số liệu công bố",
            "Tháng 08/2026",
            "50,13 / 60 điểm tính được từ số liệu công bố",
            "2.1 Tiến độ giải quyết hồ sơ 82,65 % 16,53 / 20 486 trên 588 hồ sơ đúng hạn hoặc trong hạn",
            "5.2 Phản ánh, kiến nghị được xử lý đúng hạn 73,68 % 4,42 / 6 182 trên 247",
            "5.3 Người dân hài lòng với việc xử lý phản ánh, kiến nghị 55,47 % 3,33 / 6 137 trên 247",
            "5.4 Hài lòng về giải quyết hồ sơ 82,65 % 5,51 / 6",
            "Mức độ hài lòng 13,26 / 18",
            "3.2 Thủ tục trực tuyến có hồ sơ nộp trực tuyến 66,67 % 2,67 / 4 2 trên 3",
            "Dịch vụ công trực tuyến 10,67 / 12",
            "Thủ tục có thanh toán trực tuyến 66,67 % 1,67 / 2 2 trên 3",
            "Thanh toán trực tuyến 7,67 / 8",
            "1.3 Thủ tục được công khai đầy đủ 100,00 % 2,00 / 2 3 trên 3",
            // The quarter sums July and August, then computes.
            "Quý 3/2026 (đến tháng 08/2026)",
            "2.1 Tiến độ giải quyết hồ sơ 83,00 % 16,60 / 20 498 trên 600",
            "5.2 Phản ánh, kiến nghị được xử lý đúng hạn 74,00 % 4,44 / 6 185 trên 250",
            "Năm 2026 (đến tháng 08/2026)",
            "Điểm từng tháng",
            "07/2026",
        ],
    );
    // rB needs the portal's data: listed, never 0.
    assert!(page.contains("Đồng bộ thanh toán lên Cổng Dịch vụ công quốc gia — —"));
    assert!(page.contains("Số hóa hồ sơ, kết quả giải quyết (22 điểm)"));
    let html = read(&out, "co-quan/mot-cua/index.html");
    assert!(html.contains(r#"href="/thong-ke/766/cach-tinh/#p21""#));
    assert!(html.contains(r#"href="/assets/scorecard.css""#));
}

#[test]
fn empty_denominators_follow_the_portal_and_missing_inputs_are_left_out() {
    let (_root, out) = site();
    let page = text(&out.path().join("public"), "co-quan/ubnd/index.html");
    assert_has(
        &page,
        &[
            "12,00 / 38 điểm tính được từ số liệu công bố",
            "2.1 Tiến độ giải quyết hồ sơ — 0,00 / 20 Không có hồ sơ: 0 điểm theo QĐ 766",
            "5.2 Phản ánh, kiến nghị được xử lý đúng hạn — 6,00 / 6 Không có phản ánh: đủ 6 điểm theo QĐ 766",
            "5.4 Hài lòng về giải quyết hồ sơ — 0,00 / 6 Không có hồ sơ",
            "Mức độ hài lòng 12,00 / 18",
            "3.3 Hồ sơ nộp trực tuyến — — Không tiếp nhận hồ sơ mới: không tính điểm",
            "Hồ sơ thanh toán trực tuyến — — Cơ quan không báo cáo số liệu này: không tính điểm",
            "Công khai, minh bạch — 1.3",
        ],
    );
    assert!(
        !page.contains("0,00 / 2 "),
        "a part without inputs is never 0"
    );
}

#[test]
fn the_method_page_gives_every_formula_and_the_check_figures() {
    let (_root, out) = site();
    let page = text(
        &out.path().join("public"),
        "thong-ke/766/cach-tinh/index.html",
    );
    assert_has(
        &page,
        &[
            "Cách tính điểm theo QĐ 766",
            "Điểm = 20 × tỷ lệ / 100",
            "Điểm = 6 × tỷ lệ / 90",
            "Điểm = 2 × tỷ lệ / 80",
            "Điểm = 6 × tỷ lệ / 50",
            "52,40 / 60 điểm tính được từ số liệu công bố",
            "486 trên 588 hồ sơ đúng hạn hoặc trong hạn 82,65 % 16,53 / 20",
            "332 trên 482 hồ sơ đúng hạn hoặc trong hạn 68,88 % 13,78 / 20",
            "29 trên 32 hồ sơ đúng hạn hoặc trong hạn 90,63 % 18,13 / 20",
            "82,65 % 5,51 / 6",
            "144.574 trên 184.513 hồ sơ",
            "78,35 % 5,22 / 6",
            "182 trên 247 phản ánh, kiến nghị được xử lý đúng hạn 73,68 % 4,42 / 6",
            "55,47 % 3,33 / 6",
            "52 trên 56 thủ tục có dịch vụ công trực tuyến 92,86 % 2,00 / 2",
            "406 trên 1.968 thủ tục trực tuyến có hồ sơ nộp trực tuyến trong kỳ 20,63 % 0,83 / 4",
            "150.956 trên 152.595 hồ sơ nộp trực tuyến 98,93 % 6,00 / 6",
            "7 trên 7 hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến 100,00 % 6,00 / 6",
            "2 trên 3 thủ tục có thu phí, lệ phí có thanh toán trực tuyến trong kỳ 66,67 % 1,67 / 2",
            "87 trên 89 thủ tục công khai đầy đủ 97,75 % 1,96 / 2",
            "Không có hồ sơ: 0 điểm theo QĐ 766 — 0,00 / 20",
            "Không có phản ánh: đủ 6 điểm theo QĐ 766 — 6,00 / 6",
            "Số hóa hồ sơ, kết quả giải quyết : 22 điểm",
            "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia, xác thực bằng VNeID",
        ],
    );
}

#[test]
fn rankings_sort_by_each_group_without_javascript() {
    let (_root, out) = site();
    let out = out.path().join("public");
    let order = |rel: &str| {
        let page = text(&out, rel);
        let a = page.find("Bộ phận một cửa xã Mẫu").unwrap();
        let b = page.find("Ủy ban nhân dân xã Mẫu").unwrap();
        (a < b, page)
    };
    // Total: 50,13 of 60 (83,6 %) above 12 of 38.
    let (first, page) = order("thong-ke/766/index.html");
    assert!(first);
    assert!(page.contains(
        "1 Bộ phận một cửa xã Mẫu 16,53 / 20 13,26 / 18 10,67 / 12 7,67 / 8 2,00 / 2 50,13 / 60"
    ));
    assert!(page.contains("2 Ủy ban nhân dân xã Mẫu 0,00 / 20 12,00 / 18 — — — 12,00 / 38"));
    for view in [
        "tien-do",
        "hai-long",
        "truc-tuyen",
        "thanh-toan",
        "cong-khai",
    ] {
        let (first, _) = order(&format!("thong-ke/766/{view}/index.html"));
        assert!(first, "{view}");
        let html = read(&out, &format!("thong-ke/766/{view}/index.html"));
        assert!(
            html.contains(&format!(
                r#"<a href="/thong-ke/766/{view}/" aria-current="page">"#
            )),
            "{view} marks itself as the current sort"
        );
    }
    // The open-data page offers the CSV.
    assert!(read(&out, "du-lieu-mo/index.html").contains("/api/scorecard-766.csv"));
}

#[test]
fn json_and_csv_carry_the_same_numbers() {
    let (_root, out) = site();
    let out = out.path().join("public");
    let json: serde_json::Value = serde_json::from_str(&read(&out, "api/stats.json")).unwrap();
    let sc = &json["scorecard_766"];
    assert_eq!(
        sc["label"],
        "Tính theo công thức của QĐ 766 từ số liệu công bố"
    );
    let cards = sc["cards"].as_array().unwrap();
    let august = cards
        .iter()
        .find(|c| c["agency"] == "mot-cua" && c["period"] == "2026-08")
        .unwrap();
    assert_eq!(august["kind"], "month");
    assert_eq!(august["score"], 50.13);
    assert_eq!(august["max"], 60.0);
    let progress = &august["groups"][0]["parts"][0];
    assert_eq!(progress["part"], "2.1");
    assert_eq!(
        (&progress["num"], &progress["den"]),
        (&serde_json::json!(486), &serde_json::json!(588))
    );
    assert_eq!(progress["ratio"], 82.65);
    assert_eq!(progress["score"], 16.53);
    let sync = &august["groups"][3]["parts"][2];
    assert_eq!(sync["status"], "needs_portal_data");
    assert!(sync["score"].is_null());
    assert!(
        cards
            .iter()
            .any(|c| c["agency"] == "mot-cua" && c["period"] == "2026-Q3")
    );
    assert!(
        cards
            .iter()
            .any(|c| c["agency"] == "ubnd" && c["period"] == "2026")
    );

    let csv = read(&out, "api/scorecard-766.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("kind,period,agency,group,part,num,den,ratio,score,max,status")
    );
    let lines: Vec<&str> = lines.collect();
    assert!(lines.contains(&"month,2026-08,mot-cua,progress,2.1,486,588,82.65,16.53,20.00,scored"));
    assert!(lines.contains(&"month,2026-08,mot-cua,total,,,,,50.13,60.00,"));
    assert!(lines.contains(&"month,2026-08,ubnd,satisfaction,5.2,0,0,,6.00,6.00,no_complaints"));
    // Every part of every card, in both files.
    let dec = |v: &serde_json::Value| v.as_f64().map(|f| format!("{f:.2}")).unwrap_or_default();
    let int = |v: &serde_json::Value| v.as_u64().map(|n| n.to_string()).unwrap_or_default();
    let mut parts = 0;
    for c in cards {
        for g in c["groups"].as_array().unwrap() {
            for p in g["parts"].as_array().unwrap() {
                let line = format!(
                    "{},{},{},{},{},{},{},{},{},{},{}",
                    c["kind"].as_str().unwrap(),
                    c["period"].as_str().unwrap(),
                    c["agency"].as_str().unwrap(),
                    g["group"].as_str().unwrap(),
                    p["part"].as_str().unwrap(),
                    int(&p["num"]),
                    int(&p["den"]),
                    dec(&p["ratio"]),
                    dec(&p["score"]),
                    dec(&p["max"]),
                    p["status"].as_str().unwrap(),
                );
                assert!(lines.contains(&line.as_str()), "{line} not in the CSV");
                parts += 1;
            }
        }
    }
    // 2 agencies: mot-cua 2 months + 1 quarter + 1 year, ubnd 1 + 1 + 1; 11 parts each.
    assert_eq!(parts, 7 * 11);
}

#[test]
fn an_english_site_has_english_scorecards() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("scorecard"), root.path());
    let toml = std::fs::read_to_string(root.path().join("site.toml")).unwrap();
    std::fs::write(
        root.path().join("site.toml"),
        toml.replace("stale_after_days", "language = \"en\"\nstale_after_days"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path(), None);
    let page = text(out.path(), "agencies/mot-cua/index.html");
    assert_has(
        &page,
        &[
            "50.13 / 60 points computable from the published figures",
            "486 of 588 dossiers on time or in time",
            "Computed with the formulas of Decision 766 from the published figures",
        ],
    );
    let method = text(out.path(), "statistics/766/method/index.html");
    assert!(method.contains("332 of 482 dossiers on time or in time 68.88% 13.78 / 20"));
    assert!(
        out.path()
            .join("statistics/766/online/index.html")
            .is_file()
    );
}
