//! Builds the fixture site through the library and checks what a citizen sees.

mod common;

use common::*;

#[test]
fn procedure_page_shows_what_a_citizen_needs() {
    let site = site(None);
    let out = site.path().join("public");
    let report = build(site.path(), &out, None);
    assert_eq!(report.files, 1);
    let html = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    for expected in [
        "Mã thủ tục: <span>1.001193</span>",
        "<h1>Đăng ký khai sinh</h1>",
        "Hệ thống tạm dừng ngày 05/6.",
        "<dt>Trực tiếp</dt>",
        "Giải quyết trong: <strong>3 ngày làm việc</strong>",
        "<strong>0,5 ngày làm việc</strong>",
        "Phí, lệ phí: <strong>Miễn phí</strong>",
        "<strong>50.000 đồng</strong>",
        "Lệ phí:</strong> Quá hạn.</li>",
        "href=\"https://dichvucong.gov.vn/\" rel=\"external\">Nộp hồ sơ trực tuyến",
        "Toàn trình",
        "(1 bản chính, 2 bản sao)",
        "<span class=\"badge\">nếu có</span>",
        "href=\"/files/to-khai.docx\" download>Tải mẫu: Mẫu tờ khai</a> <small>(DOCX, 11 B)</small>",
        "Xuất trình để cán bộ đối chiếu, không phải nộp.",
        "Nộp tại <strong>một cửa</strong>.",
        "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:30–17:00",
        "Thứ Bảy: 07:30–11:30",
        "Số 1 đường Thử (<a href=\"https://www.openstreetmap.org/?mlat=21.0285&amp;mlon=105.8542#map=18/21.0285/105.8542\">xem bản đồ</a>)",
        "Nghỉ các ngày: 02/09/2026",
        "<a href=\"tel:19000000\">1900 0000</a>",
        "href=\"mailto:gopy@thu.example.gov.vn\"",
        "Luật 60/2014/QH13</a>: Luật Hộ tịch <small>(ban hành ngày 20/11/2014)</small>",
        "<time datetime=\"2026-10-01\">01/10/2026</time>",
        "href=\"/thu-tuc/an-toan/\">Ăn toàn thử nghiệm</a>",
        "<a href=\"/linh-vuc/ho-tich/\">Hộ tịch</a>",
        "<link rel=\"canonical\" href=\"https://thu.example.gov.vn/thu-tuc/dang-ky-khai-sinh/\">",
    ] {
        assert!(
            html.contains(expected),
            "missing {expected:?} in procedure page"
        );
    }
    assert!(
        !html.contains("<script>alert"),
        "raw HTML from Markdown must be dropped"
    );
    // The only script that runs is the search enhancement, loaded as a module from this
    // site; the other is JSON-LD data.
    let scripts: Vec<&str> = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .filter(|s| *s != "<script type=\"application/ld+json\">")
        .collect();
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(
        scripts[0].starts_with("<script type=\"module\" src=\"/assets/search.js?v="),
        "{scripts:?}"
    );
    // Without JavaScript the header search box submits to the A–Z list.
    assert!(html.contains("<form class=\"header-search\" role=\"search\" aria-label=\"Tìm nhanh\" action=\"/thu-tuc/\" data-search=\"/tim-kiem/\" method=\"get\">"));
}

#[test]
fn repealed_procedures_are_marked_and_not_offered_online() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let html = read(&out, "thu-tuc/bai-bo/index.html");
    assert!(html.contains("Thủ tục đã bãi bỏ."));
    assert!(html.contains("hết hiệu lực từ 01/07/2025"));
    assert!(html.contains("class=\"procedure is-repealed\""));
    let az = read(&out, "thu-tuc/index.html");
    assert!(az.contains("<li class=\"repealed\">"));
    assert!(az.contains("Đã bãi bỏ"));
}

#[test]
fn a_to_z_follows_vietnamese_alphabetical_order() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let az = read(&out, "thu-tuc/index.html");
    let names = [
        "An cư lạc nghiệp",
        "Ăn toàn thử nghiệm",
        "Đăng ký khai sinh",
        "Đường cũ đã bãi bỏ",
    ];
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            az.find(&format!(">{n}</a>"))
                .unwrap_or_else(|| panic!("{n} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "order was {positions:?}"
    );
    for letter in [
        "<h2 id=\"chu-a\">A</h2>",
        "<h2 id=\"chu-a-2\">Ă</h2>",
        ">Đ</h2>",
    ] {
        assert!(az.contains(letter), "missing letter heading {letter}");
    }
}

