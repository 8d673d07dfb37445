//! Schema comparison: walks two JSON schemas side by side (fields as dotted paths, array items as
//! `[]`) and reports type, field, required-ness, enum and description changes.

use std::collections::BTreeSet;

use generator::PointerToken;
use serde_json::Value;

use super::compare::{Sink, resolve};
use super::model::{ChangeKind, Severity, Side};

/// How deep schemas are compared (nesting levels); deeper parts are assumed equal.
const MAX_DEPTH: usize = 64;

/// What a schema walk is comparing: a parameter's schema, or a body.
pub(super) enum Ctx {
    Param { location: String },
    Body(Side),
}

impl Ctx {
    fn label(&self, path: &str) -> String {
        match self {
            Ctx::Param { .. } => format!("parameter `{path}`"),
            Ctx::Body(side) if path.is_empty() => format!("{side} body"),
            Ctx::Body(side) => format!("{side} field `{path}`"),
        }
    }
}

/// A schema's type as shown to users: `string(date-time)`, `integer?` (nullable), `map`, `oneOf[2]`,
/// `enum<string>` (a closed set of values: a different Rust type than an open `string`).
pub(super) fn type_label(doc: &Value, schema: &Value) -> String {
    let s = flatten(doc, schema);
    let mut label = if let Some(t) = s.get("type").and_then(Value::as_str) {
        let is_map = t == "object"
            && s.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty())
            && s.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false));
        if is_map { "map".to_string() } else { t.to_string() }
    } else if let Some(n) =
        ["oneOf", "anyOf"].iter().find_map(|k| s.get(*k).and_then(Value::as_array).map(|a| (k, a.len())))
    {
        format!("{}[{}]", n.0, n.1)
    } else if s.get("properties").is_some() {
        "object".to_string()
    } else {
        "any".to_string()
    };
    if let Some(f) = s.get("format").and_then(Value::as_str) {
        label = format!("{label}({f})");
    }
    if s.get("enum").is_some() {
        label = format!("enum<{label}>");
    }
    if s.get("nullable").and_then(Value::as_bool) == Some(true) {
        label.push('?');
    }
    label
}

/// The schema with `$ref` followed and `allOf` members merged into one object schema.
fn flatten(doc: &Value, schema: &Value) -> Value {
    flatten_at(doc, schema, 0)
}

/// [`flatten`] with a nesting bound, so a self-referencing `allOf` cannot recurse forever.
fn flatten_at(doc: &Value, schema: &Value, depth: usize) -> Value {
    let s = resolve(doc, schema);
    let Some(all) = s.get("allOf").and_then(Value::as_array).filter(|_| depth < MAX_DEPTH) else {
        return s.clone();
    };
    let mut merged = s.as_object().cloned().unwrap_or_default();
    merged.remove("allOf");
    let mut props = serde_json::Map::new();
    let mut required = Vec::new();
    for part in all {
        let part = flatten_at(doc, part, depth + 1);
        if let Some(p) = part.get("properties").and_then(Value::as_object) {
            props.extend(p.clone());
        }
        required.extend(part.get("required").and_then(Value::as_array).cloned().unwrap_or_default());
        for key in ["type", "format", "nullable", "enum", "items", "additionalProperties"] {
            if let (Some(v), false) = (part.get(key), merged.contains_key(key)) {
                merged.insert(key.to_string(), v.clone());
            }
        }
    }
    if !props.is_empty() {
        merged.entry("type").or_insert_with(|| Value::String("object".into()));
        merged.insert("properties".into(), Value::Object(props));
        merged.insert("required".into(), Value::Array(required));
    }
    Value::Object(merged)
}

/// The schema minus documentation, for "same schema" comparisons (parameter renames).
pub(super) fn schema_shape(doc: &Value, schema: Option<&Value>) -> Value {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "description" | "example" | "examples" | "title"))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    schema.map(|s| strip(&flatten(doc, s))).unwrap_or(Value::Null)
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}

