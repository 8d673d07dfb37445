//! Operation-level quirks: `responses: null` (or missing) and `example` holding a map of
//! named examples where `examples` belongs.

use serde_json::{Map, Value};

use super::Ctx;
use generator::PointerToken;

/// Keys an OpenAPI Example object may have.
const EXAMPLE_KEYS: [&str; 4] = ["summary", "description", "value", "externalValue"];

/// Fixes the operation `method` on `path` of a one-endpoint document.
pub(super) fn fix(ctx: &mut Ctx<'_>, doc: &mut Value, path: &str, method: &str) {
    let item_ptr = format!("#/paths/{}", PointerToken(path));
    let Some(item) = doc.get_mut("paths").and_then(|p| p.get_mut(path)).and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(Value::Array(list)) = item.get_mut("parameters") {
        parameters(ctx, list, &format!("{item_ptr}/parameters"));
    }
    let op_ptr = format!("{item_ptr}/{method}");
    let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { return };
    responses(ctx, op, &op_ptr);
    if let Some(Value::Array(list)) = op.get_mut("parameters") {
        parameters(ctx, list, &format!("{op_ptr}/parameters"));
    }
    if let Some(content) = op.get_mut("requestBody").and_then(|b| b.get_mut("content")).and_then(Value::as_object_mut) {
        media_types(ctx, content, &format!("{op_ptr}/requestBody/content"));
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, r) in responses.iter_mut() {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                let ptr = format!("{op_ptr}/responses/{}/content", PointerToken(status));
                media_types(ctx, content, &ptr);
            }
        }
    }
}

