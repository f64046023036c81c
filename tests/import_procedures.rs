//! `minhbach import procedures`: the portal's Word download and JSON record into procedure YAML
//! that `check` accepts (or that it reports, line by line, where the editor must finish it).

mod common;

use minhbach::import::procedures::{Options, run};
use std::path::{Path, PathBuf};
use std::process::Command;

const DOCX: &str = "ChiTietTTHC_1.001193.doc";
const JSON: &str = "record-1.009994.json";
const DOCX_OUT: &str = "content/procedures/ho-tich/dang-ky-khai-sinh.yaml";
const JSON_OUT: &str =
    "content/procedures/xay-dung/cap-giay-phep-xay-dung-moi-doi-voi-nha-o-rieng-le.yaml";

fn fixtures() -> PathBuf {
    common::fixtures().join("import/procedures")
}

/// A copy of the import fixture site (agencies with aliases, taxonomy labels with commas).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixtures().join("site"), dir.path());
    dir
}

fn import(root: &Path, files: &[&str], update: bool) -> minhbach::import::Outcome {
    run(&Options {
        root: root.to_owned(),
        files: files.iter().map(|f| fixtures().join(f)).collect(),
        update,
        today: Some(common::today()),
    })
    .unwrap()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn errors(outcome: &minhbach::import::Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .items
        .iter()
        .map(|d| format!("{}: {}", d.message, d.help.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn word_download_becomes_procedure_yaml() {
    let root = site();
    let outcome = import(root.path(), &[DOCX], false);
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    assert_eq!(outcome.written, vec![root.path().join(DOCX_OUT)]);
    insta::assert_snapshot!("word_download", read(root.path(), DOCX_OUT));
    let notes = outcome.notes.join("\n");
    for expected in [
        // Values left to the editor, at their lines, with the source text.
        ":14: `agencies[1]` left to the editor: “Công an xã Thử”",
        "`channels[2].fees[0].amount` left to the editor: “Theo mức thu của doanh nghiệp bưu chính”",
        "`documents[1].items[1].originals` left to the editor: “Tùy trường hợp”",
        // Judgement calls.
        "the deadline “1” has no unit: read as working days",
        "the count “01 bộ” does not say originals or copies",
        // The summary.
        "1 record(s) read, 1 file(s) written, 4 value(s) left to the editor (TODO), 3 judgement call(s) noted",
    ] {
        assert!(
            notes.contains(expected),
            "missing note {expected:?} in\n{notes}"
        );
    }
}

#[test]
fn json_record_becomes_procedure_yaml() {
    let root = site();
    let outcome = import(root.path(), &[JSON], false);
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    insta::assert_snapshot!("json_record", read(root.path(), JSON_OUT));
    // Keys with no place in our format are named, not dropped silently.
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("not imported: portalRating")),
        "{:?}",
        outcome.notes
    );
}

#[test]
fn check_reports_each_todo_at_its_line_with_the_source_text() {
    let root = site();
    import(root.path(), &[DOCX], false);
    let text = read(root.path(), DOCX_OUT);
    let todo_lines: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"TODO"))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    assert_eq!(todo_lines.len(), 4, "{text}");
    let site = minhbach::check(root.path(), Some(common::today()));
    let errors: Vec<_> = site
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == minhbach::diag::Severity::Error)
        .collect();
    // Only the TODOs: no "not a valid id", "expected a number" or "outside the content folder".
    assert_eq!(
        errors.iter().map(|d| d.line).collect::<Vec<_>>(),
        todo_lines,
        "{}",
        minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
    );
    for d in &errors {
        assert_eq!(d.file, DOCX_OUT);
        assert!(d.message.contains("left to the editor"), "{}", d.message);
    }
    let agency = errors
        .iter()
        .find(|d| d.message.contains("agencies[1]"))
        .unwrap();
    let help = agency.help.as_deref().unwrap();
    assert!(help.contains("“Công an xã Thử”"), "{help}");
    assert!(help.contains("aliases"), "{help}");
    let amount = errors
        .iter()
        .find(|d| d.message.contains("amount"))
        .unwrap();
    assert!(
        amount
            .help
            .as_deref()
            .unwrap()
            .contains("“Theo mức thu của doanh nghiệp bưu chính”")
    );
}

/// The page shows every document, fee and step of the record.
fn assert_page_shows(html: &str, texts: &[&str]) {
    for t in texts {
        assert!(html.contains(t), "the page does not show {t:?}");
    }
}

#[test]
fn json_record_round_trip_import_check_build() {
    let root = site();
    import(root.path(), &[JSON], false);
    let site = minhbach::check(root.path(), Some(common::today()));
    assert_eq!(
        site.diagnostics.error_count(),
        0,
        "{}",
        minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
    );
    let out = tempfile::tempdir().unwrap();
    common::build(root.path(), out.path(), None);
    let html = common::read(
        out.path(),
        "thu-tuc/cap-giay-phep-xay-dung-moi-doi-voi-nha-o-rieng-le/index.html",
    );
    assert_page_shows(
        &html,
        &[
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            // documents
            "Đơn đề nghị cấp giấy phép xây dựng",
            "Bản vẽ thiết kế xây dựng",
            "Giấy tờ về quyền sử dụng đất",
            "Mẫu số 01",
            // fees
            "Lệ phí cấp giấy phép",
            "75.000",
            // steps, with their Markdown
            "Nộp hồ sơ",
            "<strong>01 bộ hồ sơ</strong>",
            "Thẩm định hồ sơ",
            "Trả kết quả",
            // legal basis and results
            "50/2014/QH13",
            "Giấy phép xây dựng",
        ],
    );
}

