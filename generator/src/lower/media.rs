//! Lowers what an operation sends and receives by media type: the request body's forms (JSON,
//! form-encoded, multipart, text, bytes), the success response (JSON, text, a scalar in text,
//! binary, server-sent events, nothing, or no documented response at all), its documented
//! headers, and the typed bodies of documented error responses.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation as SpecOperation, ParameterSchemaOrContent, ReferenceOr, Response, Schema,
    SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::operation::{is_scalar, setter_name};
use crate::error::{Error, Pointer};
use crate::ir::{
    Body, BodyForm, BodyKind, MultipartField, MultipartForm, Param, PartKind, StatusMatch, Style, Success,
};
use crate::typespace::naming::{snake, unique_snake};
use crate::typespace::refs::deref;
use crate::typespace::{Hint, TypeId, TypeRef, TypeSpace, convert_schema};

/// How a media type is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    /// `application/json`, `application/jsonc`, `text/json`, any `…+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Other `multipart/*` (mixed, related, …): not supported as request bodies.
    OtherMultipart,
    /// `text/event-stream`.
    EventStream,
    /// `text/*` and textual application types (XML, JavaScript, YAML, …).
    Text,
    /// Anything else.
    Binary,
}

/// Application subtypes that are text.
const TEXT_SUBTYPES: &[&str] =
    &["xml", "javascript", "ecmascript", "x-javascript", "yaml", "x-yaml", "graphql", "sql", "x-ndjson"];

fn classify(media_type: &str) -> Media {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, sub) {
        (_, "json" | "jsonc") => Media::Json,
        (_, sub) if sub.ends_with("+json") => Media::Json,
        ("application", "x-www-form-urlencoded") => Media::Form,
        ("multipart", "form-data") => Media::Multipart,
        ("multipart", _) => Media::OtherMultipart,
        ("text", "event-stream") => Media::EventStream,
        ("text", _) => Media::Text,
        (_, sub) if sub.ends_with("+xml") || TEXT_SUBTYPES.contains(&sub) => Media::Text,
        _ => Media::Binary,
    }
}

/// Preference among media types, typed forms first: `application/json`, other JSON types,
/// form-encoded, multipart, event streams, text, bytes (ties keep the spec's order).
fn rank(media_type: &str) -> u8 {
    match classify(media_type) {
        Media::Json if media_type.eq_ignore_ascii_case("application/json") => 0,
        Media::Json => 1,
        Media::Form => 2,
        Media::Multipart => 3,
        Media::EventStream => 4,
        Media::Text => 5,
        Media::Binary | Media::OtherMultipart => 6,
    }
}

/// The media types of `content`, preferred first.
fn by_preference(content: &IndexMap<String, MediaType>) -> Vec<(&String, &MediaType)> {
    let mut entries: Vec<(&String, &MediaType)> = content.iter().collect();
    entries.sort_by_key(|(media, _)| rank(media));
    entries
}

/// The `Content-Type` sent for a documented media type: as written, except that a wildcard
/// (`*/*`, `image/*`) names no type, so bytes go as `application/octet-stream`.
fn content_type(media_type: &str) -> String {
    if media_type.contains('*') { "application/octet-stream".to_owned() } else { media_type.to_owned() }
}

/// The method-name suffix of an alternative body form: `multipart`, `form`, `text`, `bytes`,
/// else the media subtype (`jsonc`, `markdown`, `png`, `vnd_api_json`).
fn form_suffix(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let sub = essence.split_once('/').map_or(essence.as_str(), |(_, sub)| sub);
    match (classify(media_type), sub) {
        (Media::Multipart, _) => "multipart".to_owned(),
        (Media::Form, _) => "form".to_owned(),
        (_, "plain") => "text".to_owned(),
        (_, "octet-stream" | "*") => "bytes".to_owned(),
        (_, sub) => snake(sub.strip_prefix("x-").unwrap_or(sub)),
    }
}

