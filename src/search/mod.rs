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
use std::collections::{BTreeMap, HashMap};

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

/// The shard a folded token lives in: its first two characters.
pub fn shard_of(token: &str) -> String {
    token.chars().take(2).collect()
}

/// Docs per block of the parallel build: fixed (a multiple of [`CHUNK`]), so that the
/// blocks, and with them the output, do not depend on the thread count.
const BLOCK: usize = 16 * CHUNK;

/// Token → its postings `(doc, bits)`, in doc order.
type Postings = HashMap<String, Vec<(u32, u8)>>;
/// Folded token → accented (canonical) form in names → docs, in doc order.
type Accented = HashMap<String, HashMap<String, Vec<u32>>>;

/// What one block of consecutive docs adds to the index.
struct Block {
    postings: Postings,
    accented: Accented,
    /// The bodies of the block's `d/<n>.json` files, in order.
    records: Vec<Vec<u8>>,
    /// The block's items of `f.json`, comma-separated.
    filters: Vec<u8>,
}

/// Indexes the docs `first..first + docs.len()`; the docs are dropped when done, so their
/// texts do not outlive their tokens.
fn block(first: usize, docs: Vec<SearchDoc>) -> Block {
    let mut postings = Postings::new();
    let mut accented = Accented::new();
    let mut bits: HashMap<String, u8> = HashMap::new();
    for (n, doc) in docs.iter().enumerate() {
        let id = (first + n) as u32;
        let initial = if doc.repealed { REPEALED } else { 0 };
        for (field, text) in &doc.texts {
            for token in tokens(text) {
                *bits.entry(token).or_insert(initial) |= *field as u8;
            }
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
        for (token, b) in bits.drain() {
            postings.entry(token).or_default().push((id, b));
        }
    }
    let records = docs
        .chunks(CHUNK)
        .map(|chunk| {
            let records: Vec<&Record> = chunk.iter().map(|d| &d.record).collect();
            serde_json::to_vec(&records).unwrap_or_default()
        })
        .collect();
    let mut filters = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        if n > 0 {
            filters.push(b',');
        }
        filters.extend(serde_json::to_vec(&doc.filters).unwrap_or_default());
    }
    Block {
        postings,
        accented,
        records,
        filters,
    }
}

/// Builds the index. Output is deterministic: docs are sorted, maps ordered, and the
/// blocks indexed in parallel are merged in doc order. Linear in the number of docs (but
/// for the sort): each posting is made once, appended once and serialised once.
pub fn build(mut docs: Vec<SearchDoc>, labels: Labels) -> Index {
    use rayon::prelude::*;
    // Collation keys once per doc, not once per comparison.
    docs.par_sort_by_cached_key(|d| (d.order.0, text::collation_key(&d.order.1)));
    let count = docs.len();
    // Folding is the costly part: per block in parallel.
    let blocks: Vec<Block> = docs
        .into_par_iter()
        .chunks(BLOCK)
        .enumerate()
        .map(|(n, docs)| block(n * BLOCK, docs))
        .collect();
    let mut postings = Postings::new();
    let mut accented: HashMap<String, BTreeMap<String, Vec<u32>>> = HashMap::new();
    let mut records = Vec::new();
    let mut filters = vec![b'['];
    for (n, b) in blocks.into_iter().enumerate() {
        for (token, list) in b.postings {
            match postings.entry(token) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().extend(list),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(list);
                }
            }
        }
        for (folded, forms) in b.accented {
            let all = accented.entry(folded).or_default();
            for (canonical, ids) in forms {
                all.entry(canonical).or_default().extend(ids);
            }
        }
        records.extend(b.records);
        if n > 0 {
            filters.push(b',');
        }
        filters.extend(b.filters);
    }
    filters.push(b']');
    let mut shards: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
    for (token, docs_bits) in postings {
        let mut list = Vec::with_capacity(docs_bits.len() * 2);
        let mut previous = 0u32;
        for (doc, bits) in docs_bits {
            list.push(doc - previous);
            list.push(u32::from(bits));
            previous = doc;
        }
        shards
            .entry(shard_of(&token))
            .or_default()
            .insert(token, Entry::Postings(list));
    }
    for (token, forms) in accented {
        let forms: BTreeMap<String, Vec<u32>> = forms
            .into_iter()
            .map(|(form, ids)| (form, delta(&ids)))
            .collect();
        shards
            .entry(shard_of(&token))
            .or_default()
            .insert(format!("@{token}"), Entry::Forms(forms));
    }
    let shards: Vec<(String, BTreeMap<String, Entry>)> = split_large(shards).into_iter().collect();
    let mut files: Vec<(String, Vec<u8>)> = shards
        .par_iter()
        .map(|(key, tokens)| {
            (
                format!("t/{}.json", shard_file_name(key)),
                serde_json::to_vec(tokens).unwrap_or_default(),
            )
        })
        .collect();
    let shard_keys = shards.into_iter().map(|(key, _)| key).collect();
    files.extend(
        records
            .into_iter()
            .enumerate()
            .map(|(n, bytes)| (format!("d/{n}.json"), bytes)),
    );
    files.push(("f.json".into(), filters));
    let hash = files
        .iter()
        .fold(0xcbf29ce484222325u64, |h, (name, bytes)| {
            fnv_words(fnv_words(h, name.as_bytes()), bytes)
        });
    Index {
        manifest: Manifest {
            v: format!("{:08x}", hash as u32),
            shards: shard_keys,
            chunk: CHUNK,
            docs: count,
            labels,
        },
        files,
    }
}

