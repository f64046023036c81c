//! The Decap CMS configuration, generated from the JSON Schemas that `minhbach schema` writes
//! (`crate::schema`, one source of truth): every schema property becomes a form field with its
//! Vietnamese hint, closed sets become selects with Vietnamese labels, references to agencies,
//! procedures and taxonomy terms are chosen from the existing content.

use crate::load::yaml::{self, Value as Y};
use serde_json::{Map, Value, json};
use std::path::Path;

/// Where the CMS saves.
#[derive(Debug, Clone)]
pub enum Backend {
    /// `minhbach serve`: the local backend on 127.0.0.1.
    Local { proxy_url: String },
    /// Production: a git host, with the editorial workflow (pull requests) unless turned off.
    Remote(crate::config::CmsConfig),
}

/// Vietnamese labels of the form fields, by schema property name.
const LABELS: &[(&str, &str)] = &[
    ("code", "Mã thủ tục"),
    ("name", "Tên"),
    ("summary", "Tóm tắt"),
    ("keywords", "Từ khóa tìm kiếm"),
    ("fields", "Lĩnh vực"),
    ("levels", "Cấp thực hiện"),
    ("audience", "Đối tượng thực hiện"),
    ("life_events", "Sự kiện trong đời"),
    ("competent_authority", "Cơ quan có thẩm quyền"),
    ("agencies", "Nơi tiếp nhận hồ sơ"),
    ("online_level", "Mức dịch vụ công trực tuyến"),
    ("channels", "Cách thức thực hiện"),
    ("type", "Loại"),
    ("deadline", "Thời hạn giải quyết"),
    ("value", "Giá trị"),
    ("unit", "Đơn vị"),
    ("fees", "Phí, lệ phí"),
    ("label", "Tên hiển thị"),
    ("amount", "Số tiền (đồng)"),
    ("note", "Ghi chú"),
    ("url", "Địa chỉ trang web"),
    ("documents", "Thành phần hồ sơ"),
    ("case", "Trường hợp"),
    ("kind", "Loại"),
    ("items", "Giấy tờ"),
    ("originals", "Số bản chính"),
    ("copies", "Số bản sao"),
    ("required", "Bắt buộc"),
    ("form", "Mẫu đơn, tờ khai"),
    ("title", "Tiêu đề"),
    ("file", "Tệp"),
    ("steps", "Trình tự thực hiện"),
    ("body", "Nội dung"),
    ("requirements", "Yêu cầu, điều kiện"),
    ("results", "Kết quả thực hiện"),
    ("electronic", "Có bản điện tử"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("number", "Số hiệu văn bản"),
    ("issued", "Ngày ban hành"),
    ("related", "Thủ tục liên quan"),
    ("status", "Tình trạng"),
    ("effective_from", "Có hiệu lực từ"),
    ("effective_to", "Hết hiệu lực từ"),
    ("alert", "Thông báo nổi bật"),
    ("last_checked", "Ngày kiểm tra gần nhất"),
    ("level", "Cấp"),
    ("parent", "Cơ quan cấp trên"),
    ("address", "Địa chỉ"),
    ("geo", "Tọa độ"),
    ("lat", "Vĩ độ"),
    ("lon", "Kinh độ"),
    ("phone", "Điện thoại"),
    ("hotline", "Đường dây nóng"),
    ("email", "Thư điện tử"),
    ("website", "Trang web"),
    ("opening_hours", "Giờ làm việc"),
    ("regular", "Lịch làm việc hằng tuần"),
    ("days", "Các ngày"),
    ("times", "Khung giờ"),
    ("closed", "Ngày nghỉ"),
    ("feedback", "Kênh phản ánh, kiến nghị"),
    ("aliases", "Tên khác (dùng khi nhập số liệu)"),
];

/// Vietnamese labels of the closed sets' values.
const OPTION_LABELS: &[(&str, &str)] = &[
    ("direct", "Trực tiếp"),
    ("online", "Trực tuyến"),
    ("postal", "Qua bưu chính"),
    ("working_days", "Ngày làm việc"),
    ("days", "Ngày"),
    ("hours", "Giờ làm việc"),
    ("months", "Tháng"),
    ("none", "Không"),
    ("partial", "Một phần"),
    ("full", "Toàn trình"),
    ("active", "Đang áp dụng"),
    ("amended", "Đã sửa đổi"),
    ("suspended", "Tạm ngừng"),
    ("repealed", "Đã bãi bỏ"),
    ("submit", "Giấy tờ phải nộp"),
    ("present", "Giấy tờ chỉ xuất trình"),
    ("mon", "Thứ Hai"),
    ("tue", "Thứ Ba"),
    ("wed", "Thứ Tư"),
    ("thu", "Thứ Năm"),
    ("fri", "Thứ Sáu"),
    ("sat", "Thứ Bảy"),
    ("sun", "Chủ nhật"),
    ("hotline", "Đường dây nóng"),
    ("email", "Thư điện tử"),
    ("mailbox", "Hòm thư góp ý"),
    ("web", "Trực tuyến"),
    ("zalo", "Zalo"),
    ("facebook", "Facebook"),
    ("address", "Gửi văn bản đến"),
];

pub(crate) fn label(name: &str) -> Option<&'static str> {
    LABELS.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

pub(crate) fn option_label(id: &str) -> Option<&'static str> {
    OPTION_LABELS
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, v)| *v)
}