#[test]
fn word_download_round_trip_once_the_editor_finishes_the_todos() {
    let root = site();
    import(root.path(), &[DOCX], false);
    let path = root.path().join(DOCX_OUT);
    let text = std::fs::read_to_string(&path).unwrap();
    // What an editor does with each TODO the import left.
    let finished = text
        .replace(
            "agencies: [mot-cua-xa-thu, \"TODO: Công an xã Thử\"]",
            "agencies: [mot-cua-xa-thu]",
        )
        .replace(
            "amount: \"TODO: Theo mức thu của doanh nghiệp bưu chính\"",
            "amount: 0",
        )
        .replace(
            "form: {title: \"Mẫu văn bản cam đoan\", file: \"TODO: Mẫu văn bản cam đoan.doc\"}",
            "form: {title: \"Mẫu văn bản cam đoan\", file: \"files/to-khai-dang-ky-khai-sinh.docx\"}",
        )
        .replace("originals: \"TODO: Tùy trường hợp\"", "originals: 1");
    assert!(!finished.contains("TODO"), "{finished}");
    std::fs::write(&path, finished).unwrap();
    let site = minhbach::check(root.path(), Some(common::today()));
    assert_eq!(
        site.diagnostics.error_count(),
        0,
        "{}",
        minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
    );
    let out = tempfile::tempdir().unwrap();
    common::build(root.path(), out.path(), None);
    let html = common::read(out.path(), "thu-tuc/dang-ky-khai-sinh/index.html");
    assert_page_shows(
        &html,
        &[
            // every document of the three cases
            "Giấy tờ phải nộp",
            "Tờ khai đăng ký khai sinh",
            "Giấy chứng sinh",
            "Trường hợp không có giấy chứng sinh",
            "Văn bản cam đoan về việc sinh",
            "Văn bản ủy quyền",
            "Giấy tờ phải xuất trình",
            "Thẻ căn cước của người đi đăng ký",
            // every fee
            "8.000",
            "Đăng ký khai sinh quá hạn",
            "5.000",
            "Miễn phí",
            "Theo mức thu của doanh nghiệp bưu chính",
            // every step
            "Người đi đăng ký nộp hồ sơ tại Bộ phận một cửa của Ủy ban nhân dân cấp xã.",
            "Trường hợp nộp trực tuyến, người yêu cầu đăng nhập Cổng Dịch vụ công.",
            "Cán bộ tư pháp – hộ tịch kiểm tra hồ sơ.",
            "Chủ tịch Ủy ban nhân dân cấp xã ký Giấy khai sinh và trả kết quả.",
            // legal basis
            "60/2014/QH13",
            "123/2015/NĐ-CP",
        ],
    );
}

#[test]
fn reimporting_gives_the_same_bytes() {
    let a = site();
    let b = site();
    import(a.path(), &[DOCX, JSON], false);
    import(b.path(), &[DOCX, JSON], false);
    let first = read(a.path(), DOCX_OUT);
    assert_eq!(first, read(b.path(), DOCX_OUT));
    assert_eq!(read(a.path(), JSON_OUT), read(b.path(), JSON_OUT));
    // `--update` with the same record changes nothing and writes nothing.
    let again = import(a.path(), &[DOCX, JSON], true);
    assert!(errors(&again).is_empty(), "{:?}", errors(&again));
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(read(a.path(), DOCX_OUT), first);
    assert!(
        again
            .notes
            .last()
            .unwrap()
            .contains("2 file(s) already up to date")
    );
}

