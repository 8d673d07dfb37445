//! Header parameters: required ones are handle-method arguments, optional ones builder setters,
//! `Accept`/`Content-Type`/`Authorization` are ignored, idents never collide with path or query
//! parameters, and unusable header or cookie names are located errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::{Config, generate};
use serde_json::{Value, json};

/// One GET `/things/{thingId}` operation with `params`.
fn thing_spec(params: Value) -> openapiv3::OpenAPI {
    spec(json!({"/things/{thingId}": {"get": op("get_thing", "Things", json!({"parameters": params}))}}))
}

fn header(name: &str, required: bool, schema: Value) -> Value {
    json!({"in": "header", "name": name, "required": required, "schema": schema, "description": format!("The {name} header.")})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn path_id() -> Value {
    json!({"in": "path", "name": "thingId", "required": true, "schema": {"type": "integer"}})
}

/// The compact text of the `parts` function of the operation's builder.
fn parts_text(src: &str) -> String {
    compact(&find_fn(src, "parts").expect("parts fn"))
}

fn args(src: &str, method: &str) -> Vec<String> {
    find_fn(src, method).expect("handle method").sig.inputs.iter().map(compact).collect()
}

#[test]
fn required_headers_are_arguments_optional_ones_setters_in_spec_order() {
    let files = gen_files(&thing_spec(json!([
        path_id(),
        header("X-Request-Id", true, string()),
        {"in": "query", "name": "verbose", "schema": {"type": "boolean"}},
        header("X-Page-Size", false, json!({"type": "integer"})),
        header("X-Mode", false, json!({"type": "string", "enum": ["fast", "safe"]})),
        header("X-Tags", false, json!({"type": "array", "items": {"type": "string"}})),
        header("X-Ids", true, json!({"type": "array", "items": {"type": "integer"}}))
    ])));
    let src = file(&files, "src/resources/things.rs");
    assert_eq!(args(src, "get_thing"), ["&self", "thing_id:i64", "x_request_id:implInto<String>", "x_ids:Vec<i64>"]);
    for setter in ["verbose", "x_page_size", "x_mode", "x_tags"] {
        assert!(find_fn(src, setter).is_some(), "setter {setter}");
    }
    assert!(find_fn(src, "x_request_id").is_none(), "a required header has no setter");
    let parts = parts_text(src);
    let expected = [
        ".query_opt(\"verbose\",self.verbose.as_ref())",
        ".header(\"X-Request-Id\",&self.x_request_id)",
        ".header_opt(\"X-Page-Size\",self.x_page_size.as_ref())",
        ".header_opt(\"X-Mode\",self.x_mode.as_ref())",
        ".header_list_opt(\"X-Tags\",self.x_tags.as_ref())",
        ".header_list(\"X-Ids\",&self.x_ids)",
    ];
    assert_in_order(&parts, &expected);
    // Header names are sent as written, never with the `[]` list suffix of query names.
    assert!(!parts.contains("X-Tags[]"), "{parts}");
    let page_size_docs = docs(&find_fn(src, "x_page_size").unwrap().attrs);
    assert!(page_size_docs.contains("The X-Page-Size header."), "{page_size_docs}");
    assert!(page_size_docs.contains("Sent as header `X-Page-Size`."), "{page_size_docs}");
    let tags_docs = docs(&find_fn(src, "x_tags").unwrap().attrs);
    assert!(tags_docs.contains("joined with `,`"), "{tags_docs}");
}

#[test]
fn accept_content_type_and_authorization_headers_are_ignored_in_any_case() {
    let files = gen_files(&thing_spec(json!([
        path_id(),
        header("Authorization", true, string()),
        header("accept", true, string()),
        header("CONTENT-TYPE", false, string()),
        header("X-Kept", false, string())
    ])));
    let src = file(&files, "src/resources/things.rs");
    assert_eq!(args(src, "get_thing"), ["&self", "thing_id:i64"]);
    for gone in ["authorization", "accept", "content_type"] {
        assert!(find_fn(src, gone).is_none(), "no setter {gone}");
    }
    let builder = find_struct(src, "GetThingRequest").unwrap();
    assert_eq!(field_names(&builder), ["client", "thing_id", "x_kept"]);
    let parts = parts_text(src);
    assert_eq!(parts.matches(".header").count(), 1, "{parts}");
    // An ignored header does not take an identifier: a query parameter keeps the plain name.
    let files = gen_files(&thing_spec(json!([
        path_id(),
        header("Authorization", false, string()),
        {"in": "query", "name": "authorization", "schema": string()}
    ])));
    let src = file(&files, "src/resources/things.rs");
    let parts = parts_text(src);
    assert!(parts.contains(".query_opt(\"authorization\",self.authorization.as_ref())"), "{parts}");
    assert!(!parts.contains(".header"), "{parts}");
}

#[test]
fn header_idents_avoid_path_and_query_idents() {
    let files = gen_files(&thing_spec(json!([
        path_id(),
        {"in": "query", "name": "trace_id", "schema": string()},
        header("Trace-Id", false, string()),
        header("thingId", false, string()),
        header("Body", false, string())
    ])));
    let src = file(&files, "src/resources/things.rs");
    let builder = find_struct(src, "GetThingRequest").unwrap();
    let fields = field_names(&builder);
    assert_eq!(fields, ["client", "thing_id", "trace_id", "trace_id_2", "thing_id_2", "body_2"]);
    let parts = parts_text(src);
    for piece in [
        ".query_opt(\"trace_id\",self.trace_id.as_ref())",
        ".header_opt(\"Trace-Id\",self.trace_id_2.as_ref())",
        ".header_opt(\"thingId\",self.thing_id_2.as_ref())",
        ".header_opt(\"Body\",self.body_2.as_ref())",
    ] {
        assert!(parts.contains(piece), "{piece} not in {parts}");
    }
    for setter in ["trace_id", "trace_id_2", "thing_id_2", "body_2"] {
        assert!(find_fn(src, setter).is_some(), "setter {setter}");
    }
}

#[test]
fn header_parameters_from_path_items_and_components_are_lowered() {
    let s: openapiv3::OpenAPI = serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": servers(),
        "paths": {"/things": {
            "parameters": [{"$ref": "#/components/parameters/Tenant"}],
            "get": op("list_things", "Things", json!({}))
        }},
        "components": {"parameters": {"Tenant": header("X-Tenant", true, string())}}
    }))
    .unwrap();
    let files = gen_files(&s);
    let src = file(&files, "src/resources/things.rs");
    assert_eq!(args(src, "list_things"), ["&self", "x_tenant:implInto<String>"]);
    assert!(parts_text(src).contains(".header(\"X-Tenant\",&self.x_tenant)"));
}

#[test]
fn bad_header_and_cookie_names_are_located_errors() {
    let cases = [
        (
            json!({"in": "cookie", "name": "session id", "schema": string()}),
            "#/paths/~1things~1{thingId}/get/parameters/1/name",
            "cookie parameter name `session id` is not a valid HTTP cookie name",
        ),
        (header("X Trace", false, string()), "#/paths/~1things~1{thingId}/get/parameters/1/name", "`X Trace`"),
        (
            header("X-Trace:", false, string()),
            "#/paths/~1things~1{thingId}/get/parameters/1/name",
            "valid HTTP header name",
        ),
        (header("", false, string()), "#/paths/~1things~1{thingId}/get/parameters/1/name", "valid HTTP header name"),
    ];
    for (param, pointer, needle) in cases {
        let e = match generate(&thing_spec(json!([path_id(), param])), &Config::default()) {
            Ok(_) => panic!("expected an error for {pointer} / {needle}"),
            Err(e) => e,
        };
        assert_eq!(e.pointer, pointer, "{e}");
        assert!(e.message.contains(needle), "{needle:?} not in {e}");
    }
}
