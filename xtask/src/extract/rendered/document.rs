//! Builds the one-endpoint OpenAPI 3.0 document for a parsed block.

use serde_json::{Map, Value, json};

use super::Tag;
use super::block::{Block, LineError};
use super::infer::infer;

/// The token scheme exactly as the markdown fragments define it, so the merge sees
/// one identical definition.
fn token_scheme() -> Value {
    json!({
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "description": "Authorize the API call with your API token in the `Authorization` header with the value: `Token your-api-token`.\n\nIf you don't have an API token yet, please refer to the [\"Authentication\" section](/api-documentation/authentication) to learn how to create one.\n"
    })
}

/// The property that carries the license on request bodies.
const LICENSE_FIELD: &str = "license";

/// `(path, document)` for a block; errors name the block's title line.
pub(crate) fn build(tag: &Tag, b: &Block, page_license: Option<&Value>) -> Result<(String, Value), LineError> {
    let Some(path) = b.path.clone() else {
        return Err((
            b.line,
            format!(
                "endpoint block `{}` has no path (no path line after the method and no example request line)",
                b.title
            ),
        ));
    };
    if b.responses.is_empty() {
        return Err((b.line, format!("endpoint block `{}` documents no response", b.title)));
    }
    let mut op = Map::new();
    op.insert("tags".into(), json!([tag.name]));
    op.insert("summary".into(), json!(b.title));
    if !b.description.is_empty() {
        op.insert("description".into(), json!(b.description));
    }
    let params = parameters(b, &path)?;
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = request_body(b, page_license) {
        op.insert("requestBody".into(), body);
    }
    op.insert("responses".into(), responses(b));
    op.insert("x-make-inferred".into(), Value::Bool(true));

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.0"));
    doc.insert("info".into(), json!({"title": tag.name, "version": "1.0.0"}));
    let mut t = Map::new();
    t.insert("name".into(), json!(tag.name));
    if !tag.description.is_empty() {
        t.insert("description".into(), json!(tag.description));
    }
    doc.insert("tags".into(), json!([t]));
    if b.authorized || !b.scopes.is_empty() {
        doc.insert("security".into(), json!([{"token": b.scopes}]));
        doc.insert("components".into(), json!({"securitySchemes": {"token": token_scheme()}}));
    }
    let mut item = Map::new();
    item.insert(b.method.clone(), Value::Object(op));
    let mut paths = Map::new();
    paths.insert(path.clone(), Value::Object(item));
    doc.insert("paths".into(), Value::Object(paths));
    Ok((path, Value::Object(doc)))
}

/// `{name}` segments of a path template.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect()
}

fn parameters(b: &Block, path: &str) -> Result<Vec<Value>, LineError> {
    let templated = template_names(path);
    for name in &templated {
        if !b.params.iter().any(|(loc, f)| *loc == "path" && f.name == *name) {
            return Err((
                b.line,
                format!("path parameter `{name}` of `{path}` is not documented in block `{}`", b.title),
            ));
        }
    }
    let mut out = Vec::new();
    for (location, f) in &b.params {
        if *location == "path" && !templated.contains(&f.name.as_str()) {
            return Err((f.line, format!("path parameter `{}` does not occur in `{path}`", f.name)));
        }
        let mut p = Map::new();
        p.insert("name".into(), json!(f.name));
        p.insert("in".into(), json!(location));
        if f.required || *location == "path" {
            p.insert("required".into(), Value::Bool(true));
        }
        if !f.description.is_empty() {
            p.insert("description".into(), json!(f.description));
        }
        p.insert("schema".into(), f.schema.clone());
        out.push(Value::Object(p));
    }
    Ok(out)
}

/// Body schema: the field list, plus fields only the example request shows
/// (types inferred), with the page's `License` schema for the license field.
fn request_body(b: &Block, page_license: Option<&Value>) -> Option<Value> {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in b.body.iter().flatten() {
        let mut s = f.schema.clone();
        if let (Value::Object(m), false) = (&mut s, f.description.is_empty()) {
            m.insert("description".into(), json!(f.description));
        }
        props.insert(f.name.clone(), s);
        if f.required {
            required.push(json!(f.name));
        }
    }
    match &b.request_example {
        Some(Value::Object(example)) => {
            for (k, v) in example {
                if !props.contains_key(k) {
                    props.insert(k.clone(), infer(v));
                }
            }
        }
        Some(other) if props.is_empty() => {
            return Some(json!({"content": {"application/json": {"schema": infer(other)}}}));
        }
        _ => {}
    }
    // The block holding the license table documents a license field; other
    // bodies that show a license object get the same schema.
    let own = b.license.as_ref();
    if let Some(lic) = own.or(page_license) {
        if own.is_some() || props.contains_key(LICENSE_FIELD) {
            props.insert(LICENSE_FIELD.into(), lic.clone());
        }
    }
    if props.is_empty() {
        return None;
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    Some(json!({"content": {"application/json": {"schema": schema}}}))
}

fn responses(b: &Block) -> Value {
    let mut out = Map::new();
    for r in &b.responses {
        let mut resp = Map::new();
        let description =
            if r.description.is_empty() { format!("{} response", r.status) } else { r.description.clone() };
        resp.insert("description".into(), json!(description));
        if let Some(media) = &r.media {
            // No sample: the shape is unknown, so any JSON (`{}`).
            let schema = r.example.as_ref().map_or_else(|| json!({}), infer);
            resp.insert("content".into(), json!({ media.as_str(): {"schema": schema} }));
        }
        out.insert(r.status.clone(), Value::Object(resp));
    }
    Value::Object(out)
}
