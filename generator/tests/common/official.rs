//! Real operations of Make's official spec (`fixtures/official-excerpts/`, copied verbatim from
//! the docs' page form: one ```json fragment per endpoint) merged into one spec the generator
//! takes, plus a few generic media cases the excerpts lack.
//!
//! The generator reads what the pipeline (`cargo xtask regen`) hands it, so the quirks that
//! stream fixes before generation are fixed here the same way, each in [`prepare`]: numeric
//! `exclusiveMinimum` (OpenAPI 3.1 style) becomes `minimum` + `exclusiveMinimum: true`,
//! `responses: null` becomes `{}`, a path's trailing `?` is dropped and undeclared path
//! template variables are declared as required strings. Two things belong to other streams and
//! are removed: `type: object` beside `oneOf` in one schema (schema shapes: the `type` is
//! dropped) and the missing `operationId`s (names: given by [`OPERATION_IDS`]).

use std::path::Path;

use serde_json::{Map, Value, json};

/// `METHOD path` (after [`prepare`]) → operation id.
pub const OPERATION_IDS: &[(&str, &str)] = &[
    ("PATCH /ai-agents/v1/agents/{agentId}", "update_agent"),
    ("POST /ai-agents/v1/agents/{agentId}/run/stream", "run_agent_stream"),
    ("POST /ai-agents/v1/contexts", "create_context"),
    ("GET /ai-agents/v1/contexts", "list_contexts"),
    ("GET /consumptions/reports/{organizationId}/{teamId}", "list_consumption_reports"),
    ("GET /devices", "list_devices"),
    ("GET /devices/{deviceId}", "get_device"),
    ("DELETE /devices/{deviceId}", "delete_device"),
    ("DELETE /devices/{deviceId}/incomings", "delete_device_incomings"),
    ("GET /sdk/apps/{SDK_appName}/{SDK_appVersion}/readme", "get_app_docs"),
    ("PUT /sdk/apps/{SDK_appName}/{SDK_appVersion}/readme", "set_app_docs"),
    ("PUT /sdk/apps/{SDK_appName}/{SDK_appVersion}/groups", "set_app_section"),
    ("POST /sdk/apps/{SDK_appName}/{SDK_appVersion}/opensource", "set_app_opensource"),
    ("POST /sdk/apps/{SDK_appName}/{SDK_appVersion}/commit", "commit_changes"),
    ("GET /sdk/apps/{SDK_appName}/{SDK_appVersion}/icon/{SDK_appIconSize}", "get_app_logo"),
    ("PUT /sdk/apps/{SDK_appName}/{SDK_appVersion}/icon", "set_app_logo"),
    ("GET /sdk/apps/{SDK_appName}/{SDK_appVersion}/modules/{SDK_moduleName}/{SDK_moduleSection}", "get_module_section"),
    (
        "POST /sdk/apps/{SDK_appName}/{SDK_appVersion}/modules/{SDK_moduleName}/{SDK_moduleVisibility}",
        "set_module_visibility",
    ),
    (
        "PUT /sdk/apps/{SDK_appName}/{SDK_appVersion}/modules/{SDK_moduleName}/{SDK_moduleConsumable}",
        "set_module_consumable",
    ),
];

