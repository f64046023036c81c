//! The resolved site: procedures, agencies, taxonomies and free pages, as typed values.

pub mod agency;
pub mod page;
pub mod procedure;
pub mod stats;
pub mod taxonomy;

pub use agency::Agency;
pub use page::Page;
pub use procedure::Procedure;
pub use taxonomy::{Taxonomies, Taxonomy};

use crate::diag::Pos;

/// A value with the place it was written, for diagnostics found after loading.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
    pub width: usize,
}

impl<T> At<T> {
    pub fn new(value: T) -> Self {
        At {
            value,
            pos: Pos::default(),
            width: 1,
        }
    }
}

/// What a reference in content points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefKind {
    Field,
    Level,
    Audience,
    LifeEvent,
    Agency,
    /// Another procedure, by national code.
    Procedure,
    /// A download under `content/files/`.
    File,
    /// A procedure's own code (checked for uniqueness).
    CodeDefinition,
}

/// A reference found while decoding, kept even when the rest of its file had errors,
/// so one run of `check` reports dangling references and structural errors together.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Shared by the references of one file.
    pub file: std::sync::Arc<str>,
    pub kind: RefKind,
    pub target: At<String>,
}

/// Everything loaded from `content/`, sorted for determinism.
#[derive(Debug, Default)]
pub struct Content {
    pub procedures: Vec<Procedure>,
    pub agencies: Vec<Agency>,
    pub taxonomies: Taxonomies,
    pub pages: Vec<Page>,
    /// Download files under `content/files/`, as paths relative to that folder (`/` separated).
    pub files: Vec<String>,
    /// Ids of every agency file, including any that failed to decode.
    pub agency_ids: Vec<String>,
    /// Every reference of every file, in file order.
    pub references: Vec<Reference>,
    /// Monthly statistics from `content/stats/`.
    pub stats: stats::Stats,
}
