//! The schema-shapes spec shared by the shape tests and the `golden-shapes` crate: real
//! operations of Make's official spec (`tests/fixtures/official-excerpts.json`, copied verbatim
//! from the docs' excerpts) plus generic shapes other real specs use (AWS-style `allOf`,
//! discriminators with and without `mapping`, open enums, primitive unions as parameters,
//! local-pointer `$ref`s with cycles, maps, untyped values).

use serde_json::{Value, json};

/// The official excerpts: `{page, heading, fragment}` per operation, fragments verbatim.
const OFFICIAL: &str = include_str!("../fixtures/official-excerpts.json");

/// Drops numeric `exclusiveMinimum`s (OpenAPI 3.1 style, on Make's `teamId`), which openapiv3
/// cannot read; the pipeline's normalization does the same for doc pages.
fn drop_numeric_exclusive_minimum(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("exclusiveMinimum").is_some_and(Value::is_number) {
                map.remove("exclusiveMinimum");
            }
            map.values_mut().for_each(drop_numeric_exclusive_minimum);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_numeric_exclusive_minimum),
        _ => {}
    }
}

/// The official operations' paths, each named after its heading (`Modify Agent by ID` →
/// `modify_agent_by_id`, as the pipeline's name lock would).
fn official_paths() -> serde_json::Map<String, Value> {
    let excerpts: Vec<Value> = serde_json::from_str(OFFICIAL).expect("fixture is JSON");
    let mut paths = serde_json::Map::new();
    for excerpt in excerpts {
        let heading = excerpt["heading"].as_str().expect("heading");
        let id: String = heading
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("_");
        let mut fragment = excerpt["fragment"].clone();
        drop_numeric_exclusive_minimum(&mut fragment);
        for (path, item) in fragment["paths"].as_object().expect("paths") {
            let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
            for (method, op) in item.as_object().expect("path item") {
                let mut op = op.clone();
                op["operationId"] = json!(id);
                entry[method] = op;
            }
        }
    }
    paths
}

fn post_echo(id: &str, schema: Value) -> Value {
    json!({"post": {
        "operationId": id, "tags": ["Shapes"], "summary": format!("Echo {id}"),
        "requestBody": {"required": true, "content": {"application/json": {"schema": schema.clone()}}},
        "responses": {"200": {"description": "the body, echoed", "content": {"application/json": {"schema": schema}}}}
    }})
}

/// A record with every field-level shape: open enums, integer enums, maps, AWS-style `allOf`,
/// untyped values, `not`, constraint-only `oneOf`, object + `allOf`, a primitive union.
fn record() -> Value {
    let formula = json!({"type": "string", "pattern": "^\\{\\{.*\\}\\}$"});
    json!({"type": "object", "properties": {
        "mode": {"anyOf": [
            {"type": "string", "enum": ["auto-run"]},
            {"type": "string", "enum": ["approval-required"]},
            formula
        ], "default": "auto-run"},
        "nestedMode": {"anyOf": [
            {"anyOf": [{"enum": ["low"]}, {"type": "string", "enum": ["high"]}]},
            formula
        ], "default": "low", "description": "Nested alternatives."},
        "priority": {"type": "integer", "enum": [0, 1, 2], "nullable": true},
        "level": {"type": "integer", "enum": [1, 2, -1], "x-enum-varnames": ["Low", "High", "Unset"]},
        "anything": {"type": "object", "additionalProperties": true},
        "closed": {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
        "loose": {"type": "object", "additionalProperties": {}},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "petsByName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Pet"}},
        "value": {"oneOf": [
            {"type": "string"}, {"type": "number"}, {"type": "boolean"},
            {"type": "object", "additionalProperties": {}}, {"type": "array", "items": {}}
        ]},
        "targetType": {"allOf": [
            {"$ref": "#/components/schemas/TargetType"},
            {"description": "The target type. Can be an Amazon SNS topic or an AWS Chatbot client."}
        ]},
        "fallbackTarget": {"allOf": [{"$ref": "#/components/schemas/TargetType"}], "nullable": true,
            "description": "Where else to send.", "default": "SNS"},
        "untyped": {},
        "nullableAnything": {"nullable": true},
        "anyType": {"type": "any"},
        "rawList": {"type": "array"},
        "nonEmpty": {"type": "string", "not": {"enum": [""]}},
        "notInteger": {"not": {"type": "integer"}},
        "contact": {"type": "object", "properties": {"email": {"type": "string"}, "phone": {"type": "string"}},
            "oneOf": [{"required": ["email"]}, {"required": ["phone"]}]},
        "withBase": {"type": "object", "properties": {"note": {"type": "string"}},
            "allOf": [{"$ref": "#/components/schemas/Base"}]}
    }})
}

