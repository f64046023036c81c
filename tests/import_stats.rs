//! `minhbach import stats` (issue 13 §1): Biểu 06 reports as one-stop software exports them —
//! an .xlsx with merged headers, an HTML table saved as .xls, CSV — into our CSV, which `check`
//! accepts and the dashboard shows.

mod common;

use common::*;
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXPECTED: &str = "period,agency,carried_over,received_online,received_direct,resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n2026-08,mot-cua,0,4685,5712,4000,6000,97,280,20\n2026-08,ubnd,0,10,90,20,78,0,2,0\n";

fn import_fixtures() -> PathBuf {
    fixtures().join("import/stats")
}

/// The valid fixture site, with an alias on `ubnd`.
fn site_for_import() -> tempfile::TempDir {
    let dir = site(None);
    copy_dir(&import_fixtures().join("site"), dir.path());
    dir
}

/// A Biểu 06 workbook in the official layout: title block, merged three-row header, a row of
/// column numbers, group rows, a totals row and signatures.
fn write_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Biểu 06").unwrap();
    let f = Format::new();
    s.merge_range(0, 0, 0, 12, "Biểu số 06/VPCP/KSTT", &f)
        .unwrap();
    s.merge_range(
        1,
        0,
        1,
        12,
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        &f,
    )
    .unwrap();
    s.merge_range(
        2,
        0,
        2,
        12,
        "Kỳ báo cáo: Tháng 8/2026 (Từ ngày 01/08/2026 đến ngày 31/08/2026)",
        &f,
    )
    .unwrap();
    s.write(3, 10, "Đơn vị tính: Số hồ sơ TTHC").unwrap();
    s.merge_range(4, 0, 6, 0, "STT", &f).unwrap();
    s.merge_range(4, 1, 6, 1, "Tên đơn vị", &f).unwrap();
    s.merge_range(4, 2, 4, 5, "Số hồ sơ nhận giải quyết", &f)
        .unwrap();
    s.merge_range(4, 6, 4, 12, "Kết quả giải quyết", &f)
        .unwrap();
    s.merge_range(5, 2, 6, 2, "Tổng số", &f).unwrap();
    s.merge_range(5, 3, 5, 5, "Trong đó", &f).unwrap();
    s.merge_range(5, 6, 5, 9, "Số hồ sơ đã giải quyết", &f)
        .unwrap();
    s.merge_range(5, 10, 5, 12, "Số hồ sơ đang giải quyết", &f)
        .unwrap();
    let leaves = [
        "Số mới tiếp nhận trực tuyến",
        "Số kỳ trước chuyển qua",
        "Số mới tiếp nhận (trực tiếp hoặc dịch vụ bưu chính)",
        "Tổng số",
        "Trả trước hạn",
        "Trả đúng thời hạn",
        "Trả quá hạn",
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ];
    for (i, l) in leaves.iter().enumerate() {
        s.write(6, 3 + i as u16, *l).unwrap();
    }
    let numbers = [
        "(1)",
        "(2)",
        "(3)=(4)+(5)+(6)",
        "(4)",
        "(5)",
        "(6)",
        "(7)=(8)+(9)+(10)",
        "(8)",
        "(9)",
        "(10)",
        "(11)=(12)+(13)",
        "(12)",
        "(13)",
    ];
    for (i, n) in numbers.iter().enumerate() {
        s.write(7, i as u16, *n).unwrap();
    }
    s.write(8, 0, "I.").unwrap();
    s.merge_range(8, 1, 8, 12, "Cấp xã", &f).unwrap();
    let rows: [(&str, &str, [u32; 11]); 3] = [
        (
            "1",
            "BỘ PHẬN MỘT CỬA  XÃ THỬ ",
            [10397, 4685, 0, 5712, 10097, 4000, 6000, 97, 300, 280, 20],
        ),
        ("2", "UBND xã Thử", [100, 10, 0, 90, 98, 20, 78, 0, 2, 2, 0]),
        (
            "",
            "Tổng cộng",
            [10497, 4695, 0, 5802, 10195, 4020, 6078, 97, 302, 282, 20],
        ),
    ];
    for (i, (stt, name, values)) in rows.iter().enumerate() {
        let r = 9 + i as u32;
        if !stt.is_empty() {
            s.write(r, 0, *stt).unwrap();
        }
        s.write(r, 1, *name).unwrap();
        for (j, v) in values.iter().enumerate() {
            s.write(r, 2 + j as u16, *v).unwrap();
        }
    }
    s.write(13, 1, "Người lập biểu").unwrap();
    s.write(13, 9, "THỦ TRƯỞNG ĐƠN VỊ").unwrap();
    s.write(14, 9, "(Ký, ghi rõ họ tên)").unwrap();
    book.save(path).unwrap();
}

