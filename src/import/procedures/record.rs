//! A portal record as read, before mapping: the source's own texts, untouched except for NFC and
//! trimmed spacing. Both readers (the Word download and the JSON record) produce one of these, so
//! the mapping onto our model exists once.

/// One procedure record from the national portal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub code: String,
    pub name: String,
    /// "Cấp thực hiện", possibly several joined with ", ".
    pub levels: Vec<String>,
    /// "Lĩnh vực".
    pub fields: Vec<String>,
    /// "Đối tượng thực hiện".
    pub audience: Vec<String>,
    /// "Cơ quan thực hiện".
    pub agencies: Vec<String>,
    /// "Cơ quan có thẩm quyền".
    pub authority: Vec<String>,
    /// "Trình tự thực hiện": one text (Markdown) per step or paragraph.
    pub steps: Vec<String>,
    /// "Cách thức thực hiện".
    pub channels: Vec<RawChannel>,
    /// Text under "Cách thức thực hiện" that is not a table (kept as a comment when no table).
    pub channels_text: Vec<String>,
    /// "Thành phần hồ sơ", one group per case.
    pub documents: Vec<RawCase>,
    /// "Kết quả thực hiện".
    pub results: Vec<RawResult>,
    /// "Căn cứ pháp lý".
    pub legal: Vec<RawLegal>,
    /// "Yêu cầu, điều kiện thực hiện" (Markdown).
    pub requirements: String,
    /// "Từ khóa".
    pub keywords: Vec<String>,
    /// "Mô tả".
    pub description: String,
    /// Labelled values our model has no key for ("Số quyết định", "Loại thủ tục", "Cơ quan phối
    /// hợp", …): written as comments at the top of the file, so nothing is lost.
    pub extra: Vec<(String, String)>,
    /// What the reader had to judge or could not place.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawChannel {
    /// "Hình thức nộp": "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính" (or ONLINE, DIRECT, POSTAL).
    pub method: String,
    /// "Thời hạn giải quyết", e.g. "1 Ngày làm việc".
    pub deadline: String,
    pub fees: RawFees,
    /// "Mô tả".
    pub description: String,
}

#[derive(Debug, Clone)]
pub(crate) enum RawFees {
    /// One table cell, possibly several fees: "Lệ phí : 20.000 Đồng …".
    Text(String),
    /// Structured fees of the JSON record: (name, amount as written).
    List(Vec<(String, String)>),
}

impl Default for RawFees {
    fn default() -> Self {
        RawFees::Text(String::new())
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawCase {
    /// The case named in the paragraph before the table, e.g. "Giấy tờ phải nộp".
    pub name: String,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawItem {
    pub name: String,
    /// "Mẫu đơn, tờ khai": a form's name or file name.
    pub form: String,
    pub count: RawCount,
}

#[derive(Debug, Clone)]
pub(crate) enum RawCount {
    /// "Bản chính: 1 - Bản sao: 0", "01 bộ", …
    Text(String),
    /// The JSON record's `originalQty` / `copyQty`, as written.
    Split { originals: String, copies: String },
}

impl Default for RawCount {
    fn default() -> Self {
        RawCount::Text(String::new())
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawResult {
    pub name: String,
    pub electronic: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawLegal {
    pub number: String,
    pub title: String,
    pub issued: String,
    pub issuer: String,
}