#[test]
fn browse_pages_agency_pages_and_free_pages_exist() {
    let site = site(None);
    let out = site.path().join("public");
    let report = build(site.path(), &out, None);
    for page in [
        "index.html",
        "404.html",
        "linh-vuc/index.html",
        "linh-vuc/ho-tich/index.html",
        "su-kien/sinh-con/index.html",
        "co-quan/index.html",
        "co-quan/mot-cua/index.html",
        "gioi-thieu/index.html",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
        "assets/search.js",
        "tim-kiem/index.html",
        "assets/search/f.json",
        "assets/search/d/0.json",
        "assets/search/t/kh.json",
        "files/to-khai.docx",
        "thong-ke/index.html",
        "thong-ke/2022-05/index.html",
        "thong-ke/ghi-chu/index.html",
        "api/stats.csv",
        "api/stats.json",
        "api/procedures.json",
        "api/procedures/1.001193.json",
        "du-lieu-mo/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    assert_eq!(
        report.pages,
        4 + 1 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 4 + 1 + 1 + 7, // + statistics (dashboard, 2 months, notes), open data, posting sheets, 766 (6 rankings, method)
        "pages counted"
    );
    let agency = read(&out, "co-quan/mot-cua/index.html");
    assert!(agency.contains("Thủ tục tiếp nhận tại đây (4)"));
    assert!(agency.contains("Trực thuộc: <a href=\"/co-quan/ubnd/\">Ủy ban nhân dân xã Thử</a>"));
    let field = read(&out, "linh-vuc/ho-tich/index.html");
    assert!(
        field.contains("Đăng ký khai sinh")
            && field.contains("An cư lạc nghiệp")
            && !field.contains("Đường cũ")
    );
    let home = read(&out, "index.html");
    assert!(
        home.contains("<strong>3 đang áp dụng, 1 đã bãi bỏ</strong>")
            && read(&out, "thu-tuc/index.html").contains("(3 đang áp dụng, 1 đã bãi bỏ)"),
        "repealed procedures are not counted as in force"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://thu.example.gov.vn/thu-tuc/dang-ky-khai-sinh/</loc><lastmod>2026-10-01</lastmod>"));
}

#[test]
fn markdown_pages_drop_raw_html_and_script_links_unless_allowed() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let page = read(&out, "gioi-thieu/index.html");
    assert!(page.contains("<h2 id=\"muc-dich\">Mục đích</h2>"));
    assert!(
        !page.contains("<em>") && !page.contains("<div class=\"x\">"),
        "raw HTML dropped"
    );
    assert!(!page.to_lowercase().contains("javascript:"));

    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[markdown]\nallow_html = true\n"),
    )
    .unwrap();
    build(site.path(), &out, None);
    let page = read(&out, "gioi-thieu/index.html");
    assert!(page.contains("<em>thử</em>") && page.contains("<div class=\"x\">"));
}

#[test]
fn sub_path_builds_keep_every_link_inside_the_sub_path() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, Some("https://example.gov.vn/sub/"));
    let mut checked = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href", "src", "action"] {
            for url in attr_values(&html, attr) {
                if url.starts_with('/') {
                    assert!(
                        url.starts_with("/sub/"),
                        "{path}: {attr}={url} escapes /sub/"
                    );
                    checked += 1;
                } else {
                    assert!(
                        url.starts_with("https://")
                            || url.starts_with('#')
                            || url.starts_with("tel:")
                            || url.starts_with("mailto:"),
                        "{path}: unexpected {attr}={url}"
                    );
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} root links checked");
    let page = read(&out, "thu-tuc/bai-bo/index.html");
    assert!(
        page.contains("href=\"/sub/thu-tuc/an-toan/\""),
        "Markdown links get the sub-path"
    );
    assert!(read(&out, "sitemap.xml").contains("<loc>https://example.gov.vn/sub/thu-tuc/</loc>"));
}

#[test]
fn english_sites_use_english_urls_and_words() {
    let site = site(None);
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace("stale_after_days", "language = \"en\"\nstale_after_days"),
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let html = read(&out, "procedures/dang-ky-khai-sinh/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<strong>3 working days</strong>"));
    assert!(html.contains("<strong>50,000 VND"));
    assert!(html.contains("(1 original, 2 copies)"));
    assert!(html.contains("Monday – Friday"));
    assert!(out.join("fields/ho-tich/index.html").is_file());
    assert!(out.join("agencies/mot-cua/index.html").is_file());
}

