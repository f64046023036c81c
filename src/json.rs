//! JSON written for readers and machines (the API, the search index, the CMS's settings, the
//! schemas, `check --format json`): a value that cannot be written is an error that stops the
//! command, never an empty file.

use serde::Serialize;

/// A value that serde_json refused to write, and which file or output it was for.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {what} as JSON: {source}")]
pub struct JsonError {
    pub what: String,
    #[source]
    pub source: serde_json::Error,
}

fn located(what: &str) -> impl FnOnce(serde_json::Error) -> JsonError + '_ {
    move |source| JsonError {
        what: what.to_owned(),
        source,
    }
}

/// Compact JSON text of `value`, written for `what` (a file name or a description).
pub fn to_string<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<String, JsonError> {
    serde_json::to_string(value).map_err(located(what))
}

/// Compact JSON bytes of `value`.
pub fn to_vec<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Vec<u8>, JsonError> {
    serde_json::to_vec(value).map_err(located(what))
}

/// Indented JSON text of `value`, with a final newline (files people read).
pub fn to_pretty<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<String, JsonError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(located(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_value_json_cannot_write_is_an_error_naming_the_file() {
        // JSON object keys must be strings: a map keyed by pairs cannot be written.
        let mut bad = BTreeMap::new();
        bad.insert((1, 2), "x");
        let e = to_string("api/x.json", &bad).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot write api/x.json as JSON: "),
            "{e}"
        );
        assert!(to_vec("f.json", &bad).is_err());
        assert!(to_pretty("f.json", &bad).is_err());
        assert_eq!(to_pretty("f.json", &[1]).unwrap(), "[\n  1\n]\n");
        // In a build it is an error of the build (exit 2, the output left as it was), with
        // the same message.
        let build = crate::BuildError::Render(crate::render::RenderError::from(e));
        assert_eq!(build.exit_code(), 2);
        assert!(
            build
                .to_string()
                .starts_with("cannot write api/x.json as JSON: ")
        );
    }
}
