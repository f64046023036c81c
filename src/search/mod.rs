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
mod shards;
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
}

/// What a result shows: name, address, agency, deadline, fee, online level. The
/// procedure's list item is shared, not copied: a catalogue's records are held until the
/// index is written (seven strings a procedure, ~37 MB at 100,000).
#[derive(Debug, Clone)]
pub struct Record {
    pub item: std::sync::Arc<crate::render::views::ProcedureItem>,
    /// Keywords, folded, for the phrase bonus ("giấy chứng tử" as typed by citizens).
    pub keywords: String,
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let item = &*self.item;
        let keywords = !self.keywords.is_empty();
        let mut st = serializer.serialize_struct("Record", 8 + usize::from(keywords))?;
        st.serialize_field("name", &item.name)?;
        st.serialize_field("url", &item.url)?;
        st.serialize_field("code", &item.code)?;
        st.serialize_field("agency", &item.agency)?;
        st.serialize_field("deadline", &item.deadline)?;
        st.serialize_field("fee", &item.fee)?;
        st.serialize_field("online", &item.online)?;
        st.serialize_field("repealed", &item.repealed)?;
        if keywords {
            st.serialize_field("keywords", &self.keywords)?;
        }
        st.end()
    }
}

/// Indices into the manifest's lists.
#[derive(Debug, Clone, Default, Serialize, Hash)]
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
    /// Files to write under `search/`, by relative path (shared with the cache, not copied).
    pub files: Vec<(String, std::sync::Arc<Vec<u8>>)>,
    /// The key of each file (what it is made from), in the same order.
    pub keys: Vec<u64>,
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

/// One doc's tokens with their field bits, and the accented forms in its name. The tokens
/// are kept in one string (each followed by a NUL) beside their bits: a document has a
/// hundred or more, and one allocation each was most of a large index's memory.
#[derive(Default)]
pub(crate) struct DocTokens {
    text: String,
    bits: Vec<u8>,
    forms: Box<[(String, String)]>,
}

impl DocTokens {
    fn new(tokens: rustc_hash::FxHashMap<String, u8>, forms: Vec<(String, String)>) -> Self {
        // Sized once: a catalogue holds every document's tokens while the shards are made.
        let mut text = String::with_capacity(tokens.keys().map(|t| t.len() + 1).sum());
        let mut bits = Vec::with_capacity(tokens.len());
        for (token, b) in tokens {
            text.push_str(&token);
            text.push('\0');
            bits.push(b);
        }
        DocTokens {
            text,
            bits,
            forms: forms.into_boxed_slice(),
        }
    }

    /// Each token with its field bits.
    fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        self.text
            .split_terminator('\0')
            .zip(self.bits.iter().copied())
    }

    /// The accented forms in the name: (folded token, canonical form).
    fn forms(&self) -> &[(String, String)] {
        &self.forms
    }
}

/// What indexing one document gives that does not depend on the others: its sort key, its
/// tokens, its record and its filters.
pub(crate) struct Folded {
    tokens: DocTokens,
    record: Record,
    filters: Filters,
    /// A hash of the filters: the filters file changes only when one of them does.
    filters_key: u64,
}

/// Documents folded at a time in a build, before their tokens go into the postings (a
/// few in tests, so that their indexes span chunks).
const FOLD_CHUNK: usize = if cfg!(test) { 64 } else { 4096 };

/// A serialised index file and the FNV digest of its bytes.
type Serialised = (std::sync::Arc<Vec<u8>>, u64);

/// What the last index was made of, by key: an index built again after one edit builds
/// and folds that document only, and patches the shards it touches (`serve`). A build
/// starts with an empty cache and keeps nothing.
#[derive(Default)]
pub struct Cache {
    /// The folded documents, by key.
    docs: std::sync::Mutex<HashMap<u64, std::sync::Arc<Folded>>>,
    /// The serialised record and filter files, by key.
    files: std::sync::Mutex<HashMap<u64, Serialised>>,
    /// The token shards, patched by the next index.
    shards: std::sync::Mutex<Option<shards::Shards>>,
    /// Whether to keep this index's documents and files for the next (`serve`); a build
    /// does not, so they are freed as soon as they are written.
    kept: bool,
}

