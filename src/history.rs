//! Change history of procedures, from git (the `git` command line; no libgit2).
//!
//! Every version of every procedure file is parsed and compared with the previous version of
//! the same procedure *code* (so renames and moves continue a history): what changed in the
//! record becomes a [`Change`]; formatting-only commits produce nothing. A shallow clone would
//! give false dates, so it is detected and history is left out (or the build fails when it is
//! required).

use crate::date::Date;
use crate::model::Procedure;
use crate::model::procedure::{ChannelKind, Deadline, Status};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Whether history is wanted, and how strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Use git when it is there and complete; otherwise warn and go without.
    #[default]
    Auto,
    /// Fail when history cannot be read completely (shallow clone, no git).
    Require,
    Off,
}

/// One meaningful change of a procedure, as data (the theme words it).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Published,
    Name {
        from: String,
        to: String,
    },
    Fee {
        channel: ChannelKind,
        from: Vec<u64>,
        to: Vec<u64>,
    },
    Deadline {
        channel: ChannelKind,
        from: Option<Deadline>,
        to: Option<Deadline>,
    },
    ChannelAdded(ChannelKind),
    ChannelRemoved(ChannelKind),
    DocumentAdded(String),
    DocumentRemoved(String),
    LegalAdded(String),
    LegalRemoved(String),
    Status {
        from: Status,
        to: Status,
    },
}

/// Changes of one commit to one procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub date: Date,
    pub commit: String,
    pub changes: Vec<Change>,
}

/// Procedure code → its entries, newest first.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub by_code: BTreeMap<String, Vec<Entry>>,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("this is a shallow clone: its history is incomplete and would publish false dates")]
    Shallow,
    #[error("no git history here")]
    NoGit,
    #[error("git failed: {0}")]
    Git(String),
}

