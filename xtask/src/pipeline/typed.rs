//! The merged spec as openapiv3 types, and as YAML.
//!
//! Deserializing the merged document is the pipeline's slowest step: openapiv3 reads
//! flattened fields through serde's buffering, which copies the whole document once more.
//! [`validate_merged`] therefore reads the path items on all cores and the rest of the
//! document on its own; any failure is reported by [`validate`] over the whole document,
//! so errors stay exactly as the one-piece read words them.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::par;
use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::markdown::METHODS;
use generator::PointerToken;

/// Deserializes a document strictly into openapiv3 types; errors name the JSON path.
pub fn validate(doc: &Value, file: &str, line: usize) -> Result<openapiv3::OpenAPI, Diagnostic> {
    // Fast path: plain deserialization. Only a document that fails is read again with path
    // tracking, which is several times slower, to say where it fails.
    if let Ok(spec) = openapiv3::OpenAPI::deserialize(doc) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc).map_err(|e| {
        let path = e.path().to_string();
        Diagnostic::new(file, line, format!("not valid OpenAPI 3.0 at `{path}`: {}", e.inner()))
    })
}

/// Where and why strict reading of `doc` fails, if it does: a JSON pointer to the failing
/// value and the reason. openapiv3 reads path items and operations through `flatten`, which
/// hides the path below them, so a failure under `paths` is looked for again item by item
/// and operation by operation.
pub fn failure(doc: &Value) -> Option<(String, String)> {
    let (mut pointer, mut message) = tracked::<openapiv3::OpenAPI>(doc, "#")?;
    if pointer == "#" || pointer == "#/paths" {
        let items = doc.get("paths").and_then(Value::as_object).into_iter().flatten();
        if let Some((path, item)) = items.filter(|(k, _)| k.starts_with('/')).find(|(_, v)| read_path_item(v).is_none())
        {
            let item_ptr = format!("#/paths/{}", PointerToken(path));
            (pointer, message) = tracked::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item, &item_ptr)?;
            let ops = METHODS.iter().filter_map(|m| item.get(*m).map(|op| (m, op)));
            let op_failure =
                ops.filter_map(|(m, op)| tracked::<openapiv3::Operation>(op, &format!("{item_ptr}/{m}"))).next();
            if let Some(found) = op_failure {
                (pointer, message) = found;
            }
        }
    }
    Some((pointer, format!("not valid OpenAPI 3.0: {message}")))
}

/// Reads `v` as a `T` with path tracking; on failure, the pointer (`base` extended by the
/// tracked path) and the reason.
fn tracked<T: serde::de::DeserializeOwned>(v: &Value, base: &str) -> Option<(String, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(v).err()?;
    let mut pointer = base.to_string();
    for segment in err.path().iter() {
        let token = match segment {
            serde_path_to_error::Segment::Seq { index } => index.to_string(),
            serde_path_to_error::Segment::Map { key } => PointerToken(key).to_string(),
            // A variant is no key of the document: the value is the same object.
            serde_path_to_error::Segment::Enum { .. } => continue,
            serde_path_to_error::Segment::Unknown => break,
        };
        pointer.push('/');
        pointer.push_str(&token);
    }
    Some((pointer, err.inner().to_string()))
}

/// [`validate`] with the path items read on `workers` threads (each with `stack_size`
/// bytes of stack). The result equals [`validate`]'s, errors included. `doc` is only
/// borrowed mutably to read it in two parts; it is left as it was.
pub fn validate_merged(
    doc: &mut Value,
    file: &str,
    line: usize,
    workers: usize,
    stack_size: usize,
) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match split_read(doc, workers, stack_size) {
        Some(spec) => Ok(spec),
        None => validate(doc, file, line),
    }
}

/// Reads the document in parts: `None` when any part fails (or the document is not
/// shaped for it), so the caller reads it whole to report the error.
fn split_read(doc: &mut Value, workers: usize, stack_size: usize) -> Option<openapiv3::OpenAPI> {
    let slot = doc.get_mut("paths").filter(|p| p.is_object())?;
    let Value::Object(paths) = std::mem::take(slot) else { return None };
    // What openapiv3 takes as path items are the keys starting with `/`; the others
    // (extensions, ignored keys) are read with the rest of the document.
    let rest: Map<String, Value> =
        paths.iter().filter(|(k, _)| !k.starts_with('/')).map(|(k, v)| (k.clone(), v.clone())).collect();
    *slot = Value::Object(rest);
    let items: Vec<(&String, &Value)> = paths.iter().filter(|(k, _)| k.starts_with('/')).collect();
    // The rest of the document is one more job, handed out first as it may be the largest.
    let jobs: Vec<Job<'_>> = std::iter::once(Job::Rest(&*doc)).chain(items.iter().map(|(_, v)| Job::Item(v))).collect();
    let mut parts = par::map(&jobs, workers, stack_size, |job| match job {
        Job::Rest(v) => Part::Rest(openapiv3::OpenAPI::deserialize(*v).ok().map(Box::new)),
        Job::Item(v) => Part::Item(read_path_item(v).map(Box::new)),
    })
    .into_iter();
    let spec = match parts.next() {
        Some(Part::Rest(Some(mut spec))) => {
            let read: Option<IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>> = items
                .iter()
                .zip(parts)
                .map(|((k, _), part)| match part {
                    Part::Item(Some(item)) => Some(((*k).clone(), *item)),
                    _ => None,
                })
                .collect();
            read.map(|read| {
                spec.paths.paths = read;
                *spec
            })
        }
        _ => None,
    };
    drop((jobs, items));
    if let Some(slot) = doc.get_mut("paths") {
        *slot = Value::Object(paths);
    }
    spec
}

/// One path item, as openapiv3 reads it. Without a `$ref` key the untagged `ReferenceOr`
/// can only be an item (its `Reference` variant requires `$ref`), so the item is read
/// directly, sparing serde's buffered copy of it.
fn read_path_item(v: &Value) -> Option<openapiv3::ReferenceOr<openapiv3::PathItem>> {
    match v {
        Value::Object(m) if !m.contains_key("$ref") => {
            openapiv3::PathItem::deserialize(v).ok().map(openapiv3::ReferenceOr::Item)
        }
        _ => openapiv3::ReferenceOr::<openapiv3::PathItem>::deserialize(v).ok(),
    }
}

/// One piece of [`split_read`]'s work.
enum Job<'a> {
    /// The document without its path items.
    Rest(&'a Value),
    /// One path item.
    Item(&'a Value),
}

/// What one [`Job`] gave.
enum Part {
    /// Both boxed: the types are large, and the parts are moved around.
    Rest(Option<Box<openapiv3::OpenAPI>>),
    Item(Option<Box<openapiv3::ReferenceOr<openapiv3::PathItem>>>),
}

/// The first lines of `specs/openapi.yaml`.
pub const YAML_HEADER: &str = "# @generated by `cargo xtask regen` from the pages in specs/sources.toml — do not edit.\n\
     # Reviewers: this is the merged Make API spec the client is generated from.\n";

/// Serializes the spec as YAML (see [`crate::yaml`]) after [`YAML_HEADER`], with LF line ends
/// and a trailing newline.
pub fn to_yaml(spec: &openapiv3::OpenAPI) -> Result<String, Diagnostics> {
    let mut out = String::with_capacity(1 << 20);
    out.push_str(YAML_HEADER);
    let mut out = crate::yaml::to_string(spec, out).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(crate::paths::SPEC_FILE, 0, format!("cannot serialize the spec: {e}"))])
    })?;
    if out.contains("\r\n") {
        out = out.replace("\r\n", "\n");
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
