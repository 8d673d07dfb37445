//! Tag hierarchies: `>` and `/` both nest resources (`SDK Apps > Modules` →
//! `client.sdk_apps().modules()`), a tag object's `x-parent` nests a tag whose name has no
//! hierarchy, and tags an operation uses without declaring them are fine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::tag_path;
use serde_json::{Value, json};

#[test]
fn tag_paths_split_at_angle_brackets_and_slashes() {
    let cases: [(&str, Option<&str>, &[&str]); 9] = [
        ("Devices", None, &["Devices"]),
        ("Admin > Organizations", None, &["Admin", "Organizations"]),
        ("SDK Apps > Modules", Some("SDK Apps"), &["SDK Apps", "Modules"]),
        ("Users / API Tokens", None, &["Users", "API Tokens"]),
        ("A>B/C", None, &["A", "B", "C"]),
        // `x-parent` places a tag whose name has no hierarchy; a hierarchical name wins.
        ("Incomings", Some("Devices"), &["Devices", "Incomings"]),
        ("Tokens", Some("Users / Profile"), &["Users", "Profile", "Tokens"]),
        ("Devices", Some("Devices"), &["Devices"]),
        ("A > ", None, &["A", ""]),
    ];
    for (name, parent, want) in cases {
        assert_eq!(tag_path(name, parent), want, "{name} (x-parent {parent:?})");
    }
}

/// A spec with the root `tags` list and `paths`.
fn spec_with_tags(tags: Value, paths: Value) -> openapiv3::OpenAPI {
    let mut s = spec(paths);
    s.tags = serde_json::from_value(tags).unwrap();
    s
}

#[test]
fn hierarchical_tags_become_nested_resources() {
    let s = spec_with_tags(
        json!([
            {"name": "SDK Apps", "description": "Custom apps."},
            {"name": "SDK Apps > Modules", "x-parent": "SDK Apps", "x-page-title": "Modules", "description": "Modules of an app."},
            {"name": "Devices / Incomings", "x-parent": "Devices", "x-page-title": "Incomings"},
            {"name": "Queue", "x-parent": "Devices", "description": "Parent given only by x-parent."}
        ]),
        json!({
            "/sdk/apps": {"get": op("list_apps", "SDK Apps", json!({}))},
            "/sdk/apps/{name}/modules": {"get": op("list_modules", "SDK Apps > Modules", json!({
                "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}]}))},
            "/users/me/api-tokens": {"get": op("list_api_tokens", "Users / API Tokens", json!({}))},
            "/devices": {"get": op("list_devices", "Devices", json!({}))},
            "/devices/{id}/incomings": {"delete": op("delete_incomings", "Devices / Incomings", json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}))},
            "/devices/queue": {"get": op("get_queue", "Queue", json!({}))}
        }),
    );
    let files = gen_files(&s);
    let mut resources: Vec<&str> = paths(&files).into_iter().filter(|p| p.starts_with("src/resources/")).collect();
    resources.sort();
    assert_eq!(
        resources,
        [
            "src/resources/devices/incomings.rs",
            "src/resources/devices/mod.rs",
            "src/resources/devices/queue.rs",
            "src/resources/mod.rs",
            "src/resources/sdk_apps/mod.rs",
            "src/resources/sdk_apps/modules.rs",
            "src/resources/users/api_tokens.rs",
            "src/resources/users/mod.rs",
        ]
    );
    let root = file(&files, "src/resources/mod.rs");
    for accessor in ["sdk_apps", "users", "devices"] {
        assert!(find_fn(root, accessor).is_some(), "client.{accessor}() in {root}");
    }
    let sdk = file(&files, "src/resources/sdk_apps/mod.rs");
    assert_eq!(compact(&find_fn(sdk, "modules").unwrap().sig), "fnmodules(&self)->modules::Modules");
    assert!(find_fn(sdk, "list_apps").is_some());
    // Each level's docs come from its own tag object.
    assert!(docs(&find_fn(root, "sdk_apps").unwrap().attrs).contains("Custom apps."));
    let modules_doc = docs(&find_fn(sdk, "modules").unwrap().attrs);
    assert!(
        modules_doc.contains("`SDK Apps > Modules`") && modules_doc.contains("Modules of an app."),
        "{modules_doc}"
    );
    // An undeclared parent (`Users`) is a plain level; the leaf keeps its tag as written.
    let users = file(&files, "src/resources/users/mod.rs");
    let tokens_doc = docs(&find_fn(users, "api_tokens").unwrap().attrs);
    assert!(tokens_doc.trim_start().starts_with("Operations tagged `Users / API Tokens`."), "{tokens_doc}");
    let devices = file(&files, "src/resources/devices/mod.rs");
    for accessor in ["incomings", "queue", "list_devices"] {
        assert!(find_fn(devices, accessor).is_some(), "{accessor} in {devices}");
    }
    // Every top-level group is one cargo feature.
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.contains("default = [\"devices\", \"sdk_apps\", \"users\"]"), "{cargo}");
}

#[test]
fn both_separators_reach_the_same_resource() {
    let s = spec_with_tags(
        json!([]),
        json!({
            "/a": {"get": op("list_things", "Users > Things", json!({}))},
            "/b": {"post": op("create_thing", "Users / Things", json!({}))}
        }),
    );
    let files = gen_files(&s);
    let things = file(&files, "src/resources/users/things.rs");
    assert!(find_fn(things, "list_things").is_some() && find_fn(things, "create_thing").is_some());
}

#[test]
fn an_empty_tag_segment_is_a_located_error() {
    let s = spec_with_tags(json!([]), json!({"/a": {"get": op("x", "Users / ", json!({}))}}));
    let err = generator::generate(&s, &generator::Config::default()).unwrap_err();
    assert_eq!(err.to_string(), "#/paths/~1a/get/tags/0: tag `Users / ` has an empty segment");
}