fn minhbach(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn written(root: &Path) -> String {
    std::fs::read_to_string(root.join("content/stats/2026/2026-08.csv")).unwrap()
}

#[test]
fn an_xlsx_report_round_trips_to_the_dashboard() {
    let dir = site_for_import();
    let report = dir.path().join("bao-cao.xlsx");
    write_xlsx(&report);
    let (code, err) = minhbach(dir.path(), &["import", "stats", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(written(dir.path()), EXPECTED);
    let (code, err) = minhbach(dir.path(), &["check", "--today", "2026-11-22"]);
    assert_eq!(code, Some(0), "{err}");
    let out = dir.path().join("public");
    build(dir.path(), &out, None);
    let dashboard = read(&out, "thong-ke/index.html");
    assert!(
        dashboard.contains("<span class=\"figure\">10.497</span>"),
        "{dashboard}"
    );
    // (4.685 + 10) / 10.497
    assert!(
        dashboard.contains("<span class=\"figure\">44,73 %</span>"),
        "{dashboard}"
    );
    assert!(read(&out, "thong-ke/2026-08/index.html").contains("<td>10.397</td><td>45,06 %</td>"));
}

#[test]
fn an_html_table_saved_as_xls_gives_the_same_csv() {
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06-html.xls");
    let (code, err) = minhbach(dir.path(), &["import", "stats", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(written(dir.path()), EXPECTED);
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06-html.xls");
    let target = dir.path().join("content/stats/2026/2026-08.csv");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, "editor's file\n").unwrap();
    let (code, err) = minhbach(dir.path(), &["import", "stats", report.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("content/stats/2026/2026-08.csv exists already"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "editor's file\n");
    let (code, err) = minhbach(
        dir.path(),
        &["import", "stats", report.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(written(dir.path()), EXPECTED);
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn a_period_that_disagrees_with_the_title_block_is_an_error() {
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06-html.xls");
    let (code, err) = minhbach(
        dir.path(),
        &[
            "import",
            "stats",
            report.to_str().unwrap(),
            "--period",
            "2026-07",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("sheet `bảng 1`, row 3: the title block says the report is for 2026-08, but --period says 2026-07"),
        "{err}"
    );
    assert!(
        !dir.path().join("content/stats/2026").exists(),
        "nothing written"
    );
}

#[test]
fn every_problem_is_located_in_one_run() {
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06-errors.csv");
    let outcome = minhbach::import::stats::run(&minhbach::import::stats::Options {
        root: dir.path().to_owned(),
        files: vec![report.clone()],
        period: None,
        force: false,
    })
    .unwrap();
    let file = report.display().to_string();
    let got: Vec<String> = outcome
        .diagnostics
        .items
        .iter()
        .map(|d| {
            assert_eq!(d.file, file);
            format!(
                "{}:{} {} | {}",
                d.line,
                d.col,
                d.message,
                d.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "3:14 cell N3: column “Ghi chú” is not read | import reads the Biểu 06 columns (received, resolved, pending and their parts): this column's figures are left out of the CSV",
            "6:1 row 6: unit “Ủy ban xã Thữ” is not an agency of the site | closest agencies: “Ủy ban nhân dân xã Thử” (ubnd), “Bộ phận một cửa xã Thử” (mot-cua); if it is one of them, add this name to its `aliases:` in content/agencies/<id>.yaml",
            "6:7 cell G6: “Số hồ sơ đã giải quyết” Tổng số is 99 but its columns add up to 98 (off by 1) | correct the total or the figure that was mistyped in the report",
            "7:3 cell C7: “Số hồ sơ nhận giải quyết” Tổng số is 10.500 but its columns add up to 10.497 (off by 3) | correct the total or the figure that was mistyped in the report",
            "7:8 cell H7: the totals row says 4.021 for `resolved_early` but the units add up to 4.020 (off by 1) | a unit row may be missing or mistyped: check the rows above the total",
        ]
    );
    assert!(outcome.written.is_empty());
    assert!(!dir.path().join("content/stats/2026").exists());
}

#[test]
fn a_binary_xls_workbook_gives_the_same_csv() {
    // tests/fixtures/import/stats/bieu06.xls is written by make-xls.py beside it (xlwt).
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06.xls");
    let (code, err) = minhbach(dir.path(), &["import", "stats", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(written(dir.path()), EXPECTED);
}

#[test]
fn the_rules_of_check_run_on_the_report_rows() {
    let dir = site_for_import();
    let report = import_fixtures().join("bieu06-unbalanced.csv");
    let (code, err) = minhbach(dir.path(), &["import", "stats", report.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "row 5: carried over 0 + received 100 = 100 ≠ resolved 80 + pending 5 = 85 (off by 15)\n  --> {}:5:1",
            report.display()
        )),
        "{err}"
    );
    assert!(
        !dir.path().join("content/stats/2026").exists(),
        "nothing written"
    );
}