impl Cache {
    /// A cache that keeps what each index made, for the next.
    pub fn kept() -> Cache {
        Cache {
            kept: true,
            ..Cache::default()
        }
    }
}

fn fold_doc(doc: SearchDoc) -> Folded {
    let mut bits: rustc_hash::FxHashMap<String, u8> = Default::default();
    let mut forms = Vec::new();
    for (field, text) in &doc.texts {
        for token in tokens(text) {
            *bits
                .entry(token)
                .or_insert(if doc.repealed { REPEALED } else { 0 }) |= *field as u8;
        }
        if matches!(field, Field::Name) {
            forms.extend(accent_forms(text));
        }
    }
    Folded {
        tokens: DocTokens::new(bits, forms),
        record: doc.record,
        filters_key: crate::hash::Key::new().with(&doc.filters).finish(),
        filters: doc.filters,
    }
}

/// Builds the index of documents, each with its group (see [`build_keyed`]). Output is
/// deterministic: docs are sorted, maps ordered.
#[cfg(test)]
pub(crate) fn build(
    mut docs: Vec<(usize, SearchDoc)>,
    labels: Labels,
) -> Result<Index, crate::json::JsonError> {
    // In name order, as the derive stage gives them.
    docs.sort_by_cached_key(|(_, d)| text::collation_key(&d.record.item.name));
    let keys: Vec<u64> = (0..docs.len() as u64).collect();
    let groups: Vec<usize> = docs.iter().map(|(g, _)| *g).collect();
    build_keyed(
        &keys,
        &groups,
        |i| docs[i].1.clone(),
        labels,
        &Cache::default(),
    )
}

