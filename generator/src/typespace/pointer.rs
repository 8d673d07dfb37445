//! Local `$ref` targets: parses a reference (`#/paths/~1orders/get/responses/404/…`) into JSON
//! pointer segments (percent-decoding the URI fragment, then RFC 6901 `~1`/`~0` unescaping) and
//! walks the typed spec to the schema, parameter, request body or response it names — no copy
//! of the spec, any local location.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent,
    PathItem, ReferenceOr, RequestBody, Response, Responses, Schema, SchemaKind, StatusCode, Type,
};

use crate::error::Pointer;

/// The segments of the local reference `reference` (`#/paths/~1orders` → `paths`, `/orders`),
/// or why it is not one.
///
/// # Errors
/// A reference that is not local (`other.yaml#/…`), or not a well-formed JSON pointer.
pub fn parse(reference: &str) -> Result<Vec<String>, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!("`$ref` to `{reference}` is not supported: only local references (`#/…`) are"));
    };
    if fragment.is_empty() {
        return Ok(Vec::new());
    }
    let Some(path) = fragment.strip_prefix('/') else {
        return Err(format!("`$ref` `{reference}` is not a JSON pointer (it must start with `#/`)"));
    };
    path.split('/')
        .map(|raw| {
            segment(raw).ok_or_else(|| {
                format!("`$ref` `{reference}` is not a valid JSON pointer (bad `%` or `~` escape in `{raw}`)")
            })
        })
        .collect()
}

/// One pointer segment: percent-decoded (URI fragment), then `~1` → `/` and `~0` → `~`.
fn segment(raw: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = tail.get(..2).and_then(|h| std::str::from_utf8(h).ok())?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = tail.get(2..)?;
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => match chars.next() {
                Some('1') => out.push('/'),
                Some('0') => out.push('~'),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// The pointer of `segments`, for error locations.
pub(crate) fn to_pointer(segments: &[String]) -> Pointer {
    segments.iter().fold(Pointer::root(), |p, s| p.join(s))
}

/// A schema found at a pointer: a reference to follow or the schema itself.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaAt<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> SchemaAt<'s> {
    /// The schema (or reference) held by a `ReferenceOr` of a schema or a boxed schema.
    pub(crate) fn of<S: std::borrow::Borrow<Schema>>(r: &'s ReferenceOr<S>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(reference),
            ReferenceOr::Item(s) => SchemaAt::Item(s.borrow()),
        }
    }
}

