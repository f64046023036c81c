//! The token shards of the index, kept so that an index built again after a few documents
//! changed (`serve`) patches the postings of those documents' tokens and serialises
//! only the shards they fall in, instead of merging every posting of every document.
//!
//! Documents are numbered by their position in the index's order. A patch applies when
//! the new index has as many documents and only a few positions hold another document
//! (an edit that keeps the document's place: most edits); anything else builds the
//! shards from scratch. Either way the files are the same bytes.

use super::{DocTokens, Entry, Folded, delta, fnv_words, shard_of, split_large};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Beyond this many changed positions, building from scratch is as quick as patching.
const MAX_PATCH: usize = 256;

/// The most documents an index holds: a posting packs a position in 24 bits.
pub(super) const MAX_DOCS: usize = 1 << 24;

/// A document's position and the field bits of one token in it, in one `u32` (a
/// catalogue of 100,000 procedures has about ten million postings).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting(u32);

impl Posting {
    fn new(doc: u32, bits: u8) -> Posting {
        Posting((doc << 8) | u32::from(bits))
    }

    fn doc(self) -> u32 {
        self.0 >> 8
    }

    fn bits(self) -> u8 {
        (self.0 & 0xff) as u8
    }
}

/// One serialised shard file.
#[derive(Clone)]
pub(super) struct File {
    /// The shard's key (its token prefix).
    pub(super) name: String,
    pub(super) key: u64,
    pub(super) bytes: Arc<Vec<u8>>,
    /// FNV of the bytes, for the index version.
    pub(super) digest: u64,
}

/// The entries of one two-character shard and the files it splits into.
struct Base {
    entries: BTreeMap<String, Entry>,
    files: Vec<File>,
}

/// Everything the shard files are made from, by document position.
pub(super) struct Shards {
    /// The key of the document at each position.
    keys: Vec<u64>,
    docs: Vec<Arc<Folded>>,
    /// Token → (position, field bits), by position.
    postings: FxHashMap<String, Vec<Posting>>,
    /// Folded token → its accented forms in names → positions.
    accented: FxHashMap<String, BTreeMap<String, Vec<usize>>>,
    bases: BTreeMap<String, Base>,
}

/// Shards in the making: documents are added in index order, each one's tokens merged
/// into the postings as it comes.
pub(super) struct Builder {
    keep: bool,
    docs: Vec<Arc<Folded>>,
    postings: FxHashMap<String, Vec<Posting>>,
    accented: FxHashMap<String, BTreeMap<String, Vec<usize>>>,
}

impl Builder {
    /// `keep`: whether the shards will be patched later (`serve`); a build's shards keep
    /// only their files, and its documents lose their tokens once they are in the postings.
    pub(super) fn new(keep: bool, docs: usize) -> Builder {
        Builder {
            keep,
            docs: Vec::with_capacity(docs),
            postings: Default::default(),
            accented: Default::default(),
        }
    }

