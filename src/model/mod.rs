//! The resolved site: procedures, agencies, taxonomies and free pages, as typed values.

pub mod agency;
pub mod page;
pub mod procedure;
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
        At { value, pos: Pos::default(), width: 1 }
    }
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
}
