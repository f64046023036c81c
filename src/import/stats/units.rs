//! Unit names of a report → agency ids, by the agency's `name` or one of its `aliases`
//! (NFC, case, repeated and trailing spaces ignored).

use crate::model::Agency;
use std::collections::HashMap;

pub(crate) struct Units<'a> {
    by_key: HashMap<String, &'a str>,
    agencies: &'a [Agency],
}

/// A name as compared: NFC, lower case, single spaces, no trailing dot or space.
pub(crate) fn key(name: &str) -> String {
    super::grid::squash(&crate::text::nfc(name).to_lowercase())
        .trim_end_matches(['.', ':'])
        .trim()
        .to_owned()
}

impl<'a> Units<'a> {
    pub fn new(agencies: &'a [Agency]) -> Self {
        let mut by_key = HashMap::new();
        for a in agencies {
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                by_key.entry(key(name)).or_insert(a.id.as_str());
            }
        }
        Units { by_key, agencies }
    }

    pub fn id(&self, name: &str) -> Option<&'a str> {
        self.by_key.get(&key(name)).copied()
    }

    /// The three agency names closest to `name` (accents and case folded), for the help.
    pub fn closest(&self, name: &str) -> Vec<(&'a str, &'a str)> {
        let target = crate::text::fold(&key(name));
        let mut scored: Vec<(usize, &'a str, &'a str)> = self
            .agencies
            .iter()
            .map(|a| {
                let d = std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(|n| crate::text::edit_distance(&target, &crate::text::fold(&key(n))))
                    .min()
                    .unwrap_or(usize::MAX);
                (d, a.name.as_str(), a.id.as_str())
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, n, id)| (n, id))
            .collect()
    }
}
