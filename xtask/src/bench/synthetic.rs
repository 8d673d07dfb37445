//! Synthetic markdown pages in the docs' format for the benchmark: `ops` operations over
//! `pages_n` pages (one tag each), with schemas varied enough that the generator's type
//! deduplication and naming do realistic work.
//!
//! Every operation gets its own entity (a field set picked from a pool by its index, so shapes
//! repeat across resources and must be deduplicated, while names collide and must be told
//! apart) and one of five kinds: list (paging and `cols[]` query, `pg` object), get, create
//! (JSON body), update (PATCH body with a map and a `oneOf`) and delete. Error responses share
//! one `{message, code}` body. Some schemas carry the docs' quirks (`type: bigint`,
//! `format: datetime`) so normalization has work too.
//!
//! [`make_sized`] adds the official spec's other constructs as five more kinds: multipart
//! upload (file, text and open-enum parts), binary download, text body and text response, a
//! server-sent event stream whose body and events are tagged unions, and documented response
//! headers beside a body with an open enum and a primitive union.

mod media;

use serde_json::{Value, json};

use crate::pipeline::PageText;
use crate::sources::{Form, Page};

/// Entity nouns; combined with the operation index they name paths and summaries.
const NOUNS: &[&str] = &[
    "scenario",
    "connection",
    "webhook",
    "team",
    "user",
    "invoice",
    "template",
    "folder",
    "variable",
    "device",
    "hook",
    "key",
    "datastore",
    "record",
    "execution",
    "blueprint",
    "incomplete execution",
    "audit log",
];

/// Kinds of operation, picked round-robin.
#[derive(Clone, Copy)]
enum Kind {
    List,
    Get,
    Create,
    Update,
    Delete,
    Upload,
    Download,
    Text,
    Stream,
    Headers,
}

const KINDS: [Kind; 5] = [Kind::List, Kind::Get, Kind::Create, Kind::Update, Kind::Delete];

/// [`KINDS`] and the media kinds, for [`make_sized`].
const ALL_KINDS: [Kind; 10] = [
    Kind::List,
    Kind::Get,
    Kind::Create,
    Kind::Update,
    Kind::Delete,
    Kind::Upload,
    Kind::Download,
    Kind::Text,
    Kind::Stream,
    Kind::Headers,
];

/// Markdown pages in the docs' format with `ops` JSON operations spread over `pages_n` pages.
pub fn pages(ops: usize, pages_n: usize) -> Vec<PageText> {
    pages_of(ops, pages_n, &KINDS)
}

/// Like [`pages`], with half the operations of a media kind (multipart, binary, text, event
/// stream, response headers; kinds rotate over the whole set) and tagged unions, open enums and
/// primitive unions in their schemas: the shape of Make's whole API (about 470 operations).
pub fn make_sized(ops: usize, pages_n: usize) -> Vec<PageText> {
    pages_of(ops, pages_n, &ALL_KINDS)
}

fn pages_of(ops: usize, pages_n: usize, kinds: &[Kind]) -> Vec<PageText> {
    let per_page = ops.div_ceil(pages_n.max(1));
    (0..pages_n)
        .map(|p| {
            let mut text = format!("# Resource {p}\n\nSynthetic page.\n\n");
            for i in 0..per_page.min(ops.saturating_sub(p * per_page)) {
                let (summary, frag) = fragment(p, i, kind_of(p * per_page + i, kinds));
                text.push_str(&format!("## {summary}\n\n> Synthetic operation \\`{i}\\` of resource {p}.\n\n"));
                text.push_str(&format!("```json\n{frag}\n```\n\n"));
            }
            let page = Page {
                slug: format!("resource{p}"),
                url: format!("https://example.invalid/resource{p}"),
                snapshot: format!("pages/resource{p}.md"),
                form: Form::Markdown,
            };
            PageText { page, text }
        })
        .collect()
}

/// The kind of the operation with overall index `index`: `kinds` round-robin over the whole set
/// (so pages shorter than `kinds` still cover every kind between them).
fn kind_of(index: usize, kinds: &[Kind]) -> Kind {
    kinds.get(index % kinds.len().max(1)).copied().unwrap_or(Kind::Get)
}

