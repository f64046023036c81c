//! The versions of procedures, from git (the `git` command line; no libgit2).
//!
//! Every version of every procedure file is read and parsed, in commit order;
//! `derive::history` compares them. A shallow clone would give false dates, so it is detected
//! and history is left out (or the build fails when it is required).

use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Procedure;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
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

/// One version of a procedure file, decoded, with its commit. A version whose text is the
/// file in the working tree is the procedure the build loaded (borrowed, not decoded again).
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub(crate) date: Date,
    pub(crate) commit: String,
    pub(crate) procedure: Cow<'a, Procedure>,
}

/// What git says about the procedures' history, before anything is decoded. It needs
/// nothing from the content, so `build` runs it while the site loads and is checked.
#[derive(Debug)]
pub(crate) struct Scan {
    /// The site's folder inside the repository (`""` at its top, else ending in `/`).
    prefix: String,
    /// `git log --raw` of `content/procedures`.
    log: String,
    /// `git ls-files --stage -z` of it: the blob of each path in the index.
    staged: String,
    /// `git diff-files --name-only -z` of it: the paths edited since.
    modified: String,
}

/// Runs the git commands history needs, or none when `mode` is off. `Ok(None)`: off, or not
/// a git repository (history is simply absent).
pub(crate) fn scan(root: &Path, mode: Mode) -> Result<Option<Scan>, HistoryError> {
    if mode == Mode::Off {
        return Ok(None);
    }
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
    // `git diff-files` only reads; `git status` could rewrite the index, a file the build
    // did not write.
    let pathspec = ["--", "content/procedures"];
    let staged = git(
        root,
        &[&["ls-files", "--stage", "--full-name", "-z"], &pathspec[..]].concat(),
    )?;
    let modified = git(
        root,
        &[&["diff-files", "--name-only", "-z"], &pathspec[..]].concat(),
    )?;
    Ok(Some(Scan {
        prefix,
        log,
        staged,
        modified,
    }))
}

/// The versions as `mode` asks, from `scanned` (what [`scan`] returned): `Ok(None)` when it
/// is off, or when history cannot be read and is not required (a warning in `diagnostics`
/// then says why). `current`: the procedures the build loaded from the working tree.
pub(crate) fn read_for<'a>(
    root: &Path,
    mode: Mode,
    scanned: Result<Option<Scan>, HistoryError>,
    utc_offset_minutes: i64,
    current: &'a [Procedure],
    diagnostics: &mut Diagnostics,
) -> Result<Option<Vec<Decoded<'a>>>, HistoryError> {
    let decode = |scan: Option<Scan>| {
        scan.map(|scan| read(root, scan, utc_offset_minutes, current))
            .transpose()
    };
    match mode {
        Mode::Off => Ok(None),
        mode => match scanned.and_then(decode) {
            Ok(Some(h)) => Ok(Some(h)),
            Ok(None) if mode == Mode::Require => Err(HistoryError::NoGit),
            Ok(None) => Ok(None),
            Err(e) if mode == Mode::Require => Err(e),
            Err(e) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "content/procedures",
                        Pos::default(),
                        format!("change history left out: {e}"),
                    )
                    .help(e.help()),
                );
                Ok(None)
            }
        },
    }
}

/// Every version of every file of `content/procedures/` that `scan` lists, oldest first
/// (versions that do not decode are left out). Dates are the days of the commits in the
/// site's time zone (`utc_offset_minutes`), not in the committer's: a save through the CMS at
/// 20:00 UTC is the next morning in Vietnam.
///
/// Only versions that differ from the working tree are read and decoded: a version whose blob
/// is the committed, unmodified file of the same path is the procedure in `current` (in a real
/// catalogue most files have one or two versions, the last of them the file on disk), so the
/// work grows with the number of changed versions, not with the size of the catalogue.
fn read<'a>(
    root: &Path,
    scan: Scan,
    utc_offset_minutes: i64,
    current: &'a [Procedure],
) -> Result<Vec<Decoded<'a>>, HistoryError> {
    let Scan {
        prefix,
        log,
        staged,
        modified,
    } = scan;
    let versions = versions(&log, utc_offset_minutes);
    let on_disk = on_disk(&prefix, current, &staged, &modified);
    let reused: Vec<Option<&'a Procedure>> = versions
        .iter()
        .map(|v| {
            on_disk
                .get(v.path.as_str())
                .filter(|(blob, _)| *blob == v.blob)
                .map(|&(_, p)| p)
        })
        .collect();
    let to_read: Vec<&Version> = versions
        .iter()
        .zip(&reused)
        .filter(|(_, r)| r.is_none())
        .map(|(v, _)| v)
        .collect();
    let (texts, text_of) = blobs(root, &to_read)?;
    // Decoding dominates: versions are independent, so they are decoded in parallel, and
    // compared in commit order afterwards.
    let decoded: Vec<Option<Procedure>> = to_read
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
    let mut decoded = decoded.into_iter();
    Ok(versions
        .into_iter()
        .zip(reused)
        .filter_map(|(v, reused)| {
            let procedure = match reused {
                Some(p) => Cow::Borrowed(p),
                None => Cow::Owned(decoded.next().flatten()?),
            };
            Some(Decoded {
                date: v.date,
                commit: v.commit,
                procedure,
            })
        })
        .collect())
}

