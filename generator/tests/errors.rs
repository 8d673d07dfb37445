//! Unsupported or inconsistent spec constructs fail with a located error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::{Config, generate};
use serde_json::{Value, json};

fn error_for(paths: Value) -> generator::Error {
    let s = spec(paths);
    match generate(&s, &Config::default()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn get_returning(schema: Value) -> Value {
    json!({"/things": {"get": op("list_things", "Things", json!({"responses": ok_json(schema)}))}})
}

#[test]
fn unsupported_constructs_report_their_json_pointer() {
    let body = "#/paths/~1things/get/responses/200/content/application~1json/schema";
    let cases: Vec<(Value, String, &str)> = vec![
        (get_returning(json!({"$ref": "#/components/schemas/Thing"})), body.to_owned(), "$ref"),
        (
            get_returning(json!({"type": "object", "properties": {"big": {"type": "bigint"}}})),
            format!("{body}/properties/big/type"),
            "bigint",
        ),
        (
            get_returning(json!({"type": "array", "items": {"allOf": [
                {"type": "string"},
                {"type": "object", "properties": {"a": {"type": "string"}}}
            ]}})),
            format!("{body}/items/allOf/0"),
            "`allOf` combines an object schema with a non-object schema",
        ),
        (
            json!({"/things": {"post": op("upload", "Things", json!({
                "requestBody": {"content": {"multipart/mixed": {"schema": {"type": "object"}}}}
            }))}}),
            "#/paths/~1things/post/requestBody/content".to_owned(),
            "multipart/mixed",
        ),
        (
            json!({"/things/{id}": {"get": op("get_thing", "Things", json!({}))}}),
            "#/paths/~1things~1{id}/get/parameters".to_owned(),
            "{id}",
        ),
        (
            json!({"/things": {"get": op("get_thing", "Things", json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]
            }))}}),
            "#/paths/~1things/get/parameters".to_owned(),
            "does not appear",
        ),
        (
            json!({
                "/a": {"get": op("same_name", "Things", json!({}))},
                "/b": {"get": op("same_name", "Things", json!({}))}
            }),
            "#/paths/~1b/get/operationId".to_owned(),
            "used twice",
        ),
    ];
    for (paths, pointer, needle) in cases {
        let e = error_for(paths);
        assert_eq!(e.pointer, pointer, "{e}");
        assert!(e.message.contains(needle), "{needle:?} not in {e}");
        assert!(e.to_string().starts_with(&pointer));
    }
}

#[test]
fn missing_operation_id_and_tag_are_errors() {
    let mut no_id = op("x", "Things", json!({}));
    no_id.as_object_mut().unwrap().remove("operationId");
    let e = error_for(json!({"/x": {"get": no_id}}));
    assert_eq!(e.pointer, "#/paths/~1x/get");
    assert!(e.message.contains("operationId"));

    let mut no_tag = op("x", "Things", json!({}));
    no_tag.as_object_mut().unwrap().remove("tags");
    let e = error_for(json!({"/x": {"get": no_tag}}));
    assert_eq!(e.pointer, "#/paths/~1x/get/tags");
}