/// The summary and one-operation fragment of operation `i` (of `kind`) on page `p`.
fn fragment(p: usize, i: usize, kind: Kind) -> (String, Value) {
    let noun = NOUNS.get((i / KINDS.len()) % NOUNS.len()).copied().unwrap_or("item");
    let n = i / (KINDS.len() * NOUNS.len());
    let plural = format!("{noun}s");
    let collection = format!("/resource{p}/{}{n}", plural.replace(' ', "-"));
    let id = json!({"name": "entityId", "in": "path", "required": true, "schema": {"type": "integer"},
        "description": "The ID of the entity."});
    let entity = entity(i, p);
    let item = format!("{collection}/{{entityId}}");
    let (summary, method, path, params, body, response) = match kind {
        Kind::List => (
            format!("List {plural} {n}"),
            "get",
            collection,
            list_params(i),
            None,
            json!({"type": "object", "properties": {
                plural.replace(' ', "_"): {"type": "array", "items": entity},
                "pg": pg_object()}}),
        ),
        Kind::Get => (
            format!("Get {noun} {n}"),
            "get",
            format!("{collection}/{{entityId}}"),
            vec![id],
            None,
            json!({"type": "object", "properties": {noun.replace(' ', "_"): entity}}),
        ),
        Kind::Create => (
            format!("Create {noun} {n}"),
            "post",
            collection,
            vec![],
            Some(entity.clone()),
            json!({"type": "object", "properties": {noun.replace(' ', "_"): entity}}),
        ),
        Kind::Update => (
            format!("Update {noun} {n}"),
            "patch",
            format!("{collection}/{{entityId}}"),
            vec![id],
            Some(json!({"type": "object", "properties": {
                "name": {"type": "string"},
                "settings": {"type": "object", "additionalProperties": {"type": "string"}},
                "value": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}})),
            json!({"type": "object", "properties": {noun.replace(' ', "_"): entity}}),
        ),
        Kind::Delete => (
            format!("Delete {noun} {n}"),
            "delete",
            format!("{collection}/{{entityId}}"),
            vec![id, json!({"name": "confirmed", "in": "query", "schema": {"type": "boolean"}})],
            None,
            json!({"type": "object", "properties": {noun.replace(' ', "_"): {"type": "integer"}}}),
        ),
        Kind::Upload => (
            format!("Upload {noun} file {n}"),
            "post",
            format!("{item}/files"),
            vec![id],
            Some(media::upload_body()),
            json!({"type": "object", "properties": {"file": {"type": "object", "properties": {
                "id": {"type": "integer"}, "size": {"type": "integer"}}}}}),
        ),
        Kind::Download => {
            (format!("Download {noun} {n}"), "get", format!("{item}/content"), vec![id], None, media::binary())
        }
        Kind::Text => (
            format!("Set {noun} notes {n}"),
            "put",
            format!("{item}/notes"),
            vec![id],
            Some(media::text_body()),
            media::text_response(),
        ),
        Kind::Stream => (
            format!("Run {noun} {n}"),
            "post",
            format!("{item}/run"),
            vec![id],
            Some(media::run_body()),
            media::event_stream(),
        ),
        Kind::Headers => (
            format!("Export {noun} {n}"),
            "get",
            format!("{item}/export"),
            vec![id],
            None,
            media::with_headers(json!({"type": "object", "properties": {
                "format": media::open_enum(), "value": media::primitive_union(), "entity": entity}})),
        ),
    };
    let tag = format!("Resource{p}");
    let error = json!({"description": "Error", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}}}});
    // A media kind gives its whole response or body object; the JSON kinds a schema.
    let success = media::response(response);
    let mut op = json!({
        "tags": [tag],
        "summary": summary,
        "description": format!("{summary}. Synthetic operation for the benchmark."),
        "parameters": params,
        "responses": {"200": success, "400": error.clone(), "404": error},
    });
    if let (Some(body), Some(obj)) = (body, op.as_object_mut()) {
        obj.insert("requestBody".into(), media::request_body(body));
    }
    let scope = if method == "get" { "read" } else { "write" };
    let frag = json!({
        "openapi": "3.0.0",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "tags": [{"name": tag, "description": format!("Synthetic resource {p}.")}],
        "servers": [
            {"url": "https://eu1.make.com/api/v2", "description": "EU1 production zone"},
            {"url": "https://us1.make.com/api/v2", "description": "US1 production zone"}],
        "security": [{"token": [format!("resource{p}:{scope}")]}],
        "components": {"securitySchemes": {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}},
        "paths": {path: {method: op}},
    });
    (summary, frag)
}

/// An entity object: a field set from a pool of nine, chosen by `i` and `p` so the same shapes
/// recur on different resources (dedup) and the same nouns carry different shapes (naming).
fn entity(i: usize, p: usize) -> Value {
    let pool: [(&str, Value); 9] = [
        ("id", json!({"type": "integer"})),
        ("name", json!({"type": "string"})),
        ("created", json!({"type": "string", "format": "datetime"})),
        ("size", json!({"type": "bigint"})),
        ("status", json!({"type": "string", "enum": ["active", "inactive", "archived"]})),
        ("tags", json!({"type": "array", "items": {"type": "string"}})),
        (
            "owner",
            json!({"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string", "format": "email"}}}),
        ),
        ("metadata", json!({"type": "object", "additionalProperties": {}})),
        ("description", json!({"type": "string", "nullable": true})),
    ];
    let pick = (i * 7 + p * 3) % 128;
    let mut props = serde_json::Map::new();
    for (bit, (name, schema)) in pool.iter().enumerate() {
        // `id` and `name` always; the others by the bits of `pick`.
        if bit < 2 || pick & (1 << (bit - 2)) != 0 {
            props.insert((*name).to_string(), schema.clone());
        }
    }
    json!({"type": "object", "properties": props})
}

/// Make's paging parameters plus `cols[]`, a filter whose type varies with `i`.
fn list_params(i: usize) -> Vec<Value> {
    let filter = match i % 3 {
        0 => json!({"type": "string"}),
        1 => json!({"type": "integer"}),
        _ => json!({"type": "string", "enum": ["all", "mine", "shared"]}),
    };
    vec![
        json!({"name": "filter", "in": "query", "schema": filter}),
        json!({"name": "cols", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}),
        json!({"name": "pg[offset]", "in": "query", "schema": {"type": "integer"}}),
        json!({"name": "pg[limit]", "in": "query", "schema": {"type": "integer"}}),
        json!({"name": "pg[sortBy]", "in": "query", "schema": {"type": "string"}}),
        json!({"name": "pg[sortDir]", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}),
    ]
}

/// Make's `pg` object, identical on every list response (the generator emits it once).
fn pg_object() -> Value {
    json!({"type": "object", "properties": {
        "last": {"type": "string"}, "showLast": {"type": "boolean"}, "sortBy": {"type": "string"},
        "sortDir": {"type": "string"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}}})
}
