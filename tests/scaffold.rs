//! `minhbach new`: a scaffold that `check` refuses until it is filled, and accepts once filled.

mod common;

use common::*;
use minhbach::diag::Severity;
use minhbach::scaffold::{Kind, ScaffoldError, new};

fn errors_in(site: &minhbach::Site, file: &str) -> Vec<(u32, String)> {
    site.diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == file)
        .map(|d| (d.line, d.message.clone()))
        .collect()
}

#[test]
fn a_new_procedure_fails_check_until_filled_then_passes() {
    let site = site(None);
    let path = new(site.path(), Kind::Procedure, "thu-tuc-moi", today()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/procedure.json\n"));
    let file = "content/procedures/thu-tuc-moi.yaml";
    let errors = errors_in(&minhbach::check(site.path(), Some(today())), file);
    assert!(
        errors.contains(&(4, "`code` is empty".to_owned())),
        "{errors:?}"
    );
    assert!(
        errors.contains(&(5, "`name` is empty".to_owned())),
        "{errors:?}"
    );
    assert!(
        errors.len() >= 10,
        "every empty value is reported: {errors:?}"
    );

    let filled = text
        .replace("code: \"\"", "code: \"1.009999\"")
        .replace("name: \"\"  ", "name: \"Thủ tục mới\"")
        .replace("summary: \"\"", "summary: \"Thử nghiệm.\"")
        .replace("fields: []", "fields: [ho-tich]")
        .replace("levels: []", "levels: [xa]")
        .replace("audience: []", "audience: [cong-dan]")
        .replace("competent_authority: \"\"", "competent_authority: ubnd")
        .replace("agencies: []", "agencies: [mot-cua]")
        .replace(
            "{name: \"\", originals: 1}",
            "{name: \"Tờ khai\", originals: 1}",
        )
        .replace(
            "title: \"\"\n    body: \"\"",
            "title: \"Nộp hồ sơ\"\n    body: \"Tại bộ phận một cửa.\"",
        )
        .replace("- {name: \"\"}", "- {name: \"Giấy chứng nhận\"}")
        .replace(
            "{number: \"\", title: \"\"}",
            "{number: \"Luật số 1/2026/QH15\", title: \"Luật thử\"}",
        )
        .replace("value: 0, unit", "value: 3, unit");
    std::fs::write(&path, filled).unwrap();
    let checked = minhbach::check(site.path(), Some(today()));
    assert_eq!(errors_in(&checked, file), Vec::<(u32, String)>::new());
}

#[test]
fn a_new_agency_and_the_refusals() {
    let site = site(None);
    new(site.path(), Kind::Agency, "co-quan-moi", today()).unwrap();
    let errors = errors_in(
        &minhbach::check(site.path(), Some(today())),
        "content/agencies/co-quan-moi.yaml",
    );
    assert!(
        errors.contains(&(4, "`name` is empty".to_owned())),
        "{errors:?}"
    );
    assert!(matches!(
        new(site.path(), Kind::Agency, "co-quan-moi", today()),
        Err(ScaffoldError::Exists(_))
    ));
    assert!(matches!(
        new(site.path(), Kind::Procedure, "Đăng ký", today()),
        Err(ScaffoldError::InvalidName(_, s)) if s == "dang-ky"
    ));
    assert!(matches!(
        new(site.path(), Kind::Procedure, "../evil", today()),
        Err(ScaffoldError::InvalidName(..))
    ));
}
