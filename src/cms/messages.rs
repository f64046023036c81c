//! The refusal the editor reads when a save would break the site: every problem in Vietnamese
//! first (what is wrong, how to fix it), then — on a second line, for whoever reads logs or asks
//! for help — its file:line:column and the check's original English message.

use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

/// One kind of diagnostic: a pattern over the English message, the Vietnamese sentence (`$1`,
/// `$2`… are the pattern's captures, `{label}` the Vietnamese label of capture 1 when it names a
/// field), and the Vietnamese help, if any.
struct Rule {
    pattern: &'static str,
    vi: &'static str,
    help: Option<&'static str>,
}

const fn rule(pattern: &'static str, vi: &'static str, help: Option<&'static str>) -> Rule {
    Rule { pattern, vi, help }
}

/// The kinds of diagnostics a save can trigger (src/load/*, src/validate/*), most specific first.
const RULES: &[Rule] = &[
    rule(
        r"online_level: (\w+)` needs an online channel with a `url`",
        "mức «Toàn trình» cần một kênh Trực tuyến có địa chỉ nộp hồ sơ",
        Some(
            "điền «Địa chỉ trang web» của kênh Trực tuyến, hoặc chọn mức dịch vụ công trực tuyến khác",
        ),
    ),
    rule(
        r"unknown agency `([^`]*)`",
        "cơ quan «$1» không có trong danh sách cơ quan",
        Some("chọn một cơ quan có sẵn, hoặc tạo cơ quan đó trước"),
    ),
    rule(
        r"unknown key `([^`]*)`",
        "trường «$1» không có trong mẫu nội dung",
        Some("xóa trường này, hoặc sửa lại tên trường cho đúng"),
    ),
    rule(
        r"unknown (.+?) `([^`]*)`",
        "mã «$2» không có trong danh mục",
        Some("chọn một giá trị có sẵn trong danh mục (content/taxonomies.yaml)"),
    ),
    rule(
        r"missing required key `([^`]*)`",
        "thiếu thông tin bắt buộc «{label}»",
        Some("điền thông tin này trong biểu mẫu"),
    ),
    rule(
        r"list at least one item under `([^`]*)`",
        "«{label}» cần ít nhất một mục",
        Some("bấm «Thêm» để thêm một mục"),
    ),
    rule(
        r"must not be negative",
        "số không được âm",
        Some("nhập 0 nếu miễn phí"),
    ),
    rule(
        r"deadline `value` .* must be more than 0",
        "thời hạn giải quyết phải lớn hơn 0",
        Some("nhập số ngày (hoặc giờ, tháng), ví dụ 3 hoặc 0.5"),
    ),
    rule(
        r"is out of range",
        "tọa độ nằm ngoài phạm vi cho phép",
        Some(
            "chép tọa độ từ bản đồ: vĩ độ trước (khoảng 8 đến 24), kinh độ sau (khoảng 102 đến 110)",
        ),
    ),
    rule(
        r"expected a whole number",
        "cần một số nguyên, không có dấu chấm phân cách hàng nghìn",
        Some("nhập chữ số liền nhau, ví dụ 50000"),
    ),
    rule(
        r"expected a number",
        "cần một số",
        Some("nhập chữ số, ví dụ 3 hoặc 0.5"),
    ),
    rule(
        r"expected a list",
        "cần một danh sách",
        Some("thêm từng mục bằng nút «Thêm»"),
    ),
    rule(
        r"expected .*, found|write .* as ",
        "giá trị sai kiểu (ví dụ chữ ở chỗ cần số, hoặc một mục ở chỗ cần danh sách)",
        None,
    ),
    rule(
        r"is not a valid date",
        "ngày không hợp lệ",
        Some("chọn ngày trong lịch, hoặc viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-05-31"),
    ),
    rule(
        r"is left to the editor \(TODO",
        "thông tin này còn để «TODO» từ lúc nhập dữ liệu, chưa được điền",
        Some("điền giá trị thật theo văn bản gốc"),
    ),
    rule(
        r"addresses are not allowed here|is not a host name|the address contains|an invisible character|not a web address|not a valid (web )?address|email",
        "địa chỉ trang web hoặc thư điện tử không hợp lệ",
        Some("dán địa chỉ đầy đủ, bắt đầu bằng https://, ví dụ https://dichvucong.gov.vn/"),
    ),
    rule(
        r"procedure code `([^`]*)` is not a national code",
        "mã thủ tục «$1» không đúng dạng mã trên Cơ sở dữ liệu quốc gia",
        Some("chép mã từ Cổng dịch vụ công quốc gia, ví dụ 1.001193"),
    ),
    rule(
        r"procedure code `([^`]*)` is used twice",
        "mã thủ tục «$1» đã được dùng cho một thủ tục khác",
        Some("kiểm tra lại mã; mỗi thủ tục có một mã riêng"),
    ),
    rule(
        r"two procedure files are named `([^`]*)`",
        "hai tệp thủ tục cùng tên «$1»",
        Some("đặt tên khác cho thủ tục mới"),
    ),
    rule(
        r"related procedure `([^`]*)` does not exist",
        "thủ tục liên quan «$1» không tồn tại",
        Some("chọn một thủ tục có sẵn"),
    ),
    rule(
        r"form file `([^`]*)` does not exist",
        "tệp mẫu đơn «$1» không có trong content/files/",
        Some("tải tệp lên trước, rồi chọn nó"),
    ),
    rule(
        r"form file `([^`]*)` (is not under|points outside)",
        "tệp mẫu đơn «$1» phải nằm trong content/files/",
        Some("tải tệp lên rồi chọn nó trong danh sách tập tin"),
    ),
    rule(
        r"`effective_to` .* is before `effective_from`",
        "ngày hết hiệu lực đứng trước ngày có hiệu lực",
        Some("kiểm tra lại hai ngày này"),
    ),
    rule(
        r"`last_checked` .* is in the future",
        "ngày kiểm tra gần nhất nằm ở tương lai",
        Some("chọn ngày hôm nay hoặc một ngày đã qua"),
    ),
    rule(
        r"own parent|each other's parents",
        "cơ quan cấp trên không hợp lệ: một cơ quan không thể là cấp trên của chính nó",
        Some("chọn đúng cơ quan cấp trên, hoặc để trống"),
    ),
    rule(
        r"is not a time range",
        "khung giờ không đúng dạng",
        Some("viết giờ mở và đóng cửa theo dạng 07:30-11:30 (24 giờ)"),
    ),
    rule(
        r"differs from the file name",
        "mã cơ quan khác với tên tệp",
        Some("xóa dòng `id:`; mã cơ quan là tên tệp"),
    ),
    rule(
        r"is not a valid (id|page address)|not a valid id",
        "tên hoặc mã không hợp lệ: chỉ dùng chữ thường không dấu a-z, chữ số và dấu gạch ngang",
        None,
    ),
    rule(
        r"is not allowed here|did you mean|allowed:",
        "giá trị không nằm trong các lựa chọn cho phép",
        Some("chọn một giá trị trong danh sách"),
    ),
    rule(
        r"must map ids to labels",
        "danh mục phải ghi dạng «mã: tên hiển thị»",
        None,
    ),
    rule(
        r"is empty",
        "thông tin này đang để trống",
        Some("điền nội dung, hoặc xóa mục này"),
    ),
    rule(
        r"front matter",
        "trang phải bắt đầu bằng phần thông tin đầu trang (giữa hai dòng ---)",
        Some("điền «Tiêu đề» trong biểu mẫu"),
    ),
    rule(
        r"duplicate mapping key",
        "một trường được ghi hai lần",
        Some("giữ lại một trong hai"),
    ),
    rule(
        r"invalid YAML",
        "nội dung không đọc được (sai cú pháp YAML)",
        None,
    ),
    rule(
        r"symbolic links",
        "không cho phép liên kết tượng trưng (symlink) trong content/",
        None,
    ),
    rule(
        r"download|\.docx",
        "loại tệp tải về này không được phép",
        Some("đăng mẫu đơn dạng .docx, .doc, .odt, .xlsx hoặc .pdf"),
    ),
    rule(r"cannot read", "không đọc được tệp", None),
];