/// Terms of one taxonomy, as (id, name), read from content/taxonomies.yaml.
pub(crate) type Terms = Vec<(String, String)>;

/// The taxonomies of the site (fields, levels, audience, life_events), in file order.
pub(crate) fn taxonomies(root: &Path) -> Vec<(String, Terms)> {
    let Ok(text) = std::fs::read_to_string(root.join("content/taxonomies.yaml")) else {
        return Vec::new();
    };
    let Ok(node) = yaml::parse(&text) else {
        return Vec::new();
    };
    let Y::Map(entries) = node.value else {
        return Vec::new();
    };
    entries
        .into_iter()
        .map(|(k, v)| {
            let terms = match v.value {
                Y::Map(terms) => terms
                    .into_iter()
                    .map(|(id, name)| {
                        let name = match name.value {
                            Y::Str(s) => s,
                            _ => id.name.clone(),
                        };
                        (id.name, name)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (k.name, terms)
        })
        .collect()
}

/// The schema JSON of one content type, from `crate::schema`.
pub fn schema(file: &str) -> Value {
    // The schemas are built in (from the content types): one that cannot be written is a
    // defect `minhbach schema` and the tests report, not something an editor can fix here.
    crate::schema::all()
        .into_iter()
        .flatten()
        .find(|(name, _)| *name == file)
        .and_then(|(_, text)| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

struct Gen<'a> {
    root: &'a Value,
    taxonomies: &'a [(String, Terms)],
    /// The order of the top-level fields.
    top: &'a [&'a str],
}

fn select(options: Vec<Value>, multiple: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("widget".into(), json!("select"));
    m.insert("options".into(), Value::Array(options));
    if multiple {
        m.insert("multiple".into(), json!(true));
    }
    m
}

fn agency_relation(multiple: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("widget".into(), json!("relation"));
    m.insert("collection".into(), json!("agencies"));
    m.insert("value_field".into(), json!("{{slug}}"));
    m.insert("search_fields".into(), json!(["name"]));
    m.insert("display_fields".into(), json!(["name"]));
    m.insert("options_length".into(), json!(200));
    if multiple {
        m.insert("multiple".into(), json!(true));
    }
    m
}

impl Gen<'_> {
    fn resolve<'v>(&'v self, schema: &'v Value) -> &'v Value {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/definitions/");
            return self
                .root
                .get("definitions")
                .and_then(|d| d.get(name))
                .unwrap_or(&Value::Null);
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            if let Some(s) = any
                .iter()
                .find(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            {
                return self.resolve(s);
            }
        }
        schema
    }

    fn has_type(schema: &Value, ty: &str) -> bool {
        match schema.get("type") {
            Some(Value::String(t)) => t == ty,
            Some(Value::Array(ts)) => ts.iter().any(|t| t == ty),
            _ => false,
        }
    }

    fn terms(&self, taxonomy: &str) -> Vec<Value> {
        self.taxonomies
            .iter()
            .find(|(name, _)| name == taxonomy)
            .map(|(_, terms)| {
                terms
                    .iter()
                    .map(|(id, name)| json!({ "label": name, "value": id }))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn enum_options(values: &[Value]) -> Vec<Value> {
        values
            .iter()
            .filter_map(Value::as_str)
            .map(|id| json!({ "label": option_label(id).unwrap_or(id), "value": id }))
            .collect()
    }

    /// Form fields of an object schema (in the order of the content model's types).
    fn fields(&self, object: &Value, path: &str) -> Vec<Value> {
        let object = self.resolve(object);
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = object.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut names: Vec<&String> = props.keys().collect();
        names.sort_by_key(|n| self.order(path, n));
        names
            .into_iter()
            .map(|name| self.field(name, &props[name], required.contains(&name.as_str()), path))
            .collect()
    }

    fn field(&self, name: &str, prop: &Value, required: bool, path: &str) -> Value {
        let schema = self.resolve(prop);
        let here = if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        let mut f = self.widget(name, schema, &here);
        f.insert("name".into(), json!(name));
        f.insert("label".into(), json!(label(name).unwrap_or(name)));
        let hint = prop
            .get("description")
            .or_else(|| schema.get("description"))
            .and_then(Value::as_str);
        if let Some(hint) = hint {
            f.insert("hint".into(), json!(hint));
        }
        if !required {
            f.insert("required".into(), json!(false));
            // Decap validates an optional object's fields even when it is left empty; the
            // check (run before every save) still refuses one filled in halfway.
            let object = f.get("widget") == Some(&json!("object"));
            if let (true, Some(Value::Array(children))) = (object, f.get_mut("fields")) {
                for c in children.iter_mut() {
                    c["required"] = json!(false);
                }
            }
        }
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if f.get("widget") == Some(&json!("list")) {
                f.insert("min".into(), json!(min));
            }
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            if f.get("widget") == Some(&json!("string")) {
                f.insert(
                    "pattern".into(),
                    json!([pattern, format!("Sai định dạng: {}", hint.unwrap_or(name))]),
                );
            }
        }
        Value::Object(f)
    }

    fn widget(&self, name: &str, schema: &Value, path: &str) -> Map<String, Value> {
        let taxonomy = matches!(name, "fields" | "levels" | "audience" | "life_events");
        match (path, name) {
            ("competent_authority", _) | ("parent", _) => return agency_relation(false),
            ("agencies", _) => return agency_relation(true),
            ("level", _) => return select(self.terms("levels"), false),
            ("related", _) => {
                let mut m = Map::new();
                m.insert("widget".into(), json!("relation"));
                m.insert("collection".into(), json!("procedures"));
                m.insert("value_field".into(), json!("code"));
                m.insert("search_fields".into(), json!(["name", "code"]));
                m.insert("display_fields".into(), json!(["code", "name"]));
                m.insert("options_length".into(), json!(500));
                m.insert("multiple".into(), json!(true));
                return m;
            }
            (_, "file") if path.ends_with("form.file") => {
                let mut m = Map::new();
                m.insert("widget".into(), json!("file"));
                m.insert("choose_url".into(), json!(false));
                return m;
            }
            _ if taxonomy && !path.contains('.') => return select(self.terms(name), true),
            _ => {}
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return select(Self::enum_options(values), false);
        }
        if Self::has_type(schema, "array") {
            let items = self.resolve(schema.get("items").unwrap_or(&Value::Null));
            if let Some(values) = items.get("enum").and_then(Value::as_array) {
                return select(Self::enum_options(values), true);
            }
            let mut m = Map::new();
            m.insert("widget".into(), json!("list"));
            if items.get("properties").is_some() {
                m.insert("fields".into(), Value::Array(self.fields(items, path)));
                m.insert("collapsed".into(), json!(false));
                if let Some(summary) = list_summary(name) {
                    m.insert("summary".into(), json!(summary));
                }
            } else {
                // A list of texts: one input, items separated by commas.
                m.insert("allow_add".into(), json!(true));
            }
            return m;
        }
        if schema.get("properties").is_some() {
            let mut m = Map::new();
            m.insert("widget".into(), json!("object"));
            m.insert("fields".into(), Value::Array(self.fields(schema, path)));
            return m;
        }
        let mut m = Map::new();
        if Self::has_type(schema, "boolean") {
            m.insert("widget".into(), json!("boolean"));
        } else if Self::has_type(schema, "integer") {
            m.insert("widget".into(), json!("number"));
            m.insert("value_type".into(), json!("int"));
            m.insert("min".into(), json!(0));
        } else if Self::has_type(schema, "number") {
            m.insert("widget".into(), json!("number"));
            m.insert("value_type".into(), json!("float"));
            if !matches!(name, "lat" | "lon") {
                m.insert("min".into(), json!(0));
            }
        } else if schema
            .get("pattern")
            .and_then(Value::as_str)
            .is_some_and(|p| p.contains("\\d{4}-\\d{2}-\\d{2}"))
            && Self::has_type(schema, "string")
        {
            m.insert("widget".into(), json!("datetime"));
            m.insert("format".into(), json!("YYYY-MM-DD"));
            m.insert("date_format".into(), json!("DD/MM/YYYY"));
            m.insert("time_format".into(), json!(false));
            m.insert("picker_utc".into(), json!(true));
        } else if schema
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| d.contains("Markdown"))
        {
            m.insert("widget".into(), json!("markdown"));
            m.insert(
                "buttons".into(),
                json!([
                    "bold",
                    "italic",
                    "link",
                    "bulleted-list",
                    "numbered-list",
                    "heading-three"
                ]),
            );
            m.insert("editor_components".into(), json!([]));
        } else if matches!(name, "summary" | "note" | "alert") {
            m.insert("widget".into(), json!("text"));
        } else {
            m.insert("widget".into(), json!("string"));
        }
        m
    }
}

impl Gen<'_> {
    /// The order of fields in the form: as the example content writes them (the schema's
    /// properties come sorted by name).
    fn order(&self, path: &str, name: &str) -> usize {
        let list = if path.is_empty() { self.top } else { NESTED };
        list.iter().position(|n| *n == name).unwrap_or(usize::MAX)
    }
}

const PROCEDURE: &[&str] = &crate::model::procedure::KEYS;
const AGENCY: &[&str] = &[
    "name",
    "kind",
    "level",
    "parent",
    "address",
    "geo",
    "phone",
    "hotline",
    "email",
    "website",
    "opening_hours",
    "feedback",
    "aliases",
];
const NESTED: &[&str] = &[
    "type",
    "case",
    "kind",
    "name",
    "title",
    "label",
    "number",
    "value",
    "unit",
    "amount",
    "deadline",
    "fees",
    "originals",
    "copies",
    "required",
    "days",
    "times",
    "regular",
    "closed",
    "items",
    "form",
    "file",
    "body",
    "electronic",
    "issued",
    "url",
    "lat",
    "lon",
    "note",
];
const TAXONOMIES: &[&str] = &["fields", "levels", "audience", "life_events"];

fn list_summary(name: &str) -> Option<&'static str> {
    Some(match name {
        "channels" => "{{fields.type}}",
        "fees" => "{{fields.label}}: {{fields.amount}} đồng",
        "documents" => "{{fields.case}}",
        "items" => "{{fields.name}}",
        "steps" | "legal_basis" => "{{fields.title}}",
        "results" => "{{fields.name}}",
        "feedback" => "{{fields.type}}: {{fields.value}}",
        "regular" => "{{fields.days}} {{fields.times}}",
        _ => return None,
    })
}

/// Form fields of a content type, from its JSON Schema.
pub(crate) fn fields_from_schema(
    schema: &Value,
    taxonomies: &[(String, Terms)],
    top: &[&str],
) -> Vec<Value> {
    let g = Gen {
        root: schema,
        taxonomies,
        top,
    };
    g.fields(schema, "")
}

/// The taxonomies file: one text field per existing term (its display name). Decap has no
/// widget for a mapping with free keys, so new terms are added in the file itself.
fn taxonomy_fields(schema: &Value, taxonomies: &[(String, Terms)]) -> Vec<Value> {
    let props = schema.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names: Vec<&String> = props.map(|p| p.keys().collect()).unwrap_or_default();
    names.sort_by_key(|n| TAXONOMIES.iter().position(|t| t == n).unwrap_or(usize::MAX));
    names
        .into_iter()
        .map(|name| {
            let terms = taxonomies
                .iter()
                .find(|(t, _)| t == name)
                .map(|(_, terms)| terms.as_slice())
                .unwrap_or(&[]);
            let hint = props
                .and_then(|p| p.get(name))
                .and_then(|p| p.get("description"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let fields: Vec<Value> = terms
                .iter()
                .map(|(id, _)| json!({ "name": id, "label": id, "widget": "string", "hint": format!("Tên hiển thị của mã {id}") }))
                .collect();
            let mut f = json!({
                "name": name,
                "label": label(name).unwrap_or(name),
                "widget": "object",
                "hint": format!("{hint} Thêm mã mới: sửa tệp content/taxonomies.yaml."),
                "fields": fields,
            });
            if !required.contains(&name.as_str()) {
                f["required"] = json!(false);
            }
            f
        })
        .collect()
}

fn page_fields() -> Vec<Value> {
    vec![
        json!({ "name": "title", "label": "Tiêu đề", "widget": "string", "hint": "Tiêu đề trang, hiện trên thẻ và trong trình đơn." }),
        json!({ "name": "description", "label": "Mô tả", "widget": "text", "required": false, "hint": "Một câu giới thiệu, cho công cụ tìm kiếm." }),
        json!({ "name": "menu", "label": "Thứ tự trong trình đơn", "widget": "number", "value_type": "int", "min": 0, "required": false, "hint": "Để trống nếu trang không có trong trình đơn." }),
        json!({ "name": "body", "label": "Nội dung", "widget": "markdown", "hint": "Nội dung trang (Markdown)." }),
    ]
}

/// The whole Decap configuration for the site at `root`.
pub fn generate(root: &Path, backend: &Backend) -> Value {
    let taxonomies = taxonomies(root);
    let procedure = schema("procedure.json");
    let agency = schema("agency.json");
    let taxonomy = schema("taxonomies.json");
    let backend_json = match backend {
        Backend::Local { proxy_url } => {
            json!({ "name": "proxy", "proxy_url": proxy_url, "branch": "main" })
        }
        Backend::Remote(cms) => {
            let mut b =
                json!({ "name": cms.backend.id(), "repo": cms.repository, "branch": cms.branch });
            if let Some(url) = &cms.base_url {
                b["base_url"] = json!(url);
                if cms.backend == crate::config::CmsBackend::Gitlab {
                    b["api_root"] = json!(format!("{}/api/v4", url.trim_end_matches('/')));
                }
            }
            if let Some(id) = &cms.app_id {
                b["app_id"] = json!(id);
                b["auth_type"] = json!("pkce");
            }
            b
        }
    };
    let mut config = json!({
        "locale": "vi",
        "backend": backend_json,
        "load_config_file": false,
        "media_folder": "content/files",
        "public_folder": "files",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": [
            {
                "name": "procedures",
                "label": "Thủ tục",
                "label_singular": "thủ tục",
                "description": "Thủ tục hành chính: giấy tờ, thời hạn, lệ phí, nơi nộp.",
                "folder": "content/procedures",
                "nested": { "depth": 3 },
                "extension": "yaml",
                "format": "yaml",
                "create": true,
                "editor": { "preview": false },
                "identifier_field": "name",
                "summary": "{{code}} · {{name}}",
                "sortable_fields": ["name", "code"],
                "fields": fields_from_schema(&procedure, &taxonomies, PROCEDURE),
            },
            {
                "name": "agencies",
                "label": "Cơ quan",
                "label_singular": "cơ quan",
                "description": "Cơ quan, đơn vị: địa chỉ, giờ làm việc, kênh phản ánh. Tên tệp là mã cơ quan.",
                "folder": "content/agencies",
                "extension": "yaml",
                "format": "yaml",
                "create": true,
                "editor": { "preview": false },
                "identifier_field": "name",
                "fields": fields_from_schema(&agency, &taxonomies, AGENCY),
            },
            {
                "name": "pages",
                "label": "Trang",
                "label_singular": "trang",
                "description": "Trang tự do (Giới thiệu, Hướng dẫn…), viết bằng Markdown.",
                "folder": "content/pages",
                "extension": "md",
                "format": "frontmatter",
                "create": true,
                "editor": { "preview": false },
                "identifier_field": "title",
                "fields": page_fields(),
            },
            {
                "name": "taxonomies",
                "label": "Danh mục",
                "files": [{
                    "name": "taxonomies",
                    "label": "Lĩnh vực, cấp, đối tượng, sự kiện",
                    "file": "content/taxonomies.yaml",
                    "format": "yaml",
                    "fields": taxonomy_fields(&taxonomy, &taxonomies),
                }],
            },
        ],
    });
    if let Backend::Remote(cms) = backend {
        if cms.editorial_workflow {
            config["publish_mode"] = json!("editorial_workflow");
        }
        if let Some(url) = &cms.site_url {
            config["site_url"] = json!(url);
        }
    }
    config
}
