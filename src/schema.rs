//! JSON Schemas (draft-07, what the YAML language server reads) for editors' autocomplete and
//! red squiggles: `minhbach schema` writes them to `schemas/`.
//!
//! Content files are decoded by hand (to keep line:column for every value), so their schema
//! comes from the types below, whose closed sets are read from the model's own `ALL` lists and
//! whose statistics columns come from `model::stats::Col`: the schema cannot drift from what the
//! decoder accepts without a test failing (`tests/schema.rs` validates every example file and
//! checks the committed files are current). `site.toml` uses the configuration type itself.

use crate::model::agency::{FeedbackKind, Weekday};
use crate::model::procedure::{ChannelKind, DeadlineUnit, OnlineLevel, Status};
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn one_of_ids(ids: &[&str], description: &str) -> Schema {
    json_schema!({ "type": "string", "enum": ids, "description": description })
}

fn channel_kind(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = ChannelKind::ALL.iter().map(|(id, _)| *id).collect();
    one_of_ids(
        &ids,
        "Cách nộp: direct (trực tiếp), online (trực tuyến), postal (bưu chính)",
    )
}
fn deadline_unit(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = DeadlineUnit::ALL.iter().map(|(id, _)| *id).collect();
    one_of_ids(
        &ids,
        "Đơn vị thời hạn; thường là working_days (ngày làm việc)",
    )
}
fn online_level(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = OnlineLevel::ALL.iter().map(|(id, _)| *id).collect();
    one_of_ids(
        &ids,
        "Mức dịch vụ công trực tuyến: none, partial (một phần), full (toàn trình)",
    )
}
fn status(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = Status::ALL.iter().map(|(id, _)| *id).collect();
    one_of_ids(
        &ids,
        "Tình trạng: active (đang áp dụng), amended (sửa đổi), suspended (tạm dừng), repealed (bãi bỏ)",
    )
}
fn document_kind(_: &mut SchemaGenerator) -> Schema {
    one_of_ids(
        &["submit", "present"],
        "submit: giấy tờ phải nộp (mặc định); present: giấy tờ chỉ xuất trình",
    )
}
fn weekdays(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = Weekday::ALL.iter().map(|(id, _)| *id).collect();
    json_schema!({ "type": "array", "items": { "type": "string", "enum": ids }, "description": "Các ngày: mon tue wed thu fri sat sun" })
}
fn feedback_kind(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = FeedbackKind::ALL.iter().map(|(id, _)| *id).collect();
    one_of_ids(&ids, "Kênh phản ánh, kiến nghị")
}
fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "Ngày, dạng YYYY-MM-DD" })
}
fn dates(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }, "description": "Các ngày, dạng YYYY-MM-DD" })
}
fn id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Mã (id): chữ thường không dấu, số, gạch nối" })
}
fn ids(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "minItems": 1, "items": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" } })
}
fn code(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9.-]*$", "description": "Mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ \"1.001193\" (viết trong ngoặc kép)" })
}

/// Thủ tục hành chính (content/procedures/**/<tên>.yaml). Tên tệp là địa chỉ trang /thu-tuc/<tên>/.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Procedure {
    #[schemars(schema_with = "code")]
    code: String,
    /// Tên thủ tục, ví dụ "Đăng ký khai sinh".
    #[schemars(length(min = 1))]
    name: String,
    /// Một câu: thủ tục này để làm gì, cho ai.
    summary: Option<String>,
    /// Cách người dân hay gọi, để tìm kiếm (ví dụ "làm giấy khai sinh").
    keywords: Option<Vec<String>>,
    /// Lĩnh vực (id trong content/taxonomies.yaml).
    #[schemars(schema_with = "ids")]
    fields: Vec<String>,
    /// Cấp thực hiện (id trong content/taxonomies.yaml), ví dụ [xa].
    #[schemars(schema_with = "ids")]
    levels: Vec<String>,
    /// Đối tượng thực hiện (id trong content/taxonomies.yaml).
    #[schemars(schema_with = "ids")]
    audience: Vec<String>,
    /// Sự kiện trong đời liên quan (id trong content/taxonomies.yaml).
    life_events: Option<Vec<String>>,
    /// Cơ quan có thẩm quyền giải quyết (tên tệp trong content/agencies/).
    #[schemars(schema_with = "id")]
    competent_authority: String,
    /// Nơi tiếp nhận hồ sơ (tên tệp trong content/agencies/).
    #[schemars(schema_with = "ids")]
    agencies: Vec<String>,
    #[serde(default)]
    #[schemars(schema_with = "online_level")]
    online_level: Option<String>,
    /// Cách thực hiện: mỗi kênh với thời hạn, lệ phí.
    #[schemars(length(min = 1))]
    channels: Vec<Channel>,
    /// Thành phần hồ sơ, theo từng trường hợp.
    #[schemars(length(min = 1))]
    documents: Vec<DocumentGroup>,
    /// Trình tự thực hiện.
    #[schemars(length(min = 1))]
    steps: Vec<Step>,
    /// Yêu cầu, điều kiện (Markdown).
    requirements: Option<String>,
    /// Kết quả thực hiện.
    #[schemars(length(min = 1))]
    results: Vec<Outcome>,
    /// Căn cứ pháp lý.
    #[schemars(length(min = 1))]
    legal_basis: Vec<Legal>,
    /// Thủ tục liên quan, theo mã.
    related: Option<Vec<String>>,
    #[schemars(schema_with = "status")]
    status: String,
    #[serde(default)]
    #[schemars(schema_with = "date")]
    effective_from: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "date")]
    effective_to: Option<String>,
    /// Thông báo nổi bật trên trang thủ tục.
    alert: Option<String>,
    /// Ngày đối chiếu gần nhất với Cơ sở dữ liệu quốc gia.
    #[schemars(schema_with = "date")]
    last_checked: String,
}

