//! Golden crates compiled, not just compared: generates client crates for small specs that
//! exercise every supported construct (path, query and header parameters, bodies, unions, …) and
//! runs `cargo check` and `cargo clippy -D warnings` on them, rustdoc `-Dwarnings` on several, and
//! the hand-written tests under `tests/golden/<crate>/tests/` against a loopback server (schema
//! round trips, parameters, relative servers, an operation without a body). The media-types crate `golden-media` is built by the
//! regen pipeline from real pages (`xtask/tests/official_excerpts.rs`), not here.
//!
//! All golden crates are members of one temporary workspace (see `common::workspace`), so
//! dependencies are compiled once and reused by later runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::workspace::{add_tests, cargo, write_workspace_with};
use common::*;
use generator::{Config, QueryArrays};
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

/// Query, header, cookie and path parameters in every style and shape (its hand-written tests check
/// the exact wire text against a loopback server). Generated with `QueryArrays::Repeat`.
fn params_spec() -> openapiv3::OpenAPI {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    // Properties in name order: `json!` keeps insertion order only when serde_json's
    // `preserve_order` is on (it is in workspace-wide builds), and the wire order follows them.
    let filter = json!({"type": "object", "properties": {
        "ids": {"type": "array", "items": {"type": "integer"}},
        "owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "size": {"type": "integer"},
        "status": {"type": "string", "enum": ["open", "closed"]}
    }});
    let point = json!({"type": "object", "required": ["x", "y"], "properties": {"x": {"type": "number"}, "y": {"type": "number"}}});
    let q = |name: &str, extra: Value| with(json!({"in": "query", "name": name}), extra);
    let search = op(
        "search",
        "Search",
        json!({
            "parameters": [
                q("filter", json!({"style": "deepObject", "explode": true, "required": true, "schema": filter})),
                q("page", json!({"schema": {"type": "object", "properties": {"limit": {"type": "integer"}, "offset": {"type": "integer"}}}})),
                q("ids", json!({"explode": false, "schema": {"type": "array", "items": {"type": "integer"}}})),
                q("tags", json!({"style": "pipeDelimited", "schema": strings})),
                q("words", json!({"style": "spaceDelimited", "schema": strings})),
                q("point", json!({"explode": false, "schema": point})),
                q("labels", json!({"schema": strings})),
                q("matrix", json!({"schema": {"type": "array", "items": strings}})),
                q("cwes", json!({"schema": {"oneOf": [{"type": "string"}, strings]}})),
                q("meta", json!({"style": "deepObject", "schema": {"type": "object", "additionalProperties": {"type": "string"}}})),
                q("q", json!({"schema": {"type": "string"}})),
                q("where", json!({"content": {"application/json": {"schema": point}}})),
                {"in": "cookie", "name": "session", "required": true, "schema": {"type": "string"}},
                {"in": "cookie", "name": "theme", "schema": {"type": "string", "enum": ["dark", "light"]}},
                {"in": "cookie", "name": "prefs", "explode": false, "schema": strings},
                {"in": "header", "name": "X-Point", "schema": point},
                {"in": "header", "name": "X-Point-Exploded", "explode": true, "schema": point}
            ],
            "responses": ok_json(json!({"type": "object", "properties": {"count": {"type": "integer"}}}))
        }),
    );
    // Path parameters in every style: arrays and objects (`simple`), `label` and `matrix`.
    let p = |name: &str, extra: Value| with(json!({"in": "path", "name": name, "required": true}), extra);
    let ints = json!({"type": "array", "items": {"type": "integer"}});
    let locate = op(
        "locate",
        "Search",
        json!({
            "parameters": [
                p("ids", json!({"schema": ints})),
                p("point", json!({"schema": point})),
                p("pointExploded", json!({"explode": true, "schema": point})),
                p("labels", json!({"style": "label", "explode": true, "schema": strings})),
                p("version", json!({"style": "label", "schema": {"type": "integer"}})),
                p("mx", json!({"style": "matrix", "schema": strings})),
                p("mxe", json!({"style": "matrix", "explode": true, "schema": strings})),
                p("pm", json!({"style": "matrix", "explode": true, "schema": point}))
            ],
            "responses": ok_json(json!({"type": "object", "properties": {"count": {"type": "integer"}}}))
        }),
    );
    // A query template in the path key (some real specs write them): a literal pair and a
    // variable declared as a path parameter.
    let find = op(
        "find",
        "Search",
        json!({
            "parameters": [p("term", json!({"schema": {"type": "string"}}))],
            "responses": ok_json(json!({"type": "object", "properties": {"count": {"type": "integer"}}}))
        }),
    );
    // Token paging (Google's spelling): `.stream()` sends each `nextPageToken` back.
    let events = op(
        "list_events",
        "Search",
        json!({
            // Another scheme than the preferred one: the method docs link to the crate docs.
            "security": [{"oauth": []}],
            "parameters": [q("pageToken", json!({"schema": {"type": "string"}})), q("pageSize", json!({"schema": {"type": "integer"}}))],
            "responses": ok_json(json!({"type": "object", "properties": {
                "events": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
                "unreachable": strings,
                "nextPageToken": {"type": "string"}
            }}))
        }),
    );
    // Deprecated: the operation, a required and an optional parameter, a response property
    // (the crate must stay warning-free with them).
    let legacy = op(
        "legacy_count",
        "Search",
        json!({
            "deprecated": true,
            "parameters": [
                q("v", json!({"required": true, "deprecated": true, "schema": {"type": "integer"}})),
                q("old", json!({"deprecated": true, "schema": {"type": "string"}}))
            ],
            "responses": ok_json(json!({"type": "object", "properties": {
                "count": {"type": "integer"},
                "total": {"type": "integer", "deprecated": true}
            }}))
        }),
    );
    let mut s = spec(json!({
        "/events": {"get": events},
        "/legacy": {"get": legacy},
        "/search": {"get": search},
        "/find?kind=all&q={term}": {"get": find},
        "/items/{ids}/{point}/{pointExploded}/{labels}{version}/file{mx}{mxe}{pm}": {"get": locate}
    }));
    s.servers =
        serde_json::from_value(json!([{"url": "https://api.example.com/v1", "description": "Production"}])).unwrap();
    // Every kind of security scheme, so the crate docs (checked by rustdoc) list each; the
    // quick start doctest authenticates with the required query key.
    s.components = serde_json::from_value(json!({"securitySchemes": {
        "cookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
        "digest": {"type": "http", "scheme": "digest"},
        "gateway": {"type": "apiKey", "in": "header", "name": "X-Gateway-Key"},
        "key": {"type": "apiKey", "in": "query", "name": "key"},
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {}}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.example.com/.well-known/openid-configuration"}
    }}))
    .unwrap();
    s.security = serde_json::from_value(json!([{"key": []}])).unwrap();
    s
}