/// Compares two schemas at `path` (a parameter name or a dotted field path) recursively.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk(
    old_doc: &Value,
    new_doc: &Value,
    ctx: &Ctx,
    old: &Value,
    new: &Value,
    path: &str,
    ptr: &str,
    sink: &mut Sink<'_>,
) {
    // Recursive schemas ($ref cycles) end here instead of overflowing the stack.
    if path.split(['.', '[', '<']).count() > MAX_DEPTH {
        return;
    }
    let (o, n) = (flatten(old_doc, old), flatten(new_doc, new));
    let (ol, nl) = (type_label(old_doc, &o), type_label(new_doc, &n));
    if ol != nl {
        let kind = match ctx {
            Ctx::Param { location } => {
                ChangeKind::ParameterRetyped { location: location.clone(), name: path.to_string(), old: ol, new: nl }
            }
            Ctx::Body(side) => ChangeKind::FieldRetyped { side: *side, path: path.to_string(), old: ol, new: nl },
        };
        sink.push(kind, Severity::Breaking, ptr);
        return;
    }
    if matches!(ctx, Ctx::Body(_)) {
        sink.doc(o.get("description"), n.get("description"), || ctx.label(path), ptr);
    }
    compare_enum(ctx, &o, &n, path, ptr, sink);

    if let Ctx::Body(side) = ctx {
        let empty = serde_json::Map::new();
        let op = o.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let np = n.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let req = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        let (oreq, nreq) = (req(&o), req(&n));
        let names: BTreeSet<&String> = op.keys().chain(np.keys()).collect();
        for name in names {
            let child = join(path, name);
            let cptr = format!("{ptr}/properties/{}", PointerToken(name));
            match (op.get(name), np.get(name)) {
                (Some(_), None) => {
                    sink.push(ChangeKind::FieldRemoved { side: *side, path: child }, Severity::Breaking, &cptr)
                }
                (None, Some(_)) => {
                    let required = nreq.contains(name);
                    let sev =
                        if required && *side == Side::Request { Severity::Breaking } else { Severity::NonBreaking };
                    sink.push(ChangeKind::FieldAdded { side: *side, path: child, required }, sev, &cptr);
                }
                (Some(ov), Some(nv)) => {
                    let required = nreq.contains(name);
                    if oreq.contains(name) != required {
                        let kind = ChangeKind::FieldRequiredChanged { side: *side, path: child.clone(), required };
                        sink.push(kind, Severity::Breaking, &cptr);
                    }
                    walk(old_doc, new_doc, ctx, ov, nv, &child, &cptr, sink);
                }
                (None, None) => {}
            }
        }
        // Fields beyond the properties are kept as JSON values unless a schema types them:
        // `true`, `false` (the live API may send more than the docs list) and absent alike (see
        // the generator's `object_from_view`). From or to a schema, their type changed.
        let any = Value::Bool(true);
        let (oa, na) = (o.get("additionalProperties").unwrap_or(&any), n.get("additionalProperties").unwrap_or(&any));
        if oa.is_object() || na.is_object() {
            walk(old_doc, new_doc, ctx, oa, na, &join(path, "*"), &format!("{ptr}/additionalProperties"), sink);
        }
    }
    if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
        walk(old_doc, new_doc, ctx, oi, ni, &format!("{path}[]"), &format!("{ptr}/items"), sink);
    }
    for key in ["oneOf", "anyOf"] {
        if let (Some(oa), Some(na)) = (o.get(key).and_then(Value::as_array), n.get(key).and_then(Value::as_array)) {
            for (i, (ov, nv)) in oa.iter().zip(na).enumerate() {
                walk(old_doc, new_doc, ctx, ov, nv, &format!("{path}<{i}>"), &format!("{ptr}/{key}/{i}"), sink);
            }
        }
    }
}

fn compare_enum(ctx: &Ctx, o: &Value, n: &Value, path: &str, ptr: &str, sink: &mut Sink<'_>) {
    let values = |s: &Value| -> Option<BTreeSet<String>> {
        s.get("enum").and_then(Value::as_array).map(|a| a.iter().map(Value::to_string).collect())
    };
    // An enum appearing or disappearing is a type change, reported by `walk`.
    let (Some(ov), Some(nv)) = (values(o), values(n)) else {
        return;
    };
    let at = ctx.label(path);
    for v in ov.difference(&nv) {
        sink.push(
            ChangeKind::EnumValueRemoved { at: at.clone(), value: v.clone() },
            Severity::Breaking,
            &format!("{ptr}/enum"),
        );
    }
    for v in nv.difference(&ov) {
        sink.push(
            ChangeKind::EnumValueAdded { at: at.clone(), value: v.clone() },
            Severity::NonBreaking,
            &format!("{ptr}/enum"),
        );
    }
}