/// The procedures of `current` whose file is committed and unmodified in the working tree,
/// by path from the repository's top, with the blob id of that file, from the outputs of `git
/// ls-files --stage -z` and `git diff-files --name-only -z`. A file git cannot vouch for
/// (modified, in a merge conflict, untracked, or with stale stat data) is simply decoded from
/// git like any older version.
fn on_disk<'a>(
    prefix: &str,
    current: &'a [Procedure],
    staged: &str,
    modified: &str,
) -> HashMap<String, (String, &'a Procedure)> {
    let modified: HashSet<&str> = modified.split('\0').filter(|p| !p.is_empty()).collect();
    // `<mode> <blob> <stage>\t<path>`: only stage 0 (a path in a merge conflict has 1–3).
    let blobs: HashMap<&str, &str> = staged
        .split('\0')
        .filter_map(|entry| {
            let (meta, path) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (_mode, blob, stage) = (meta.next()?, meta.next()?, meta.next()?);
            (stage == "0" && !modified.contains(path)).then_some((path, blob))
        })
        .collect();
    current
        .iter()
        .filter_map(|p| {
            let path = format!("{prefix}{}", p.file);
            let blob = (*blobs.get(path.as_str())?).to_owned();
            Some((path, (blob, p)))
        })
        .collect()
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
    versions: &[&Version],
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
    #[test]
    fn only_committed_unmodified_files_in_stage_zero_stand_for_their_blob() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/content/procedures/a/bai-bo.yaml");
        let text = std::fs::read_to_string(fixture).unwrap();
        let one = crate::load::procedure_from_source("x", &text, "bai-bo").unwrap();
        let p = |file: &str| Procedure {
            file: file.to_owned(),
            ..one.clone()
        };
        let current = [
            p("content/procedures/a/clean.yaml"),
            p("content/procedures/a/edited.yaml"),
            p("content/procedures/a/conflict.yaml"),
            p("content/procedures/a/untracked.yaml"),
        ];
        let staged = "100644 1111 0\tweb/content/procedures/a/clean.yaml\0\
                      100644 2222 0\tweb/content/procedures/a/edited.yaml\0\
                      100644 3333 1\tweb/content/procedures/a/conflict.yaml\0\
                      100644 4444 2\tweb/content/procedures/a/conflict.yaml\0";
        let modified = "web/content/procedures/a/edited.yaml\0";
        let map = on_disk("web/", &current, staged, modified);
        let found: Vec<(&str, &str, &str)> = map
            .iter()
            .map(|(path, (blob, p))| (path.as_str(), blob.as_str(), p.file.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                "web/content/procedures/a/clean.yaml",
                "1111",
                "content/procedures/a/clean.yaml"
            )]
        );
    }

    /// A repository whose site is its `web/` folder: every file added, one procedure's fee
    /// changed in a second commit, another edited and not committed.
    #[test]
    fn versions_equal_to_the_working_tree_are_the_loaded_procedures() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().join("web");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let git = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(repo.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {out:?}");
        };
        let edit = |rel: &str, from: &str, to: &str| {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        let (fee, dirty) = (
            "content/procedures/a/bai-bo.yaml",
            "content/procedures/a/dang-ky-khai-sinh.yaml",
        );
        git(&["init", "-q", "-b", "main"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "first"]);
        edit(fee, "amount: 75000", "amount: 80000");
        git(&["commit", "-q", "-am", "fee"]);
        edit(dirty, "amount: 50000", "amount: 60000");
        let (content, _) = crate::load::load(&root);
        let files = content.procedures.len();
        assert!(files > 2);
        let scan = scan(&root, Mode::Auto).unwrap().unwrap();
        let versions = read(&root, scan, 420, &content.procedures).unwrap();
        assert_eq!(versions.len(), files + 1);
        let decoded: Vec<(&str, i64)> = versions
            .iter()
            .filter(|v| matches!(v.procedure, Cow::Owned(_)))
            .map(|v| {
                let fee = v
                    .procedure
                    .channels
                    .iter()
                    .flat_map(|c| &c.fees)
                    .map(|f| f.amount);
                (v.procedure.file.as_str(), fee.sum::<u64>() as i64)
            })
            .collect();
        // Decoded from git: the fee's first version, and the committed text of the file
        // edited since (50,000, not the 60,000 on disk); every other version is borrowed.
        assert_eq!(decoded, [(fee, 75_000), (dirty, 50_000)]);
        let last = versions.last().unwrap();
        assert!(matches!(last.procedure, Cow::Borrowed(_)));
        assert_eq!(last.procedure.file, fee);
    }
}