/// Every ```json fragment of every excerpt page, in file and page order.
pub fn fragments() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/official-excerpts");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line.trim() == "```json" {
                let json: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
                let fragment = serde_json::from_str(&json.join("\n"))
                    .unwrap_or_else(|e| panic!("{}: fragment is not JSON: {e}", file.display()));
                out.push(fragment);
            }
        }
    }
    out
}

/// The pipeline's fixes and the other streams' removals (see the module docs), in place.
fn prepare(path: &str, op: &mut Value) -> String {
    let path = path.trim_end_matches('?').to_owned();
    if op.get("responses").is_some_and(Value::is_null) {
        op["responses"] = json!({});
    }
    rewrite_schemas(op);
    let declared: Vec<String> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "path")
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    let template: Vec<&str> =
        path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
    for name in template.into_iter().filter(|n| !declared.iter().any(|d| d == n)) {
        let param = json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}});
        match op.get_mut("parameters").and_then(Value::as_array_mut) {
            Some(params) => params.push(param),
            None => op["parameters"] = json!([param]),
        }
    }
    path
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + `true`; `type` beside
/// `oneOf` dropped.
fn rewrite_schemas(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (bound, limit) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
                if let Some(n) = map.get(bound).filter(|v| v.is_number()).cloned() {
                    map.insert(limit.to_owned(), n);
                    map.insert(bound.to_owned(), Value::Bool(true));
                }
            }
            if map.contains_key("oneOf") {
                map.remove("type");
            }
            map.values_mut().for_each(rewrite_schemas);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_schemas),
        _ => {}
    }
}

/// The excerpts' operations as `paths` (with operation ids), after [`prepare`].
pub fn official_paths() -> Map<String, Value> {
    let mut paths = Map::new();
    for fragment in fragments() {
        for (path, item) in fragment["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let mut op = op.clone();
                let path = prepare(path, &mut op);
                let key = format!("{} {path}", method.to_uppercase());
                let id = OPERATION_IDS
                    .iter()
                    .find(|(k, _)| *k == key)
                    .unwrap_or_else(|| panic!("no operation id for `{key}`"))
                    .1;
                op["operationId"] = json!(id);
                let entry = paths.entry(path).or_insert_with(|| json!({}));
                entry[method.as_str()] = op;
            }
        }
    }
    paths
}

/// Generic media cases the excerpts lack, each a small operation (tag `Media`). Keys are in
/// name order, so the spec is the same whether or not serde_json keeps insertion order (its
/// `preserve_order` feature is on in workspace builds).
pub fn generic_media_paths() -> Value {
    let op = |id: &str, extra: Value| super::op(id, "Media", extra);
    let text_ok =
        |media: &str, schema: Value| json!({"200": {"description": "ok", "content": {media: {"schema": schema}}}});
    json!({
        "/ping": {"get": op("ping", json!({"responses": text_ok("text/plain", json!({"type": "string"}))}))},
        "/count": {"get": op("count_things", json!({"responses": text_ok("text/plain", json!({"type": "integer"}))}))},
        "/files": {"post": op("echo_bytes", json!({
            "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": text_ok("application/octet-stream", json!({"type": "string", "format": "binary"}))
        }))},
        "/xml": {"post": op("echo_xml", json!({
            "requestBody": {"required": true, "content": {"application/xml": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
            "responses": text_ok("text/xml", json!({"type": "object", "properties": {"b": {"type": "string"}}}))
        }))},
        "/notes": {"put": op("put_note", json!({
            "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}},
            "responses": {"204": {"description": "stored"}}
        }))},
        "/form": {"post": op("submit_form", json!({
            "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "count": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "mode": {"type": "string", "enum": ["fast", "safe"]},
                    "note": {"type": "string", "nullable": true}
                }
            }}}},
            "responses": super::ok_json(json!({"type": "object", "properties": {"ok": {"type": "boolean"}}}))
        }))},
        "/vnd": {"post": op("create_vnd", json!({
            "requestBody": {"required": true, "content": {"application/vnd.api+json": {"schema": {
                "type": "object", "properties": {"data": {"type": "object", "properties": {"id": {"type": "string"}}}}
            }}}},
            "responses": {"201": {"description": "created", "content": {"application/vnd.api+json": {"schema": {
                "type": "object", "properties": {"created": {"type": "boolean"}}
            }}}}}
        }))},
        "/uploads": {"post": op("upload_files", json!({
            "requestBody": {"required": true, "content": {"multipart/form-data": {
                "schema": {"type": "object", "required": ["file", "title"], "properties": {
                    "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "count": {"type": "integer"},
                    "file": {"type": "string", "format": "binary"},
                    "meta": {"type": "object", "properties": {"source": {"type": "string"}}},
                    "mode": {"type": "string", "enum": ["fast", "safe"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "title": {"type": "string", "description": "Shown in the list."}
                }},
                "encoding": {"file": {"contentType": "image/png"}}
            }}},
            "responses": super::ok_json(json!({"type": "object", "properties": {"stored": {"type": "integer"}}}))
        }))},
        "/packages/{name}": {"get": op("get_package", json!({
            "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {
                "description": "ok",
                "headers": {
                    "x-imt-package-name": {"description": "The package's name.", "schema": {"type": "string"}},
                    "x-imt-package-version": {"schema": {"type": "string"}},
                    "X-Rate-Remaining": {"schema": {"type": "integer"}},
                    "X-Flags": {"schema": {"type": "array", "items": {"type": "string"}}},
                    "Content-Type": {"schema": {"type": "string"}}
                },
                "content": {"application/json": {"schema": {"type": "object", "properties": {"size": {"type": "integer"}}}}}
            }}
        }))},
        "/download": {"get": op("download_report", json!({
            "responses": {"302": {"description": "Redirects to the file.", "headers": {"Location": {"schema": {"type": "string"}}}}}
        }))},
        "/events": {"get": op("watch_events", json!({
            "responses": text_ok("text/event-stream", json!({"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}))
        }))}
    })
}

/// The golden media spec: the excerpts' operations and the generic cases.
pub fn media_spec() -> openapiv3::OpenAPI {
    let mut paths = official_paths();
    if let Value::Object(generic) = generic_media_paths() {
        paths.extend(generic);
    }
    super::spec(Value::Object(paths))
}