/// Names an operation's body and response types derive from.
pub(super) struct OpNames<'a> {
    /// The handle method (`create_context`).
    pub method: &'a str,
    /// PascalCase operation name (`CreateContext`).
    pub pascal: &'a str,
    /// The noun type names start from.
    pub noun: &'a str,
    pub tag: &'a str,
}

/// The request body of `op` (found at `ptr`): every supported media type becomes a form, the
/// preferred first (see [`rank`]); `content: {}` is no body. Other `multipart/*` types are
/// skipped beside a supported form and a located error alone.
pub(super) fn request_body(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    op: &SpecOperation,
    ptr: &Pointer,
    names: &OpNames<'_>,
) -> Result<Option<Body>, Error> {
    let b_ptr = ptr.join("requestBody");
    let body = match &op.request_body {
        None => return Ok(None),
        Some(b) => deref(spec, b, &b_ptr)?,
    };
    if body.content.is_empty() {
        return Ok(None);
    }
    let c_ptr = b_ptr.join("content");
    let supported: Vec<(&String, &MediaType)> = by_preference(&body.content)
        .into_iter()
        .filter(|(media, _)| classify(media) != Media::OtherMultipart)
        .collect();
    if supported.is_empty() {
        let kinds: Vec<&str> = body.content.keys().map(String::as_str).collect();
        return Err(Error::new(
            &c_ptr,
            format!(
                "request bodies of type {} are not supported (only `multipart/form-data` of the multipart types)",
                kinds.join(", ")
            ),
        ));
    }
    let mut taken: BTreeSet<String> = BTreeSet::from([names.method.to_owned()]);
    let mut forms = Vec::with_capacity(supported.len());
    for (index, (media, mt)) in supported.into_iter().enumerate() {
        let m_ptr = c_ptr.join(media);
        let kind = body_kind(spec, types, media, mt, &m_ptr, names)?;
        let method = if index == 0 {
            names.method.to_owned()
        } else {
            let raw = format!("{}_{}", names.method.trim_end_matches('_'), form_suffix(media));
            unique_snake(&[raw.as_str()], &mut taken).pop().unwrap_or(raw)
        };
        forms.push(BodyForm { content_type: content_type(media), kind, method });
    }
    Ok(Some(Body { forms, required: body.required, docs: body.description.clone() }))
}

fn body_kind(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    media: &str,
    mt: &MediaType,
    m_ptr: &Pointer,
    names: &OpNames<'_>,
) -> Result<BodyKind, Error> {
    let s_ptr = m_ptr.join("schema");
    let hint = Hint::operation_root(names.noun, "Body", names.tag);
    Ok(match classify(media) {
        Media::Json => match &mt.schema {
            Some(schema) => BodyKind::Json(convert_schema(types, schema, &s_ptr, &hint)?.ty),
            None => BodyKind::Json(TypeRef::Value),
        },
        Media::Form => {
            let ty = match &mt.schema {
                Some(schema) => convert_schema(types, schema, &s_ptr, &hint)?.ty,
                None => TypeRef::Value,
            };
            match ty {
                TypeRef::Named(_) | TypeRef::Map(_) => BodyKind::Form(ty),
                TypeRef::Value => BodyKind::Form(TypeRef::Map(Box::new(TypeRef::Value))),
                // A form whose schema is not an object (an array, a string: real specs have both)
                // has no fields to encode: the caller passes the encoded text, sent as it is.
                _ => BodyKind::Text,
            }
        }
        Media::Multipart => BodyKind::Multipart(multipart_form(spec, types, mt, &s_ptr, names, &hint)?),
        Media::Text | Media::EventStream => BodyKind::Text,
        Media::Binary | Media::OtherMultipart => BodyKind::Bytes,
    })
}

/// The schema behind `schema`, following `#/components/schemas/` references; `None` for other
/// references, dangling ones and cycles (the caller then falls back to an untyped form).
fn resolve<'a>(spec: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve_ref(spec, reference),
    }
}