    /// The next document in index order.
    pub(super) fn add(&mut self, mut doc: Arc<Folded>) {
        let id = self.docs.len();
        let doc_id = id as u32;
        for (token, b) in doc.tokens.iter() {
            match self.postings.get_mut(token) {
                Some(list) => list.push(Posting::new(doc_id, b)),
                None => {
                    self.postings
                        .insert(token.to_owned(), vec![Posting::new(doc_id, b)]);
                }
            }
        }
        for (folded, canonical) in doc.tokens.forms() {
            let ids = match self.accented.get_mut(folded.as_str()) {
                Some(m) => m,
                None => self.accented.entry(folded.clone()).or_default(),
            };
            let ids = match ids.get_mut(canonical.as_str()) {
                Some(v) => v,
                None => ids.entry(canonical.clone()).or_default(),
            };
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        // Nothing will patch a build's shards: the tokens are in the postings now, and
        // their room goes to the next documents'.
        if !self.keep
            && let Some(d) = Arc::get_mut(&mut doc)
        {
            d.tokens = DocTokens::default();
        }
        self.docs.push(doc);
    }

    /// The shards of the documents added, whose keys are `keys`.
    pub(super) fn finish(self, keys: Vec<u64>) -> Result<Shards, crate::json::JsonError> {
        let Builder {
            keep,
            docs,
            mut postings,
            mut accented,
        } = self;
        // Each base shard's entries are made, serialised and (in a build) dropped in
        // turn, so the index never holds every entry and every posting at once.
        let mut names: BTreeMap<String, Vec<(&str, bool)>> = BTreeMap::new();
        for token in postings.keys() {
            names
                .entry(shard_of(token))
                .or_default()
                .push((token, false));
        }
        for token in accented.keys() {
            names
                .entry(shard_of(token))
                .or_default()
                .push((token, true));
        }
        let bases: Vec<(String, Base)> = names
            .into_par_iter()
            .map(|(name, tokens)| {
                let entries: BTreeMap<String, Entry> = tokens
                    .into_iter()
                    .filter_map(|(token, forms)| {
                        if forms {
                            let e = forms_entry(accented.get(token)?);
                            Some((format!("@{token}"), e))
                        } else {
                            Some((token.to_owned(), postings_entry(postings.get(token)?)))
                        }
                    })
                    .collect();
                let (files, entries) = if keep {
                    (files_of(&name, entries.clone())?, entries)
                } else {
                    (files_of(&name, entries)?, BTreeMap::new())
                };
                Ok((name, Base { entries, files }))
            })
            .collect::<Result<_, crate::json::JsonError>>()?;
        if !keep {
            postings = Default::default();
            accented = Default::default();
        }
        Ok(Shards {
            keys,
            docs,
            postings,
            accented,
            bases: bases.into_iter().collect(),
        })
    }
}

impl Shards {
    /// The shards of `docs` (in index order, with their `keys`), patched from `previous`
    /// when it holds nearly the same documents, and kept whole for the next patch
    /// (`serve`; a build makes its shards with a [`Builder`] that keeps only their files).
    pub(super) fn new(
        previous: Option<Shards>,
        keys: Vec<u64>,
        docs: Vec<Arc<Folded>>,
    ) -> Result<Shards, crate::json::JsonError> {
        if let Some(mut old) = previous
            && old.keys.len() == keys.len()
        {
            let changed: Vec<usize> = (0..keys.len())
                .filter(|&i| old.keys[i] != keys[i])
                .collect();
            if changed.len() <= MAX_PATCH {
                old.patch(&changed, keys, docs)?;
                return Ok(old);
            }
        }
        let mut builder = Builder::new(true, docs.len());
        for doc in docs {
            builder.add(doc);
        }
        builder.finish(keys)
    }

