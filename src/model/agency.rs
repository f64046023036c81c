//! An agency or one-stop shop (DESIGN §1.2).

use super::At;
use crate::date::Date;

#[derive(Debug, Clone)]
pub struct Agency {
    pub id: String,
    pub file: String,
    pub name: String,
    pub kind: Option<String>,
    pub level: Option<At<String>>,
    pub parent: Option<At<String>>,
    pub address: Option<String>,
    pub geo: Option<(f64, f64)>,
    pub phone: Option<String>,
    pub hotline: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub opening_hours: Option<OpeningHours>,
    pub feedback: Vec<Feedback>,
    /// Other names the agency goes by in statistics exports and portal records (for `import`;
    /// never shown).
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct OpeningHours {
    pub regular: Vec<OpeningRule>,
    pub closed: Vec<Date>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OpeningRule {
    pub days: Vec<Weekday>,
    /// `(opens, closes)` as `HH:MM`.
    pub times: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [(&'static str, Weekday); 7] = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];

    pub fn id(self) -> &'static str {
        Self::ALL[self as usize].0
    }

    /// schema.org day name.
    pub fn schema_org(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKind {
    Hotline,
    Email,
    Mailbox,
    Web,
    Zalo,
    Facebook,
    Address,
}

impl FeedbackKind {
    pub const ALL: [(&'static str, FeedbackKind); 7] = [
        ("hotline", FeedbackKind::Hotline),
        ("email", FeedbackKind::Email),
        ("mailbox", FeedbackKind::Mailbox),
        ("web", FeedbackKind::Web),
        ("zalo", FeedbackKind::Zalo),
        ("facebook", FeedbackKind::Facebook),
        ("address", FeedbackKind::Address),
    ];

    pub fn id(self) -> &'static str {
        Self::ALL[self as usize].0
    }
}

#[derive(Debug, Clone)]
pub struct Feedback {
    pub kind: FeedbackKind,
    pub value: String,
    pub label: Option<String>,
}
