//! Synthetic content for benchmarks: a valid site with N procedures (~2 KB of
//! Vietnamese text each) and 100 agencies, generated deterministically.
//!
//! cargo run --release --example synth -- --procedures 10000 --out /tmp/synth
//! cargo run --release --example synth -- --procedures 10000 --zola --out /tmp/synth-zola

use std::fmt::Write as _;
use std::path::PathBuf;

const FIELDS: &[(&str, &str)] = &[
    ("ho-tich", "Hộ tịch"),
    ("chung-thuc", "Chứng thực"),
    ("cu-tru", "Cư trú"),
    ("xay-dung", "Xây dựng"),
    ("dat-dai", "Đất đai"),
    ("ho-kinh-doanh", "Hộ kinh doanh"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội"),
    ("viec-lam", "Việc làm"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục và đào tạo"),
    ("giao-thong", "Giao thông vận tải"),
];
const VERBS: &[&str] = &[
    "Cấp",
    "Cấp lại",
    "Đăng ký",
    "Gia hạn",
    "Điều chỉnh",
    "Xác nhận",
    "Thu hồi",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
];
const OBJECTS: &[&str] = &[
    "giấy phép xây dựng",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "phiếu lý lịch tư pháp",
    "giấy khai sinh",
    "giấy chứng nhận kết hôn",
    "chứng chỉ hành nghề",
    "giấy phép lao động",
    "giấy chứng nhận quyền sử dụng đất",
    "thẻ bảo hiểm y tế",
    "giấy phép kinh doanh vận tải",
    "văn bằng tốt nghiệp",
    "giấy chứng nhận an toàn thực phẩm",
    "trợ cấp xã hội hàng tháng",
    "giấy phép lái xe",
    "đăng ký thường trú",
];
const QUALIFIERS: &[&str] = &[
    "cho công dân",
    "cho doanh nghiệp",
    "có yếu tố nước ngoài",
    "tại cấp xã",
    "đối với nhà ở riêng lẻ",
    "trong trường hợp bị mất",
    "lần đầu",
    "theo yêu cầu",
];
const SENTENCES: &[&str] = &[
    "Người yêu cầu nộp hồ sơ tại Bộ phận một cửa hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
    "Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ và hướng dẫn bổ sung một lần bằng văn bản.",
    "Trường hợp hồ sơ đầy đủ, cơ quan có thẩm quyền thẩm định và trình lãnh đạo ký kết quả.",
    "Kết quả được trả trực tiếp, qua dịch vụ bưu chính công ích hoặc bản điện tử trong kho dữ liệu cá nhân.",
    "Trường hợp từ chối, cơ quan giải quyết trả lời bằng văn bản và nêu rõ lý do.",
    "Thời hạn giải quyết tính từ ngày nhận đủ hồ sơ hợp lệ, không kể thời gian thực hiện nghĩa vụ tài chính.",
    "Người nộp hồ sơ có thể tra cứu tình trạng giải quyết bằng mã hồ sơ trên phiếu hẹn.",
];

/// One synthetic procedure, drawn from the generator in a fixed order so that every output
/// format (the minhbach YAML, the Zola page) carries the same content.
struct Procedure {
    field: &'static str,
    name: String,
    agency: u64,
    steps: Vec<(String, String)>,
    fee: u64,
    deadline: u64,
    summary: &'static str,
    keywords: [&'static str; 2],
    note: &'static str,
    requirements: &'static str,
    decree: u64,
}

impl Procedure {
    fn generate(i: usize, rng: &mut Rng) -> Procedure {
        let (field, _) = FIELDS[i % FIELDS.len()];
        let name = format!(
            "{} {} {} (số {i})",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(QUALIFIERS)
        );
        let agency = rng.below(100);
        let steps = (0..4)
            .map(|s| {
                let body: Vec<&str> = (0..3).map(|_| rng.pick(SENTENCES)).collect();
                (format!("Bước {}", s + 1), body.join(" "))
            })
            .collect();
        let fee = rng.below(5) * 25_000;
        let deadline = 1 + rng.below(20);
        Procedure {
            field,
            name,
            agency,
            steps,
            fee,
            deadline,
            summary: rng.pick(SENTENCES),
            keywords: [rng.pick(OBJECTS), rng.pick(QUALIFIERS)],
            note: rng.pick(SENTENCES),
            requirements: rng.pick(SENTENCES),
            decree: 100 + rng.below(200),
        }
    }

    fn second_agency(&self) -> u64 {
        (self.agency + 1) % 100
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    let mut procedures = 1000usize;
    let mut stats_months = 120usize;
    let mut out = PathBuf::from("synth-site");
    let mut zola = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--procedures" => {
                procedures = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--procedures N")
            }
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            "--stats-months" => {
                stats_months = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--stats-months N")
            }
            // The same procedures as a Zola site, for the same-run anchor of scripts/zola-bench.sh.
            "--zola" => zola = true,
            other => panic!(
                "unknown argument {other}; usage: synth --procedures N [--stats-months M] [--zola] --out DIR"
            ),
        }
    }
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("clear the output folder");
    }
    if zola {
        write_zola(&out, procedures);
        return;
    }
    let content = out.join("content");
    for dir in ["agencies", "procedures", "pages", "files"] {
        std::fs::create_dir_all(content.join(dir)).expect("create folders");
    }
    std::fs::write(out.join("site.toml"), "title = \"Cổng thủ tục tổng hợp\"\nbase_url = \"https://synth.example.gov.vn/\"\nstale_after_days = 100000\n").unwrap();
    let mut tax = String::from("fields:\n");
    for (id, label) in FIELDS {
        writeln!(tax, "  {id}: \"{label}\"").unwrap();
    }
    tax.push_str("levels:\n  tinh: \"Cấp tỉnh\"\n  xa: \"Cấp xã\"\naudience:\n  cong-dan: \"Công dân\"\n  doanh-nghiep: \"Doanh nghiệp\"\nlife_events:\n  sinh-con: \"Sinh con\"\n  xay-nha: \"Xây nhà\"\n  mo-cua-hang: \"Mở cửa hàng\"\n");
    std::fs::write(content.join("taxonomies.yaml"), tax).unwrap();
    for i in 0..100 {
        let level = if i < 20 { "tinh" } else { "xa" };
        let a = format!(
            "name: \"Cơ quan số {i}\"\nlevel: {level}\naddress: \"Số {i} đường Trần Hưng Đạo\"\nphone: \"0200 3 852 {i:03}\"\nopening_hours:\n  regular:\n    - days: [mon, tue, wed, thu, fri]\n      times: [\"07:30-11:30\", \"13:30-17:00\"]\nfeedback:\n  - type: hotline\n    value: \"0200 3 852 {i:03}\"\n"
        );
        std::fs::write(content.join(format!("agencies/co-quan-{i:03}.yaml")), a).unwrap();
    }
    std::fs::write(content.join("files/mau-don.docx"), b"synthetic form").unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..procedures {
        let p = Procedure::generate(i, &mut rng);
        let mut steps = String::new();
        for (title, body) in &p.steps {
            writeln!(steps, "  - title: \"{title}\"\n    body: \"{body}\"").unwrap();
        }
        let related = if i > 0 {
            format!("related: [\"9.{:06}\"]\n", i - 1)
        } else {
            String::new()
        };
        let (field, agency, deadline, fee) = (p.field, p.agency, p.deadline, p.fee);
        let yaml = format!(
            "code: \"9.{i:06}\"\nname: \"{}\"\nsummary: \"{}\"\nkeywords: [\"{}\", \"{}\"]\nfields: [{field}]\nlevels: [xa]\naudience: [cong-dan]\nlife_events: [xay-nha]\ncompetent_authority: co-quan-{agency:03}\nagencies: [co-quan-{agency:03}, co-quan-{:03}]\nonline_level: full\nchannels:\n  - type: direct\n    deadline: {{value: {deadline}, unit: working_days}}\n    fees: [{{label: \"Lệ phí\", amount: {fee}}}]\n  - type: online\n    deadline: {{value: {deadline}, unit: working_days}}\n    fees: [{{label: \"Lệ phí\", amount: {}}}]\n    url: \"https://dichvucong.gov.vn/\"\ndocuments:\n  - case: \"Giấy tờ phải nộp\"\n    items:\n      - {{name: \"Tờ khai theo mẫu\", originals: 1, form: {{title: \"Mẫu đơn\", file: \"files/mau-don.docx\"}}}}\n      - {{name: \"Bản sao giấy tờ tùy thân\", copies: 1}}\n      - {{name: \"Giấy tờ chứng minh điều kiện\", originals: 1, required: false, note: \"{}\"}}\n  - case: \"Giấy tờ phải xuất trình\"\n    kind: present\n    items:\n      - {{name: \"Thẻ căn cước\", originals: 1}}\nsteps:\n{steps}requirements: \"{}\"\nresults:\n  - {{name: \"Kết quả giải quyết thủ tục\", electronic: true}}\nlegal_basis:\n  - {{number: \"Nghị định số {}/2024/NĐ-CP\", title: \"Quy định chi tiết thi hành\", issued: 2024-06-01}}\n{related}status: active\nlast_checked: 2026-10-01\n",
            p.name,
            p.summary,
            p.keywords[0],
            p.keywords[1],
            p.second_agency(),
            fee / 2,
            p.note,
            p.requirements,
            p.decree,
        );
        let dir = content.join("procedures").join(field);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("thu-tuc-{i:06}.yaml")), yaml).unwrap();
    }
    write_stats(&content, stats_months, &mut rng);
    eprintln!(
        "wrote {procedures} procedures, 100 agencies and {stats_months} months of statistics to {}",
        out.display()
    );
}