/// [`build`] for `keys.len()` documents: `make(i)` builds the `i`th, and runs only when
/// `cache` has no document of key `keys[i]` (a key stands for everything the document is
/// made from). The cache then holds exactly this index's documents. The documents come in
/// name order ([`crate::derive::Derived::order`]). The index orders them by `groups[i]`
/// (the position of the `i`th's primary field), keeping the name order within a group.
pub(crate) fn build_keyed(
    keys: &[u64],
    groups: &[usize],
    make: impl Fn(usize) -> SearchDoc + Sync,
    labels: Labels,
    cache: &Cache,
) -> Result<Index, crate::json::JsonError> {
    use rayon::prelude::*;
    use std::sync::Arc;
    if keys.len() >= shards::MAX_DOCS {
        return Err(crate::json::JsonError {
            what: "the search index".into(),
            source: serde::ser::Error::custom(format!(
                "{} procedures is more than the {} one index holds",
                keys.len(),
                shards::MAX_DOCS - 1
            )),
        });
    }
    // Index order: by primary field; the sort is stable, so each field keeps the name order.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| groups[i]);
    let doc_keys: Vec<u64> = order.iter().map(|&i| keys[i]).collect();
    // Folding is the costly part: per doc in parallel, merged in index order, so the result
    // does not depend on the thread count.
    let shards = if cache.kept {
        let known: Vec<Option<Arc<Folded>>> = match cache.docs.lock() {
            Ok(map) => doc_keys.iter().map(|k| map.get(k).cloned()).collect(),
            Err(_) => vec![None; keys.len()],
        };
        let sorted: Vec<Arc<Folded>> = known
            .into_par_iter()
            .zip(&order)
            .map(|(known, &i)| known.unwrap_or_else(|| Arc::new(fold_doc(make(i)))))
            .collect();
        if let Ok(mut map) = cache.docs.lock() {
            *map = doc_keys
                .iter()
                .copied()
                .zip(sorted.iter().cloned())
                .collect();
        }
        // The token shards, patched from the last index's when only a few documents
        // changed.
        let previous = match cache.shards.lock() {
            Ok(mut s) => s.take(),
            Err(_) => None,
        };
        shards::Shards::new(previous, doc_keys.clone(), sorted)?
    } else {
        // A build folds a chunk of documents at a time and merges its tokens into the
        // postings before folding the next: the index never holds every document's tokens.
        // Merging is serial: while one chunk's tokens are merged, the next chunk is folded
        // beside it, so both cores stay busy.
        let mut builder = shards::Builder::new(false, keys.len());
        let mut folded: Vec<Folded> = Vec::new();
        for chunk in order.chunks(FOLD_CHUNK) {
            let done = std::mem::take(&mut folded);
            let builder = &mut builder;
            folded = rayon::join(
                || chunk.par_iter().map(|&i| fold_doc(make(i))).collect(),
                move || done.into_iter().for_each(|doc| builder.add(Arc::new(doc))),
            )
            .0;
        }
        folded
            .into_iter()
            .for_each(|doc| builder.add(Arc::new(doc)));
        builder.finish(doc_keys.clone())?
    };
    let docs: Vec<&Folded> = shards.docs().iter().map(|d| &**d).collect();
    // Records and filters, each file with a key of what it is made from: a chunk of
    // records by the keys of its documents, the filters by the filters. A file whose key
    // the cache has is not serialised again (`serve`), and is written only when its key
    // changed.
    let mut named: Vec<(String, u64, Job)> = Vec::new();
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let key = crate::hash::Key::new()
            .with("d")
            .with(n)
            .with(&doc_keys[n * CHUNK..n * CHUNK + chunk.len()])
            .finish();
        named.push((format!("d/{n}.json"), key, Job::Records(chunk)));
    }
    let mut filters = crate::hash::Key::new().with("f");
    for d in &docs {
        filters = filters.with(d.filters_key);
    }
    named.push(("f.json".into(), filters.finish(), Job::Filters(&docs)));
    let made: Vec<Option<Serialised>> = match cache.files.lock() {
        Ok(map) => named.iter().map(|(_, k, _)| map.get(k).cloned()).collect(),
        Err(_) => vec![None; named.len()],
    };
    let bytes: Vec<Serialised> = named
        .par_iter()
        .zip(made)
        .map(|((_, _, job), made)| match made {
            Some(b) => Ok(b),
            None => job.serialise().map(|b| {
                let digest = fnv_words(0xcbf29ce484222325, &b);
                (Arc::new(b), digest)
            }),
        })
        .collect::<Result<_, _>>()?;
    if cache.kept
        && let Ok(mut m) = cache.files.lock()
    {
        *m = named
            .iter()
            .map(|(_, k, _)| *k)
            .zip(bytes.iter().cloned())
            .collect();
    }
    let shard_files = shards.files();
    let manifest_shards: Vec<String> = shard_files.iter().map(|f| f.name.clone()).collect();
    let mut files: Vec<(String, Arc<Vec<u8>>)> = Vec::new();
    let mut file_keys: Vec<u64> = Vec::new();
    // The version: FNV over each file's name and digest, in file order.
    let mut hash = 0xcbf29ce484222325u64;
    for f in &shard_files {
        let name = format!("t/{}.json", shard_file_name(&f.name));
        hash = fnv_words(fnv_words(hash, name.as_bytes()), &f.digest.to_le_bytes());
        files.push((name, f.bytes.clone()));
        file_keys.push(f.key);
    }
    for ((name, key, _), (b, digest)) in named.into_iter().zip(bytes) {
        hash = fnv_words(fnv_words(hash, name.as_bytes()), &digest.to_le_bytes());
        files.push((name, b));
        file_keys.push(key);
    }
    drop(shard_files);
    let n_docs = docs.len();
    drop(docs);
    if cache.kept
        && let Ok(mut s) = cache.shards.lock()
    {
        *s = Some(shards);
    }
    Ok(Index {
        manifest: Manifest {
            v: format!("{:08x}", hash as u32),
            shards: manifest_shards,
            chunk: CHUNK,
            docs: n_docs,
            labels,
        },
        files,
        keys: file_keys,
    })
}

/// What one index file is serialised from.
enum Job<'a> {
    Records(&'a [&'a Folded]),
    Filters(&'a [&'a Folded]),
}

impl Job<'_> {
    fn serialise(&self) -> Result<Vec<u8>, crate::json::JsonError> {
        let what = "the search index";
        match self {
            Job::Records(docs) => {
                crate::json::to_vec(what, &docs.iter().map(|d| &d.record).collect::<Vec<_>>())
            }
            Job::Filters(docs) => {
                crate::json::to_vec(what, &docs.iter().map(|d| &d.filters).collect::<Vec<_>>())
            }
        }
    }
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
#[derive(Debug, Clone, Serialize, Hash)]
#[serde(untagged)]
enum Entry {
    Postings(Vec<u32>),
    Forms(BTreeMap<String, Vec<usize>>),
}

