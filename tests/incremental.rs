//! Incremental `serve`: after every kind of save, the served folder is byte for byte what a
//! fresh `build` of the same files with the same options writes — and a save renders only
//! what it reaches.

mod common;

use common::*;
use minhbach::serve::{Session, preview_options};
use std::path::{Path, PathBuf};

const PORT: u16 = 43_210;

/// A copy of the example site (procedures, agencies, statistics, pages, downloads, theme).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "schemas"] {
        copy_dir(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

struct Preview {
    site: tempfile::TempDir,
    _out: tempfile::TempDir,
    out: PathBuf,
    session: Session,
}

impl Preview {
    fn start() -> Preview {
        let site = example_site();
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("public");
        let mut session = Session::new(preview_options(site.path(), &out, PORT, Some(today())));
        let first = session.update(&[]).unwrap();
        assert!(first.full);
        let preview = Preview {
            site,
            _out: out_dir,
            out,
            session,
        };
        preview.assert_same_as_a_fresh_build("first build");
        preview
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    /// Saves are reported by the watcher; here they are named by the test.
    fn saved(&mut self, what: &str, paths: &[PathBuf]) -> minhbach::serve::session::Update {
        let update = match self.session.update(paths) {
            Ok(u) => u,
            Err(minhbach::BuildError::Content(d)) => panic!(
                "{what}: {}",
                minhbach::diag::render(&d, minhbach::diag::Format::Human)
            ),
            Err(e) => panic!("{what}: {e}"),
        };
        self.assert_same_as_a_fresh_build(what);
        update
    }

    fn assert_same_as_a_fresh_build(&self, what: &str) {
        let fresh_dir = tempfile::tempdir().unwrap();
        let fresh = fresh_dir.path().join("public");
        let opts = preview_options(self.site.path(), &fresh, PORT, Some(today()));
        if let Err(e) = minhbach::build(&opts) {
            panic!("{what}: the fresh build fails: {e}");
        }
        let (served, built) = (tree(&self.out), tree(&fresh));
        let only_served: Vec<&String> = served.keys().filter(|k| !built.contains_key(*k)).collect();
        let only_built: Vec<&String> = built.keys().filter(|k| !served.contains_key(*k)).collect();
        assert!(
            only_served.is_empty() && only_built.is_empty(),
            "{what}: only served {only_served:?}, only built {only_built:?}"
        );
        let differ: Vec<&String> = served.keys().filter(|k| served[*k] != built[*k]).collect();
        if let Some(first) = differ.first() {
            let (a, b) = (&served[*first], &built[*first]);
            let at = a
                .iter()
                .zip(b.iter())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let around = |v: &[u8]| {
                String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())])
                    .into_owned()
            };
            panic!(
                "{what}: these files differ from a fresh build: {differ:?}\nserved: …{}…\nbuilt:  …{}…",
                around(a),
                around(b)
            );
        }
        assert_eq!(
            empty_folders(&self.out),
            Vec::<String>::new(),
            "{what}: removed pages leave no empty folder"
        );
    }
}

fn empty_folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).unwrap().next().is_none())
        .map(|e| e.path().display().to_string())
        .collect()
}

const PROC: &str = "content/procedures/ho-tich/cap-ban-sao-trich-luc-ho-tich.yaml";

