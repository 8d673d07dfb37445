//! Deprecated operations, parameters and properties: `#[deprecated]` where a caller's use can
//! warn (handle methods, setters), a docs note where the crate itself must use the item
//! (required arguments, struct fields), and never in the quick start.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

/// The `note` of an item's `#[deprecated(note = "…")]`, if it has one.
fn deprecation(attrs: &[syn::Attribute]) -> Option<String> {
    let attr = attrs.iter().find(|a| a.path().is_ident("deprecated"))?;
    let mut note = None;
    attr.parse_nested_meta(|meta| {
        note = Some(meta.value()?.parse::<syn::LitStr>()?.value());
        Ok(())
    })
    .unwrap();
    note
}

fn deprecated_spec() -> openapiv3::OpenAPI {
    let q = |name: &str, required: bool, deprecated: bool| json!({"in": "query", "name": name, "required": required, "deprecated": deprecated, "schema": {"type": "string"}});
    let body = json!({"content": {
        "application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}}}
    }});
    spec(json!({
        // Preferred by the quick start (a GET needing no argument) but for its deprecation.
        "/old": {"get": op("list_old", "Things", json!({
            "deprecated": true,
            "parameters": [q("before", false, true), q("after", false, false)],
            "responses": ok_json(json!({"type": "object", "properties": {
                "kept": {"type": "string"},
                "gone": {"type": "string", "deprecated": true, "description": "Gone soon."},
                "bare": {"type": "integer", "deprecated": true}
            }}))
        }))},
        "/new": {"post": op("upload_new", "Things", json!({
            "parameters": [q("version", true, true), q("mode", true, false)],
            "requestBody": body
        }))},
        "/legacy": {"post": op("upload_old", "Things", json!({"deprecated": true, "requestBody": body}))},
        "/z": {"put": op("replace_z", "Things", json!({}))}
    }))
}

#[test]
fn deprecated_operations_and_setters_are_marked_and_the_rest_are_not() {
    let files = gen_files(&deprecated_spec());
    let things = file(&files, "src/resources/things.rs");
    let op_note = Some("the API docs mark this operation deprecated".to_owned());
    let param_note = Some("the API docs mark this parameter deprecated".to_owned());
    for method in ["list_old", "upload_old", "upload_old_multipart"] {
        let f = find_fn(things, method).unwrap_or_else(|| panic!("{method} missing"));
        assert_eq!(deprecation(&f.attrs), op_note, "{method}");
    }
    for method in ["upload_new", "upload_new_multipart", "replace_z", "after"] {
        let f = find_fn(things, method).unwrap_or_else(|| panic!("{method} missing"));
        assert_eq!(deprecation(&f.attrs), None, "{method}");
    }
    assert_eq!(deprecation(&find_fn(things, "before").unwrap().attrs), param_note);
    // A required parameter is an argument: the docs say it instead.
    let upload = docs(&find_fn(things, "upload_new").unwrap().attrs);
    assert!(upload.contains("The API docs mark the parameter `version` deprecated (still required here)."), "{upload}");
    assert!(!upload.contains("`mode`"), "{upload}");
}

#[test]
fn deprecated_properties_say_so_in_their_docs() {
    let files = gen_files(&deprecated_spec());
    let s = find_struct(file(&files, "src/types.rs"), "ListOldResponse").unwrap();
    let field =
        |name: &str| docs(&s.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == name)).unwrap().attrs);
    let note = "**Deprecated**: the API docs mark this property deprecated.";
    assert_eq!(field("gone"), format!(" Gone soon.\n\n {note}"), "description kept, note after it");
    assert_eq!(field("bare").trim(), note);
    assert!(!field("kept").contains("Deprecated"));
}

#[test]
fn the_quick_start_never_calls_a_deprecated_operation() {
    let files = gen_files(&deprecated_spec());
    let lib = file(&files, "src/lib.rs");
    assert!(!lib.contains(".list_old()"), "the quick start calls the deprecated GET");
    assert!(lib.contains(".things().replace_z()"), "the quick start calls the other operation needing no argument");
}
