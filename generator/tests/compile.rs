//! Golden crates compiled, not just compared: generates client crates for small specs that
//! exercise every supported construct (path, query and header parameters, bodies, unions, …) and
//! runs `cargo check` and `cargo clippy -D warnings` on them. `golden-media` is built from real
//! operations of Make's official spec (see `common::official`) plus generic media cases, and
//! also gets rustdoc `-D warnings`.
//!
//! All golden crates are members of one temporary workspace (see `common::workspace`), so
//! dependencies are compiled once and reused by later runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::workspace::{add_tests, cargo, write_workspace};
use common::*;
use serde_json::{Value, json};

/// A `{message, code}` error body with its status.
fn error_responses() -> Value {
    json!({
        "400": {"description": "bad", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}
        }}}},
        "5XX": {"description": "server", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"detail": {"type": "string"}}
        }}}}
    })
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

/// An object exercising renames, keywords, formats, int64, nullability, enums, unions and maps.
fn thing_schema() -> Value {
    json!({"type": "object", "required": ["id", "type"], "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["basic", "premium", "", "Type A"]},
        "self": {"type": "string"},
        "crate": {"type": "boolean"},
        "pg[limit]": {"type": "integer"},
        "invoice_number": {"type": "string"},
        "3dSecure": {"type": "boolean"},
        "größe": {"type": "string", "description": "Unicode name; docs with `*/`, \"# and <b>HTML</b> https://example.com"},
        "extra": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "email": {"type": "string", "format": "email"},
        "homepage": {"type": "string", "format": "uri"},
        "operations": {"type": "integer", "format": "int64"},
        "ratio": {"type": "number"},
        "note": {"type": "string", "nullable": true},
        "tags": {"type": "array", "items": {"type": "string", "nullable": true}},
        "labels": {"type": "object", "additionalProperties": {"type": "integer"}},
        "anything": {"type": "object", "additionalProperties": true},
        "value": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
        "ambiguous": {"oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "string"}}}
        ]},
        "merged": {"allOf": [
            {"type": "object", "properties": {"x": {"type": "integer"}}},
            {"type": "object", "required": ["y"], "properties": {"y": {"type": "string"}}}
        ]},
        "untyped": {},
        "sortDir": {"type": "string", "enum": ["asc", "desc"]}
    }})
}

/// A spec with every construct: nested tags, pagination, bodies, errors, 204, params.
fn constructs_spec() -> openapiv3::OpenAPI {
    let list = op(
        "list_things",
        "Things",
        json!({
            "parameters": [
                {"in": "query", "name": "pg[offset]", "schema": {"type": "integer"}},
                {"in": "query", "name": "pg[limit]", "schema": {"type": "integer"}},
                {"in": "query", "name": "pg[sortBy]", "schema": {"type": "string"}},
                {"in": "query", "name": "pg[sortDir]", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                {"in": "query", "name": "cols", "schema": {"type": "array", "items": {"type": "string"}}},
                {"in": "query", "name": "teamId", "required": true, "schema": {"type": "integer"}},
                {"in": "query", "name": "type", "schema": {"type": "string"}},
                {"in": "header", "name": "X-Dry-Run", "schema": {"type": "boolean"}},
                {"in": "header", "name": "Type", "schema": {"type": "number"}}
            ],
            "responses": with(ok_json(json!({"type": "object", "properties": {
                "things": {"type": "array", "items": thing_schema()},
                "pg": {"type": "object", "properties": {
                    "limit": {"type": "integer"}, "offset": {"type": "integer"}
                }}
            }})), error_responses())
        }),
    );
    let create = op(
        "create_thing",
        "Things",
        json!({
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "name": {"type": "string"}, "size": {"type": "integer", "format": "int64"}
            }}}}},
            "responses": with(ok_json(json!({"type": "object", "properties": {"thing": thing_schema()}})), error_responses())
        }),
    );
    let id_param = json!({"in": "path", "name": "thingId", "required": true, "schema": {"type": "integer"}});
    let name_param = json!({"in": "path", "name": "variableName", "required": true, "schema": {"type": "string"}});
    let update = op(
        "update_thing",
        "Things",
        json!({
            "parameters": [id_param.clone()],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "value": {"type": "string", "nullable": true}
                }
            }}}},
            "responses": ok_json(json!({"type": "object", "properties": {"thing": thing_schema()}}))
        }),
    );
    let delete = op(
        "delete_variable",
        "Things",
        json!({
            "parameters": [
                id_param.clone(),
                name_param,
                {"in": "header", "name": "X-Request-Id", "required": true, "schema": {"type": "string"}},
                {"in": "header", "name": "X-Ids", "required": true, "schema": {"type": "array", "items": {"type": "integer"}}},
                {"in": "header", "name": "X-Mode", "schema": {"type": "string", "enum": ["fast", "safe"]}},
                {"in": "header", "name": "X-Tags", "schema": {"type": "array", "items": {"type": "string"}}},
                {"in": "header", "name": "Authorization", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {"204": {"description": "deleted"}, "404": {"description": "missing",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "message": {"type": "string"}, "code": {"type": "string"}
                }}}}}}
        }),
    );
    let ping = op("ping", "Mms", json!({"responses": {"200": {"description": "no body"}}}));
    let child = op(
        "create_child",
        "Mms",
        json!({
            "parameters": [id_param],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["name", "operations"], "properties": {
                    "name": {"type": "string"}, "operations": {"type": "integer", "format": "int64"},
                    "region": {"type": "string", "enum": ["eu", "us"]}
                }
            }}}},
            "responses": ok_json(json!({"type": "object", "properties": {"ok": {"type": "integer"}}}))
        }),
    );
    let admin_list = op(
        "list_organizations",
        "Admin > Organizations",
        json!({"responses": ok_json(json!({"type": "object", "properties": {
            "organizations": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}
            }}}
        }}))}),
    );
    let admin_ok = op(
        "reset_organization",
        "Admin > Organizations",
        json!({"responses": ok_json(json!({"type": "object", "properties": {"ok": {"type": "integer"}}}))}),
    );
    spec(json!({
        "/things": {"get": list, "post": create},
        "/things/{thingId}": {"patch": update},
        "/things/{thingId}/variables/{variableName}": {"delete": delete},
        "/ping": {"get": ping},
        "/things/{thingId}/children": {"post": child},
        "/admin/organizations": {"get": admin_list, "post": admin_ok}
    }))
}

