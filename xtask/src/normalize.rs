//! Normalize: fix the docs' real quirks so every fragment is valid OpenAPI 3.0.
//!
//! Works on the raw JSON of each extracted endpoint. Every fix is recorded (what
//! and where) so the regen report shows reviewers what the docs got wrong; a schema
//! construct that cannot be fixed is an error with the page, line and JSON pointer.

mod bounds;
mod operation;
mod path_template;

use std::fmt::{self, Write as _};

use generator::PointerToken;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::Endpoint;

/// One applied fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fix {
    /// Snapshot file the fragment came from.
    pub file: String,
    /// Line of the endpoint heading.
    pub line: usize,
    /// JSON pointer inside the fragment.
    pub pointer: String,
    /// What was changed, e.g. ``type `bigint` → `integer` (format `int64`)``.
    pub what: String,
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} {}: {}", self.file, self.line, self.pointer, self.what)
    }
}

/// Schema `type` values OpenAPI 3.0 allows.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Misspelled formats and what they mean. Other unknown formats (`color`, `url`,
/// `utc-millisec`) are kept as written: they are plain strings to the generator.
const FORMAT_FIXES: [(&str, &str); 2] = [("datetime", "date-time"), ("data-time", "date-time")];

/// Keys under which a schema object holds other schemas by name.
const SCHEMA_MAPS: [&str; 1] = ["properties"];
/// Keys under which a schema object holds one schema.
const SCHEMA_ONE: [&str; 3] = ["items", "additionalProperties", "not"];
/// Keys under which a schema object holds a list of schemas.
const SCHEMA_LISTS: [&str; 3] = ["oneOf", "anyOf", "allOf"];

/// Fixes every endpoint in place; returns the fixes, or every unfixable problem.
pub fn normalize(endpoints: &mut [Endpoint]) -> Result<Vec<Fix>, Diagnostics> {
    let mut fixes = Vec::new();
    let mut diags = Diagnostics::default();
    for e in endpoints.iter_mut() {
        let Endpoint { file, line, method, path, document, .. } = e;
        let mut ctx = Ctx { file, line: *line, fixes: &mut fixes, diags: &mut diags };
        for_each_schema_root(document, &mut |schema, pointer| ctx.schema(schema, &mut pointer.to_string()));
        // Pointers name the fragment as the page wrote it, so the path is fixed last.
        operation::fix(&mut ctx, document, path, method);
        path_template::fix(&mut ctx, document, path, method);
    }
    diags.into_result(fixes)
}

struct Ctx<'a> {
    file: &'a str,
    line: usize,
    fixes: &'a mut Vec<Fix>,
    diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    fn fix(&mut self, pointer: &str, what: String) {
        self.fixes.push(Fix { file: self.file.to_string(), line: self.line, pointer: pointer.to_string(), what });
    }

    fn error(&mut self, pointer: &str, what: String) {
        self.diags.push(Diagnostic::new(self.file, self.line, format!("{pointer}: {what}")));
    }

    /// Fixes one schema object and recurses into its sub-schemas. `pointer` is the schema's
    /// JSON pointer; it is extended in place for each sub-schema and restored afterwards.
    fn schema(&mut self, schema: &mut Value, pointer: &mut String) {
        let Some(obj) = schema.as_object_mut() else {
            if !schema.is_boolean() {
                self.error(pointer, "schema is not an object".to_string());
            }
            return;
        };
        match obj.get("type").map(|ty| (ty.as_str(), ty)) {
            None => {}
            Some((Some("bigint"), _)) => {
                obj.insert("type".into(), Value::String("integer".into()));
                obj.insert("format".into(), Value::String("int64".into()));
                self.fix(pointer, "type `bigint` → `integer` (format `int64`)".to_string());
            }
            Some((Some("any"), _)) => {
                obj.remove("type");
                self.fix(pointer, "type `any` (not OpenAPI) dropped: any JSON value".to_string());
            }
            Some((Some(t), _)) if TYPES.contains(&t) => {}
            Some((_, ty)) => {
                let what = format!("unknown schema type {ty}");
                self.error(pointer, what);
            }
        }
        let format = obj.get("format").and_then(Value::as_str);
        if let Some((from, to)) = FORMAT_FIXES.iter().find(|(from, _)| format == Some(from)) {
            obj.insert("format".into(), Value::String((*to).into()));
            self.fix(pointer, format!("format `{from}` → `{to}`"));
        }
        for what in bounds::exclusive_bounds(obj) {
            match what {
                Ok(fix) => self.fix(pointer, fix),
                Err(e) => self.error(pointer, e),
            }
        }
        self.required_without_property(obj, pointer);
        let len = pointer.len();
        for key in SCHEMA_MAPS {
            if let Some(Value::Object(map)) = obj.get_mut(key) {
                for (name, sub) in map.iter_mut() {
                    let _ = write!(pointer, "/{key}/{}", PointerToken(name));
                    self.schema(sub, pointer);
                    pointer.truncate(len);
                }
            }
        }
        for key in SCHEMA_ONE {
            if let Some(sub) = obj.get_mut(key) {
                let _ = write!(pointer, "/{key}");
                self.schema(sub, pointer);
                pointer.truncate(len);
            }
        }
        for key in SCHEMA_LISTS {
            if let Some(Value::Array(list)) = obj.get_mut(key) {
                for (i, sub) in list.iter_mut().enumerate() {
                    let _ = write!(pointer, "/{key}/{i}");
                    self.schema(sub, pointer);
                    pointer.truncate(len);
                }
            }
        }
    }
}

