//! Operations marked `x-internal` / `x-private`: left out by default; with
//! `Config::internal_operations` they are generated behind the crate's `internal` cargo feature
//! (off by default) and documented as internal and unstable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::workspace::{add_tests, cargo, write_workspace_with};
use common::*;
use generator::{Config, GeneratedFile, generate};
use serde_json::json;

fn id_param() -> serde_json::Value {
    json!([{"name": "deviceId", "in": "path", "required": true, "schema": {"type": "integer"}}])
}

/// Public and internal operations; the `Reports` group has internal ones only, and among the
/// `Devices` operations only internal ones lack documented errors.
fn internal_spec() -> openapiv3::OpenAPI {
    let device = json!({"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}});
    let not_found = json!({"404": {"description": "missing", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"message": {"type": "string"}}}}}}});
    let mut list_responses =
        ok_json(json!({"type": "object", "properties": {"devices": {"type": "array", "items": device}}}));
    list_responses["404"] = not_found["404"].clone();
    spec(json!({
        "/devices": {"get": op("list_devices", "Devices", json!({"responses": list_responses}))},
        "/devices/{deviceId}": {
            "get": op("get_device", "Devices", json!({"x-internal": true, "parameters": id_param(),
                "responses": ok_json(json!({"type": "object", "properties": {"device": device}}))})),
            "delete": op("delete_device", "Devices", json!({"x-private": true, "parameters": id_param()})),
            "patch": op("update_device", "Devices", json!({"x-internal": false, "parameters": id_param(),
                "responses": not_found}))
        },
        "/reports": {"get": op("list_reports", "Reports", json!({"x-internal": true, "responses": {}}))}
    }))
}

fn generate_with(internal: bool) -> Vec<GeneratedFile> {
    let config = Config { internal_operations: internal, ..Config::default() };
    generate(&internal_spec(), &config).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn internal_operations_are_left_out_by_default() {
    let files = generate_with(false);
    let devices = file(&files, "src/resources/devices.rs");
    assert!(find_fn(devices, "list_devices").is_some());
    assert!(find_fn(devices, "update_device").is_some(), "`x-internal: false` is public");
    assert!(find_fn(devices, "get_device").is_none() && find_fn(devices, "delete_device").is_none());
    assert!(!paths(&files).contains(&"src/resources/reports.rs"), "a group of internal operations only is left out");
    let cargo = file(&files, "Cargo.toml");
    assert!(!cargo.contains("internal"), "{cargo}");
    assert!(!file(&files, "src/lib.rs").contains("`internal`"));
}

#[test]
fn included_internal_operations_are_behind_the_internal_feature_and_documented() {
    let files = generate_with(true);
    let devices = file(&files, "src/resources/devices.rs");
    for (name, internal) in
        [("get_device", true), ("delete_device", true), ("list_devices", false), ("update_device", false)]
    {
        let method = find_fn(devices, name).unwrap_or_else(|| panic!("{name} in {devices}"));
        assert_eq!(attrs_contain(&method.attrs, "cfg(feature = \"internal\")"), internal, "{name}");
        assert_eq!(docs(&method.attrs).contains("**Internal and unstable**"), internal, "{name}");
    }
    // The builders and their impls are gated too.
    for builder in ["GetDeviceRequest", "DeleteDeviceRequest"] {
        let s = find_struct(devices, builder).unwrap();
        assert!(attrs_contain(&s.attrs, "cfg(feature = \"internal\")"), "{builder}");
    }
    assert!(!attrs_contain(&find_struct(devices, "ListDevicesRequest").unwrap().attrs, "cfg("));
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.contains("default = [\"devices\", \"reports\"]\n"), "{cargo}");
    assert!(cargo.contains("\n\"internal\" = []\n"), "{cargo}");
    // Only internal operations use the no-errors decoder: it needs their feature too.
    let root = compact(&parse(file(&files, "src/resources/mod.rs")));
    assert!(
        root.contains(
            "#[cfg(any(all(feature=\"devices\",feature=\"internal\"),all(feature=\"reports\",feature=\"internal\")))]"
        ),
        "{root}"
    );
    // A group of internal operations only exists with `internal`.
    assert!(root.contains("#[cfg(all(feature=\"reports\",feature=\"internal\"))]pubmodreports;"), "{root}");
    assert!(root.contains("#[cfg(feature=\"devices\")]pubmoddevices;"), "{root}");
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("- `internal` (not a default)"), "{lib}");
}

#[test]
fn a_group_named_like_a_reserved_feature_is_renamed() {
    let s = spec(json!({
        "/a": {"get": op("get_a", "Internal", json!({}))},
        "/b": {"get": op("get_b", "Default", json!({}))}
    }));
    let files = generate(&s, &Config::default()).unwrap();
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.contains("default = [\"default_api\", \"internal_api\"]"), "{cargo}");
}

#[test]
fn internal_crate_compiles_with_and_without_the_feature() {
    let config = Config { internal_operations: true, ..Config::default() };
    let workspace = write_workspace_with("internal", vec![("golden-internal".to_owned(), config, internal_spec())]);
    let dir = workspace.path();
    cargo(dir, &["clippy", "-p", "golden-internal", "--", "-D", "warnings"], &[]);
    cargo(dir, &["clippy", "-p", "golden-internal", "--features", "internal", "--", "-D", "warnings"], &[]);
    cargo(dir, &["check", "-p", "golden-internal", "--no-default-features", "--features", "reports"], &[]);
    cargo(
        dir,
        &["doc", "-p", "golden-internal", "--no-deps", "--features", "internal"],
        &[("RUSTDOCFLAGS", "-Dwarnings")],
    );
    // An internal operation against a server on 127.0.0.1.
    assert_eq!(add_tests(dir, "golden-internal"), 1);
    cargo(dir, &["test", "-p", "golden-internal", "--features", "internal"], &[]);
}