/// The smallest spec: one GET without parameters, no documented errors.
fn minimal_spec() -> openapiv3::OpenAPI {
    let mut s = spec(json!({"/status": {"get": op("get_status", "Status", json!({
        "responses": ok_json(json!({"type": "object", "properties": {"up": {"type": "boolean"}}}))
    }))}}));
    // Not Make's servers: the runtime must not assume Make's zone names.
    s.servers = serde_json::from_value(json!([{"url": "https://api.example.com/v1", "description": "Production"}]))
        .unwrap_or_default();
    s
}

/// Component schemas behind `$ref`s, including recursion through an optional field, a list and
/// a union, and component parameters / request bodies / responses.
fn refs_spec() -> openapiv3::OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": servers(),
        "paths": {"/trees/{treeId}": {"put": op("replace_tree", "Trees", json!({
            "parameters": [{"$ref": "#/components/parameters/TreeId"}],
            "requestBody": {"$ref": "#/components/requestBodies/Tree"},
            "responses": {"200": {"$ref": "#/components/responses/Tree"}}
        }))}},
        "components": {
            "parameters": {"TreeId": {"in": "path", "name": "treeId", "required": true, "schema": {"type": "integer"}}},
            "requestBodies": {"Tree": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TreeNode"}}}}},
            "responses": {"Tree": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TreeNode"}}}}},
            "schemas": {
                "TreeNode": {"type": "object", "required": ["name", "next"], "properties": {
                    "name": {"type": "string"},
                    "parent": {"$ref": "#/components/schemas/TreeNode"},
                    "next": {"$ref": "#/components/schemas/Link"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/TreeNode"}},
                    "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/TreeNode"}},
                    "leaf": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/TreeNode"}]}
                }},
                "Link": {"type": "object", "nullable": true, "properties": {"to": {"$ref": "#/components/schemas/TreeNode"}}}
            }
        }
    }))
    .unwrap()
}

/// Golden crates: (directory and package name, spec).
fn golden_crates() -> Vec<(String, openapiv3::OpenAPI)> {
    vec![
        ("golden-constructs".to_owned(), constructs_spec()),
        ("golden-media".to_owned(), official::media_spec()),
        ("golden-minimal".to_owned(), minimal_spec()),
        ("golden-refs".to_owned(), refs_spec()),
    ]
}

#[test]
fn golden_crates_compile_and_pass_clippy() {
    let dir = write_workspace("golden", golden_crates());
    // One invocation per tool: check every golden crate, clippy the one with every construct.
    cargo(&dir, &["check", "--workspace"], &[]);
    cargo(&dir, &["clippy", "-p", "golden-constructs", "-p", "golden-media", "--", "-D", "warnings"], &[]);
    // Rustdoc of the media crate (its docs link the runtime's media types).
    cargo(&dir, &["doc", "--no-deps", "-p", "golden-media"], &[("RUSTDOCFLAGS", "-Dwarnings")]);
    // One resource group alone (cargo feature per top-level tag) compiles without warnings.
    cargo(&dir, &["check", "-p", "golden-constructs", "--no-default-features", "--features", "mms"], &[]);
    // Types only a multipart form, an event stream or response headers use are gated too.
    cargo(&dir, &["check", "-p", "golden-media", "--no-default-features", "--features", "media"], &[]);
    // Hand-written tests drive a generated client against a server on 127.0.0.1.
    assert_eq!(add_tests(&dir, "golden-minimal"), 1);
    assert_eq!(add_tests(&dir, "golden-media"), 4);
    cargo(&dir, &["test", "-p", "golden-minimal", "-p", "golden-media", "--tests"], &[]);
    std::fs::remove_dir_all(&dir).unwrap();
}
