//! A procedure ready to be written: our keys, with the values that could not be mapped marked as
//! left to the editor (written as `"TODO: <source text>"`).

/// A value, or the source text the editor must turn into one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V<T> {
    Ok(T),
    Todo(String),
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    /// Comment lines at the top of the file (the source, values with no key of ours).
    pub header: Vec<String>,
    pub code: Option<V<String>>,
    pub name: Option<V<String>>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub fields: Vec<V<String>>,
    pub levels: Vec<V<String>>,
    pub audience: Vec<V<String>>,
    pub competent_authority: Option<V<String>>,
    pub agencies: Vec<V<String>>,
    pub channels: Vec<Channel>,
    pub documents: Vec<Group>,
    pub steps: Vec<Step>,
    pub requirements: Option<String>,
    pub results: Vec<Result>,
    pub legal_basis: Vec<Legal>,
    pub last_checked: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Channel {
    pub kind: V<&'static str>,
    pub deadline: Option<V<(f64, &'static str)>>,
    /// A comment on the deadline's line (what needed judgement).
    pub deadline_comment: Option<String>,
    pub fees: Vec<Fee>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Fee {
    pub label: String,
    pub amount: V<u64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub case: String,
    pub kind: &'static str,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub name: V<String>,
    pub originals: Option<V<u64>>,
    pub copies: Option<V<u64>>,
    pub count_comment: Option<String>,
    pub note: Option<String>,
    /// Form title and file (under `content/`).
    pub form: Option<(String, V<String>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub title: V<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Result {
    pub name: V<String>,
    pub electronic: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Legal {
    pub number: V<String>,
    pub title: V<String>,
    pub issued: Option<V<String>>,
    /// "Cơ quan ban hành" (our model has no key for it): a comment.
    pub comment: Option<String>,
}
