//! Synthetic content for benchmarks: a valid site with N procedures (~2 KB of
//! Vietnamese text each) and 100 agencies, generated deterministically.
//!
//! cargo run --release --example synth -- --procedures 10000 --out /tmp/synth

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

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
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
            other => panic!(
                "unknown argument {other}; usage: synth --procedures N [--stats-months M] --out DIR"
            ),
        }
    }
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("clear the output folder");
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
        let (field, _) = FIELDS[i % FIELDS.len()];
        let name = format!(
            "{} {} {} (số {i})",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(QUALIFIERS)
        );
        let agency = rng.below(100);
        let mut steps = String::new();
        for s in 0..4 {
            let body: Vec<&str> = (0..3).map(|_| rng.pick(SENTENCES)).collect();
            writeln!(
                steps,
                "  - title: \"Bước {}\"\n    body: \"{}\"",
                s + 1,
                body.join(" ")
            )
            .unwrap();
        }
        let fee = rng.below(5) * 25_000;
        let deadline = 1 + rng.below(20);
        let related = if i > 0 {
            format!("related: [\"9.{:06}\"]\n", i - 1)
        } else {
            String::new()
        };
        let yaml = format!(
            "code: \"9.{i:06}\"\nname: \"{name}\"\nsummary: \"{}\"\nkeywords: [\"{}\", \"{}\"]\nfields: [{field}]\nlevels: [xa]\naudience: [cong-dan]\nlife_events: [xay-nha]\ncompetent_authority: co-quan-{agency:03}\nagencies: [co-quan-{agency:03}, co-quan-{:03}]\nonline_level: full\nchannels:\n  - type: direct\n    deadline: {{value: {deadline}, unit: working_days}}\n    fees: [{{label: \"Lệ phí\", amount: {fee}}}]\n  - type: online\n    deadline: {{value: {deadline}, unit: working_days}}\n    fees: [{{label: \"Lệ phí\", amount: {}}}]\n    url: \"https://dichvucong.gov.vn/\"\ndocuments:\n  - case: \"Giấy tờ phải nộp\"\n    items:\n      - {{name: \"Tờ khai theo mẫu\", originals: 1, form: {{title: \"Mẫu đơn\", file: \"files/mau-don.docx\"}}}}\n      - {{name: \"Bản sao giấy tờ tùy thân\", copies: 1}}\n      - {{name: \"Giấy tờ chứng minh điều kiện\", originals: 1, required: false, note: \"{}\"}}\n  - case: \"Giấy tờ phải xuất trình\"\n    kind: present\n    items:\n      - {{name: \"Thẻ căn cước\", originals: 1}}\nsteps:\n{steps}requirements: \"{}\"\nresults:\n  - {{name: \"Kết quả giải quyết thủ tục\", electronic: true}}\nlegal_basis:\n  - {{number: \"Nghị định số {}/2024/NĐ-CP\", title: \"Quy định chi tiết thi hành\", issued: 2024-06-01}}\n{related}status: active\nlast_checked: 2026-10-01\n",
            rng.pick(SENTENCES),
            rng.pick(OBJECTS),
            rng.pick(QUALIFIERS),
            (agency + 1) % 100,
            fee / 2,
            rng.pick(SENTENCES),
            rng.pick(SENTENCES),
            100 + rng.below(200),
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
