//! The refusal the editor reads when a save would break the site: in Vietnamese, each problem
//! with its file, line and column.

use crate::diag::Diagnostic;

/// Vietnamese for the check's most frequent messages (by the start of the English text).
const PHRASES: &[(&str, &str)] = &[
    ("unknown agency", "cơ quan không có trong content/agencies/"),
    ("missing required", "thiếu trường bắt buộc"),
    ("is required", "là trường bắt buộc"),
    ("negative", "không được âm"),
    ("online_level", "mức trực tuyến"),
    ("unknown", "không có trong danh mục"),
];

fn vietnamese(message: &str) -> String {
    let lower = message.to_lowercase();
    match PHRASES.iter().find(|(en, _)| lower.contains(en)) {
        Some((_, vi)) => format!("{vi} ({message})"),
        None => message.to_owned(),
    }
}

/// One message for all the errors that refuse a save.
pub(crate) fn refusal(errors: &[&Diagnostic]) -> String {
    let mut out = format!(
        "Chưa lưu: nội dung còn {} lỗi nên tệp trên máy không thay đổi. Sửa trong biểu mẫu rồi bấm Lưu lại.",
        errors.len()
    );
    for d in errors.iter().take(10) {
        out.push_str(&format!(
            "\n• {}, dòng {}, cột {}: {}",
            d.file,
            d.line,
            d.col,
            vietnamese(&d.message)
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!(" — Cách sửa: {help}"));
        }
    }
    if errors.len() > 10 {
        out.push_str(&format!("\n… và {} lỗi khác.", errors.len() - 10));
    }
    out
}
