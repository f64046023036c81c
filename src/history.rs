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
use std::collections::BTreeMap;
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
pub fn collect(root: &Path) -> Result<Option<History>, HistoryError> {
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
    let log = git(
        root,
        &[
            "log",
            "--reverse",
            "--no-merges",
            "--format=@@%H %cs",
            "--name-status",
            "-M",
            "--",
            "content/procedures",
        ],
    )?;
    // (commit, date, path at that commit) of every added/modified/renamed procedure file.
    let mut versions: Vec<(String, Date, String)> = Vec::new();
    let mut current: Option<(String, Date)> = None;
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix("@@") {
            let mut parts = rest.split(' ');
            let hash = parts.next().unwrap_or_default().to_owned();
            current = parts.next().and_then(Date::parse).map(|d| (hash, d));
            continue;
        }
        let Some((hash, date)) = &current else {
            continue;
        };
        let cols: Vec<&str> = line.split('\t').collect();
        let path = match cols.first().map(|s| s.chars().next()) {
            Some(Some('A' | 'M')) if cols.len() == 2 => cols[1],
            Some(Some('R' | 'C')) if cols.len() == 3 => cols[2],
            _ => continue,
        };
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            versions.push((hash.clone(), *date, path.to_owned()));
        }
    }
    let sources = blobs(root, &versions)?;
    let mut last: BTreeMap<String, Procedure> = BTreeMap::new();
    let mut history = History::default();
    for ((hash, date, path), source) in versions.iter().zip(sources) {
        let Some(source) = source else { continue };
        let rel = path.strip_prefix(&prefix).unwrap_or(path);
        let slug = rel
            .rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml");
        let Some(p) = crate::load::procedure_from_source(rel, &source, slug) else {
            continue;
        };
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
                    date: *date,
                    commit: hash.clone(),
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

/// Every version's text through one `git cat-file --batch` (not a process per version).
fn blobs(
    root: &Path,
    versions: &[(String, Date, String)],
) -> Result<Vec<Option<String>>, HistoryError> {
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
    let requests: String = versions
        .iter()
        .map(|(h, _, p)| format!("{h}:{p}\n"))
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| HistoryError::Git("no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(versions.len());
    for _ in versions {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| HistoryError::Git(e.to_string()))?;
        let size = match header.trim_end().rsplit(' ').collect::<Vec<_>>().as_slice() {
            [size, "blob", ..] => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            out.push(None); // "<object> missing"
            continue;
        };
        let mut bytes = vec![0; size + 1]; // content and its trailing newline
        reader
            .read_exact(&mut bytes)
            .map_err(|e| HistoryError::Git(e.to_string()))?;
        bytes.pop();
        out.push(String::from_utf8(bytes).ok());
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
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