/// Một kênh thực hiện.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Channel {
    #[serde(rename = "type")]
    #[schemars(schema_with = "channel_kind")]
    kind: String,
    /// Thời hạn giải quyết.
    deadline: Option<Deadline>,
    /// Phí, lệ phí (amount: 0 là miễn phí).
    fees: Option<Vec<Fee>>,
    /// Địa chỉ nộp trực tuyến.
    url: Option<String>,
    note: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Deadline {
    /// Số đơn vị thời gian: số nguyên hoặc nửa (0.5), lớn hơn 0.
    #[schemars(range(min = 0.5, max = 87600), extend("multipleOf" = 0.5))]
    value: f64,
    #[schemars(schema_with = "deadline_unit")]
    unit: String,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Fee {
    /// Tên khoản phí, ví dụ "Lệ phí".
    label: String,
    /// Số tiền, đồng (0 = miễn phí).
    amount: u64,
    note: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct DocumentGroup {
    /// Trường hợp, ví dụ "Giấy tờ phải nộp".
    case: String,
    #[serde(default)]
    #[schemars(schema_with = "document_kind")]
    kind: Option<String>,
    #[schemars(length(min = 1))]
    items: Vec<Document>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Document {
    /// Tên giấy tờ.
    name: String,
    /// Số bản chính.
    originals: Option<u64>,
    /// Số bản sao.
    copies: Option<u64>,
    /// false: không bắt buộc.
    required: Option<bool>,
    note: Option<String>,
    /// Mẫu đơn, tờ khai để tải về (tệp trong content/files/).
    form: Option<Form>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Form {
    title: String,
    /// Đường dẫn trong content/files/, ví dụ "ho-tich/to-khai-khai-sinh.docx".
    file: String,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Step {
    title: String,
    /// Nội dung (Markdown).
    body: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Outcome {
    name: String,
    /// Có bản điện tử.
    electronic: Option<bool>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Legal {
    /// Số hiệu văn bản, ví dụ "Nghị định số 123/2015/NĐ-CP".
    number: String,
    title: String,
    #[serde(default)]
    #[schemars(schema_with = "date")]
    issued: Option<String>,
    url: Option<String>,
}

/// Cơ quan, đơn vị (content/agencies/<id>.yaml). Tên tệp là mã cơ quan.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Agency {
    /// Tên đầy đủ.
    #[schemars(length(min = 1))]
    name: String,
    /// Loại cơ quan, ví dụ "Ủy ban nhân dân cấp xã".
    kind: Option<String>,
    /// Cấp (id trong content/taxonomies.yaml).
    #[serde(default)]
    #[schemars(schema_with = "id")]
    level: Option<String>,
    /// Cơ quan cấp trên (mã cơ quan).
    #[serde(default)]
    #[schemars(schema_with = "id")]
    parent: Option<String>,
    address: Option<String>,
    /// Tọa độ, để mở bản đồ.
    geo: Option<Geo>,
    phone: Option<String>,
    hotline: Option<String>,
    email: Option<String>,
    website: Option<String>,
    opening_hours: Option<OpeningHours>,
    feedback: Option<Vec<Feedback>>,
    /// Tên khác của cơ quan trong báo cáo thống kê và trên Cổng dịch vụ công (dùng khi nhập
    /// dữ liệu bằng `minhbach import`; không hiển thị).
    aliases: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Geo {
    #[schemars(range(min = -90, max = 90))]
    lat: f64,
    #[schemars(range(min = -180, max = 180))]
    lon: f64,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct OpeningHours {
    regular: Option<Vec<OpeningRule>>,
    /// Ngày nghỉ.
    #[serde(default)]
    #[schemars(schema_with = "dates")]
    closed: Option<Vec<String>>,
    note: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct OpeningRule {
    #[schemars(schema_with = "weekdays")]
    days: Vec<String>,
    /// Khung giờ, ví dụ "07:30-11:30".
    times: Vec<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Feedback {
    #[serde(rename = "type")]
    #[schemars(schema_with = "feedback_kind")]
    kind: String,
    value: String,
    label: Option<String>,
}

/// Danh mục (content/taxonomies.yaml): mỗi mục là các cặp id: tên hiển thị.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Taxonomies {
    /// Lĩnh vực.
    fields: BTreeMap<String, Term>,
    /// Cấp chính quyền.
    levels: BTreeMap<String, Term>,
    /// Đối tượng thực hiện.
    audience: BTreeMap<String, Term>,
    /// Sự kiện trong đời.
    life_events: Option<BTreeMap<String, Term>>,
}

/// Một mục: tên hiển thị, hoặc dạng đầy đủ `{label, steps, until}`.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum Term {
    /// Tên hiển thị, ví dụ "Hộ tịch".
    Label(String),
    Full(TermFull),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct TermFull {
    /// Tên hiển thị.
    label: String,
    /// Mã các thủ tục theo thứ tự người dân thường làm, ví dụ ["1.001193", "1.004222"]:
    /// trang sự kiện trong đời hiện các bước đánh số.
    steps: Option<Vec<String>>,
    /// Ngày cuối cùng mục còn áp dụng (YYYY-MM-DD), ví dụ cấp huyện: 2025-06-30.
    #[serde(default)]
    #[schemars(schema_with = "date")]
    until: Option<String>,
}

fn generate<T: JsonSchema>() -> Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// Statistics rows in YAML: the same keys as the CSV columns, from `model::stats::Col`.
fn stats() -> Value {
    let mut props = serde_json::Map::new();
    props.insert("period".into(), json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}$", "description": "Tháng, dạng YYYY-MM" }));
    props.insert(
        "agency".into(),
        json!({ "type": "string", "description": "Mã cơ quan (tên tệp trong content/agencies/)" }),
    );
    props.insert("procedure".into(), json!({ "type": ["string", "null"], "description": "Tên tệp hoặc mã thủ tục; bỏ trống: mọi thủ tục của cơ quan" }));
    props.insert(
        "note".into(),
        json!({ "type": ["string", "null"], "description": "Giải thích khi điều chỉnh số liệu" }),
    );
    props.insert("avg_days".into(), json!({ "type": ["number", "null"], "minimum": 0, "description": "Thời gian giải quyết trung bình (ngày)" }));
    for c in crate::model::stats::Col::ALL {
        props.insert(c.name().into(), json!({ "type": ["integer", "null"], "minimum": 0, "description": "Số hồ sơ; để trống nếu không báo cáo (trống không phải là 0)" }));
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Số liệu thống kê hằng tháng (Biểu số 06)",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["period", "agency"],
            "additionalProperties": false,
            "properties": props,
        }
    })
}

/// Every schema as (file name, pretty JSON with a final newline).
pub fn all() -> Result<Vec<(&'static str, String)>, crate::json::JsonError> {
    let pretty = |name: &'static str, v: Value| Ok((name, crate::json::to_pretty(name, &v)?));
    [
        pretty("procedure.json", generate::<Procedure>()),
        pretty("agency.json", generate::<Agency>()),
        pretty("taxonomies.json", generate::<Taxonomies>()),
        pretty("stats.json", stats()),
        pretty("site.json", generate::<crate::config::Config>()),
    ]
    .into_iter()
    .collect()
}

/// Why `minhbach schema` could not write the schemas.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error(transparent)]
    Write(#[from] crate::output::WriteError),
    #[error(transparent)]
    Json(#[from] crate::json::JsonError),
}

/// Writes every schema into `dir`. An existing file is replaced only when it is a schema
/// minhbach wrote (same `$schema` and `title`); when any file is not, nothing is written.
pub fn write(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, SchemaError> {
    std::fs::create_dir_all(dir).map_err(|source| crate::output::WriteError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let key = |bytes: &[u8]| {
        serde_json::from_slice::<Value>(bytes)
            .ok()
            .map(|v| (v["$schema"].clone(), v["title"].clone()))
    };
    let files: Vec<_> = all()?
        .into_iter()
        .map(|(name, text)| (dir.join(name), text))
        .collect();
    let mut changed = Vec::new();
    for (path, text) in &files {
        let ours = key(text.as_bytes());
        if crate::write::check_own_file(path, text.as_bytes(), |old| key(old) == ours)? {
            changed.push((path, text));
        }
    }
    for (path, text) in changed {
        crate::write::write_own_file(path, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
