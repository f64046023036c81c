//! `--update`: a fresh import laid over an existing file, key by key. What the record holds is
//! replaced; what editors added (`keywords`, `summary`, `alert`, `life_events`, `related`, and
//! keys the record does not hold: `status`, `online_level`, `effective_from`, `effective_to`) is
//! kept exactly as written, comments included. A value an editor finished is never turned back
//! into a TODO.

use crate::load::yaml::{self, Value};

/// The key order of DESIGN §1.1.
use crate::model::procedure::KEYS as ORDER;

/// Keys whose existing value always wins.
const EDITORS: [&str; 9] = [
    "summary",
    "keywords",
    "alert",
    "life_events",
    "related",
    "status",
    "online_level",
    "effective_from",
    "effective_to",
];

/// A file split into its header (comment lines before the first key) and top-level entries.
struct Layout {
    header: String,
    entries: Vec<(String, String)>,
}

fn layout(text: &str) -> Result<Layout, String> {
    let root = yaml::parse(text).map_err(|e| format!("line {}: {}", e.pos.line, e.message))?;
    let Value::Map(entries) = &root.value else {
        return Err("the file is not a mapping of `key: value` lines".into());
    };
    if entries.iter().any(|(k, _)| k.pos.col != 1) {
        return Err("its keys are not written one per line at the left margin".into());
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut starts: Vec<usize> = entries
        .iter()
        .map(|(k, _)| (k.pos.line as usize).saturating_sub(1))
        .collect();
    // A comment at the margin just above a key belongs to that key.
    for i in 1..starts.len() {
        while starts[i] > starts[i - 1] + 1 && lines[starts[i] - 1].starts_with('#') {
            starts[i] -= 1;
        }
    }
    // Lines are counted by the YAML parser; a file with other line breaks (a bare CR) would
    // not match `lines`: refuse it rather than cut it wrongly.
    if starts.iter().any(|&s| s >= lines.len()) || starts.windows(2).any(|w| w[0] > w[1]) {
        return Err("its line breaks are not plain newlines (a file saved with CR only?)".into());
    }
    let first = starts.first().copied().unwrap_or(lines.len());
    let mut header = lines[..first].join("\n");
    if !header.is_empty() {
        header.push('\n');
    }
    let mut out = Vec::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(lines.len());
        let mut slice = lines[starts[i]..end].join("\n");
        slice.push('\n');
        out.push((k.name.clone(), slice));
    }
    Ok(Layout {
        header,
        entries: out,
    })
}

fn has_todo(slice: &str) -> bool {
    slice.contains("\"TODO")
}

/// The merged file and notes on what was kept from the existing one.
pub(crate) fn merge(existing: &str, fresh: &str) -> Result<(String, Vec<String>), String> {
    let old = layout(existing)?;
    let new = layout(fresh)?;
    let get = |l: &Layout, key: &str| {
        l.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.clone())
    };
    let mut out = new.header.clone();
    let mut notes = Vec::new();
    for key in ORDER {
        let (o, n) = (get(&old, key), get(&new, key));
        let chosen = match (o, n) {
            (Some(o), _) if EDITORS.contains(&key) => Some(o),
            (Some(o), Some(n)) if has_todo(&n) && !has_todo(&o) => {
                notes.push(format!(
                    "kept the editor's `{key}`: the record's version has values that cannot be mapped"
                ));
                Some(o)
            }
            (_, Some(n)) => Some(n),
            (Some(o), None) => Some(o),
            (None, None) => None,
        };
        if let Some(c) = chosen {
            out.push_str(&c);
        }
    }
    for (k, slice) in &old.entries {
        if !ORDER.contains(&k.as_str()) {
            out.push_str(slice);
        }
    }
    Ok((out, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_bare_cr_line_breaks_is_refused_not_cut() {
        let cr = "code: \"1.1\"\rname: \"A\"\rsummary: \"x\"\r";
        let fresh = "code: \"1.1\"\nname: \"B\"\n";
        let err = merge(cr, fresh).err().unwrap_or_default();
        assert!(err.contains("line breaks"), "{err}");
    }

    #[test]
    fn keeps_editor_keys_and_comments() {
        let existing = "# head\ncode: \"1\"\nname: \"Cũ\"\n# do biên tập viên thêm\nkeywords: [\"a\"]\nagencies: [x]\nstatus: amended\nlast_checked: 2026-01-01\n";
        let fresh = "# new head\ncode: \"1\"\nname: \"Mới\"\nagencies: [\"TODO: Sở X\"]\nstatus: active\nlast_checked: 2026-11-22\n";
        let (merged, notes) = merge(existing, fresh).unwrap();
        assert_eq!(
            merged,
            "# new head\ncode: \"1\"\nname: \"Mới\"\n# do biên tập viên thêm\nkeywords: [\"a\"]\nagencies: [x]\nstatus: amended\nlast_checked: 2026-11-22\n"
        );
        assert_eq!(notes.len(), 1);
    }
}
