//! Keys: hashes of what an output is made from, so a rebuild can tell what a change reached.

use std::hash::{BuildHasher, Hash, Hasher};

/// The hash under keys: foldhash's quality variant, several times faster than the
/// standard library's SipHash on the many small writes keys are made of, with the same
/// 64-bit spread (keys only need to differ when their inputs do; nobody chooses the
/// inputs to collide, and keys are never stored on disk).
type Inner = foldhash::quality::FoldHasher<'static>;

fn inner() -> Inner {
    foldhash::quality::FixedState::with_seed(0x6d69_6e68_6261_6368).build_hasher()
}

/// A hasher for keys. The same inputs give the same key within one run of the program.
pub struct Key(Inner);

impl Default for Key {
    fn default() -> Self {
        Key(inner())
    }
}

impl Key {
    pub fn new() -> Self {
        Key::default()
    }

    /// Adds anything hashable.
    pub fn with(mut self, v: impl Hash) -> Self {
        v.hash(&mut self.0);
        self
    }

    /// Adds a view, through its serialised form.
    pub fn view(mut self, v: &impl serde::Serialize) -> Self {
        // Serialising into a hasher cannot fail for the views (plain data); a failure
        // still changes the key (the error's text is hashed), so nothing is kept stale.
        if let Err(e) = serde_json::to_writer(Writer(&mut self.0), v) {
            e.to_string().hash(&mut self.0);
        }
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// `io::Write` into a hasher, so a view can be hashed without building its text.
struct Writer<'a>(&'a mut Inner);

impl std::io::Write for Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = inner();
    h.write(bytes);
    h.finish()
}