/// The same N procedures (same generator, same text) as a Zola site: one Markdown page each
/// with TOML front matter, a section per field (Zola's counterpart of the field pages), the
/// agencies as a taxonomy (the agency pages) and a minimal template set. No statistics: Zola has
/// no counterpart for them.
fn write_zola(out: &std::path::Path, procedures: usize) {
    let content = out.join("content");
    let templates = out.join("templates");
    std::fs::create_dir_all(&content).expect("create folders");
    std::fs::create_dir_all(&templates).expect("create folders");
    std::fs::write(
        out.join("config.toml"),
        "base_url = \"https://synth.example.gov.vn\"\ntitle = \"Cổng thủ tục tổng hợp\"\ndefault_language = \"vi\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\ntaxonomies = [{ name = \"co-quan\" }]\n",
    )
    .unwrap();
    let base = "<!doctype html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body>\n<header><a href=\"{{ config.base_url | safe }}/\">{{ config.title }}</a></header>\n<main>{% block content %}{% endblock %}</main>\n</body>\n</html>\n";
    let templates_text = [
        ("base.html", base),
        (
            "index.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1><ul>{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a> ({{ sub.pages | length }})</li>{% endfor %}</ul>{% endblock %}\n",
        ),
        (
            "section.html",
            "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> <small>{{ p.extra.code }}</small></li>{% endfor %}</ul>{% endblock %}\n",
        ),
        (
            "page.html",
            "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1><p>Mã thủ tục: {{ page.extra.code }}</p><p>{{ page.description }}</p>{{ page.content | safe }}{% if page.taxonomies[\"co-quan\"] %}<h2>Cơ quan</h2><ul>{% for a in page.taxonomies[\"co-quan\"] %}<li><a href=\"{{ get_taxonomy_url(kind=\"co-quan\", name=a) }}\">{{ a }}</a></li>{% endfor %}</ul>{% endif %}</article>{% endblock %}\n",
        ),
        (
            "taxonomy_list.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Cơ quan</h1><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>{% endblock %}\n",
        ),
        (
            "taxonomy_single.html",
            "{% extends \"base.html\" %}{% block title %}{{ term.name }}{% endblock %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for p in term.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
        ),
    ];
    for (name, text) in templates_text {
        std::fs::write(templates.join(name), text).unwrap();
    }
    std::fs::create_dir_all(out.join("static/files")).expect("create folders");
    std::fs::write(out.join("static/files/mau-don.docx"), b"synthetic form").unwrap();
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Thủ tục hành chính\"\n+++\n",
    )
    .unwrap();
    for (id, label) in FIELDS {
        let dir = content.join(id);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_index.md"),
            format!("+++\ntitle = \"{label}\"\nsort_by = \"title\"\n+++\n"),
        )
        .unwrap();
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..procedures {
        let p = Procedure::generate(i, &mut rng);
        let mut md = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\n[taxonomies]\nco-quan = [\"co-quan-{:03}\", \"co-quan-{:03}\"]\n[extra]\ncode = \"9.{i:06}\"\nkeywords = [\"{}\", \"{}\"]\n+++\n\n",
            p.name,
            p.summary,
            p.agency,
            p.second_agency(),
            p.keywords[0],
            p.keywords[1],
        );
        writeln!(
            md,
            "## Cách thực hiện\n\n| Cách nộp | Thời hạn | Lệ phí |\n|---|---|---|\n| Trực tiếp | {} ngày làm việc | {} đồng |\n| Trực tuyến ([Cổng Dịch vụ công](https://dichvucong.gov.vn/)) | {} ngày làm việc | {} đồng |\n",
            p.deadline,
            p.fee,
            p.deadline,
            p.fee / 2
        )
        .unwrap();
        writeln!(
            md,
            "## Hồ sơ\n\n### Giấy tờ phải nộp\n\n- Tờ khai theo mẫu: 1 bản chính ([Mẫu đơn](/files/mau-don.docx))\n- Bản sao giấy tờ tùy thân: 1 bản sao\n- Giấy tờ chứng minh điều kiện: 1 bản chính (không bắt buộc). {}\n\n### Giấy tờ phải xuất trình\n\n- Thẻ căn cước: 1 bản chính\n",
            p.note
        )
        .unwrap();
        md.push_str("## Trình tự thực hiện\n\n");
        for (title, body) in &p.steps {
            writeln!(md, "### {title}\n\n{body}\n").unwrap();
        }
        writeln!(
            md,
            "## Yêu cầu, điều kiện\n\n{}\n\n## Kết quả\n\n- Kết quả giải quyết thủ tục (bản điện tử)\n\n## Căn cứ pháp lý\n\n- Nghị định số {}/2024/NĐ-CP: Quy định chi tiết thi hành (2024-06-01)",
            p.requirements, p.decree
        )
        .unwrap();
        if i > 0 {
            writeln!(md, "\n## Thủ tục liên quan\n\n- 9.{:06}", i - 1).unwrap();
        }
        std::fs::write(content.join(p.field).join(format!("thu-tuc-{i:06}.md")), md).unwrap();
    }
    eprintln!(
        "wrote {procedures} procedures as a Zola site to {}",
        out.display()
    );
}