/// [`resolve`] for a boxed property schema.
fn resolve_boxed<'a>(spec: &'a OpenAPI, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve_ref(spec, reference),
    }
}

fn resolve_ref<'a>(spec: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    let schemas = &spec.components.as_ref()?.schemas;
    let mut reference = reference;
    for _ in 0..=schemas.len() {
        match schemas.get(reference.strip_prefix("#/components/schemas/")?)? {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// `type: string, format: binary`, or a schema that gives no type at all: a file part.
fn is_file(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.not.is_none()
                && any.format.is_none()
        }
        _ => false,
    }
}

/// The generated form type of a multipart body whose schema is an object with properties;
/// `None` (the untyped `Multipart`) for any other schema.
fn multipart_form(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    mt: &MediaType,
    s_ptr: &Pointer,
    names: &OpNames<'_>,
    hint: &Hint,
) -> Result<Option<MultipartForm>, Error> {
    let Some(schema) = mt.schema.as_ref().and_then(|s| resolve(spec, s)) else {
        return Ok(None);
    };
    let (properties, required) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
        SchemaKind::Any(any) if any.typ.as_deref().is_none_or(|t| t == "object") => (&any.properties, &any.required),
        _ => return Ok(None),
    };
    if properties.is_empty() {
        return Ok(None);
    }
    // The pointer of a property is only meaningful for an inline schema.
    let props_ptr = match &mt.schema {
        Some(ReferenceOr::Item(_)) => s_ptr.join("properties"),
        _ => s_ptr.clone(),
    };
    let raw: Vec<&str> = properties.keys().map(String::as_str).collect();
    let idents = unique_snake(&raw, &mut BTreeSet::new());
    let mut setters_taken = BTreeSet::from(["new".to_owned()]);
    let mut fields = Vec::with_capacity(properties.len());
    for ((name, prop), ident) in properties.iter().zip(idents) {
        let resolved = resolve_boxed(spec, prop);
        let items = resolved.and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => a.items.as_ref().and_then(|i| resolve_boxed(spec, i)),
            _ => None,
        });
        let part = if resolved.is_some_and(is_file) {
            PartKind::File
        } else if items.is_some_and(is_file) {
            PartKind::FileList
        } else {
            let ty = convert_schema(types, prop, &props_ptr.join(name), &hint.property(name))?.ty;
            match ty {
                TypeRef::Vec(inner) if is_scalar(types, &inner) => PartKind::TextList(*inner),
                scalar if is_scalar(types, &scalar) => PartKind::Text(scalar),
                other => PartKind::Json(other),
            }
        };
        let content_type = mt
            .encoding
            .get(name)
            .and_then(|e| e.content_type.as_deref())
            .and_then(|list| list.split(',').next())
            .map(str::trim)
            .filter(|ct| !ct.is_empty() && !ct.contains('*'))
            .map(str::to_owned);
        fields.push(MultipartField {
            wire_name: name.clone(),
            // `new` is the constructor.
            setter: setter_name(if ident == "new" { "set_new" } else { &ident }, &mut setters_taken),
            ident,
            part,
            required: required.contains(name),
            docs: resolved.and_then(|s| s.schema_data.description.clone()),
            content_type,
        });
    }
    Ok(Some(MultipartForm { type_name: format!("{}Multipart", names.pascal), fields }))
}

/// What `send` returns, the documented headers of that response, and the documented errors.
pub(super) struct Responses {
    pub success: Success,
    pub headers: Vec<Param>,
    pub errors: Vec<(StatusMatch, TypeId)>,
}

