//! The refusal the editor reads when a save would break the site: in Vietnamese, each problem
//! with its file, line and column.

use crate::diag::Diagnostic;

/// Vietnamese for the check's most frequent messages: (English text it contains, Vietnamese,
/// Vietnamese help or `None` to keep the English help).
const PHRASES: &[(&str, &str, Option<&str>)] = &[
    (
        "needs an online channel with a `url`",
        "mức «Toàn trình» cần một kênh Trực tuyến có địa chỉ nộp hồ sơ",
        Some(
            "điền «Địa chỉ trang web» của kênh Trực tuyến, hoặc chọn mức dịch vụ công trực tuyến khác",
        ),
    ),
    (
        "unknown agency",
        "cơ quan không có trong danh sách cơ quan",
        Some("chọn một cơ quan có sẵn, hoặc tạo cơ quan đó trước"),
    ),
    (
        "must not be negative",
        "số không được âm",
        Some("nhập 0 nếu miễn phí"),
    ),
    ("missing required key", "thiếu thông tin bắt buộc", None),
    ("unknown", "giá trị không có trong danh mục", None),
];

/// The message in Vietnamese (the English original kept in brackets for whoever reads logs),
/// and its help.
fn vietnamese(message: &str, help: Option<&str>) -> (String, Option<String>) {
    match PHRASES.iter().find(|(en, _, _)| message.contains(en)) {
        Some((_, vi, vi_help)) => (
            format!("{vi} ({message})"),
            vi_help
                .map(str::to_owned)
                .or_else(|| help.map(str::to_owned)),
        ),
        None => (message.to_owned(), help.map(str::to_owned)),
    }
}

/// One message for all the errors that refuse a save.
pub(crate) fn refusal(errors: &[&Diagnostic]) -> String {
    let mut out = format!(
        "Chưa lưu: nội dung còn {} lỗi nên tệp trên máy không thay đổi. Sửa trong biểu mẫu rồi bấm Lưu lại.",
        errors.len()
    );
    for d in errors.iter().take(10) {
        let (message, help) = vietnamese(&d.message, d.help.as_deref());
        out.push_str(&format!(
            "\n• {}, dòng {}, cột {}: {message}",
            d.file, d.line, d.col
        ));
        if let Some(help) = &help {
            out.push_str(&format!(" — Cách sửa: {help}"));
        }
    }
    if errors.len() > 10 {
        out.push_str(&format!("\n… và {} lỗi khác.", errors.len() - 10));
    }
    out
}