/// Monthly rows for every agency, ending October 2026, balanced and continuous.
fn write_stats(content: &std::path::Path, months: usize, rng: &mut Rng) {
    let mut pending = [0u64; 100];
    let (mut year, mut month) = (2026i32, 10i32);
    for _ in 1..months {
        month -= 1;
        if month == 0 {
            year -= 1;
            month = 12;
        }
    }
    for _ in 0..months {
        let mut csv = String::from(
            "period,agency,carried_over,received_online,received_direct,received_postal,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue,ratings_total,ratings_satisfied\n",
        );
        for (i, carried) in pending.iter_mut().enumerate() {
            let received = 800 + rng.below(800);
            let online = received * (20 + rng.below(70)) / 100;
            let total = *carried + received;
            let left = total * (3 + rng.below(6)) / 100;
            let resolved = total - left;
            let late = resolved * rng.below(3) / 100;
            let early = (resolved - late) / 3;
            let overdue = left / 10;
            let ratings = received / 5;
            writeln!(
                csv,
                "{year:04}-{month:02},co-quan-{i:03},{carried},{online},{},0,{early},{},{late},{},{overdue},{ratings},{}",
                received - online,
                resolved - late - early,
                left - overdue,
                ratings - rng.below(ratings / 20 + 1),
            )
            .unwrap();
            *carried = left;
        }
        let dir = content.join("stats").join(format!("{year:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{year:04}-{month:02}.csv")), csv).unwrap();
        month += 1;
        if month == 13 {
            year += 1;
            month = 1;
        }
    }
}