/// `responses` is required: `null` or a missing map means no response is documented.
fn responses(ctx: &mut Ctx<'_>, op: &mut Map<String, Value>, op_ptr: &str) {
    let what = match op.get("responses") {
        Some(Value::Object(_)) => return,
        None => "operation has no `responses`; treated as `{}` (no documented response)".to_string(),
        Some(Value::Null) => "`responses: null` → `{}` (no documented response)".to_string(),
        Some(other) => {
            let kind = kind_of(other);
            ctx.error(&format!("{op_ptr}/responses"), format!("`responses` must be an object, found {kind}"));
            return;
        }
    };
    op.insert("responses".into(), Value::Object(Map::new()));
    ctx.fix(&format!("{op_ptr}/responses"), what);
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parameters(ctx: &mut Ctx<'_>, list: &mut [Value], ptr: &str) {
    for (i, p) in list.iter_mut().enumerate() {
        if let Some(p) = p.as_object_mut() {
            examples(ctx, p, &format!("{ptr}/{i}"));
        }
    }
}

fn media_types(ctx: &mut Ctx<'_>, content: &mut Map<String, Value>, ptr: &str) {
    for (media, m) in content.iter_mut() {
        if let Some(m) = m.as_object_mut() {
            examples(ctx, m, &format!("{ptr}/{}", PointerToken(media)));
        }
    }
}

/// Moves an `example` that is really a map of named Example objects to `examples` (a media
/// type or parameter object `holder` at `ptr`).
fn examples(ctx: &mut Ctx<'_>, holder: &mut Map<String, Value>, ptr: &str) {
    let Some(Value::Object(named)) = holder.get("example") else { return };
    if !is_named_examples(named, holder.get("schema")) {
        return;
    }
    let names: Vec<String> = named.keys().map(|k| format!("`{k}`")).collect();
    let Some(Value::Object(named)) = holder.remove("example") else { return };
    let mut kept = Vec::new();
    match holder.entry("examples").or_insert_with(|| Value::Object(Map::new())) {
        Value::Object(existing) => {
            for (name, example) in named {
                if existing.contains_key(&name) {
                    kept.push(format!("`{name}`"));
                } else {
                    existing.insert(name, example);
                }
            }
        }
        other => {
            ctx.error(&format!("{ptr}/examples"), format!("`examples` must be an object, found {}", kind_of(other)));
            return;
        }
    }
    let mut what = format!("`example` is a map of named examples ({}); moved to `examples`", names.join(", "));
    if !kept.is_empty() {
        what.push_str(&format!(" (kept the existing `examples` entries {})", kept.join(", ")));
    }
    ctx.fix(&format!("{ptr}/example"), what);
}

/// Whether `example` reads as named Example objects: every entry an object with only Example
/// keys and a `value` (or `externalValue`), and none of its names a property of the (inline)
/// schema, which would make it an ordinary example of that object.
fn is_named_examples(example: &Map<String, Value>, schema: Option<&Value>) -> bool {
    let looks_like_examples = !example.is_empty()
        && example.values().all(|e| {
            e.as_object().is_some_and(|o| {
                o.keys().all(|k| EXAMPLE_KEYS.contains(&k.as_str()))
                    && (o.contains_key("value") || o.contains_key("externalValue"))
            })
        });
    let properties = schema.and_then(|s| s.get("properties")).and_then(Value::as_object);
    looks_like_examples && !properties.is_some_and(|props| example.keys().any(|k| props.contains_key(k)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::super::normalize;
    use super::*;
    use crate::extract::Endpoint;
    use crate::sources::Form;

    fn endpoint(op: Value) -> Endpoint {
        Endpoint {
            page: "demo".into(),
            file: "specs/pages/demo.md".into(),
            form: Form::Markdown,
            heading: "Demo".into(),
            line: 4,
            method: "get".into(),
            path: "/a".into(),
            document: json!({"paths": {"/a": {"get": op}}}),
        }
    }

    /// Normalizes one operation: the fixed operation and the fixes as `pointer: what`.
    fn run(op: Value) -> (Value, Vec<String>) {
        let mut eps = vec![endpoint(op)];
        let fixes = normalize(&mut eps).unwrap();
        assert!(fixes.iter().all(|f| f.file == "specs/pages/demo.md" && f.line == 4));
        let op = eps[0].document["paths"]["/a"]["get"].clone();
        (op, fixes.iter().map(|f| format!("{}: {}", f.pointer, f.what)).collect())
    }

    const OP: &str = "#/paths/~1a/get";

    #[test]
    fn missing_or_null_responses_mean_none_documented() {
        let (op, fixes) = run(json!({"responses": null}));
        assert_eq!(op["responses"], json!({}));
        assert_eq!(fixes, [format!("{OP}/responses: `responses: null` → `{{}}` (no documented response)")]);

        let (op, fixes) = run(json!({"summary": "s"}));
        assert_eq!(op["responses"], json!({}));
        assert_eq!(
            fixes,
            [format!("{OP}/responses: operation has no `responses`; treated as `{{}}` (no documented response)")]
        );

        let (_, fixes) = run(json!({"responses": {}}));
        assert!(fixes.is_empty());
    }

    #[test]
    fn responses_of_the_wrong_kind_are_located_errors() {
        for (bad, kind) in [(json!("none"), "a string"), (json!([]), "an array"), (json!(3), "a number")] {
            let mut eps = vec![endpoint(json!({"responses": bad}))];
            let err = normalize(&mut eps).unwrap_err();
            assert_eq!(
                err.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
                [format!("specs/pages/demo.md:4: {OP}/responses: `responses` must be an object, found {kind}")]
            );
        }
    }

    fn named() -> Value {
        json!({
            "list": {"summary": "List teams", "value": {"teams": [{"id": 1}]}},
            "empty": {"value": {"teams": []}, "description": "none yet"}
        })
    }

    #[test]
    fn a_map_of_named_examples_moves_to_examples() {
        let schema = json!({"type": "object", "properties": {"teams": {"type": "array"}}});
        let media = json!({"schema": schema, "example": named()});
        let (op, fixes) =
            run(json!({"responses": {"200": {"description": "ok", "content": {"application/json": media}}}}));
        let m = &op["responses"]["200"]["content"]["application/json"];
        assert_eq!(m.get("example"), None);
        assert_eq!(m["examples"], named());
        assert_eq!(
            fixes,
            [format!(
                "{OP}/responses/200/content/application~1json/example: `example` is a map of named examples (`list`, `empty`); moved to `examples`"
            )]
        );
    }

    #[test]
    fn named_examples_join_existing_examples_without_replacing_them() {
        let existing = json!({"list": {"value": {"teams": [{"id": 9}]}}});
        let media = json!({"example": named(), "examples": existing});
        let (op, fixes) = run(json!({"requestBody": {"content": {"application/json": media}}, "responses": {}}));
        let m = &op["requestBody"]["content"]["application/json"];
        assert_eq!(m["examples"]["list"], json!({"value": {"teams": [{"id": 9}]}}));
        assert_eq!(m["examples"]["empty"], named()["empty"]);
        assert_eq!(
            fixes,
            [format!(
                "{OP}/requestBody/content/application~1json/example: `example` is a map of named examples (`list`, `empty`); moved to `examples` (kept the existing `examples` entries `list`)"
            )]
        );
    }

    #[test]
    fn ordinary_examples_stay() {
        let cases = [
            // A plain example of the object.
            (json!({"type": "object"}), json!({"teams": [{"id": 1}], "total": 1})),
            // Entries shaped like Example objects, but they are the schema's own properties.
            (
                json!({"type": "object", "properties": {"primary": {"type": "object"}}}),
                json!({"primary": {"value": 1, "summary": "x"}}),
            ),
            // An entry with keys an Example object cannot have.
            (json!({}), json!({"a": {"value": 1, "id": 2}})),
            // An entry without a value.
            (json!({}), json!({"a": {"summary": "x"}})),
            (json!({}), json!({})),
            (json!({"type": "string"}), json!("text")),
        ];
        for (schema, example) in cases {
            let media = json!({"schema": schema, "example": example});
            let (op, fixes) = run(
                json!({"responses": {"200": {"description": "ok", "content": {"application/json": media.clone()}}}}),
            );
            assert_eq!(op["responses"]["200"]["content"]["application/json"], media);
            assert!(fixes.is_empty(), "{fixes:?}");
        }
    }

    #[test]
    fn parameter_examples_are_checked_too() {
        let p = json!({"name": "q", "in": "query", "schema": {"type": "string"},
            "example": {"short": {"value": "a"}, "long": {"value": "abc"}}});
        let (op, fixes) = run(json!({"parameters": [p], "responses": {}}));
        assert_eq!(op["parameters"][0]["examples"], json!({"short": {"value": "a"}, "long": {"value": "abc"}}));
        assert_eq!(
            fixes,
            [format!(
                "{OP}/parameters/0/example: `example` is a map of named examples (`short`, `long`); moved to `examples`"
            )]
        );
    }

    #[test]
    fn examples_of_the_wrong_kind_are_located_errors() {
        let media = json!({"example": named(), "examples": [1]});
        let mut eps = vec![endpoint(json!({"requestBody": {"content": {"application/json": media}}, "responses": {}}))];
        let err = normalize(&mut eps).unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            format!(
                "specs/pages/demo.md:4: {OP}/requestBody/content/application~1json/examples: `examples` must be an object, found an array"
            )
        );
    }
}