impl Ctx<'_> {
    /// `required` naming a property the object does not have (the docs misspelling
    /// `usersRoleId` as `userRoleId`): the name is dropped, so the field stays optional
    /// rather than the spec claiming a field that cannot exist, and the fix is reported.
    fn required_without_property(&mut self, obj: &mut serde_json::Map<String, Value>, pointer: &str) {
        let Some(Value::Object(props)) = obj.get("properties") else { return };
        let Some(Value::Array(required)) = obj.get("required") else { return };
        if required.iter().all(|r| r.as_str().is_some_and(|n| props.contains_key(n))) {
            return;
        }
        let (known, unknown): (Vec<Value>, Vec<Value>) =
            required.iter().cloned().partition(|r| r.as_str().is_some_and(|n| props.contains_key(n)));
        if unknown.is_empty() {
            return;
        }
        for name in &unknown {
            let near =
                name.as_str().and_then(|n| closest(n, props.keys())).map(|c| format!(" (did the docs mean `{c}`?)"));
            self.fix(
                pointer,
                format!("`required` names {name}, which is not a property; dropped{}", near.unwrap_or_default()),
            );
        }
        if known.is_empty() {
            obj.remove("required");
        } else {
            obj.insert("required".into(), Value::Array(known));
        }
    }
}

/// The property name closest to `name` by edit distance, if it is close (≤ 2 edits).
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates.map(|c| (strsim::levenshtein(name, c), c)).filter(|(d, _)| *d <= 2).min().map(|(_, c)| c)
}

/// Calls `f` on every top-level schema of a one-endpoint document: parameter
/// schemas, request body and response media-type schemas, component schemas.
pub fn for_each_schema_root(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, s) in schemas.iter_mut() {
            f(s, &format!("#/components/schemas/{}", PointerToken(name)));
        }
    }
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        let path_ptr = format!("#/paths/{}", PointerToken(path));
        for (key, op) in item.iter_mut() {
            let op_ptr = format!("{path_ptr}/{key}");
            if key == "parameters" {
                params(op, &op_ptr, f);
                continue;
            }
            let Some(op) = op.as_object_mut() else { continue };
            if let Some(p) = op.get_mut("parameters") {
                params(p, &format!("{op_ptr}/parameters"), f);
            }
            if let Some(content) = op.get_mut("requestBody").and_then(|b| b.get_mut("content")) {
                media(content, &format!("{op_ptr}/requestBody/content"), f);
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (status, r) in responses.iter_mut() {
                    if let Some(content) = r.get_mut("content") {
                        media(content, &format!("{op_ptr}/responses/{status}/content"), f);
                    }
                }
            }
        }
    }
}