impl HistoryError {
    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            HistoryError::Shallow => {
                "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in CI), or build without `--history require`"
            }
            HistoryError::NoGit => {
                "build inside the site's git repository, or without `--history require`"
            }
            HistoryError::Git(_) => "check that git is installed and the repository is readable",
        }
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, HistoryError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| HistoryError::Git(e.to_string()))?;
    if !out.status.success() {
        return Err(HistoryError::Git(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the history of `content/procedures/` under `root`.
/// `Ok(None)`: not a git repository (history is simply absent).
/// Dates are the days of the commits in the site's time zone (`utc_offset_minutes`), not in the
/// committer's: a save through the CMS at 20:00 UTC is the next morning in Vietnam.
pub fn collect(root: &Path, utc_offset_minutes: i64) -> Result<Option<History>, HistoryError> {
    match git(root, &["rev-parse", "--is-inside-work-tree"]) {
        Ok(s) if s.trim() == "true" => {}
        _ => return Ok(None),
    }
    if git(root, &["rev-parse", "--is-shallow-repository"])?.trim() == "true" {
        return Err(HistoryError::Shallow);
    }
    // The site may be a sub-folder of the repository.
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_owned();
    // `--raw` prints each version's blob id, so a version is read by id (a direct object
    // lookup) instead of as `<commit>:<path>`, which walks the commit's tree every time.
    let log = git(
        root,
        &[
            "-c",
            "core.quotePath=false",
            "log",
            "--reverse",
            "--no-merges",
            "--format=@@%H %ct",
            "--raw",
            "--no-abbrev",
            "-M",
            "--",
            "content/procedures",
        ],
    )?;
    let versions = versions(&log, utc_offset_minutes);
    let (texts, text_of) = blobs(root, &versions)?;
    // Decoding dominates: versions are independent, so they are decoded in parallel, and
    // compared in commit order afterwards.
    let decoded: Vec<Option<Procedure>> = versions
        .par_iter()
        .zip(text_of.par_iter())
        .map(|(v, &i)| {
            let source = texts[i].as_deref()?;
            let rel = v.path.strip_prefix(&prefix).unwrap_or(&v.path);
            let slug = rel
                .rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".yaml")
                .trim_end_matches(".yml");
            crate::load::procedure_from_source(rel, source, slug)
        })
        .collect();
    let mut last: BTreeMap<String, Procedure> = BTreeMap::new();
    let mut history = History::default();
    for (v, p) in versions.iter().zip(decoded) {
        let Some(p) = p else { continue };
        let changes = match last.get(&p.code.value) {
            None => vec![Change::Published],
            Some(before) => compare(before, &p),
        };
        if !changes.is_empty() {
            history
                .by_code
                .entry(p.code.value.clone())
                .or_default()
                .push(Entry {
                    date: v.date,
                    commit: v.commit.clone(),
                    changes,
                });
        }
        last.insert(p.code.value.clone(), p);
    }
    for entries in history.by_code.values_mut() {
        entries.reverse();
    }
    Ok(Some(history))
}

/// One added, modified or renamed procedure file in one commit.
#[derive(Debug, Clone, PartialEq)]
struct Version {
    commit: String,
    date: Date,
    /// Path at that commit, from the repository's top.
    path: String,
    /// The file's blob id at that commit.
    blob: String,
}

/// The versions in `git log --raw` output (`@@<commit> <unix time>` lines), oldest first.
fn versions(log: &str, utc_offset_minutes: i64) -> Vec<Version> {
    let mut out = Vec::new();
    let mut current: Option<(String, Date)> = None;
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix("@@") {
            let mut parts = rest.split(' ');
            let hash = parts.next().unwrap_or_default().to_owned();
            current = parts
                .next()
                .and_then(|t| t.parse::<i64>().ok())
                .map(|secs| (hash, Date::at(secs, utc_offset_minutes)));
            continue;
        }
        let (Some((commit, date)), Some(raw)) = (&current, line.strip_prefix(':')) else {
            continue;
        };
        // `:<old mode> <new mode> <old blob> <new blob> <status>\t<path>[\t<new path>]`
        let mut fields = raw.split('\t');
        let meta: Vec<&str> = fields.next().unwrap_or_default().split(' ').collect();
        let paths: Vec<&str> = fields.collect();
        let (Some(blob), Some(status)) = (meta.get(3), meta.get(4).and_then(|s| s.chars().next()))
        else {
            continue;
        };
        let path = match (status, paths.as_slice()) {
            ('A' | 'M', [path]) => *path,
            ('R' | 'C', [_, path]) => *path,
            _ => continue,
        };
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            out.push(Version {
                commit: commit.clone(),
                date: *date,
                path: path.to_owned(),
                blob: (*blob).to_owned(),
            });
        }
    }
    out
}

