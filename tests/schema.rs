//! The JSON Schemas editors get autocomplete from: current (the committed files are what
//! `minhbach schema` writes), and true to the decoder (every example file validates; a typo
//! the decoder refuses is refused by the schema too).

use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_current() {
    for (name, text) in minhbach::schema::all().expect("the schemas are written as JSON") {
        let committed =
            std::fs::read_to_string(root().join("schemas").join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "schemas/{name} is stale: run `cargo run -- schema` and commit the result"
        );
    }
}

#[test]
fn every_example_file_validates() {
    let mut checked = 0;
    for (folder, schema) in [
        ("content/procedures", "procedure.json"),
        ("content/agencies", "agency.json"),
    ] {
        let v = validator(schema);
        for entry in walkdir::WalkDir::new(root().join(folder)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                let errs = errors(&v, &yaml(entry.path()));
                assert!(errs.is_empty(), "{}: {errs:?}", entry.path().display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 57, "{checked} files");
    let v = validator("taxonomies.json");
    let errs = errors(&v, &yaml(&root().join("content/taxonomies.yaml")));
    assert!(errs.is_empty(), "content/taxonomies.yaml: {errs:?}");
    let site: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("site.toml")).unwrap()).unwrap();
    let site = serde_json::to_value(site).unwrap();
    let errs = errors(&validator("site.json"), &site);
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn the_schemas_refuse_what_the_decoder_refuses() {
    let v = validator("procedure.json");
    let mut doc = yaml(&root().join("content/procedures/ho-tich/dang-ky-khai-sinh.yaml"));
    doc["chanels"] = doc["channels"].clone();
    doc["online_level"] = Value::from("toàn trình");
    doc["channels"][0]["type"] = Value::from("in-person");
    let errs = errors(&v, &doc);
    assert!(errs.iter().any(|e| e.contains("chanels")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("/online_level")), "{errs:?}");
    assert!(
        errs.iter().any(|e| e.contains("/channels/0/type")),
        "{errs:?}"
    );

    let stats = validator("stats.json");
    let rows: Value = serde_saphyr::from_str(
        "- {period: 2026-05, agency: a, received_online: 3, ratings_total: }\n- {period: 2026-5, agency: b, recieved_direct: 1}\n",
    )
    .unwrap();
    let errs = errors(&stats, &rows);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("/1/period")), "{errs:?}");
}

#[test]
fn the_editor_settings_map_every_schema_to_its_files() {
    let text = std::fs::read_to_string(root().join(".vscode/settings.json")).unwrap();
    let settings: Value = serde_json::from_str(&text).unwrap();
    let map = settings["yaml.schemas"].as_object().unwrap();
    for (schema, glob) in map {
        assert!(root().join(schema).is_file(), "{schema} does not exist");
        assert!(glob.as_str().unwrap().starts_with("content/"), "{glob}");
    }
    assert_eq!(map.len(), 4, "procedures, agencies, taxonomies, statistics");
    let extensions = std::fs::read_to_string(root().join(".vscode/extensions.json")).unwrap();
    assert!(extensions.contains("redhat.vscode-yaml"));
    assert!(
        std::fs::read_to_string(root().join("site.toml"))
            .unwrap()
            .starts_with("#:schema ./schemas/site.json")
    );
}
