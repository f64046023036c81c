//! The bundled example site stays valid and as rich as a newcomer needs.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_example_site_builds_clean_and_covers_the_product() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = minhbach::check(root, Some(common::today()));
    assert!(
        !site.diagnostics.has_errors(),
        "{}",
        minhbach::diag::render(&site.diagnostics, minhbach::diag::Format::Human)
    );
    let c = &site.content;
    let fields: BTreeSet<&str> = c
        .procedures
        .iter()
        .flat_map(|p| p.fields.iter().map(|f| f.value.as_str()))
        .collect();
    let levels: BTreeSet<&str> = c
        .procedures
        .iter()
        .flat_map(|p| p.levels.iter().map(|f| f.value.as_str()))
        .collect();
    assert!(
        c.procedures.len() >= 40,
        "{} procedures",
        c.procedures.len()
    );
    assert!(fields.len() >= 8, "{fields:?}");
    assert!(levels.len() >= 3, "{levels:?}");
    assert!(c.agencies.len() >= 10);
    assert!(c.pages.len() >= 2);
    assert!(c.files.len() >= 3);
    assert!(
        c.procedures
            .iter()
            .any(|p| p.status == minhbach::model::procedure::Status::Repealed)
    );
    assert!(
        c.procedures.iter().all(|p| p.is_complete()),
        "every example procedure is complete (Decree 63/2010 art. 8(2))"
    );

    let out = tempfile::tempdir().unwrap();
    let report = common::build(root, out.path(), None);
    assert!(report.pages > 90);
    // The check figure of the design: fees are shown the Vietnamese way.
    let html = common::read(out.path(), "thu-tuc/cap-phieu-ly-lich-tu-phap/index.html");
    assert!(html.contains("200.000 đồng"));
}