/// The success response decides what `send` returns: the first 2xx response with a JSON
/// schema; else the first 2xx response with content, by its preferred media type; else `()`
/// when some 2xx response is documented; else (no responses, or only redirects and errors) the
/// raw response. Other responses with a JSON schema that converts to a named type are
/// documented errors.
pub(super) fn responses(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    op: &SpecOperation,
    ptr: &Pointer,
    names: &OpNames<'_>,
) -> Result<Responses, Error> {
    let r_ptr = ptr.join("responses");
    let mut entries: Vec<(StatusMatch, Pointer, &Response)> = Vec::new();
    for (code, r) in &op.responses.responses {
        let (status, key) = match code {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
            StatusCode::Range(c) => (StatusMatch::Range(*c), format!("{c}XX")),
        };
        let e_ptr = r_ptr.join(&key);
        let response = deref(spec, r, &e_ptr)?;
        entries.push((status, e_ptr, response));
    }
    if let Some(r) = &op.responses.default {
        let e_ptr = r_ptr.join("default");
        let response = deref(spec, r, &e_ptr)?;
        entries.push((StatusMatch::Default, e_ptr, response));
    }
    entries.sort_by_key(|(status, _, _)| *status);
    let class = |status: &StatusMatch| match status {
        StatusMatch::Code(c) => c / 100,
        StatusMatch::Range(d) => *d,
        StatusMatch::Default => 0,
    };
    let successes: Vec<&(StatusMatch, Pointer, &Response)> = entries.iter().filter(|(s, _, _)| class(s) == 2).collect();
    let hint = Hint::operation_root(names.noun, "Response", names.tag);
    let json_success = successes.iter().find_map(|(_, e_ptr, response)| {
        let (media, mt) = by_preference(&response.content).into_iter().find(|(m, _)| classify(m) == Media::Json)?;
        let schema = mt.schema.as_ref()?;
        Some((e_ptr, *response, schema, e_ptr.join("content").join(media).join("schema")))
    });
    let decided: (Success, Option<(&Pointer, &Response)>) = if let Some((e_ptr, response, schema, s_ptr)) = json_success
    {
        (Success::Json(convert_schema(types, schema, &s_ptr, &hint)?.ty), Some((e_ptr, response)))
    } else if let Some((_, e_ptr, response)) = successes.iter().find(|(_, _, r)| !r.content.is_empty()) {
        (success_by_media(spec, types, response, e_ptr, &hint)?, Some((e_ptr, *response)))
    } else if let Some((_, e_ptr, response)) = successes.first() {
        (Success::Empty, Some((e_ptr, *response)))
    } else {
        let redirect = entries.iter().find(|(s, _, _)| class(s) == 3);
        (Success::Raw, redirect.map(|(_, e_ptr, response)| (e_ptr, *response)))
    };
    let (success, decided_by) = decided;
    let headers = match decided_by {
        Some((e_ptr, response)) => response_headers(spec, types, response, e_ptr, names)?,
        None => Vec::new(),
    };

    let mut errors = Vec::new();
    for (status, e_ptr, response) in &entries {
        if matches!(class(status), 2 | 3) {
            continue;
        }
        let Some((media, mt)) = by_preference(&response.content).into_iter().find(|(m, _)| classify(m) == Media::Json)
        else {
            continue;
        };
        let Some(schema) = &mt.schema else { continue };
        let s_ptr = e_ptr.join("content").join(media).join("schema");
        let first = if has_property(schema, "message") { "ErrorMessage" } else { "ErrorBody" };
        let noun = format!("{}Error", names.noun);
        let hint =
            Hint::named(names.noun).in_tag(names.tag).scoped(vec![first.to_owned(), noun.clone()], noun.clone(), noun);
        if let TypeRef::Named(id) = convert_schema(types, schema, &s_ptr, &hint)?.ty {
            errors.push((*status, id));
        }
    }
    Ok(Responses { success, headers, errors })
}