    /// Puts the documents at `changed` positions in place of the old ones, and makes
    /// again the shards whose tokens they add or drop.
    fn patch(
        &mut self,
        changed: &[usize],
        keys: Vec<u64>,
        docs: Vec<Arc<Folded>>,
    ) -> Result<(), crate::json::JsonError> {
        let mut tokens: FxHashSet<String> = Default::default();
        let mut forms: FxHashSet<String> = Default::default();
        for &id in changed {
            let doc_id = id as u32;
            let old: &DocTokens = &self.docs[id].tokens;
            for (token, _) in old.iter() {
                if let Some(list) = self.postings.get_mut(token)
                    && let Ok(at) = list.binary_search_by_key(&doc_id, |p| p.doc())
                {
                    list.remove(at);
                }
                tokens.insert(token.to_owned());
            }
            for (folded, canonical) in old.forms() {
                if let Some(m) = self.accented.get_mut(folded.as_str())
                    && let Some(ids) = m.get_mut(canonical.as_str())
                {
                    ids.retain(|&d| d != id);
                    if ids.is_empty() {
                        m.remove(canonical.as_str());
                    }
                }
                forms.insert(folded.clone());
            }
            let new: &DocTokens = &docs[id].tokens;
            for (token, b) in new.iter() {
                let list = self.postings.entry(token.to_owned()).or_default();
                if let Err(at) = list.binary_search_by_key(&doc_id, |p| p.doc()) {
                    list.insert(at, Posting::new(doc_id, b));
                }
                tokens.insert(token.to_owned());
            }
            for (folded, canonical) in new.forms() {
                let ids = self
                    .accented
                    .entry(folded.clone())
                    .or_default()
                    .entry(canonical.clone())
                    .or_default();
                if let Err(at) = ids.binary_search(&id) {
                    ids.insert(at, id);
                }
                forms.insert(folded.clone());
            }
        }
        let mut touched: FxHashSet<String> = Default::default();
        for token in tokens {
            let base = shard_of(&token);
            let entry = match self.postings.get(token.as_str()) {
                Some(list) if !list.is_empty() => Some(postings_entry(list)),
                _ => {
                    self.postings.remove(token.as_str());
                    None
                }
            };
            self.put(&base, token, entry);
            touched.insert(base);
        }
        for folded in forms {
            let base = shard_of(&folded);
            let entry = match self.accented.get(folded.as_str()) {
                Some(m) if !m.is_empty() => Some(forms_entry(m)),
                _ => {
                    self.accented.remove(folded.as_str());
                    None
                }
            };
            self.put(&base, format!("@{folded}"), entry);
            touched.insert(base);
        }
        let remade: Vec<(String, Option<Vec<File>>)> = touched
            .into_par_iter()
            .map(|name| {
                let files = match self.bases.get(&name) {
                    Some(b) if !b.entries.is_empty() => Some(files_of(&name, b.entries.clone())?),
                    _ => None,
                };
                Ok((name, files))
            })
            .collect::<Result<_, crate::json::JsonError>>()?;
        for (name, files) in remade {
            match files {
                Some(files) => {
                    if let Some(b) = self.bases.get_mut(&name) {
                        b.files = files;
                    }
                }
                None => {
                    self.bases.remove(&name);
                }
            }
        }
        self.keys = keys;
        self.docs = docs;
        Ok(())
    }

    /// Sets (or, for `None`, removes) one entry of a base shard.
    fn put(&mut self, base: &str, token: String, entry: Option<Entry>) {
        match entry {
            Some(e) => {
                match self.bases.get_mut(base) {
                    Some(b) => b.entries.insert(token, e),
                    None => {
                        let entries = BTreeMap::from([(token, e)]);
                        self.bases.insert(
                            base.to_owned(),
                            Base {
                                entries,
                                files: Vec::new(),
                            },
                        );
                        None
                    }
                };
            }
            None => {
                if let Some(b) = self.bases.get_mut(base) {
                    b.entries.remove(&token);
                }
            }
        }
    }

    /// The documents, in index order.
    pub(super) fn docs(&self) -> &[Arc<Folded>] {
        &self.docs
    }

    /// Every shard file, in the order of their keys.
    pub(super) fn files(&self) -> Vec<&File> {
        let mut all: Vec<&File> = self.bases.values().flat_map(|b| &b.files).collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }
}

fn postings_entry(list: &[Posting]) -> Entry {
    let mut out = Vec::with_capacity(list.len() * 2);
    let mut previous = 0u32;
    for p in list {
        out.push(p.doc() - previous);
        out.push(u32::from(p.bits()));
        previous = p.doc();
    }
    Entry::Postings(out)
}

fn forms_entry(forms: &BTreeMap<String, Vec<usize>>) -> Entry {
    Entry::Forms(
        forms
            .iter()
            .map(|(form, ids)| (form.clone(), delta(ids)))
            .collect(),
    )
}

/// The files one base shard splits into, serialised, each keyed by its entries.
fn files_of(
    name: &str,
    entries: BTreeMap<String, Entry>,
) -> Result<Vec<File>, crate::json::JsonError> {
    let split = split_large(BTreeMap::from([(name.to_owned(), entries)]));
    split
        .into_iter()
        .map(|(key, tokens)| {
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(&("t", &key, &tokens), &mut h);
            let bytes = crate::json::to_vec("the search index", &tokens)?;
            Ok(File {
                digest: fnv_words(0xcbf29ce484222325, &bytes),
                name: key,
                key: std::hash::Hasher::finish(&h),
                bytes: Arc::new(bytes),
            })
        })
        .collect()
}