fn params(list: &mut Value, ptr: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(list) = list.as_array_mut() else { return };
    for (i, p) in list.iter_mut().enumerate() {
        if let Some(s) = p.get_mut("schema") {
            f(s, &format!("{ptr}/{i}/schema"));
        }
    }
}

fn media(content: &mut Value, ptr: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(content) = content.as_object_mut() else { return };
    for (mt, m) in content.iter_mut() {
        if let Some(s) = m.get_mut("schema") {
            f(s, &format!("{ptr}/{}/schema", PointerToken(mt)));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::*;
    use crate::sources::Form;

    fn endpoint(schema: Value) -> Endpoint {
        Endpoint {
            page: "demo".into(),
            file: "specs/pages/demo.md".into(),
            form: Form::Markdown,
            heading: "Demo".into(),
            line: 7,
            method: "get".into(),
            path: "/a".into(),
            document: json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}}}}}),
        }
    }

    const ROOT: &str = "#/paths/~1a/get/responses/200/content/application~1json/schema";

    #[test]
    fn quirks_are_fixed_and_recorded() {
        let cases = [
            (
                json!({"type": "object", "properties": {"centicredits": {"type": "bigint"}}}),
                json!({"type": "object", "properties": {"centicredits": {"type": "integer", "format": "int64"}}}),
                vec![format!("{ROOT}/properties/centicredits: type `bigint` → `integer` (format `int64`)")],
            ),
            (
                json!({"type": "array", "items": {"type": "string", "format": "datetime"}}),
                json!({"type": "array", "items": {"type": "string", "format": "date-time"}}),
                vec![format!("{ROOT}/items: format `datetime` → `date-time`")],
            ),
            (
                json!({"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "bigint"}}]}),
                json!({"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "integer", "format": "int64"}}]}),
                vec![format!("{ROOT}/oneOf/1/additionalProperties: type `bigint` → `integer` (format `int64`)")],
            ),
            (
                json!({"type": "object", "properties": {
                    "a/b~c": {"type": "object", "properties": {"n": {"type": "bigint"}}},
                    "z": {"type": "array", "items": {"type": "bigint"}},
                }}),
                json!({"type": "object", "properties": {
                    "a/b~c": {"type": "object", "properties": {"n": {"type": "integer", "format": "int64"}}},
                    "z": {"type": "array", "items": {"type": "integer", "format": "int64"}},
                }}),
                vec![
                    format!("{ROOT}/properties/a~1b~0c/properties/n: type `bigint` → `integer` (format `int64`)"),
                    format!("{ROOT}/properties/z/items: type `bigint` → `integer` (format `int64`)"),
                ],
            ),
            (
                json!({"type": "object", "properties": {"type": {"type": "string"}}}),
                json!({"type": "object", "properties": {"type": {"type": "string"}}}),
                vec![],
            ),
            (
                json!({"type": "object", "properties": {"value": {"type": "any", "description": "d"}}}),
                json!({"type": "object", "properties": {"value": {"description": "d"}}}),
                vec![format!("{ROOT}/properties/value: type `any` (not OpenAPI) dropped: any JSON value")],
            ),
            (
                json!({"type": "string", "format": "data-time"}),
                json!({"type": "string", "format": "date-time"}),
                vec![format!("{ROOT}: format `data-time` → `date-time`")],
            ),
            // Unknown formats are plain strings: nothing to fix, nothing to warn about.
            (
                json!({"type": "object", "properties": {"c": {"type": "string", "format": "color"},
                    "u": {"type": "string", "format": "url"}, "t": {"type": "integer", "format": "utc-millisec"}}}),
                json!({"type": "object", "properties": {"c": {"type": "string", "format": "color"},
                    "u": {"type": "string", "format": "url"}, "t": {"type": "integer", "format": "utc-millisec"}}}),
                vec![],
            ),
            // Several quirks in one schema, each reported.
            (
                json!({"type": "array", "items": {"type": "bigint", "exclusiveMinimum": 0, "exclusiveMaximum": 9}}),
                json!({"type": "array", "items": {"type": "integer", "format": "int64", "minimum": 0,
                    "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": true}}),
                vec![
                    format!("{ROOT}/items: type `bigint` → `integer` (format `int64`)"),
                    format!(
                        "{ROOT}/items: `exclusiveMinimum: 0` (OpenAPI 3.1) → `minimum: 0` + `exclusiveMinimum: true`"
                    ),
                    format!(
                        "{ROOT}/items: `exclusiveMaximum: 9` (OpenAPI 3.1) → `maximum: 9` + `exclusiveMaximum: true`"
                    ),
                ],
            ),
            (
                json!({"type": "object", "required": ["name", "userRoleId"], "properties": {"name": {"type": "string"}, "usersRoleId": {"type": "integer"}}}),
                json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "usersRoleId": {"type": "integer"}}}),
                vec![format!(
                    "{ROOT}: `required` names \"userRoleId\", which is not a property; dropped (did the docs mean `usersRoleId`?)"
                )],
            ),
            (
                json!({"type": "object", "required": ["zzz"], "properties": {"a": {"type": "string"}}}),
                json!({"type": "object", "properties": {"a": {"type": "string"}}}),
                vec![format!("{ROOT}: `required` names \"zzz\", which is not a property; dropped")],
            ),
            (
                json!({"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}], "required": ["a"]}),
                json!({"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}], "required": ["a"]}),
                vec![],
            ),
        ];
        for (input, want, want_fixes) in cases {
            let mut eps = vec![endpoint(input.clone())];
            let fixes = normalize(&mut eps).unwrap();
            assert_eq!(eps[0].document.pointer(&ROOT[1..]).unwrap(), &want, "input {input}");
            let got: Vec<String> = fixes.iter().map(|f| format!("{}: {}", f.pointer, f.what)).collect();
            assert_eq!(got, want_fixes);
            assert!(fixes.iter().all(|f| f.file == "specs/pages/demo.md" && f.line == 7));
        }
    }

    #[test]
    fn unknown_type_is_an_error_with_location() {
        let mut eps = vec![endpoint(json!({"type": "object", "properties": {"x": {"type": "decimal"}}}))];
        let err = normalize(&mut eps).unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            format!("specs/pages/demo.md:7: {ROOT}/properties/x: unknown schema type \"decimal\"")
        );
    }

    #[test]
    fn a_schema_that_is_not_an_object_is_an_error_with_location_unless_a_boolean() {
        let mut eps = vec![endpoint(json!({"type": "object", "properties": {"x": "string", "y": true}}))];
        let err = normalize(&mut eps).unwrap_err();
        let errors: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(errors, [format!("specs/pages/demo.md:7: {ROOT}/properties/x: schema is not an object")]);
    }

    #[test]
    fn fixes_print_as_page_line_pointer_and_change() {
        let mut eps = vec![endpoint(json!({"type": "bigint"}))];
        let fixes = normalize(&mut eps).unwrap();
        let printed: Vec<String> = fixes.iter().map(ToString::to_string).collect();
        assert_eq!(printed, [format!("specs/pages/demo.md:7 {ROOT}: type `bigint` → `integer` (format `int64`)")]);
    }

    #[test]
    fn bad_bounds_are_errors_with_location() {
        let mut eps = vec![endpoint(json!({"type": "object", "properties": {"n": {"exclusiveMaximum": [1]}}}))];
        let err = normalize(&mut eps).unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            format!(
                "specs/pages/demo.md:7: {ROOT}/properties/n: `exclusiveMaximum` must be a boolean (or a number, OpenAPI 3.1), found [1]"
            )
        );
    }

    #[test]
    fn parameter_schemas_are_visited() {
        let mut e = endpoint(json!({}));
        e.document["paths"]["/a"]["get"]["parameters"] =
            json!([{"name": "d", "in": "query", "schema": {"type": "string", "format": "datetime"}}]);
        e.document["paths"]["/a"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "teamId", "in": "query", "schema": {"type": "number", "exclusiveMinimum": 0}}));
        let mut eps = vec![e];
        let fixes = normalize(&mut eps).unwrap();
        let pointers: Vec<&str> = fixes.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1a/get/parameters/0/schema", "#/paths/~1a/get/parameters/1/schema"]);
        let params = &eps[0].document["paths"]["/a"]["get"]["parameters"];
        assert_eq!(params[0]["schema"]["format"], "date-time");
        assert_eq!(params[1]["schema"], json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
    }
}
