//! The editors' CMS: the generated Decap configuration agrees with the JSON Schemas, the local
//! backend stays inside content/ and refuses saves that break the site, and a save changes
//! only what the editor changed.

mod common;

use minhbach::cms::{backend, config, patch};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

/// A copy of the example site (site.toml + content/) in a temporary folder.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(top.join("site.toml"), dir.path().join("site.toml")).unwrap();
    common::copy_dir(&top.join("content"), &dir.path().join("content"));
    dir
}

fn local() -> config::Backend {
    config::Backend::Local {
        proxy_url: "http://127.0.0.1:1111/__minhbach/cms/api/v1".into(),
    }
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return &root["definitions"][r.trim_start_matches("#/definitions/")];
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        for a in any {
            if a.get("type").and_then(Value::as_str) != Some("null") {
                return resolve(root, a);
            }
        }
    }
    s
}

/// Every property of the schema object has a form field and every form field a property,
/// at every level of nesting; every field is labelled and hinted where the schema says.
fn agree(root: &Value, schema: &Value, fields: &[Value], path: &str) {
    let schema = resolve(root, schema);
    let props = schema["properties"].as_object().expect("an object schema");
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let in_schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
    let in_form: BTreeSet<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(
        in_schema, in_form,
        "fields of {path} differ from the schema"
    );
    for f in fields {
        let name = f["name"].as_str().unwrap();
        let prop = &props[name];
        let here = format!("{path}.{name}");
        let label = f["label"].as_str().unwrap();
        assert_ne!(label, name, "{here} has no Vietnamese label");
        if let Some(d) = prop
            .get("description")
            .or_else(|| resolve(root, prop).get("description"))
        {
            assert_eq!(
                &f["hint"], d,
                "{here}: the hint is the schema's description"
            );
        }
        if !required.contains(name) {
            assert_eq!(
                f["required"],
                json!(false),
                "{here} is optional in the schema"
            );
        }
        let s = resolve(root, prop);
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            assert_eq!(f["widget"], "select", "{here}");
            let opts: Vec<&Value> = f["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| &o["value"])
                .collect();
            assert_eq!(opts, values.iter().collect::<Vec<_>>(), "{here}: options");
            for o in f["options"].as_array().unwrap() {
                assert_ne!(
                    o["label"], o["value"],
                    "{here}: option without a Vietnamese label"
                );
            }
        }
        let items = s.get("items").map(|i| resolve(root, i));
        match (f["widget"].as_str().unwrap(), items) {
            ("list", Some(items)) if items.get("properties").is_some() => {
                agree(root, items, f["fields"].as_array().unwrap(), &here);
            }
            ("object", _) => agree(root, s, f["fields"].as_array().unwrap(), &here),
            _ => assert!(
                s.get("properties").is_none(),
                "{here}: an object in the schema needs an object field"
            ),
        }
    }
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

#[test]
fn config_agrees_with_the_json_schemas() {
    let site = example();
    let config = config::generate(site.path(), &local());
    assert_eq!(config["locale"], "vi");
    for (coll, file) in [
        ("procedures", "procedure.json"),
        ("agencies", "agency.json"),
    ] {
        let schema = config::schema(file);
        let fields = collection(&config, coll)["fields"].as_array().unwrap();
        agree(&schema, &schema, fields, coll);
    }
    // The committed schemas are the ones the config was generated from.
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/procedure.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(committed, config::schema("procedure.json"));
}

#[test]
fn references_are_chosen_from_the_content() {
    let site = example();
    let config = config::generate(site.path(), &local());
    let fields = collection(&config, "procedures")["fields"]
        .as_array()
        .unwrap();
    let field = |n: &str| fields.iter().find(|f| f["name"] == n).unwrap();
    assert_eq!(field("competent_authority")["widget"], "relation");
    assert_eq!(field("competent_authority")["collection"], "agencies");
    assert_eq!(field("agencies")["multiple"], true);
    assert_eq!(field("related")["collection"], "procedures");
    let f = field("fields");
    assert_eq!(f["widget"], "select");
    assert!(
        f["options"]
            .as_array()
            .unwrap()
            .contains(&json!({ "label": "Hộ tịch", "value": "ho-tich" }))
    );
    // A term added to taxonomies.yaml is offered at once.
    let tax = site.path().join("content/taxonomies.yaml");
    let text = std::fs::read_to_string(&tax)
        .unwrap()
        .replace("fields:\n", "fields:\n  thu-nghiem: \"Thử nghiệm\"\n");
    std::fs::write(&tax, text).unwrap();
    let config = config::generate(site.path(), &local());
    let fields = collection(&config, "procedures")["fields"]
        .as_array()
        .unwrap();
    let f = fields.iter().find(|f| f["name"] == "fields").unwrap();
    assert!(
        f["options"]
            .as_array()
            .unwrap()
            .contains(&json!({ "label": "Thử nghiệm", "value": "thu-nghiem" }))
    );
    // Form files upload into content/files/ and are written as `files/…`.
    assert_eq!(config["media_folder"], "content/files");
    assert_eq!(config["public_folder"], "files");
    assert_eq!(config["backend"]["name"], "proxy");
    // Procedures are listed with their code, searchable by name and code.
    assert_eq!(
        collection(&config, "procedures")["summary"],
        "{{code}} · {{name}}"
    );
}

#[test]
fn paths_stay_inside_content() {
    let site = example();
    let root = site.path();
    assert!(backend::confine(root, "content/agencies/so-tu-phap.yaml").is_ok());
    assert!(
        backend::confine(root, "content/agencies/moi.yaml").is_ok(),
        "a new file"
    );
    assert!(backend::confine(root, "content/files/new/dir/x.docx").is_ok());
    for bad in [
        "../etc/passwd",
        "content/../site.toml",
        "content/../../x",
        "/etc/passwd",
        "site.toml",
        "content",
        "",
        "C:\\x",
        "content\\..\\site.toml",
    ] {
        assert!(
            backend::confine(root, bad).is_err(),
            "{bad} must be refused"
        );
    }
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/out")).unwrap();
        assert!(
            backend::confine(root, "content/out/x.yaml").is_err(),
            "symlinked folder"
        );
        std::os::unix::fs::symlink(root.join("site.toml"), root.join("content/s.yaml")).unwrap();
        assert!(
            backend::confine(root, "content/s.yaml").is_err(),
            "symlinked file"
        );
        // And the protocol refuses to write through it.
        let body = json!({ "action": "persistMedia", "params": { "asset": {
            "path": "content/files/../out/x.txt", "content": "eA==", "encoding": "base64" } } });
        let reply = backend::handle(root, body.to_string().as_bytes(), Some(common::today()));
        assert_ne!(reply.status, 200);
        assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
    }
}