/// Said when no rule knows the message: still Vietnamese, the detail on the second line.
const FALLBACK: &str = "nội dung chưa hợp lệ";

static COMPILED: LazyLock<Vec<Option<Regex>>> =
    LazyLock::new(|| RULES.iter().map(|r| Regex::new(r.pattern).ok()).collect());

/// The Vietnamese message and help for one English diagnostic message.
pub(crate) fn vietnamese(message: &str) -> (String, Option<&'static str>) {
    for (rule, re) in RULES.iter().zip(COMPILED.iter()) {
        let Some(caps) = re.as_ref().and_then(|re| re.captures(message)) else {
            continue;
        };
        let mut vi = rule.vi.to_owned();
        if vi.contains("{label}") {
            let key = caps.get(1).map_or("", |m| m.as_str());
            let field = key.rsplit(['.', ']']).next().unwrap_or(key);
            let label = super::config::label(field).unwrap_or(field);
            vi = vi.replace("{label}", label);
        }
        for i in (1..caps.len()).rev() {
            vi = vi.replace(&format!("${i}"), caps.get(i).map_or("", |m| m.as_str()));
        }
        return (vi, rule.help);
    }
    (FALLBACK.to_owned(), None)
}

/// One message for all the errors that refuse a save.
pub(crate) fn refusal(errors: &[&Diagnostic]) -> String {
    let mut out = format!(
        "Chưa lưu: nội dung còn {} lỗi nên tệp trên máy không thay đổi. Sửa trong biểu mẫu rồi bấm Lưu lại.",
        errors.len()
    );
    for d in errors.iter().take(10) {
        let (message, help) = vietnamese(&d.message);
        out.push_str(&format!("\n• {message}"));
        if let Some(help) = help {
            out.push_str(&format!(" — Cách sửa: {help}"));
        }
        out.push_str(&format!(
            "\n  ({}:{}:{}: {}",
            d.file, d.line, d.col, d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("; {help}"));
        }
        out.push(')');
    }
    if errors.len() > 10 {
        out.push_str(&format!("\n… và {} lỗi khác.", errors.len() - 10));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");
    const PROCEDURE: &str = "content/procedures/a/dang-ky-khai-sinh.yaml";
    const AGENCY: &str = "content/agencies/ubnd.yaml";

    fn copy(from: &Path, to: &Path) {
        for e in walkdir::WalkDir::new(from)
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(rel) = e.path().strip_prefix(from) else {
                continue;
            };
            let target = to.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }

    /// The refusal for the errors that `check` reports after replacing `from` by `to` in `file`
    /// of the valid fixture (or appending `to` when `from` is empty).
    fn refusal_after(file: &str, from: &str, to: &str) -> (Vec<String>, String) {
        let dir = tempfile::tempdir().unwrap();
        copy(Path::new(FIXTURE), dir.path());
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = if from.is_empty() {
            format!("{text}{to}")
        } else {
            assert!(text.contains(from), "{from} not in {file}");
            text.replacen(from, to, 1)
        };
        std::fs::write(&path, changed).unwrap();
        let site = crate::check(dir.path(), crate::date::Date::parse("2026-11-22"));
        let errors: Vec<&Diagnostic> = site.diagnostics.errors().collect();
        let messages = errors.iter().map(|d| d.message.clone()).collect();
        (messages, refusal(&errors))
    }

    #[test]
    fn the_valid_fixture_has_no_errors() {
        let (errors, _) = refusal_after(PROCEDURE, "", "");
        assert_eq!(errors, Vec::<String>::new());
    }

    #[test]
    fn real_diagnostics_come_out_vietnamese() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                PROCEDURE,
                "agencies: [mot-cua]",
                "agencies: [khong-co]",
                "cơ quan «khong-co» không có trong danh sách cơ quan",
            ),
            (
                PROCEDURE,
                "fields: [ho-tich]",
                "fields: [khong-co]",
                "mã «khong-co» không có trong danh mục",
            ),
            (
                PROCEDURE,
                "url: \"https://dichvucong.gov.vn/\"",
                "url: \"javascript:alert(1)\"",
                "địa chỉ trang web hoặc thư điện tử không hợp lệ",
            ),
            (
                PROCEDURE,
                "url: \"https://dichvucong.gov.vn/\"",
                "url: \"https://dich vu cong\"",
                "địa chỉ trang web hoặc thư điện tử không hợp lệ",
            ),
            (PROCEDURE, "amount: 50000", "amount: -5", "số không được âm"),
            (
                PROCEDURE,
                "deadline: {value: 3,",
                "deadline: {value: 0,",
                "thời hạn giải quyết phải lớn hơn 0",
            ),
            (
                AGENCY,
                "",
                "geo: {lat: 95.5, lon: 500}\n",
                "tọa độ nằm ngoài phạm vi cho phép",
            ),
            (
                PROCEDURE,
                "status: active\n",
                "",
                "thiếu thông tin bắt buộc «Tình trạng»",
            ),
            (PROCEDURE, "copies: 2", "copies: hai", "cần một số nguyên"),
            (PROCEDURE, "copies: 2", "copies: 2.5", "cần một số nguyên"),
            (
                PROCEDURE,
                "status: active",
                "status: dang-ap-dung",
                "giá trị không nằm trong các lựa chọn cho phép",
            ),
            (
                PROCEDURE,
                "name: \"Đăng ký khai sinh\"",
                "name: \"TODO\"",
                "còn để «TODO»",
            ),
            (
                PROCEDURE,
                "last_checked: 2026-10-01",
                "last_checked: 2026-13-45",
                "ngày không hợp lệ",
            ),
            (
                PROCEDURE,
                "",
                "mau_sac: do\n",
                "trường «mau_sac» không có trong mẫu nội dung",
            ),
            (
                PROCEDURE,
                "last_checked: 2026-10-01",
                "last_checked: 2027-01-01",
                "ngày kiểm tra gần nhất nằm ở tương lai",
            ),
        ];
        for (file, from, to, expected) in cases {
            let (errors, refusal) = refusal_after(file, from, to);
            assert!(!errors.is_empty(), "{to}: no error");
            for e in &errors {
                assert_ne!(
                    vietnamese(e).0,
                    FALLBACK,
                    "no Vietnamese for the real message {e:?}"
                );
            }
            assert!(refusal.contains(expected), "{to}: {refusal}");
            // The English original and the location are kept, on a line of their own.
            assert!(refusal.contains(&format!("\n  ({file}:")), "{refusal}");
            assert!(refusal.contains(&errors[0]), "{refusal}");
        }
    }

    #[test]
    fn every_rule_compiles_and_an_unknown_message_is_still_vietnamese() {
        assert!(COMPILED.iter().all(Option::is_some));
        assert_eq!(vietnamese("something new").0, FALLBACK);
        assert_eq!(
            vietnamese("missing required key `agencies` in procedure").0,
            "thiếu thông tin bắt buộc «Nơi tiếp nhận hồ sơ»"
        );
    }
}