impl Entry {
    /// Approximate serialized size, without serializing.
    fn size(&self) -> usize {
        fn digits(n: u64) -> usize {
            n.checked_ilog10().map_or(1, |d| d as usize + 1) + 1
        }
        match self {
            Entry::Postings(list) => list.iter().map(|n| digits(u64::from(*n))).sum(),
            Entry::Forms(forms) => forms
                .iter()
                .map(|(k, v)| k.len() + 4 + v.iter().map(|n| digits(*n as u64)).sum::<usize>())
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

    /// A document and its group.
    fn doc(name: &str, field: usize, repealed: bool) -> (usize, SearchDoc) {
        let doc = SearchDoc {
            texts: vec![
                (Field::Name, name.into()),
                (Field::Documents, "Tờ khai".into()),
            ],
            record: Record {
                item: std::sync::Arc::new(crate::render::views::ProcedureItem {
                    name: name.into(),
                    code: "1".into(),
                    url: format!("/{name}/"),
                    summary: None,
                    repealed,
                    status_label: None,
                    agency: "UBND".into(),
                    deadline: None,
                    fee: "Miễn phí".into(),
                    online: None,
                    initial: String::new(),
                }),
                keywords: String::new(),
            },
            filters: Filters::default(),
            repealed,
        };
        (field, doc)
    }

    /// Many documents whose words share shards, so a patch reaches shards that split.
    fn catalogue(n: usize, summary_of: impl Fn(usize) -> String) -> Vec<(usize, SearchDoc)> {
        (0..n)
            .map(|i| {
                let (group, mut d) =
                    doc(&format!("Thủ tục {i:04} đăng ký nhà"), i % 3, i % 11 == 0);
                d.texts.push((Field::Summary, summary_of(i)));
                d.filters.fields = vec![i % 4];
                (group, d)
            })
            .collect()
    }

    fn files(index: &Index) -> Vec<(String, Vec<u8>)> {
        index
            .files
            .iter()
            .map(|(n, b)| (n.clone(), b.to_vec()))
            .collect()
    }

    #[test]
    fn a_patched_index_is_the_index_built_afresh() {
        let before = catalogue(400, |i| format!("Hồ sơ thứ {i} nộp tại xã"));
        // Edits that keep each document's place: new words, dropped words, words of
        // another document, accented forms, a filter.
        let mut after = before.clone();
        after[7]
            .1
            .texts
            .push((Field::Summary, "Ngưỡng mới quyzzz".into()));
        after[8]
            .1
            .texts
            .retain(|(f, _)| !matches!(f, Field::Summary));
        after[200].1.texts[0].1 = "Thủ tục 0200 đăng ký nhà ở xã hội".into();
        after[399].1.filters.fields = vec![9];
        // Each document keyed by what it is, as render keys them.
        let index = |docs: &[(usize, SearchDoc)], cache: &Cache| -> Index {
            let keys: Vec<u64> = docs
                .iter()
                .map(|(_, d)| {
                    crate::hash::Key::new()
                        .with(format!("{:?}{:?}", d.texts, d.filters))
                        .finish()
                })
                .collect();
            let groups: Vec<usize> = docs.iter().map(|(g, _)| *g).collect();
            build_keyed(
                &keys,
                &groups,
                |i| docs[i].1.clone(),
                Labels::default(),
                cache,
            )
            .unwrap()
        };
        let cache = Cache::kept();
        let first = index(&before, &cache);
        let patched = index(&after, &cache);
        let fresh = index(&after, &Cache::default());
        assert_ne!(files(&first), files(&fresh), "the edits change the index");
        assert_eq!(files(&patched), files(&fresh));
        assert_eq!(patched.manifest.shards, fresh.manifest.shards);
        assert_eq!(patched.manifest.v, fresh.manifest.v);
        assert_eq!(patched.keys, fresh.keys);
        // And back: the words only the edit brought are gone again.
        let back = index(&before, &cache);
        assert_eq!(files(&back), files(&first));
        assert!(
            !files(&back)
                .iter()
                .any(|(_, b)| String::from_utf8_lossy(b).contains("quyzzz"))
        );
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
        )
        .unwrap();
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