fn call(root: &Path, body: Value) -> backend::Reply {
    backend::handle(root, body.to_string().as_bytes(), Some(common::today()))
}

const BIRTH: &str = "content/procedures/ho-tich/dang-ky-khai-sinh.yaml";

#[test]
fn a_changed_fee_changes_one_line() {
    let site = example();
    let original = std::fs::read_to_string(site.path().join(BIRTH)).unwrap();
    // What Decap sends: the whole file re-serialised in its own style.
    let node = minhbach::load::yaml::parse(&original).unwrap();
    let _ = node;
    let raw = original
        .replacen("        amount: 0\n", "        amount: 5000\n", 1)
        .replace(
            "deadline: {value: 1, unit: working_days}",
            "deadline:\n      value: 1\n      unit: working_days",
        )
        .replace(
            "# yaml-language-server: $schema=../../../schemas/procedure.json\n",
            "",
        );
    let reply = call(
        site.path(),
        json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": BIRTH, "slug": "x", "raw": raw }], "assets": [], "options": {} } }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = std::fs::read_to_string(site.path().join(BIRTH)).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, vec![("        amount: 0", "        amount: 5000")]);
    assert_eq!(original.lines().count(), saved.lines().count());
    assert!(
        !minhbach::check(site.path(), Some(common::today()))
            .diagnostics
            .has_errors()
    );
}

#[test]
fn an_invalid_save_is_refused_in_vietnamese_and_nothing_is_written() {
    let site = example();
    let original = std::fs::read_to_string(site.path().join(BIRTH)).unwrap();
    for (what, raw) in [
        (
            "unknown agency",
            original.replace(
                "competent_authority: ubnd-phuong-dong-tien",
                "competent_authority: khong-co",
            ),
        ),
        (
            "negative fee",
            original.replacen("amount: 0", "amount: -5", 1),
        ),
        (
            "missing name",
            original.replace("name: \"Đăng ký khai sinh\"\n", ""),
        ),
        (
            "full without url",
            original.replace(
                "    url: \"https://dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen.html\"\n",
                "",
            ),
        ),
    ] {
        assert_ne!(raw, original, "{what}: the fixture changed");
        let reply = call(
            site.path(),
            json!({ "action": "persistEntry", "params": { "entry": { "path": BIRTH, "slug": "x", "raw": raw }, "assets": [], "options": {} } }),
        );
        assert_eq!(reply.status, 422, "{what}");
        let message = reply.body["error"].as_str().unwrap();
        assert!(message.starts_with("Chưa lưu"), "{what}: {message}");
        // Vietnamese first, then the location and the English detail on a line of their own.
        assert!(
            message.contains("\n  (content/procedures/ho-tich/dang-ky-khai-sinh.yaml:"),
            "{what}: {message}"
        );
        assert!(
            !message.contains("nội dung chưa hợp lệ"),
            "{what}: a message without its Vietnamese sentence: {message}"
        );
        assert_eq!(
            std::fs::read_to_string(site.path().join(BIRTH)).unwrap(),
            original,
            "{what}"
        );
    }
}

#[test]
fn a_new_agency_gets_the_schema_line_and_can_be_referenced() {
    let site = example();
    let path = "content/agencies/phong-tu-phap-xa-an-lac.yaml";
    let raw = "name: Phòng Tư pháp xã An Lạc\nkind: \"\"\nlevel: xa\nfeedback: []\n";
    let reply = call(
        site.path(),
        json!({ "action": "persistEntry", "params": { "entry": { "path": path, "slug": "x", "raw": raw }, "assets": [], "options": {} } }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = std::fs::read_to_string(site.path().join(path)).unwrap();
    assert_eq!(
        saved,
        "# yaml-language-server: $schema=../../schemas/agency.json\nname: \"Phòng Tư pháp xã An Lạc\"\nlevel: xa\n"
    );
    let original = std::fs::read_to_string(site.path().join(BIRTH)).unwrap();
    let raw = original.replace(
        "agencies: [ttphvhcc-phuong-dong-tien, ttphvhcc-xa-an-lac]",
        "agencies: [ttphvhcc-phuong-dong-tien, phong-tu-phap-xa-an-lac]",
    );
    let reply = call(
        site.path(),
        json!({ "action": "persistEntry", "params": { "entry": { "path": BIRTH, "slug": "x", "raw": raw }, "assets": [], "options": {} } }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = std::fs::read_to_string(site.path().join(BIRTH)).unwrap();
    assert!(
        saved.contains("agencies: [ttphvhcc-phuong-dong-tien, phong-tu-phap-xa-an-lac]\n"),
        "{saved}"
    );
}

#[test]
fn merge_keeps_comments_order_and_untouched_keys() {
    let original = "# yaml-language-server: $schema=x.json\n# a comment\nname: \"A\"\nb: [x, y]\nlist:\n  - label: \"L\"\n    amount: 1\nbody: |\n  one\n  two\nlast: z\n";
    // Keys in another order, a scalar changed, a list item added, a key removed.
    let incoming = "last: z\nname: B\nb:\n  - x\n  - y\nlist:\n  - label: L\n    amount: 1\n  - label: M\n    amount: 2\nbody: \"one\\ntwo\\n\"\n";
    let merged = patch::merge(original, incoming).unwrap();
    assert_eq!(
        merged,
        "# yaml-language-server: $schema=x.json\n# a comment\nname: \"B\"\nb: [x, y]\nlist:\n  - label: \"L\"\n    amount: 1\n  - label: \"M\"\n    amount: 2\nbody: |\n  one\n  two\nlast: z\n"
    );
    // A changed block scalar keeps its style; a removed key goes.
    let incoming =
        "name: A\nb: [x, y]\nlist:\n  - label: L\n    amount: 1\nbody: \"one\\nthree\\n\"\n";
    let merged = patch::merge(original, incoming).unwrap();
    assert!(merged.contains("body: |\n  one\n  three\n"), "{merged}");
    assert!(!merged.contains("last:"), "{merged}");
    assert!(
        merged.starts_with("# yaml-language-server: $schema=x.json\n# a comment\nname: \"A\"\n")
    );
}

#[test]
fn uploads_go_to_content_files() {
    let site = example();
    let reply = call(
        site.path(),
        json!({ "action": "persistMedia", "params": { "asset": { "path": "content/files/mau-moi.txt", "content": "eGluIGNow6Bv", "encoding": "base64" }, "options": {} } }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        std::fs::read(site.path().join("content/files/mau-moi.txt")).unwrap(),
        "xin chào".as_bytes()
    );
    assert_eq!(reply.body["path"], "content/files/mau-moi.txt");
    let reply = call(
        site.path(),
        json!({ "action": "persistMedia", "params": { "asset": { "path": "content/agencies/x.yaml", "content": "eA==", "encoding": "base64" } } }),
    );
    assert_eq!(reply.status, 422);
    let listed = call(
        site.path(),
        json!({ "action": "getMedia", "params": { "mediaFolder": "content/files" } }),
    );
    assert!(
        listed
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "mau-moi.txt")
    );
}

#[test]
fn build_publishes_admin_only_with_cms() {
    let site = example();
    let out = tempfile::tempdir().unwrap();
    common::build(site.path(), &out.path().join("a"), None);
    assert!(!out.path().join("a/admin").exists(), "no [cms], no /admin/");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap()
        + "\n[cms]\nbackend = \"github\"\nrepository = \"so-tu-phap/thu-tuc\"\nbase_url = \"https://oauth.example.gov.vn\"\n";
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    common::build(site.path(), &out.path().join("b"), None);
    let admin = out.path().join("b/admin");
    let page = std::fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(page.contains("Content-Security-Policy"));
    // Scripts and styles come from the site only; saves may go to GitHub's API alone.
    assert!(page.contains("script-src 'self' 'unsafe-eval';"));
    assert!(page.contains("connect-src 'self' blob: data: https://api.github.com;"));
    assert_eq!(page.matches("https://").count(), 1, "{page}");
    assert!(admin.join("decap-cms.js").exists());
    assert!(admin.join("LICENSE.txt").exists());
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(admin.join("config.yml")).unwrap()).unwrap();
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "so-tu-phap/thu-tuc");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["publish_mode"], "editorial_workflow");
}

#[test]
fn gitlab_and_new_procedures() {
    let site = example();
    let cms: minhbach::config::CmsConfig = toml::from_str(
        "backend = \"gitlab\"\nrepository = \"ubnd/thu-tuc\"\nbase_url = \"https://gitlab.example.gov.vn/\"\napp_id = \"abc\"\neditorial_workflow = false\n",
    )
    .unwrap();
    let config = config::generate(site.path(), &config::Backend::Remote(cms));
    assert_eq!(config["backend"]["name"], "gitlab");
    assert_eq!(config["backend"]["auth_type"], "pkce");
    assert_eq!(config["backend"]["app_id"], "abc");
    assert_eq!(
        config["backend"]["api_root"],
        "https://gitlab.example.gov.vn/api/v4"
    );
    assert!(
        config.get("publish_mode").is_none(),
        "editorial workflow turned off"
    );
    // A new procedure in a subfolder gets the schema line with the right depth.
    let text = patch::new_file(
        "content/procedures/ho-tich/moi.yaml",
        "code: \"1.2\"\nname: Mới\nsummary: \"\"\nfields: [ho-tich]\n",
    );
    assert_eq!(
        text,
        "# yaml-language-server: $schema=../../../schemas/procedure.json\ncode: \"1.2\"\nname: \"Mới\"\nfields: [ho-tich]\n"
    );
}

#[test]
fn the_protocol_answers_like_decap_server() {
    let site = example();
    let info = call(site.path(), json!({ "action": "info" }));
    assert_eq!(info.body["type"], "local_fs");
    assert_eq!(info.body["publish_modes"], json!(["simple"]));
    let list = call(
        site.path(),
        json!({ "action": "entriesByFolder", "params": { "folder": "content/procedures", "extension": "yaml", "depth": 3 } }),
    );
    let entries = list.body.as_array().unwrap();
    assert!(entries.iter().any(|e| e["file"]["path"] == BIRTH && e["data"].as_str().unwrap().contains("1.001193")));
    let one = call(
        site.path(),
        json!({ "action": "getEntry", "params": { "path": "content/../site.toml" } }),
    );
    assert_eq!(
        one.body["data"],
        Value::Null,
        "nothing outside content/ is read"
    );
    let unknown = call(site.path(), json!({ "action": "nope" }));
    assert_eq!(unknown.status, 422);
    let bad = backend::handle(site.path(), b"not json", None);
    assert_eq!(bad.status, 400);
    // A request without its list is refused, not answered "deleted" having deleted nothing.
    for action in ["deleteFiles", "entriesByFiles"] {
        let r = call(site.path(), json!({ "action": action, "params": {} }));
        assert_eq!(r.status, 400, "{action}: {}", r.body);
    }
}

/// A file written as one flow map shares one line between its entries: two changes there must
/// both arrive (the whole file is rewritten from the new data), never one silently dropped.
#[test]
fn merge_of_entries_sharing_a_line_loses_no_change() {
    let original = "{name: A, b: [x], c: 1}\n";
    let incoming = "name: B\nb:\n  - x\n  - y\nc: 1\n";
    let merged = patch::merge(original, incoming).unwrap();
    assert!(merged.contains("name: \"B\""), "{merged}");
    assert_eq!(merged, "name: \"B\"\nb: [x, y]\nc: 1\n");
}
