//! Static, client-side search: an inverted index built at build time and split
//! so that a query downloads only what it needs.
//!
//! Layout under `search/` in the output:
//! - `t/<pp>.json`: postings of every folded token starting with `pp` (its first two
//!   characters): `{"token": [doc, bits, doc, bits, ...]}` with doc ids delta-encoded
//!   and `bits` saying where the token occurs (see [`Field`]) plus the repealed flag;
//! - `d/<n>.json`: result records of docs `n*CHUNK .. (n+1)*CHUNK`;
//! - `f.json`: filter attributes of every doc, fetched only when a filter is used.
//!
//! The manifest (shard list, labels for filters) is inlined into the search page.
//! Doc ids follow field, then Vietnamese name order, so the results of a query,
//! which tend to share a field, tend to share a record chunk.

use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents per result-record chunk.
pub const CHUNK: usize = 64;

/// Where a token occurs in a document, as bits of the posting.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    Name = 1,
    Keywords = 2,
    Code = 4,
    Summary = 8,
    Taxonomy = 16,
    Agency = 32,
    Documents = 64,
}

/// Set on every posting of a repealed procedure, so default searches skip it without more data.
pub const REPEALED: u8 = 128;

/// One procedure as the search sees it: texts to index, a record to show, filter values.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub texts: Vec<(Field, String)>,
    pub record: Record,
    pub filters: Filters,
    pub repealed: bool,
    /// Sort key: primary field position, then the name.
    pub order: (usize, String),
}

/// What a result shows: name, address, agency, deadline, fee, online level.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub name: String,
    pub url: String,
    pub code: String,
    pub agency: String,
    pub deadline: Option<String>,
    pub fee: String,
    pub online: Option<String>,
    pub repealed: bool,
    /// Keywords, folded, for the phrase bonus ("giấy chứng tử" as typed by citizens).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub keywords: String,
}

/// Indices into the manifest's lists.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    #[serde(rename = "f")]
    pub fields: Vec<usize>,
    #[serde(rename = "l")]
    pub levels: Vec<usize>,
    #[serde(rename = "a")]
    pub agencies: Vec<usize>,
    /// 0 none, 1 partial, 2 full.
    #[serde(rename = "o")]
    pub online: u8,
    /// 1 when every fee is zero.
    #[serde(rename = "z")]
    pub free: u8,
}

/// Labels for the filter controls, in manifest order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Labels {
    pub fields: Vec<(String, String)>,
    pub levels: Vec<(String, String)>,
    pub agencies: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    /// Content hash of the index, for cache busting.
    pub v: String,
    pub shards: Vec<String>,
    pub chunk: usize,
    pub docs: usize,
    pub labels: Labels,
}

