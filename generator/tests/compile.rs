//! Golden crates compiled, not just compared: generates client crates for small specs that
//! exercise every supported construct and runs `cargo check` and `cargo clippy -D warnings` on them.
//!
//! All golden crates are members of one temporary workspace seeded with the repository's
//! `Cargo.lock` and built offline into `<target dir>/golden`, so dependencies are compiled once
//! and reused by later runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use generator::{Config, generate};
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
                {"in": "query", "name": "type", "schema": {"type": "string"}}
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
            "parameters": [id_param.clone(), name_param],
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
fn golden_crates() -> Vec<(&'static str, openapiv3::OpenAPI)> {
    vec![("golden-constructs", constructs_spec()), ("golden-minimal", minimal_spec()), ("golden-refs", refs_spec())]
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// `<target dir>/golden`: the configured target dir if set, else the repository's `target/`.
fn golden_target_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo_root().join("target"), PathBuf::from);
    let base = if base.is_absolute() { base } else { repo_root().join(base) };
    base.join("golden")
}

/// Writes the golden workspace into a fresh temporary directory and returns it.
fn write_workspace() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("make-codegen-golden-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let mut members = Vec::new();
    for (name, spec) in golden_crates() {
        let config = Config { crate_name: name.to_owned(), ..Config::default() };
        let files = generate(&spec, &config).unwrap_or_else(|e| panic!("{name}: generation failed: {e}"));
        for f in files {
            let path = dir.join(name).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, f.contents).unwrap();
        }
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// Runs cargo `args` in `dir` offline; panics with its stderr unless it succeeds without
/// warnings from the golden crates.
fn cargo(dir: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // `--offline` goes before a `--` that hands the rest to the tool.
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let out = Command::new(cargo)
        .args(args.get(..split).unwrap_or(args))
        .arg("--offline")
        .args(args.get(split..).unwrap_or(&[]))
        .env("CARGO_TARGET_DIR", golden_target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "`cargo {}` failed in {}:\n{stderr}", args.join(" "), dir.display());
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.is_empty(), "`cargo {}` warned in {}:\n{stderr}", args.join(" "), dir.display());
}

#[test]
fn golden_crates_compile_and_pass_clippy() {
    let dir = write_workspace();
    // One invocation per tool: check every golden crate, clippy the one with every construct.
    cargo(&dir, &["check", "--workspace"]);
    cargo(&dir, &["clippy", "-p", "golden-constructs", "--", "-D", "warnings"]);
    // One resource group alone (cargo feature per top-level tag) compiles without warnings.
    cargo(&dir, &["check", "-p", "golden-constructs", "--no-default-features", "--features", "mms"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
