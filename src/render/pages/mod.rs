//! One module per kind of output, each a function over the shared [`super::context::Ctx`].

pub(crate) mod agencies;
pub(crate) mod exports;
pub(crate) mod lists;
pub(crate) mod procedure;
pub(crate) mod search;
pub(crate) mod site;
