//! `minhbach new procedure|agency NAME`: a file with every key an editor must fill, the schema
//! modeline for autocomplete, and comments saying what goes where. Left unfilled, `check`
//! reports each empty value at its line, so a half-written file is never published.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Procedure,
    Agency,
}

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{0}` is not a valid name: use lowercase a-z, digits and hyphens, e.g. `{1}`")]
    InvalidName(String, String),
    #[error("{0} already exists: nothing was written")]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

const PROCEDURE: &str = r#"# yaml-language-server: $schema={schemas}/procedure.json
# Thủ tục mới. Điền mọi giá trị còn trống (""), rồi chạy `minhbach check`.
# Mẫu đầy đủ: content/procedures/ho-tich/dang-ky-khai-sinh.yaml
code: ""            # mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ "1.001193"
name: ""            # tên thủ tục, ví dụ "Đăng ký khai sinh"
summary: ""         # một câu: thủ tục này để làm gì, cho ai
keywords: []        # cách người dân hay gọi, ví dụ ["làm giấy khai sinh"]
fields: []          # lĩnh vực (id trong content/taxonomies.yaml)
levels: []          # cấp thực hiện, ví dụ [xa]
audience: []        # đối tượng, ví dụ [cong-dan]
competent_authority: ""   # cơ quan có thẩm quyền (tên tệp trong content/agencies/)
agencies: []        # nơi tiếp nhận hồ sơ (tên tệp trong content/agencies/)
online_level: none  # none | partial | full
channels:
  - type: direct    # direct | online | postal
    deadline: {value: 0, unit: working_days}
    fees: [{label: "Lệ phí", amount: 0}]   # 0 = miễn phí
documents:
  - case: "Giấy tờ phải nộp"
    items:
      - {name: "", originals: 1}
steps:
  - title: ""
    body: ""
results:
  - {name: ""}
legal_basis:
  - {number: "", title: ""}
status: active
last_checked: {today}   # ngày đối chiếu gần nhất với Cơ sở dữ liệu quốc gia
"#;

const AGENCY: &str = r#"# yaml-language-server: $schema={schemas}/agency.json
# Cơ quan mới. Điền mọi giá trị còn trống (""), rồi chạy `minhbach check`.
# Mẫu đầy đủ: content/agencies/ubnd-xa-an-lac.yaml
name: ""            # tên đầy đủ, ví dụ "Ủy ban nhân dân xã An Lạc"
kind: ""            # loại cơ quan, ví dụ "Ủy ban nhân dân cấp xã"
level: ""           # cấp (id trong content/taxonomies.yaml), ví dụ xa
address: ""
phone: ""
email: ""
opening_hours:
  regular:
    - days: [mon, tue, wed, thu, fri]
      times: ["07:30-11:30", "13:30-17:00"]
feedback:
  - type: hotline   # hotline | email | mailbox | web
    value: ""
"#;

/// Writes the new file and returns its path. Never overwrites.
pub fn new(
    root: &Path,
    kind: Kind,
    name: &str,
    today: crate::date::Date,
) -> Result<PathBuf, ScaffoldError> {
    if !crate::text::is_valid_id(name) {
        return Err(ScaffoldError::InvalidName(
            name.to_owned(),
            crate::text::slugify(name),
        ));
    }
    let (folder, template) = match kind {
        Kind::Procedure => ("content/procedures", PROCEDURE),
        Kind::Agency => ("content/agencies", AGENCY),
    };
    let rel = format!("{folder}/{name}.yaml");
    let path = root.join(&rel);
    let text = template
        .replace("{schemas}", "../../schemas")
        .replace("{today}", &today.to_string());
    let io = |source| ScaffoldError::Io {
        path: rel.clone(),
        source,
    };
    std::fs::create_dir_all(root.join(folder)).map_err(io)?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists(rel));
        }
        Err(e) => return Err(io(e)),
    };
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
    Ok(path)
}
