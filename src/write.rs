//! Writers of single files outside the output folder: content files written by the importers
//! and the CMS ([`write_inside`]), and files minhbach owns, such as the JSON Schemas
//! ([`write_own_file`]). The built site itself is written through [`crate::output::Staging`].

mod content_file;
mod own_file;

pub(crate) use content_file::write_inside;
pub(crate) use own_file::{check_own_file, write_own_file};