fn delta(ids: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ids.iter()
        .map(|id| {
            let d = id - previous;
            previous = *id;
            d
        })
        .collect()
}

/// FNV-1a over 8-byte words (then the tail): a stable content hash for the index
/// version, eight times fewer steps than byte-wise FNV on megabytes of index.
fn fnv_words(mut h: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x100000001b3);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    h
}

/// Shards larger than this (serialized, roughly) are split by one more character.
const SHARD_LIMIT: usize = 16 * 1024;
/// Longest shard key: deep enough to split national codes (`1.001193`) into small groups.
pub const MAX_KEY: usize = 6;

/// A shard entry: a token's postings, or (`@token`) its accented forms in names.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Entry {
    Postings(Vec<u32>),
    Forms(BTreeMap<String, Vec<u32>>),
}

impl Entry {
    /// Approximate serialized size, without serializing.
    fn size(&self) -> usize {
        fn digits(n: u32) -> usize {
            n.checked_ilog10().map_or(1, |d| d as usize + 1) + 1
        }
        match self {
            Entry::Postings(list) => list.iter().map(|n| digits(*n)).sum(),
            Entry::Forms(forms) => forms
                .iter()
                .map(|(k, v)| k.len() + 4 + v.iter().map(|n| digits(*n)).sum::<usize>())
                .sum(),
        }
    }
}

/// Splits oversized shards into longer prefixes (up to [`MAX_KEY`] characters), so common
/// beginnings such as `th` or `ng` do not make one query download too much.
/// A token shorter than the new key length keeps a shard of its own.
fn split_large(
    shards: BTreeMap<String, BTreeMap<String, Entry>>,
) -> BTreeMap<String, BTreeMap<String, Entry>> {
    let mut out = BTreeMap::new();
    let mut pending: Vec<(String, BTreeMap<String, Entry>)> = shards.into_iter().collect();
    while let Some((key, tokens)) = pending.pop() {
        let len = key.chars().count();
        let size: usize = tokens.iter().map(|(k, v)| k.len() + 4 + v.size()).sum();
        if size <= SHARD_LIMIT || len >= MAX_KEY || tokens.len() < 2 {
            out.insert(key, tokens);
            continue;
        }
        let mut parts: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
        for (token, value) in tokens {
            let bare = token.trim_start_matches('@');
            let sub: String = bare.chars().take(len + 1).collect();
            parts.entry(sub).or_default().insert(token, value);
        }
        for (sub, group) in parts {
            if sub.chars().count() <= len {
                // Tokens no longer than the key itself cannot split further: keep them whole
                // (going round again would loop forever).
                out.insert(sub, group);
            } else {
                pending.push((sub, group));
            }
        }
    }
    out
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
    fn large_shards_split_by_longer_prefixes() {
        let mut shards: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
        let big = Entry::Postings(vec![1u32; 3000]);
        for token in ["th", "thu", "thuc", "thue", "the", "an"] {
            shards
                .entry(shard_of(token))
                .or_default()
                .insert(token.to_owned(), big.clone());
        }
        let split = split_large(shards);
        let keys: Vec<&str> = split.keys().map(String::as_str).collect();
        assert_eq!(keys, vec!["an", "th", "the", "thu", "thuc", "thue"]);
        assert!(split["thu"].contains_key("thu") && split["thuc"].contains_key("thuc"));
    }

    #[test]
    fn a_large_shard_of_short_tokens_stops_splitting() {
        let mut shards: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
        let big = Entry::Postings(vec![1u32; 9000]);
        let forms = Entry::Forms(BTreeMap::from([("thủ".to_owned(), vec![1; 9000])]));
        let th = shards.entry("th".to_owned()).or_default();
        th.insert("th".to_owned(), big.clone());
        th.insert("@th".to_owned(), forms);
        th.insert("thu".to_owned(), big);
        let split = split_large(shards);
        let keys: Vec<&str> = split.keys().map(String::as_str).collect();
        assert_eq!(keys, vec!["th", "thu"]);
        assert_eq!(split["th"].len(), 2);
    }

    #[test]
    fn tone_placement_does_not_matter() {
        assert_eq!(accent_forms("hoà"), accent_forms("hòa"));
        assert_ne!(accent_forms("đường"), accent_forms("dương"));
        assert_eq!(accent_forms("Khai sinh"), vec![]);
    }
}
