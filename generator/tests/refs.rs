//! `$ref` support: component schemas named after the component, recursive schemas boxed,
//! component parameters / request bodies / responses followed, dangling refs located errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::{Config, generate};
use serde_json::{Value, json};

/// A spec with `paths` and `components`.
fn spec_with(paths: Value, components: Value) -> openapiv3::OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": servers(),
        "paths": paths,
        "components": components
    }))
    .unwrap()
}

fn tree_components() -> Value {
    json!({"schemas": {
        "TreeNode": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"},
            "parent": {"$ref": "#/components/schemas/TreeNode"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/TreeNode"}},
            "owner": {"$ref": "#/components/schemas/User"}
        }},
        "User": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "Status": {"type": "string", "enum": ["on", "off"]}
    }})
}

#[test]
fn component_schemas_take_their_names_and_recursion_is_boxed() {
    let s = spec_with(
        json!({"/tree": {"get": op("get_tree", "Trees", json!({"responses": ok_json(json!({
            "type": "object", "properties": {
                "root": {"$ref": "#/components/schemas/TreeNode"},
                "status": {"$ref": "#/components/schemas/Status"}
            }
        }))}))}}),
        tree_components(),
    );
    let src = file(&gen_files(&s), "src/types.rs").to_owned();
    let names = type_names(&src);
    for expected in ["TreeNode", "User", "Status", "GetTreeResponse"] {
        assert!(names.contains(&expected.to_owned()), "{expected} missing from {names:?}");
    }
    let node = find_struct(&src, "TreeNode").unwrap();
    assert_eq!(field(&node, "parent").unwrap().0.replace(' ', ""), "Option<Box<crate::types::TreeNode>>");
    assert_eq!(field(&node, "children").unwrap().0.replace(' ', ""), "Option<Vec<crate::types::TreeNode>>");
    assert_eq!(field(&node, "owner").unwrap().0.replace(' ', ""), "Option<crate::types::User>");
}

#[test]
fn component_parameters_bodies_and_responses_are_followed() {
    let s = spec_with(
        json!({"/things/{thingId}": {"post": op("update_thing", "Things", json!({
            "parameters": [{"$ref": "#/components/parameters/ThingId"}],
            "requestBody": {"$ref": "#/components/requestBodies/ThingBody"},
            "responses": {"200": {"$ref": "#/components/responses/ThingResponse"}}
        }))}}),
        json!({
            "parameters": {"ThingId": {"in": "path", "name": "thingId", "required": true, "schema": {"type": "integer"}}},
            "requestBodies": {"ThingBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}},
            "responses": {"ThingResponse": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TreeNode"}}}}},
            "schemas": tree_components()["schemas"]
        }),
    );
    let files = gen_files(&s);
    let src = file(&files, "src/resources/things.rs");
    let method = find_fn(src, "update_thing").unwrap();
    assert!(compact(&method.sig).contains("thing_id:i64"), "{}", compact(&method.sig));
    let builder = find_struct(src, "UpdateThingRequest").unwrap();
    assert_eq!(field(&builder, "body").unwrap().0.replace(' ', ""), "Option<crate::types::User>");
    assert!(compact(&parse(src)).contains("Result<crate::types::TreeNode,crate::Error>"));
}

#[test]
fn bad_refs_are_errors_with_their_location() {
    let get = |schema: Value| json!({"/x": {"get": op("get_x", "X", json!({"responses": ok_json(schema)}))}});
    let cases = [
        (
            get(json!({"$ref": "#/components/schemas/Missing"})),
            json!({"schemas": {}}),
            "#/paths/~1x/get/responses/200/content/application~1json/schema",
            "points to no schema",
        ),
        (
            get(json!({"$ref": "other.yaml#/Thing"})),
            json!({"schemas": {}}),
            "#/paths/~1x/get/responses/200/content/application~1json/schema",
            "only local references",
        ),
        (
            get(json!({"$ref": "#/components/schemas/List"})),
            json!({"schemas": {"List": {"type": "array", "items": {"$ref": "#/components/schemas/List"}}}}),
            "#/components/schemas/List",
            "refers to itself",
        ),
        (
            json!({"/x": {"get": op("get_x", "X", json!({"parameters": [{"$ref": "#/components/parameters/Nope"}]}))}}),
            json!({"parameters": {}}),
            "#/paths/~1x/get/parameters/0",
            "points to no parameter",
        ),
    ];
    for (paths, components, pointer, message) in cases {
        let e = generate(&spec_with(paths, components), &Config::default()).unwrap_err();
        assert_eq!(e.pointer, pointer, "{e}");
        assert!(e.message.contains(message), "{e}");
    }
}
