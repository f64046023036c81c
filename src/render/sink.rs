//! Where rendered files go, and what the renderer remembers of them.
//!
//! Every output passes through a [`Sink`] with a *key*: a hash of everything the file is
//! made from. A full build writes every file and records the keys in a [`Memo`]; an
//! incremental rebuild (`serve`) is given the previous memo and skips producing any file
//! whose key has not changed, so only what a change reaches is rendered and written.
//! The sink also counts what it wrote: no page kind keeps a counter of its own.

use super::RenderError;
pub use crate::hash::{Key, hash_bytes};
use crate::output::WriteError;
// Fx: tens of thousands of paths a render, all the site's own.
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder the renderer writes into: the staging folder of a build, or the live
/// folder of `serve`.
pub trait Output: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError>;
    /// Copies the file at `source` to `rel`.
    fn copy(&self, rel: &str, source: &Path) -> Result<(), WriteError>;
}

impl Output for crate::output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        crate::output::Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, source: &Path) -> Result<(), WriteError> {
        crate::output::Staging::copy(self, rel, source)
    }
}

/// What one render produced: every output path with its key, and the key of every
/// section (a group of outputs made together, skipped together).
#[derive(Debug, Default, Clone)]
pub struct Memo {
    pub(crate) outputs: FxHashMap<String, u64>,
    pub(crate) sections: FxHashMap<String, (u64, Vec<String>)>,
}

impl Memo {
    /// Output paths of `self` that `newer` no longer has (to delete from a live folder).
    pub(crate) fn gone_in(&self, newer: &Memo) -> Vec<String> {
        let mut gone: Vec<String> = self
            .outputs
            .keys()
            .filter(|k| !newer.outputs.contains_key(*k))
            .cloned()
            .collect();
        gone.sort();
        gone
    }

    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }
}

/// Counts of one render.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// HTML pages the site has (written or kept).
    pub pages: usize,
    /// Outputs produced (rendered and written) by this render.
    pub written: usize,
    /// Outputs kept from the previous render because their inputs did not change.
    pub kept: usize,
}

pub struct Sink<'a> {
    out: &'a dyn Output,
    previous: &'a Memo,
    /// Every path produced in this render with its key (a path seen twice is refused:
    /// two page kinds writing one file).
    memo: Mutex<Memo>,
    pages: AtomicUsize,
    written: AtomicUsize,
    kept: AtomicUsize,
}

impl<'a> Sink<'a> {
    /// A sink over `out`; `previous` is the memo of the last render into the same folder
    /// (an empty memo renders everything).
    pub fn new(out: &'a dyn Output, previous: &'a Memo) -> Self {
        Sink {
            out,
            previous,
            memo: Mutex::new(Memo::default()),
            pages: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
        }
    }