/// A spec whose only server is relative: the client needs a base URL and appends the path.
fn relative_spec() -> openapiv3::OpenAPI {
    let get = op(
        "get_account",
        "Accounts",
        json!({
            "parameters": [{"in": "path", "name": "accountId", "required": true, "schema": {"type": "string"}}],
            "responses": ok_json(json!({"type": "object", "properties": {"id": {"type": "string"}}}))
        }),
    );
    let mut s = spec(json!({"/accounts/{accountId}": {"get": get}}));
    s.servers = serde_json::from_value(json!([{"url": "/open-banking/v3.1/cbpii/"}])).unwrap();
    s.components =
        serde_json::from_value(json!({"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}})).unwrap();
    s
}

/// Golden crates: (directory and package name, config, spec).
fn golden_crates() -> Vec<(String, Config, openapiv3::OpenAPI)> {
    let config = |name: &str| Config { crate_name: name.to_owned(), ..Config::default() };
    vec![
        ("golden-constructs".to_owned(), config("golden-constructs"), constructs_spec()),
        ("golden-minimal".to_owned(), config("golden-minimal"), minimal_spec()),
        (
            "golden-params".to_owned(),
            Config { query_arrays: QueryArrays::Repeat, ..config("golden-params") },
            params_spec(),
        ),
        ("golden-refs".to_owned(), config("golden-refs"), refs_spec()),
        ("golden-relative".to_owned(), config("golden-relative"), relative_spec()),
        ("golden-shapes".to_owned(), config("golden-shapes"), common::shapes::shapes_spec()),
    ]
}

#[test]
fn golden_crates_compile_and_pass_clippy() {
    let workspace = write_workspace_with("golden", golden_crates());
    let dir = workspace.path();
    // One invocation per tool: check every golden crate, clippy the one with every construct.
    cargo(dir, &["check", "--workspace"], &[]);
    cargo(dir, &["clippy", "-p", "golden-constructs", "-p", "golden-shapes", "--", "-D", "warnings"], &[]);
    // One resource group alone (cargo feature per top-level tag) compiles without warnings,
    // also when it leaves out every tagged union (and so the crate's tagged-union helpers).
    cargo(dir, &["check", "-p", "golden-constructs", "--no-default-features", "--features", "mms"], &[]);
    cargo(dir, &["check", "-p", "golden-shapes", "--no-default-features", "--features", "apps"], &[]);
    cargo(dir, &["clippy", "-p", "golden-params", "-p", "golden-relative", "--", "-D", "warnings"], &[]);
    cargo(
        dir,
        &["doc", "--no-deps", "-p", "golden-params", "-p", "golden-relative", "-p", "golden-shapes"],
        &[("RUSTDOCFLAGS", "-Dwarnings")],
    );
    // Hand-written tests drive a generated client against a server on 127.0.0.1; the crates'
    // doctests (the runtime's examples among them) compile under their own names and zones.
    let tested = ["golden-constructs", "golden-minimal", "golden-params", "golden-relative", "golden-shapes"];
    for name in tested {
        assert_eq!(add_tests(dir, name), 1, "{name}");
    }
    cargo(dir, &["clippy", "-p", "golden-shapes", "--tests", "--", "-D", "warnings"], &[]);
    let mut test = vec!["test"];
    test.extend(tested.iter().flat_map(|name| ["-p", *name]));
    cargo(dir, &test, &[]);
}