#[test]
fn every_kind_of_save_gives_what_a_full_build_gives() {
    let mut p = Preview::start();
    let pages = tree(&p.out).keys().filter(|k| k.ends_with(".html")).count();

    // A procedure's steps: its own page (and its record, its agencies' posting sheets), not
    // the lists.
    let path = p.edit(PROC, "Trả ngay trong ngày", "Trả kết quả ngay trong ngày");
    let u = p.saved("a procedure's note", &[path]);
    assert!(!u.full);
    assert!(u.written > 0 && u.written < 15, "written {}", u.written);
    assert!(u.kept > pages, "kept {}", u.kept);

    // Its summary shows in every list that has it.
    let path = p.edit(
        PROC,
        "Cấp bản sao giấy khai sinh",
        "Xin bản sao giấy khai sinh",
    );
    p.saved("a procedure's summary", &[path]);
    // Its name moves it in the A–Z list and in the search index.
    let path = p.edit(PROC, "name: \"Cấp bản sao", "name: \"Xin cấp bản sao");
    p.saved("a procedure's name", &[path]);

    // Renamed file: a new address, the old page gone.
    let old = p.path(PROC);
    let new = p.path("content/procedures/ho-tich/trich-luc-ho-tich.yaml");
    std::fs::rename(&old, &new).unwrap();
    let u = p.saved("a renamed procedure", &[old.clone(), new.clone()]);
    assert!(u.removed >= 1, "the old page is removed");
    assert!(!p.out.join("thu-tuc/cap-ban-sao-trich-luc-ho-tich").exists());

    // Deleted (one no other procedure links to), then added back under another code.
    let gone = p.path("content/procedures/ho-tich/dang-ky-giam-ho.yaml");
    let text = std::fs::read_to_string(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    p.saved("a deleted procedure", std::slice::from_ref(&gone));
    let added = p.path("content/procedures/khac/giam-ho-moi.yaml");
    std::fs::write(
        &added,
        text.replace("code: \"1.004837\"", "code: \"2.999999\""),
    )
    .unwrap();
    p.saved("an added procedure", &[added]);

    // An agency: its name is on its page, its procedures' pages and lists.
    let path = p.edit(
        "content/agencies/so-tu-phap.yaml",
        "Sở Tư pháp tỉnh Hà Sơn",
        "Sở Tư pháp tỉnh Hà Sơn (mới)",
    );
    p.saved("an agency's name", &[path]);

    // A new agency (the agency list, its page, the search filters' labels), then gone again.
    let agency = p.path("content/agencies/so-van-hoa.yaml");
    std::fs::write(
        &agency,
        "name: \"Sở Văn hóa, Thể thao và Du lịch\"\nlevel: tinh\nparent: ubnd-tinh\n",
    )
    .unwrap();
    p.saved("an added agency", std::slice::from_ref(&agency));
    assert!(p.out.join("co-quan/so-van-hoa/index.html").exists());
    std::fs::remove_file(&agency).unwrap();
    let u = p.saved("a deleted agency", std::slice::from_ref(&agency));
    assert!(u.removed >= 1 && !p.out.join("co-quan/so-van-hoa").exists());

    // A statistics row: the statistics pages, the agency's page, the exports.
    let path = p.edit(
        "content/stats/2026/2026-01.csv",
        "2026-01,cong-an-phuong-dong-tien,,111,838,209,6,,,322,",
        "2026-01,cong-an-phuong-dong-tien,,111,839,209,6,,,323,",
    );
    p.saved("a statistics row", &[path]);

    // A row removed from the last month, then put back.
    let month = p.path("content/stats/2026/2026-10.csv");
    let full = std::fs::read_to_string(&month).unwrap();
    let last = full.trim_end().rsplit('\n').next().unwrap().to_owned();
    assert!(last.starts_with("2026-10,"), "{last}");
    std::fs::write(&month, full.replace(&format!("{last}\n"), "")).unwrap();
    p.saved("a statistics row removed", std::slice::from_ref(&month));
    std::fs::write(&month, &full).unwrap();
    p.saved("a statistics row added back", std::slice::from_ref(&month));

    // A free page, and a download.
    let page = p.path("content/pages/gioi-thieu.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nMột đoạn mới.\n")).unwrap();
    p.saved("a free page", &[page]);
    let form = p.path("content/files/to-khai-dang-ky-khai-sinh.docx");
    std::fs::write(&form, b"PK a new version of the form").unwrap();
    p.saved("a download", &[form]);

    // A template: everything.
    let template = p.path("themes/default/templates/404.html");
    let mut text = std::fs::read_to_string(&template).unwrap();
    text.push_str("\n{# sửa #}<!-- mới -->\n");
    std::fs::write(&template, text).unwrap();
    let u = p.saved("a template", &[template]);
    assert!(u.full);
    // And content changes after it are incremental again.
    let path = p.edit(
        "content/procedures/ho-tich/dang-ky-khai-tu.yaml",
        "summary: \"",
        "summary: \"Mới: ",
    );
    assert!(!p.saved("a procedure after a template", &[path]).full);
}

#[test]
fn a_broken_save_keeps_the_site_and_the_fix_brings_it_up_to_date() {
    let mut p = Preview::start();
    let before = tree(&p.out);
    let path = p.path(PROC);
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("code: \"2.000635\"", "code: [\n")).unwrap();
    match p.session.update(std::slice::from_ref(&path)) {
        Err(minhbach::BuildError::Content(d)) => assert!(d.has_errors()),
        other => panic!("a broken file must fail the update, got {other:?}"),
    }
    assert!(tree(&p.out) == before, "the last good site stays served");
    // A second save of another file while the first is still broken fails too.
    let other = p.edit(
        "content/procedures/ho-tich/dang-ky-khai-tu.yaml",
        "summary: \"",
        "summary: \"Mới: ",
    );
    assert!(p.session.update(&[other]).is_err());
    // The fix: both edits are published.
    std::fs::write(&path, good.replace("Trả ngay", "Trả luôn")).unwrap();
    let u = p.saved("the fix", &[path]);
    assert!(!u.full);
    assert!(read(&p.out, "thu-tuc/dang-ky-khai-tu/index.html").contains("Mới: "));
}