pub struct Index {
    pub manifest: Manifest,
    /// Files to write under `search/`, by relative path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Splits text into search tokens: folded words; a procedure code such as
/// `1.001193` stays one token.
pub fn tokens(s: &str) -> Vec<String> {
    let folded = text::fold(s);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        let word = raw.trim_matches('.');
        if word.is_empty() {
            continue;
        }
        if word.contains('.') && !word.chars().any(|c| c.is_ascii_digit()) {
            out.extend(word.split('.').filter(|w| !w.is_empty()).map(str::to_owned));
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

/// Each word of `s` with diacritics, as (folded token, canonical accented form).
/// The canonical form is lowercase NFD with the tone mark moved to the end, so the
/// old and new tone placements (`hòa`, `hoà`) are equal. The client does the same.
pub fn accent_forms(s: &str) -> Vec<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for word in s.split(|c: char| {
        !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
    }) {
        if word.is_empty() {
            continue;
        }
        let lower: String = word.nfd().flat_map(char::to_lowercase).collect();
        let tones: String = lower
            .chars()
            .filter(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
            .collect();
        let canonical: String = lower
            .chars()
            .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
            .chain(tones.chars())
            .collect();
        let folded = text::fold(word);
        if canonical != folded {
            out.push((folded, canonical));
        }
    }
    out
}

fn delta(ids: &[usize]) -> Vec<usize> {
    let mut previous = 0;
    ids.iter()
        .map(|id| {
            let d = id - previous;
            previous = *id;
            d
        })
        .collect()
}

/// The shard a folded token lives in: its first two characters.
pub fn shard_of(token: &str) -> String {
    token.chars().take(2).collect()
}

/// Builds the index. Output is deterministic: docs are sorted, maps ordered.
pub fn build(mut docs: Vec<SearchDoc>, labels: Labels) -> Index {
    docs.sort_by(|a, b| {
        a.order
            .0
            .cmp(&b.order.0)
            .then_with(|| text::vi_cmp(&a.order.1, &b.order.1))
    });
    // token -> doc -> bits
    let mut postings: BTreeMap<String, BTreeMap<usize, u8>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        for (field, text) in &doc.texts {
            for token in tokens(text) {
                let bits = postings.entry(token).or_default().entry(id).or_insert(0);
                *bits |= *field as u8;
                if doc.repealed {
                    *bits |= REPEALED;
                }
            }
        }
    }
    // folded token -> accented (canonical) form in names -> docs, for "exact accents first".
    let mut accented: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        for (field, text) in &doc.texts {
            if matches!(field, Field::Name) {
                for (folded, canonical) in accent_forms(text) {
                    let ids = accented
                        .entry(folded)
                        .or_default()
                        .entry(canonical)
                        .or_default();
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
            }
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<String, serde_json::Value>> = BTreeMap::new();
    for (token, docs_bits) in &postings {
        let mut list = Vec::with_capacity(docs_bits.len() * 2);
        let mut previous = 0usize;
        for (doc, bits) in docs_bits {
            list.push((doc - previous) as u64);
            list.push(u64::from(*bits));
            previous = *doc;
        }
        shards
            .entry(shard_of(token))
            .or_default()
            .insert(token.clone(), list.into());
    }
    for (token, forms) in accented {
        let forms: BTreeMap<String, Vec<usize>> = forms
            .into_iter()
            .map(|(form, ids)| (form, delta(&ids)))
            .collect();
        shards.entry(shard_of(&token)).or_default().insert(
            format!("@{token}"),
            serde_json::to_value(forms).unwrap_or_default(),
        );
    }
    let mut files = Vec::new();
    for (key, tokens) in &shards {
        files.push((
            format!("t/{}.json", shard_file_name(key)),
            serde_json::to_vec(tokens).unwrap_or_default(),
        ));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let records: Vec<&Record> = chunk.iter().map(|d| &d.record).collect();
        files.push((
            format!("d/{n}.json"),
            serde_json::to_vec(&records).unwrap_or_default(),
        ));
    }
    let filters: Vec<&Filters> = docs.iter().map(|d| &d.filters).collect();
    files.push((
        "f.json".into(),
        serde_json::to_vec(&filters).unwrap_or_default(),
    ));
    let hash = files
        .iter()
        .fold(0xcbf29ce484222325u64, |h, (name, bytes)| {
            name.bytes()
                .chain(bytes.iter().copied())
                .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
        });
    Index {
        manifest: Manifest {
            v: format!("{:08x}", hash as u32),
            shards: shards.keys().cloned().collect(),
            chunk: CHUNK,
            docs: docs.len(),
            labels,
        },
        files,
    }
}

/// File name of a shard: ASCII stays, anything else is hex-escaped (tokens are
/// folded, so this is rare: letters of other scripts).
pub fn shard_file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenising_folds_and_keeps_codes() {
        assert_eq!(
            tokens("Đăng ký khai sinh (1.001193)"),
            vec!["dang", "ky", "khai", "sinh", "1.001193"]
        );
        assert_eq!(
            tokens("Giấy tờ: bản sao, hộ chiếu."),
            vec!["giay", "to", "ban", "sao", "ho", "chieu"]
        );
        assert_eq!(
            tokens("Nghị định 123/2015/NĐ-CP"),
            vec!["nghi", "dinh", "123", "2015", "nd", "cp"]
        );
        assert_eq!(shard_of("khai"), "kh");
        assert_eq!(shard_of("a"), "a");
    }

    fn doc(name: &str, field: usize, repealed: bool) -> SearchDoc {
        SearchDoc {
            texts: vec![
                (Field::Name, name.into()),
                (Field::Documents, "Tờ khai".into()),
            ],
            record: Record {
                name: name.into(),
                url: format!("/{name}/"),
                code: "1".into(),
                agency: "UBND".into(),
                deadline: None,
                fee: "Miễn phí".into(),
                online: None,
                repealed,
                keywords: String::new(),
            },
            filters: Filters::default(),
            repealed,
            order: (field, name.into()),
        }
    }

    #[test]
    fn postings_are_delta_coded_with_field_bits() {
        let index = build(
            vec![
                doc("Khai tử", 1, false),
                doc("Đăng ký khai sinh", 0, false),
                doc("Khai sinh cũ", 0, true),
            ],
            Labels::default(),
        );
        let shard = index.files.iter().find(|(n, _)| n == "t/kh.json").unwrap();
        let json: serde_json::Value = serde_json::from_slice(&shard.1).unwrap();
        let khai = json["khai"].as_array().unwrap();
        assert_eq!(khai.len(), 6, "three docs, two numbers each");
        let bits: Vec<u64> = khai
            .iter()
            .skip(1)
            .step_by(2)
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(bits.iter().all(|b| b & Field::Name as u64 != 0));
        assert_eq!(
            bits.iter()
                .filter(|b| *b & u64::from(REPEALED) != 0)
                .count(),
            1
        );
        assert!(index.manifest.shards.contains(&"kh".to_string()));
        assert!(index.files.iter().any(|(n, _)| n == "d/0.json"));
        // "Tờ khai" in documents: the token "to" carries only the documents bit.
        let to: serde_json::Value = serde_json::from_slice(
            &index
                .files
                .iter()
                .find(|(n, _)| n == "t/to.json")
                .unwrap()
                .1,
        )
        .unwrap();
        assert_eq!(to["to"][1].as_u64().unwrap(), Field::Documents as u64);
        // Accented forms of name words, for ranking exact accents first.
        let kh: serde_json::Value = serde_json::from_slice(&shard.1).unwrap();
        assert!(kh.get("@khai").is_none(), "khai has no diacritics");
        let tu: serde_json::Value = serde_json::from_slice(
            &index
                .files
                .iter()
                .find(|(n, _)| n == "t/tu.json")
                .unwrap()
                .1,
        )
        .unwrap();
        assert_eq!(tu["@tu"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn tone_placement_does_not_matter() {
        assert_eq!(accent_forms("hoà"), accent_forms("hòa"));
        assert_ne!(accent_forms("đường"), accent_forms("dương"));
        assert_eq!(accent_forms("Khai sinh"), vec![]);
    }
}