#[test]
fn builds_are_byte_identical_whatever_the_thread_count() {
    let site = site(None);
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| build(site.path(), &a, None));
    rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| build(site.path(), &b, None));
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn nfd_input_is_normalised_to_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let site = site(None);
    let path = site.path().join("content/procedures/a/an-cu.yaml");
    let nfd: String = std::fs::read_to_string(&path).unwrap().nfd().collect();
    assert!(
        !nfd.contains("An cư lạc nghiệp"),
        "the file really is NFD now"
    );
    std::fs::write(&path, nfd).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let az = read(&out, "thu-tuc/index.html");
    assert!(az.contains(">An cư lạc nghiệp</a>"));
    assert!(az.find(">An cư lạc nghiệp</a>") < az.find(">Ăn toàn thử nghiệm</a>"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let before = tree(&out);
    copy_dir(&fixtures().join("invalid/many-errors"), site.path());
    let result = minhbach::build(&options(site.path(), &out));
    assert!(matches!(result, Err(minhbach::BuildError::Content(_))));
    assert_eq!(tree(&out), before, "output changed by a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_render_failure_also_leaves_the_output_intact() {
    let site = site(None);
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let before = tree(&out);
    // A theme override with a template error fails in the render stage, after staging began.
    std::fs::create_dir_all(site.path().join("themes/default/templates")).unwrap();
    std::fs::write(
        site.path().join("themes/default/templates/term.html"),
        "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock %}",
    )
    .unwrap();
    let err = minhbach::build(&options(site.path(), &out)).unwrap_err();
    assert!(err.to_string().contains("term.html"), "{err}");
    assert_eq!(err.exit_code(), 2);
    assert_eq!(tree(&out), before);
}

#[test]
fn the_output_folder_may_not_hold_the_sources() {
    let site = site(None);
    let err = minhbach::build(&options(site.path(), site.path())).unwrap_err();
    assert!(err.to_string().contains("refusing"), "{err}");
    assert!(site.path().join("content/taxonomies.yaml").is_file());
}

/// Agency cards are pieces made once from the theme's `agency_card`: a theme's own macro is
/// what procedure pages show, and a theme without one builds, with no cards.
#[test]
fn procedure_pages_show_the_theme_s_agency_card() {
    let default = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/macros.html"),
    )
    .unwrap();
    let start = default.find("{% macro agency_card").unwrap();
    let end = start + default[start..].find("{% endmacro %}").unwrap() + "{% endmacro %}".len();
    let site = site(None);
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let own =
        "{% macro agency_card(a, level=3) %}<p class=\"my-card\">{{ a.name }}</p>{% endmacro %}";
    let with_own = format!("{}{own}{}", &default[..start], &default[end..]);
    std::fs::write(templates.join("macros.html"), with_own).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let page = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    assert!(page.contains("<p class=\"my-card\">"), "the theme's card");
    assert!(
        !page.contains("class=\"agency-card\""),
        "not the default one"
    );

    let without = format!("{}{}", &default[..start], &default[end..]);
    std::fs::write(templates.join("macros.html"), without).unwrap();
    // The default agency page calls the macro too: a theme without it has its own.
    std::fs::write(
        templates.join("agency.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ meta.title }}</h1>{% endblock %}",
    )
    .unwrap();
    build(site.path(), &out, None);
    let page = read(&out, "thu-tuc/dang-ky-khai-sinh/index.html");
    assert!(!page.contains("my-card") && !page.contains("class=\"agency-card\""));
    assert!(
        page.contains("id=\"noi-nop\""),
        "the section is still there"
    );
}

#[test]
fn theme_overrides_replace_single_templates() {
    let site = site(None);
    std::fs::create_dir_all(site.path().join("themes/default/templates")).unwrap();
    std::fs::write(site.path().join("themes/default/templates/page.html"), "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock %}").unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    assert!(read(&out, "gioi-thieu/index.html").contains("<p class=\"custom\">Giới thiệu</p>"));
    assert!(
        read(&out, "thu-tuc/index.html").contains("Danh sách thủ tục"),
        "other templates stay built-in"
    );
}