#[test]
fn a_save_the_watcher_did_not_report_is_found_after_lost_events() {
    let mut p = Preview::start();
    // The session trusts the paths the watcher names; when the watcher lost events it
    // names none, and everything is loaded again from the files.
    p.edit(
        PROC,
        "Trả ngay trong ngày",
        "Trả kết quả ngay trong ngày hôm đó",
    );
    p.session.forget();
    assert!(p.saved("an edit after lost events", &[]).full);
}

#[test]
fn folders_created_renamed_and_deleted_while_serving() {
    let mut p = Preview::start();
    let model =
        std::fs::read_to_string(p.path("content/procedures/ho-tich/dang-ky-giam-ho.yaml")).unwrap();
    let copy = |code: &str| model.replace("code: \"1.004837\"", &format!("code: \"{code}\""));

    // A folder of procedures copied in at once: the watcher names only the folder (the
    // files were written before it was watched).
    let dir = p.path("content/procedures/moi");
    std::fs::create_dir_all(dir.join("con")).unwrap();
    std::fs::write(dir.join("giam-ho-a.yaml"), copy("2.999991")).unwrap();
    std::fs::write(dir.join("giam-ho-b.yaml"), copy("2.999992")).unwrap();
    std::fs::write(dir.join("con/giam-ho-c.yaml"), copy("2.999993")).unwrap();
    let u = p.saved("a new folder of procedures", std::slice::from_ref(&dir));
    assert!(!u.full);
    assert!(p.out.join("thu-tuc/giam-ho-c/index.html").exists());

    // An edit reported as its folder only: the file whose size or time changed is found.
    std::fs::write(
        dir.join("giam-ho-a.yaml"),
        copy("2.999991").replace("summary: \"", "summary: \"Mới: "),
    )
    .unwrap();
    p.saved("an edit reported as its folder", std::slice::from_ref(&dir));
    assert!(read(&p.out, "thu-tuc/giam-ho-a/index.html").contains("Mới: "));

    // Renamed: the watcher names both folders.
    let renamed = p.path("content/procedures/moi-hon");
    std::fs::rename(&dir, &renamed).unwrap();
    p.saved("a renamed folder", &[dir.clone(), renamed.clone()]);

    // Saved as editors do: a hidden temporary file renamed over the original; the watcher
    // names the original only.
    let target = renamed.join("giam-ho-b.yaml");
    let tmp = renamed.join(".giam-ho-b.yaml.tmp");
    std::fs::write(
        &tmp,
        copy("2.999992").replace("summary: \"", "summary: \"Lưu: "),
    )
    .unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    p.saved("an atomic save", std::slice::from_ref(&target));
    assert!(read(&p.out, "thu-tuc/giam-ho-b/index.html").contains("Lưu: "));
    // The same, with the temporary file named too.
    std::fs::write(&tmp, copy("2.999992")).unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    p.saved("an atomic save, both named", &[tmp.clone(), target.clone()]);

    // A file the site does not use: a warning (published on the data notes), then gone.
    let unused = renamed.join("ghi-chu.txt");
    std::fs::write(&unused, "nháp").unwrap();
    let u = p.saved("an unused file", std::slice::from_ref(&unused));
    assert!(
        u.diagnostics
            .items
            .iter()
            .any(|d| d.file.ends_with("ghi-chu.txt") && d.message.contains("not used")),
        "{:?}",
        u.diagnostics.items
    );
    std::fs::remove_file(&unused).unwrap();
    let u = p.saved("an unused file removed", std::slice::from_ref(&unused));
    assert!(
        !u.diagnostics
            .items
            .iter()
            .any(|d| d.file.ends_with("ghi-chu.txt"))
    );

    // Deleted: the watcher names the folder only.
    std::fs::remove_dir_all(&renamed).unwrap();
    let u = p.saved("a deleted folder", std::slice::from_ref(&renamed));
    assert!(u.removed >= 3 && !p.out.join("thu-tuc/giam-ho-c").exists());
}