/// A location in the spec while a pointer is walked.
#[derive(Clone, Copy)]
pub(crate) enum Node<'s> {
    Root(&'s OpenAPI),
    Paths(&'s IndexMap<String, ReferenceOr<PathItem>>),
    PathItem(&'s PathItem),
    Operation(&'s Operation),
    Parameters(&'s [ReferenceOr<Parameter>]),
    Parameter(&'s ReferenceOr<Parameter>),
    RequestBody(&'s ReferenceOr<RequestBody>),
    Responses(&'s Responses),
    Response(&'s ReferenceOr<Response>),
    Content(&'s IndexMap<String, MediaType>),
    MediaType(&'s MediaType),
    Headers(&'s IndexMap<String, ReferenceOr<Header>>),
    Header(&'s ReferenceOr<Header>),
    Components(&'s Components),
    ComponentSchemas(&'s IndexMap<String, ReferenceOr<Schema>>),
    ComponentParameters(&'s IndexMap<String, ReferenceOr<Parameter>>),
    ComponentBodies(&'s IndexMap<String, ReferenceOr<RequestBody>>),
    ComponentResponses(&'s IndexMap<String, ReferenceOr<Response>>),
    Schema(SchemaAt<'s>),
    Properties(&'s IndexMap<String, ReferenceOr<Box<Schema>>>),
    SchemaList(&'s [ReferenceOr<Schema>]),
}

/// The node at `segments` below the document root, if there is one.
pub(crate) fn lookup<'s>(spec: &'s OpenAPI, segments: &[String]) -> Option<Node<'s>> {
    segments.iter().try_fold(Node::Root(spec), |node, seg| step(node, seg))
}

fn index<'l, T>(list: &'l [T], seg: &str) -> Option<&'l T> {
    // RFC 6901 array indices: digits without leading zeros.
    if seg.len() > 1 && seg.starts_with('0') {
        return None;
    }
    list.get(seg.parse::<usize>().ok()?)
}

fn status(seg: &str) -> Option<StatusCode> {
    match seg.as_bytes() {
        [d, b'X' | b'x', b'X' | b'x'] if d.is_ascii_digit() => Some(StatusCode::Range(u16::from(d - b'0'))),
        _ => seg.parse().ok().map(StatusCode::Code),
    }
}

fn step<'s>(node: Node<'s>, seg: &str) -> Option<Node<'s>> {
    Some(match node {
        Node::Root(spec) => match seg {
            "paths" => Node::Paths(&spec.paths.paths),
            "components" => Node::Components(spec.components.as_ref()?),
            _ => return None,
        },
        Node::Paths(paths) => match paths.get(seg)? {
            ReferenceOr::Item(item) => Node::PathItem(item),
            ReferenceOr::Reference { .. } => return None,
        },
        Node::PathItem(item) => match seg {
            "parameters" => Node::Parameters(&item.parameters),
            method => Node::Operation(item.iter().find(|(m, _)| *m == method)?.1),
        },
        Node::Operation(op) => match seg {
            "parameters" => Node::Parameters(&op.parameters),
            "requestBody" => Node::RequestBody(op.request_body.as_ref()?),
            "responses" => Node::Responses(&op.responses),
            _ => return None,
        },
        Node::Parameters(list) => Node::Parameter(index(list, seg)?),
        Node::Parameter(ReferenceOr::Item(p)) => match (seg, &p.parameter_data_ref().format) {
            ("schema", ParameterSchemaOrContent::Schema(s)) => Node::Schema(SchemaAt::of(s)),
            ("content", ParameterSchemaOrContent::Content(c)) => Node::Content(c),
            _ => return None,
        },
        Node::RequestBody(ReferenceOr::Item(b)) => match seg {
            "content" => Node::Content(&b.content),
            _ => return None,
        },
        Node::Responses(r) => match seg {
            "default" => Node::Response(r.default.as_ref()?),
            code => Node::Response(r.responses.get(&status(code)?)?),
        },
        Node::Response(ReferenceOr::Item(r)) => match seg {
            "content" => Node::Content(&r.content),
            "headers" => Node::Headers(&r.headers),
            _ => return None,
        },
        Node::Content(content) => Node::MediaType(content.get(seg)?),
        Node::MediaType(m) => match seg {
            "schema" => Node::Schema(SchemaAt::of(m.schema.as_ref()?)),
            _ => return None,
        },
        Node::Headers(h) => Node::Header(h.get(seg)?),
        Node::Header(ReferenceOr::Item(h)) => match (seg, &h.format) {
            ("schema", ParameterSchemaOrContent::Schema(s)) => Node::Schema(SchemaAt::of(s)),
            ("content", ParameterSchemaOrContent::Content(c)) => Node::Content(c),
            _ => return None,
        },
        Node::Components(c) => match seg {
            "schemas" => Node::ComponentSchemas(&c.schemas),
            "parameters" => Node::ComponentParameters(&c.parameters),
            "requestBodies" => Node::ComponentBodies(&c.request_bodies),
            "responses" => Node::ComponentResponses(&c.responses),
            "headers" => Node::Headers(&c.headers),
            _ => return None,
        },
        Node::ComponentSchemas(m) => Node::Schema(SchemaAt::of(m.get(seg)?)),
        Node::ComponentParameters(m) => Node::Parameter(m.get(seg)?),
        Node::ComponentBodies(m) => Node::RequestBody(m.get(seg)?),
        Node::ComponentResponses(m) => Node::Response(m.get(seg)?),
        Node::Schema(SchemaAt::Item(s)) => schema_step(s, seg)?,
        Node::Properties(props) => Node::Schema(SchemaAt::of(props.get(seg)?)),
        Node::SchemaList(list) => Node::Schema(SchemaAt::of(index(list, seg)?)),
        // A pointer cannot go through a `$ref` object: it has no members but `$ref`.
        Node::Parameter(ReferenceOr::Reference { .. })
        | Node::RequestBody(ReferenceOr::Reference { .. })
        | Node::Response(ReferenceOr::Reference { .. })
        | Node::Header(ReferenceOr::Reference { .. })
        | Node::Schema(SchemaAt::Ref(_)) => return None,
    })
}

/// A member of a schema: `properties`, `items`, `additionalProperties`, the composition lists, `not`.
fn schema_step<'s>(schema: &'s Schema, seg: &str) -> Option<Node<'s>> {
    let additional = |a: Option<&'s AdditionalProperties>| match a? {
        AdditionalProperties::Schema(s) => Some(Node::Schema(SchemaAt::of(s))),
        AdditionalProperties::Any(_) => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => match seg {
            "properties" => Some(Node::Properties(&o.properties)),
            "additionalProperties" => additional(o.additional_properties.as_ref()),
            _ => None,
        },
        SchemaKind::Type(Type::Array(a)) if seg == "items" => Some(Node::Schema(SchemaAt::of(a.items.as_ref()?))),
        SchemaKind::Type(_) => None,
        SchemaKind::OneOf { one_of: list } if seg == "oneOf" => Some(Node::SchemaList(list)),
        SchemaKind::AnyOf { any_of: list } if seg == "anyOf" => Some(Node::SchemaList(list)),
        SchemaKind::AllOf { all_of: list } if seg == "allOf" => Some(Node::SchemaList(list)),
        SchemaKind::Not { not } if seg == "not" => Some(Node::Schema(SchemaAt::of(not))),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::Not { .. } => None,
        SchemaKind::Any(any) => match seg {
            "properties" => Some(Node::Properties(&any.properties)),
            "additionalProperties" => additional(any.additional_properties.as_ref()),
            "items" => Some(Node::Schema(SchemaAt::of(any.items.as_ref()?))),
            "oneOf" => Some(Node::SchemaList(&any.one_of)),
            "anyOf" => Some(Node::SchemaList(&any.any_of)),
            "allOf" => Some(Node::SchemaList(&any.all_of)),
            "not" => Some(Node::Schema(SchemaAt::of(any.not.as_deref()?))),
            _ => None,
        },
    }
}

/// Spec objects a `$ref` may stand for outside schemas: parameters, request bodies, responses,
/// response headers.
pub(crate) trait Referable: Sized + 'static {
    /// What the object is called in messages (`parameter`, …).
    const WHAT: &'static str;
    /// The object (or reference) at `node`, if `node` holds this kind of object.
    fn at(node: Node<'_>) -> Option<&ReferenceOr<Self>>;
}

impl Referable for Parameter {
    const WHAT: &'static str = "parameter";
    fn at(node: Node<'_>) -> Option<&ReferenceOr<Self>> {
        match node {
            Node::Parameter(p) => Some(p),
            _ => None,
        }
    }
}

impl Referable for RequestBody {
    const WHAT: &'static str = "request body";
    fn at(node: Node<'_>) -> Option<&ReferenceOr<Self>> {
        match node {
            Node::RequestBody(b) => Some(b),
            _ => None,
        }
    }
}

impl Referable for Response {
    const WHAT: &'static str = "response";
    fn at(node: Node<'_>) -> Option<&ReferenceOr<Self>> {
        match node {
            Node::Response(r) => Some(r),
            _ => None,
        }
    }
}

impl Referable for Header {
    const WHAT: &'static str = "header";
    fn at(node: Node<'_>) -> Option<&ReferenceOr<Self>> {
        match node {
            Node::Header(h) => Some(h),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_into_unescaped_segments() {
        let cases: &[(&str, &[&str])] = &[
            ("#", &[]),
            ("#/components/schemas/Pet", &["components", "schemas", "Pet"]),
            (
                "#/paths/~1orders~1{id}/get/responses/404/content/application~1json/schema",
                &["paths", "/orders/{id}", "get", "responses", "404", "content", "application/json", "schema"],
            ),
            ("#/paths/~1a%7Bb%7D/x~0y~01", &["paths", "/a{b}", "x~y~1"]),
            ("#/components/schemas/Caf%C3%A9", &["components", "schemas", "Café"]),
            ("#/a//b", &["a", "", "b"]),
        ];
        for (reference, expected) in cases {
            assert_eq!(
                parse(reference).as_deref(),
                Ok(&expected.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()[..]),
                "{reference}"
            );
        }
        for bad in ["other.yaml#/A", "#A", "#/a~2", "#/a~", "#/a%zz", "#/a%4", "#/a%FF", "https://x/y"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_keys_and_indices() {
        assert_eq!(status("404"), Some(StatusCode::Code(404)));
        assert_eq!(status("4XX"), Some(StatusCode::Range(4)));
        assert_eq!(status("abc"), None);
        assert_eq!(index(&[1, 2], "1"), Some(&2));
        assert_eq!(index(&[1, 2], "01"), None);
        assert_eq!(index(&[1, 2], "-1"), None);
    }
}