#[test]
fn an_existing_file_is_not_overwritten_without_update() {
    let root = site();
    import(root.path(), &[JSON], false);
    let path = root.path().join(JSON_OUT);
    std::fs::write(
        &path,
        read(root.path(), JSON_OUT).replace("Luật Xây dựng", "Đã sửa"),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let outcome = import(root.path(), &[JSON], false);
    assert!(outcome.written.is_empty());
    let errors = errors(&outcome);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("already exists in"), "{}", errors[0]);
    assert!(errors[0].contains("--update"), "{}", errors[0]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn update_replaces_the_record_and_keeps_what_editors_added() {
    let root = site();
    import(root.path(), &[DOCX], false);
    let path = root.path().join(DOCX_OUT);
    let edited = read(root.path(), DOCX_OUT)
        .replace(
            "keywords: [\"làm giấy khai sinh\", \"khai sinh cho con\"]",
            "keywords: [\"giấy khai sinh cho bé\"]\nlife_events: [sinh-con]",
        )
        .replace(
            "summary: \"Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam.\"",
            "# Biên tập viên viết lại cho dễ hiểu.\nsummary: \"Làm giấy khai sinh cho con.\"",
        )
        .replace(
            "agencies: [mot-cua-xa-thu, \"TODO: Công an xã Thử\"]",
            "agencies: [mot-cua-xa-thu]",
        )
        // An editor's change to what the record holds is replaced by the record.
        .replace("name: \"Đăng ký khai sinh\"", "name: \"Khai sinh\"")
        .replace(
            "status: active\nlast_checked: 2026-11-22\n",
            "status: active\nalert: \"Hệ thống tạm dừng đến 5/6.\"\nlast_checked: 2026-01-01\n",
        );
    std::fs::write(&path, &edited).unwrap();
    let outcome = import(root.path(), &[DOCX], true);
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    assert_eq!(outcome.written, vec![path.clone()]);
    let merged = std::fs::read_to_string(&path).unwrap();
    for kept in [
        "keywords: [\"giấy khai sinh cho bé\"]\n",
        "life_events: [sinh-con]\n",
        "# Biên tập viên viết lại cho dễ hiểu.\nsummary: \"Làm giấy khai sinh cho con.\"\n",
        "alert: \"Hệ thống tạm dừng đến 5/6.\"\n",
        // The editor finished this TODO; the record's unmappable name does not undo it.
        "agencies: [mot-cua-xa-thu]\n",
    ] {
        assert!(merged.contains(kept), "lost {kept:?}:\n{merged}");
    }
    assert!(merged.contains("name: \"Đăng ký khai sinh\"\n"), "{merged}");
    assert!(merged.contains("last_checked: 2026-11-22\n"), "{merged}");
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("kept the editor's `agencies`")),
        "{:?}",
        outcome.notes
    );
    // Key order stays that of DESIGN §1.1.
    let pos = |k: &str| merged.find(&format!("\n{k}:")).unwrap();
    assert!(pos("keywords") < pos("fields") && pos("fields") < pos("life_events"));
    assert!(pos("status") < pos("alert") && pos("alert") < pos("last_checked"));
}

#[test]
fn a_binary_word_document_is_refused_with_what_to_do() {
    let root = site();
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("ChiTietTTHC_1.000894.docx");
    // An OLE2 compound file (Word 97–2003), whatever its name says.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    std::fs::write(&doc, &bytes).unwrap();
    let outcome = run(&Options {
        root: root.path().to_owned(),
        files: vec![doc.clone(), fixtures().join(JSON)],
        update: false,
        today: Some(common::today()),
    })
    .unwrap();
    let errors = errors(&outcome);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("binary Word 97–2003"), "{}", errors[0]);
    assert!(errors[0].contains("re-save it as .docx"), "{}", errors[0]);
    // The other file is still imported.
    assert_eq!(outcome.written, vec![root.path().join(JSON_OUT)]);

    // From the command line: exit 1, the file named, nothing written for it.
    let cli = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["import", "procedures"])
        .arg(&doc)
        .arg("--root")
        .arg(root.path())
        .args(["--today", "2026-11-22"])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(stderr.contains("ChiTietTTHC_1.000894.docx"), "{stderr}");
    assert!(stderr.contains("re-save it as .docx"), "{stderr}");
}

#[test]
fn a_word_download_is_read_whatever_its_extension() {
    // The portal names its OOXML download `.doc`; a `.docx` or no extension reads the same.
    let root = site();
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("thu-tuc");
    std::fs::copy(fixtures().join(DOCX), &renamed).unwrap();
    let outcome = run(&Options {
        root: root.path().to_owned(),
        files: vec![renamed],
        update: false,
        today: Some(common::today()),
    })
    .unwrap();
    assert_eq!(outcome.written, vec![root.path().join(DOCX_OUT)]);
}

#[test]
fn broken_packages_are_diagnostics_not_panics() {
    let root = site();
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixtures().join(DOCX)).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.doc", good[..good.len() / 2].to_vec()),
        ("not-word.docx", {
            let mut buf = std::io::Cursor::new(Vec::new());
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, b"hi").unwrap();
            z.finish().unwrap();
            buf.into_inner()
        }),
        (
            "page.doc",
            b"<html><body>Chi tiet thu tuc</body></html>".to_vec(),
        ),
        (
            "empty.json",
            b"{\"success\": true, \"data\": null}".to_vec(),
        ),
        ("bad.json", b"{\"code\": \"1.0\", ".to_vec()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let outcome = run(&Options {
        root: root.path().to_owned(),
        files: cases.iter().map(|(n, _)| dir.path().join(n)).collect(),
        update: false,
        today: Some(common::today()),
    })
    .unwrap();
    assert!(outcome.written.is_empty());
    let files: Vec<String> = outcome
        .diagnostics
        .items
        .iter()
        .map(|d| d.file.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        files,
        cases.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(),
        "{:?}",
        errors(&outcome)
    );
    assert!(errors(&outcome)[2].contains("re-save it as .docx"));
}