fn components() -> Value {
    json!({
        "schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "petType",
                    "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog"}}},
            "Cat": {"type": "object", "required": ["petType", "name"], "properties": {
                "petType": {"type": "string"}, "name": {"type": "string"}, "meow": {"type": "boolean"}
            }},
            "Dog": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"bark": {"type": "string"}}}
            ]},
            "Base": {"type": "object", "required": ["petType", "name"], "properties": {
                "petType": {"type": "string"}, "name": {"type": "string"}
            }},
            "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
                "discriminator": {"propertyName": "kind"}},
            "Circle": {"type": "object", "required": ["kind", "radius"], "properties": {
                "kind": {"type": "string"}, "radius": {"type": "number"}
            }},
            "Square": {"type": "object", "required": ["kind", "side"], "properties": {
                "kind": {"type": "string"}, "side": {"type": "number"}
            }},
            "Notification": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"}
            }, "oneOf": [
                {"type": "object", "required": ["channel", "address"], "properties": {
                    "channel": {"type": "string", "enum": ["email"]}, "address": {"type": "string"}
                }},
                {"type": "object", "required": ["channel"], "properties": {
                    "channel": {"type": "string", "enum": ["sms"]}, "phone": {"type": "string"}
                }}
            ]},
            "TargetType": {"type": "string", "enum": ["SNS", "AWSChatbotSlack"]},
            "Record": record(),
            "Tree": {"type": "object", "required": ["label"], "properties": {
                "label": {"type": "string"},
                "next": {"$ref": "#/components/schemas/Tree/properties/branch"},
                "branch": {"type": "object", "nullable": true, "properties": {
                    "weight": {"type": "integer"},
                    "tree": {"$ref": "#/components/schemas/Tree"}
                }},
                // An `allOf` that includes the component it is part of.
                "grown": {"allOf": [
                    {"$ref": "#/components/schemas/Tree"},
                    {"type": "object", "properties": {"age": {"type": "integer"}}}
                ]}
            }}
        },
        "responses": {"NotFound": {"description": "not found", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}
        }}}}},
        "parameters": {"Limit": {"in": "query", "name": "limit", "schema": {"type": "integer"}}}
    })
}

/// The generic operations: echo endpoints (the body comes back as the response) and
/// parameters typed by unions and by `$ref`s to other operations' parameters.
fn generic_paths() -> serde_json::Map<String, Value> {
    // The official PATCH body, by pointer (percent-encoded braces, escaped slashes).
    let agent_body =
        "#/paths/~1ai-agents~1v1~1agents~1%7BagentId%7D/patch/requestBody/content/application~1json/schema";
    let version = json!({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["latest"]}]});
    let mut paths = serde_json::Map::new();
    let mut echo_agent = post_echo("echo_agent", json!({"$ref": agent_body}));
    // The response points at the request body schema, which is itself a pointer: a chain.
    echo_agent["post"]["responses"]["200"]["content"]["application/json"]["schema"] =
        json!({"$ref": "#/paths/~1echo~1agent/post/requestBody/content/application~1json/schema"});
    echo_agent["post"]["responses"]["404"] = json!({"$ref": "#/components/responses/NotFound"});
    paths.insert("/echo/agent".into(), echo_agent);
    for (path, id, schema) in [
        ("/echo/pet", "echo_pet", "Pet"),
        ("/echo/shape", "echo_shape", "Shape"),
        ("/echo/notification", "echo_notification", "Notification"),
        ("/echo/record", "echo_record", "Record"),
        ("/echo/tree", "echo_tree", "Tree"),
    ] {
        paths.insert(path.into(), post_echo(id, json!({"$ref": format!("#/components/schemas/{schema}")})));
    }
    paths.insert(
        "/apps/{appName}/{appVersion}".into(),
        json!({"get": {
            "operationId": "get_app", "tags": ["Apps"], "summary": "Get an app version",
            "parameters": [
                {"name": "appName", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "appVersion", "in": "path", "required": true, "schema": version},
                {"name": "since", "in": "query", "schema": {"oneOf": [{"type": "integer"}, {"type": "string"}]}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "version": {"$ref": "#/paths/~1apps~1{appName}~1{appVersion}/get/parameters/1/schema"}
                }
            }}}}}
        }}),
    );
    paths.insert(
        "/apps".into(),
        json!({"get": {
            "operationId": "list_apps", "tags": ["Apps"], "summary": "List apps",
            "parameters": [
                {"$ref": "#/components/parameters/Limit"},
                {"$ref": "#/paths/~1apps~1%7BappName%7D~1%7BappVersion%7D/get/parameters/2"},
                {"name": "tier", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"names": {"type": "array", "items": {"type": "string"}}}
            }}}}}
        }}),
    );
    paths
}

/// The whole shapes spec.
pub fn shapes_spec() -> openapiv3::OpenAPI {
    let mut paths = official_paths();
    paths.extend(generic_paths());
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": super::servers(),
        "paths": paths,
        "components": components()
    }))
    .expect("the shapes spec is a valid OpenAPI document")
}