/// The success kind of a response with content and no JSON schema, by its preferred media type.
/// Only the schemas whose type is used are converted: an event stream's data, and a scalar in
/// `text/plain` (an XML or binary schema is never typed, so it cannot fail generation).
fn success_by_media(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    response: &Response,
    e_ptr: &Pointer,
    hint: &Hint,
) -> Result<Success, Error> {
    let Some((media, mt)) = by_preference(&response.content).into_iter().next() else {
        return Ok(Success::Empty);
    };
    let s_ptr = e_ptr.join("content").join(media).join("schema");
    let media = media.clone();
    Ok(match (classify(&media), &mt.schema) {
        (Media::Json, _) => Success::Json(TypeRef::Value),
        (Media::EventStream, None) => Success::Events { data: None },
        (Media::EventStream, Some(schema)) => match convert_schema(types, schema, &s_ptr, hint)?.ty {
            TypeRef::String | TypeRef::Value => Success::Events { data: None },
            ty => Success::Events { data: Some(ty) },
        },
        (Media::Text, Some(schema)) if is_value_in_text(spec, &media, schema) => {
            Success::TextValue { ty: convert_schema(types, schema, &s_ptr, hint)?.ty, media }
        }
        (Media::Text | Media::Form, _) => Success::Text { media },
        (Media::Binary | Media::Multipart | Media::OtherMultipart, _) => Success::Binary { media },
    })
}

/// A boolean or number in a non-XML text response (`text/plain` with `type: boolean`).
fn is_value_in_text(spec: &OpenAPI, media: &str, schema: &ReferenceOr<Schema>) -> bool {
    !media.to_ascii_lowercase().contains("xml")
        && resolve(spec, schema).is_some_and(|s| {
            matches!(s.schema_kind, SchemaKind::Type(Type::Boolean(_) | Type::Integer(_) | Type::Number(_)))
        })
}

/// The headers a response documents (`Content-Type` is ignored, as OpenAPI says): scalars and
/// arrays of scalars keep their type, anything else is read as text.
fn response_headers(
    spec: &OpenAPI,
    types: &mut TypeSpace,
    response: &Response,
    e_ptr: &Pointer,
    names: &OpNames<'_>,
) -> Result<Vec<Param>, Error> {
    let documented: Vec<(&String, &ReferenceOr<openapiv3::Header>)> =
        response.headers.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("content-type")).collect();
    let raw: Vec<&str> = documented.iter().map(|(name, _)| name.as_str()).collect();
    let idents = unique_snake(&raw, &mut BTreeSet::new());
    let mut out = Vec::with_capacity(documented.len());
    for ((name, header), ident) in documented.into_iter().zip(idents) {
        let h_ptr = e_ptr.join("headers").join(name);
        let header = deref(spec, header, &h_ptr)?;
        let ty = match &header.format {
            ParameterSchemaOrContent::Schema(schema) if is_scalar_schema(spec, schema) => {
                let hint = Hint::named(names.noun).in_tag(names.tag).property(name);
                let ty = convert_schema(types, schema, &h_ptr.join("schema"), &hint)?.ty;
                match &ty {
                    TypeRef::Vec(inner) if is_scalar(types, inner) => ty,
                    _ if is_scalar(types, &ty) => ty,
                    _ => TypeRef::String,
                }
            }
            _ => TypeRef::String,
        };
        out.push(Param {
            wire_name: name.clone(),
            setter: ident.clone(),
            ident,
            ty,
            required: header.required,
            docs: header.description.clone(),
            // Response headers are read, not written: comma-separated lists, like `simple`.
            style: Style::Plain,
            deprecated: false,
        });
    }
    Ok(out)
}

/// Whether a header schema is a scalar or an array of scalars (checked before converting, so
/// that no type is generated for a header read as text).
fn is_scalar_schema(spec: &OpenAPI, schema: &ReferenceOr<Schema>) -> bool {
    let scalar = |s: &Schema| {
        matches!(
            s.schema_kind,
            SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_))
        )
    };
    match resolve(spec, schema) {
        Some(Schema { schema_kind: SchemaKind::Type(Type::Array(a)), .. }) => {
            a.items.as_ref().and_then(|i| resolve_boxed(spec, i)).is_some_and(scalar)
        }
        Some(s) => scalar(s),
        None => false,
    }
}

fn has_property(schema: &ReferenceOr<Schema>, name: &str) -> bool {
    match schema {
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(o)), .. }) => {
            o.properties.contains_key(name)
        }
        _ => false,
    }
}