    fn record(&self, rel: &str, key: u64) -> Result<(), RenderError> {
        let twice = self
            .memo
            .lock()
            .map(|mut m| m.outputs.insert(rel.to_owned(), key).is_some())
            .unwrap_or(false);
        if twice {
            return Err(RenderError::Twice(rel.to_owned()));
        }
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn unchanged(&self, rel: &str, key: u64) -> bool {
        self.previous.outputs.get(rel) == Some(&key)
    }

    /// Records `rel` with `key`, and runs `make` (which writes it) only when the key differs
    /// from the last render's.
    fn put(
        &self,
        rel: &str,
        key: u64,
        make: impl FnOnce() -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        self.record(rel, key)?;
        if self.unchanged(rel, key) {
            self.kept.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        make()?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// An output made from inputs whose hash is `key`: `produce` runs only when the key
    /// differs from the last render's.
    pub fn keyed(
        &self,
        rel: &str,
        key: u64,
        produce: impl FnOnce() -> Result<Vec<u8>, RenderError>,
    ) -> Result<(), RenderError> {
        self.put(rel, key, || Ok(self.out.write(rel, &produce()?)?))
    }

    /// An output whose bytes are cheap to make: written when they differ from last time.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.put(rel, hash_bytes(bytes), || Ok(self.out.write(rel, bytes)?))
    }

    /// A file copied as it is; `key` stands for its contents (size and modification time).
    pub fn copy(&self, rel: &str, source: &Path, key: u64) -> Result<(), RenderError> {
        self.put(rel, key, || Ok(self.out.copy(rel, source)?))
    }

    /// A group of outputs made together from inputs whose hash is `key`: when the key is the
    /// last render's, the group's outputs are kept as they are and `make` does not run.
    pub fn section(
        &self,
        name: &str,
        key: u64,
        make: impl FnOnce(&Sink) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        if let Some((k, paths)) = self.previous.sections.get(name)
            && *k == key
            && paths.iter().all(|p| self.previous.outputs.contains_key(p))
        {
            for p in paths {
                let old = self.previous.outputs.get(p).copied().unwrap_or(0);
                self.record(p, old)?;
                self.kept.fetch_add(1, Ordering::Relaxed);
            }
            self.note_section(name, key, paths.clone());
            return Ok(());
        }
        let inner = Sink::new(self.out, self.previous);
        make(&inner)?;
        let (memo, counts) = inner.finish();
        let mut paths: Vec<String> = memo.outputs.keys().cloned().collect();
        paths.sort();
        for p in &paths {
            self.record(p, memo.outputs[p])?;
        }
        self.written.fetch_add(counts.written, Ordering::Relaxed);
        self.kept.fetch_add(counts.kept, Ordering::Relaxed);
        self.note_section(name, key, paths);
        if let Ok(mut m) = self.memo.lock() {
            m.sections.extend(memo.sections);
        }
        Ok(())
    }

    fn note_section(&self, name: &str, key: u64, paths: Vec<String>) {
        if let Ok(mut m) = self.memo.lock() {
            m.sections.insert(name.to_owned(), (key, paths));
        }
    }

    /// The memo of this render and its counts.
    pub fn finish(self) -> (Memo, Counts) {
        let counts = Counts {
            pages: self.pages.into_inner(),
            written: self.written.into_inner(),
            kept: self.kept.into_inner(),
        };
        let memo = self.memo.into_inner().unwrap_or_default();
        (memo, counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);
    impl Output for Recorder {
        fn write(&self, rel: &str, _: &[u8]) -> Result<(), WriteError> {
            self.0.lock().unwrap().push(rel.to_owned());
            Ok(())
        }
        fn copy(&self, rel: &str, _: &Path) -> Result<(), WriteError> {
            self.0.lock().unwrap().push(rel.to_owned());
            Ok(())
        }
    }

    fn run(out: &Recorder, previous: &Memo, a: u64, s: u64) -> (Memo, Counts) {
        let sink = Sink::new(out, previous);
        sink.keyed("a/index.html", a, || Ok(b"a".to_vec())).unwrap();
        sink.bytes("x.txt", b"same").unwrap();
        sink.section("s", s, |inner| {
            inner.keyed("s/1.html", s, || Ok(b"1".to_vec()))?;
            inner.bytes("s/2.json", b"2")
        })
        .unwrap();
        sink.finish()
    }

    #[test]
    fn only_what_changed_is_produced_again() {
        let out = Recorder::default();
        let (first, counts) = run(&out, &Memo::default(), 1, 1);
        assert_eq!((counts.pages, counts.written, counts.kept), (2, 4, 0));
        out.0.lock().unwrap().clear();
        let (second, counts) = run(&out, &first, 2, 1);
        assert_eq!(*out.0.lock().unwrap(), vec!["a/index.html".to_owned()]);
        assert_eq!((counts.pages, counts.written, counts.kept), (2, 1, 3));
        out.0.lock().unwrap().clear();
        let (_, counts) = run(&out, &second, 2, 7);
        assert_eq!(
            out.0.lock().unwrap().len(),
            1,
            "only the section's keyed page"
        );
        assert_eq!(counts.written, 1);
        assert!(first.gone_in(&second).is_empty());
    }

    #[test]
    fn one_path_written_twice_is_an_error() {
        let out = Recorder::default();
        let memo = Memo::default();
        let sink = Sink::new(&out, &memo);
        sink.bytes("a.txt", b"1").unwrap();
        assert!(matches!(
            sink.bytes("a.txt", b"2"),
            Err(RenderError::Twice(_))
        ));
    }
}