/// Every version's text through one `git cat-file --batch` (not a process per version),
/// asked by blob id; a blob that several versions share (a revert) is read once. Returns the
/// texts (`None`: missing or not UTF-8) and, for each version, the index of its text.
fn blobs(
    root: &Path,
    versions: &[Version],
) -> Result<(Vec<Option<String>>, Vec<usize>), HistoryError> {
    let mut unique: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let index: Vec<usize> = versions
        .iter()
        .map(|v| {
            *unique.entry(v.blob.as_str()).or_insert_with(|| {
                order.push(v.blob.as_str());
                order.len() - 1
            })
        })
        .collect();
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| HistoryError::Git(e.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| HistoryError::Git("no stdin".into()))?;
    let requests: String = order.iter().map(|id| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| HistoryError::Git("no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut texts: Vec<Option<String>> = Vec::with_capacity(order.len());
    for _ in &order {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| HistoryError::Git(e.to_string()))?;
        let size = match header.trim_end().rsplit(' ').collect::<Vec<_>>().as_slice() {
            [size, "blob", ..] => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            texts.push(None); // "<object> missing"
            continue;
        };
        let mut bytes = vec![0; size + 1]; // content and its trailing newline
        reader
            .read_exact(&mut bytes)
            .map_err(|e| HistoryError::Git(e.to_string()))?;
        bytes.pop();
        texts.push(String::from_utf8(bytes).ok());
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok((texts, index))
}

fn fees(p: &Procedure, kind: ChannelKind) -> Option<Vec<u64>> {
    p.channels
        .iter()
        .find(|c| c.kind == kind)
        .map(|c| c.fees.iter().map(|f| f.amount).collect())
}

/// What changed between two versions of a procedure, in reading order.
pub fn compare(a: &Procedure, b: &Procedure) -> Vec<Change> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(Change::Name {
            from: a.name.clone(),
            to: b.name.clone(),
        });
    }
    if a.status != b.status {
        out.push(Change::Status {
            from: a.status,
            to: b.status,
        });
    }
    for (_, kind) in ChannelKind::ALL {
        let before = a.channels.iter().find(|c| c.kind == kind);
        let after = b.channels.iter().find(|c| c.kind == kind);
        match (before, after) {
            (None, Some(_)) => out.push(Change::ChannelAdded(kind)),
            (Some(_), None) => out.push(Change::ChannelRemoved(kind)),
            (Some(x), Some(y)) => {
                if x.deadline != y.deadline {
                    out.push(Change::Deadline {
                        channel: kind,
                        from: x.deadline,
                        to: y.deadline,
                    });
                }
                let (f, t) = (
                    fees(a, kind).unwrap_or_default(),
                    fees(b, kind).unwrap_or_default(),
                );
                let total = |v: &[u64]| v.iter().sum::<u64>();
                if total(&f) != total(&t) || f.len() != t.len() {
                    out.push(Change::Fee {
                        channel: kind,
                        from: f,
                        to: t,
                    });
                }
            }
            (None, None) => {}
        }
    }
    let docs = |p: &Procedure| -> Vec<String> {
        p.documents
            .iter()
            .flat_map(|g| g.items.iter().map(|d| d.name.clone()))
            .collect()
    };
    let (da, db) = (docs(a), docs(b));
    out.extend(
        db.iter()
            .filter(|d| !da.contains(d))
            .cloned()
            .map(Change::DocumentAdded),
    );
    out.extend(
        da.iter()
            .filter(|d| !db.contains(d))
            .cloned()
            .map(Change::DocumentRemoved),
    );
    let legal =
        |p: &Procedure| -> Vec<String> { p.legal_basis.iter().map(|l| l.number.clone()).collect() };
    let (la, lb) = (legal(a), legal(b));
    out.extend(
        lb.iter()
            .filter(|d| !la.contains(d))
            .cloned()
            .map(Change::LegalAdded),
    );
    out.extend(
        la.iter()
            .filter(|d| !lb.contains(d))
            .cloned()
            .map(Change::LegalRemoved),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_raw_log_lines_with_their_blob_ids() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let z = "0".repeat(40);
        // 2025-01-10T03:00Z, and 2025-02-01T20:00Z: already the 2nd in Vietnam.
        let c1 = Date::parse("2025-01-10").unwrap().days_since_epoch() * 86_400 + 3 * 3600;
        let c2 = Date::parse("2025-02-01").unwrap().days_since_epoch() * 86_400 + 20 * 3600;
        let log = format!(
            "@@c1 {c1}\n\n:000000 100644 {z} {a} A\tcontent/procedures/x/khai-sinh.yaml\n\
             :000000 100644 {z} {a} A\tcontent/procedures/README.md\n\
             @@c2 {c2}\n\n:100644 100644 {a} {b} R087\tcontent/procedures/x/khai-sinh.yaml\tcontent/procedures/y/khai-sinh.yaml\n\
             :100644 000000 {b} {z} D\tcontent/procedures/y/old.yaml\n"
        );
        let v = versions(&log, 420);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(
            (v[0].commit.as_str(), v[0].blob.as_str(), v[0].path.as_str()),
            ("c1", a.as_str(), "content/procedures/x/khai-sinh.yaml")
        );
        assert_eq!(
            (v[1].commit.as_str(), v[1].blob.as_str(), v[1].path.as_str()),
            ("c2", b.as_str(), "content/procedures/y/khai-sinh.yaml")
        );
        assert_eq!(v[0].date, Date::parse("2025-01-10").unwrap());
        assert_eq!(v[1].date, Date::parse("2025-02-02").unwrap());
        assert_eq!(
            versions(&log, 0)[1].date,
            Date::parse("2025-02-01").unwrap()
        );
    }
}
