//! The media kinds and schema shapes of the Make-sized synthetic set: request bodies and success
//! responses other than plain JSON, given as whole OpenAPI objects (with `content`), and the
//! tagged unions, open enums and primitive unions of their schemas.

use serde_json::{Value, json};

/// A success response: `schema` as JSON, unless it is already a whole response object (it has
/// `content`, which no schema has at its top level).
pub(super) fn response(schema: Value) -> Value {
    if schema.get("content").is_some() {
        return schema;
    }
    json!({"description": "Successful response", "content": {"application/json": {"schema": schema}}})
}

/// A request body: `schema` as JSON, unless it is already a whole body object (see [`response`]).
pub(super) fn request_body(schema: Value) -> Value {
    if schema.get("content").is_some() {
        return schema;
    }
    json!({"content": {"application/json": {"schema": schema}}})
}

/// A multipart upload: a required file with a documented content type, a text part, an open
/// enum part and a JSON part.
pub(super) fn upload_body() -> Value {
    json!({"required": true, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"},
            "name": {"type": "string"},
            "kind": open_enum(),
            "meta": {"type": "object", "properties": {"source": {"type": "string"}}}}},
        "encoding": {"file": {"contentType": "image/png"}}}}})
}

/// A binary response (`image/png` or `application/octet-stream`).
pub(super) fn binary() -> Value {
    json!({"description": "The file", "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})
}

/// A `text/markdown` request body.
pub(super) fn text_body() -> Value {
    json!({"required": true, "content": {"text/markdown": {"schema": {"type": "string"}}}})
}

/// A `text/plain` response holding a boolean (parsed from the text).
pub(super) fn text_response() -> Value {
    json!({"description": "Whether it changed", "content": {"text/plain": {"schema": {"type": "boolean"}}}})
}

/// A JSON body whose `input` is a tagged union.
pub(super) fn run_body() -> Value {
    json!({"type": "object", "required": ["input"], "properties": {"input": tagged_union(), "stream": {"type": "boolean"}}})
}

/// A `text/event-stream` response whose events' data is a tagged union.
pub(super) fn event_stream() -> Value {
    json!({"description": "Events", "content": {"text/event-stream": {"schema": tagged_union()}}})
}

/// A JSON response of `schema` with documented headers (text, a number and a list).
pub(super) fn with_headers(schema: Value) -> Value {
    json!({"description": "Successful response",
        "headers": {
            "x-imt-package-name": {"description": "The package's name.", "schema": {"type": "string"}},
            "x-imt-package-version": {"schema": {"type": "string"}},
            "X-Rate-Remaining": {"schema": {"type": "integer"}},
            "X-Flags": {"schema": {"type": "array", "items": {"type": "string"}}}},
        "content": {"application/json": {"schema": schema}}})
}

/// Objects told apart by their `type` property (a `discriminator`).
pub(super) fn tagged_union() -> Value {
    json!({"oneOf": [
        {"type": "object", "required": ["type", "text"], "properties": {
            "type": {"type": "string", "enum": ["message"]}, "text": {"type": "string"}}},
        {"type": "object", "required": ["type", "name"], "properties": {
            "type": {"type": "string", "enum": ["tool"]}, "name": {"type": "string"},
            "arguments": {"type": "object", "additionalProperties": {}}}}
    ], "discriminator": {"propertyName": "type"}})
}

/// Known constants and any other string.
pub(super) fn open_enum() -> Value {
    json!({"anyOf": [{"type": "string", "enum": ["csv", "json", "xml"]}, {"type": "string"}]})
}

/// A string, a number or a boolean.
pub(super) fn primitive_union() -> Value {
    json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]})
}
