//! A procedure (thủ tục hành chính), as DESIGN §1.1 describes it.

use super::At;
use crate::date::Date;

/// The keys of a procedure file, in the order of DESIGN §1.1 (imports write them in this order;
/// the CMS form shows them in it).
pub const KEYS: [&str; 23] = [
    "code",
    "name",
    "summary",
    "keywords",
    "fields",
    "levels",
    "audience",
    "life_events",
    "competent_authority",
    "agencies",
    "channels",
    "online_level",
    "documents",
    "steps",
    "requirements",
    "results",
    "legal_basis",
    "related",
    "status",
    "effective_from",
    "effective_to",
    "alert",
    "last_checked",
];

#[derive(Debug, Clone)]
pub struct Procedure {
    /// The file name without `.yaml`; the page lives at `/thu-tuc/<slug>/`.
    pub slug: String,
    /// Path relative to the site root.
    pub file: String,
    pub code: At<String>,
    pub name: String,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub fields: Vec<At<String>>,
    pub levels: Vec<At<String>>,
    pub audience: Vec<At<String>>,
    pub life_events: Vec<At<String>>,
    pub competent_authority: At<String>,
    pub agencies: Vec<At<String>>,
    pub channels: Vec<Channel>,
    pub online_level: At<OnlineLevel>,
    pub documents: Vec<DocumentGroup>,
    pub steps: Vec<Step>,
    pub requirements: Option<String>,
    pub results: Vec<Outcome>,
    pub legal_basis: Vec<LegalBasis>,
    pub related: Vec<At<String>>,
    pub status: Status,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub alert: Option<String>,
    pub last_checked: At<Date>,
    /// A hash of the file it was decoded from (its path and bytes): two loads of the same
    /// file give the same value, so a rebuild can tell what an edit reached.
    pub source_hash: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChannelKind {
    Direct,
    Online,
    Postal,
}

impl ChannelKind {
    pub const ALL: [(&'static str, ChannelKind); 3] = [
        ("direct", ChannelKind::Direct),
        ("online", ChannelKind::Online),
        ("postal", ChannelKind::Postal),
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChannelKind::Direct => "direct",
            ChannelKind::Online => "online",
            ChannelKind::Postal => "postal",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Channel {
    pub kind: ChannelKind,
    pub deadline: Option<Deadline>,
    pub fees: Vec<Fee>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub pos: crate::diag::Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineUnit {
    WorkingDays,
    Days,
    Hours,
    Months,
}

impl DeadlineUnit {
    pub const ALL: [(&'static str, DeadlineUnit); 4] = [
        ("working_days", DeadlineUnit::WorkingDays),
        ("days", DeadlineUnit::Days),
        ("hours", DeadlineUnit::Hours),
        ("months", DeadlineUnit::Months),
    ];

    pub fn id(self) -> &'static str {
        match self {
            DeadlineUnit::WorkingDays => "working_days",
            DeadlineUnit::Days => "days",
            DeadlineUnit::Hours => "hours",
            DeadlineUnit::Months => "months",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    pub value: f64,
    pub unit: DeadlineUnit,
}

#[derive(Debug, Clone)]
pub struct Fee {
    pub label: String,
    /// In đồng (VND); 0 means free.
    pub amount: u64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnlineLevel {
    None,
    Partial,
    Full,
}

impl OnlineLevel {
    pub const ALL: [(&'static str, OnlineLevel); 3] = [
        ("none", OnlineLevel::None),
        ("partial", OnlineLevel::Partial),
        ("full", OnlineLevel::Full),
    ];

    pub fn id(self) -> &'static str {
        match self {
            OnlineLevel::None => "none",
            OnlineLevel::Partial => "partial",
            OnlineLevel::Full => "full",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Submit,
    Present,
}

#[derive(Debug, Clone)]
pub struct DocumentGroup {
    pub case: String,
    pub kind: DocumentKind,
    pub items: Vec<DocumentItem>,
}

#[derive(Debug, Clone)]
pub struct DocumentItem {
    pub name: String,
    pub originals: u64,
    pub copies: u64,
    pub required: bool,
    pub note: Option<String>,
    pub form: Option<Form>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    /// Path relative to `content/` (e.g. `files/to-khai-khai-sinh.docx`), checked to stay inside it.
    pub file: At<String>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub electronic: bool,
}

#[derive(Debug, Clone)]
pub struct LegalBasis {
    pub number: String,
    pub title: String,
    pub issued: Option<Date>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Amended,
    Suspended,
    Repealed,
}

impl Status {
    pub const ALL: [(&'static str, Status); 4] = [
        ("active", Status::Active),
        ("amended", Status::Amended),
        ("suspended", Status::Suspended),
        ("repealed", Status::Repealed),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Amended => "amended",
            Status::Suspended => "suspended",
            Status::Repealed => "repealed",
        }
    }
}

impl Procedure {
    /// Complete in the sense of Decree 63/2010 art. 8(2): name, steps, channels
    /// with deadlines, documents, audience and implementing agencies.
    pub fn is_complete(&self) -> bool {
        !self.name.is_empty()
            && !self.steps.is_empty()
            && !self.channels.is_empty()
            && self.channels.iter().all(|c| c.deadline.is_some())
            && !self.documents.is_empty()
            && !self.audience.is_empty()
            && !self.agencies.is_empty()
    }
}
