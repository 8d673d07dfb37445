//! Lowers one spec operation: parameters, path template, scopes and doc metadata (pagination
//! is detected in [`super::paging`]); bodies and responses are lowered by media type in [`super::media`].

use std::collections::BTreeSet;

use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
};

use super::media::{OpNames, Responses, request_body, responses};
use super::{HANDLE_METHODS, query_template};
use crate::error::{Error, Pointer};
use crate::ir::{self, Operation, Param, PathSegment, Style};
use crate::typespace::naming::{TRAIT_METHODS, operation_noun, pascal, snake, unique_snake};
use crate::typespace::refs::deref;
use crate::typespace::{Hint, TypeRef, TypeSpace, convert_schema};

/// Builder identifiers a parameter must not take (fields and methods of every request builder).
pub(super) const BUILDER_NAMES: &[&str] = &["body", "client", "parts", "send", "send_raw", "stream"];

/// Setter prefixes clippy's `wrong_self_convention` reserves: such setters get a `set_` prefix.
const CONVERSION_PREFIXES: &[&str] = &["as_", "from_", "into_", "is_", "to_"];

/// Lowers `op` (`method` on `path`, at `ptr`); returns its tag and the IR operation.
pub(super) fn lower_operation(
    spec: &OpenAPI,
    config: &crate::Config,
    types: &mut TypeSpace,
    (path, method): (&str, &str),
    item: &PathItem,
    op: &SpecOperation,
    item_ptr: &Pointer,
) -> Result<(String, Operation), Error> {
    let ptr = &item_ptr.join(method);
    let op_id = op.operation_id.as_deref().ok_or_else(|| Error::new(ptr, "operation has no `operationId`"))?;
    let mut method_name = snake(op_id);
    if HANDLE_METHODS.contains(&method_name.as_str()) || TRAIT_METHODS.contains(&method_name.as_str()) {
        method_name.push('_');
    }
    let tag = op.tags.first().cloned().ok_or_else(|| Error::new(&ptr.join("tags"), "operation has no tag"))?;
    let op_pascal = pascal(op_id);
    let op_noun = operation_noun(op_id);
    let hint = Hint::named(&op_noun).in_tag(&tag);
    let params = parameters(spec, config, types, item, op, (ptr, item_ptr), &hint)?;
    let mut path_params = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    for (location, param) in params {
        match location {
            Location::Path => path_params.push(param),
            Location::Query => query.push(param),
            Location::Header => headers.push(param),
            Location::Cookie => cookies.push(param),
        }
    }
    let (route, fixed_query) = query_template::apply(path, &mut path_params, &mut query, (&headers, &cookies), ptr)?;
    let segments = path_segments(route, &path_params, ptr)?;
    // Path params in template order (that is the argument order too).
    let order: Vec<usize> = segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Param(i) => Some(*i),
            PathSegment::Literal(_) => None,
        })
        .collect();
    let path_params: Vec<Param> = order.iter().filter_map(|i| path_params.get(*i).cloned()).collect();
    let segments = renumber(segments, &order);

    let names = OpNames { method: &method_name, pascal: &op_pascal, noun: &op_noun, tag: &tag };
    let body = request_body(spec, types, op, ptr, &names)?;
    let Responses { success, headers: response_headers, errors } = responses(spec, types, op, ptr, &names)?;
    let pagination = match &success {
        crate::ir::Success::Json(response) => super::paging::pagination(types, &query, body.as_ref(), response),
        _ => None,
    };
    let op_ir = Operation {
        headers_type: format!("{op_pascal}Headers"),
        builder_name: format!("{op_pascal}Request"),
        method_name,
        http_method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        segments,
        path_params,
        query,
        fixed_query,
        headers,
        cookies,
        body,
        success,
        response_headers,
        errors,
        pagination,
        summary: op.summary.clone(),
        description: op.description.clone(),
        scopes: scopes(spec, op),
        auth: ir::OpAuth::Preferred,
        inferred: op.extensions.get("x-make-inferred") == Some(&serde_json::Value::Bool(true)),
        internal: false,
        deprecated: op.deprecated,
    };
    Ok((tag, op_ir))
}

/// Where a lowered parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// Header parameters OpenAPI 3.0 says SHALL be ignored (the client sets these itself).
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Path-item and operation parameters (operation wins on the same name+location), converted.
/// Header parameters named `Accept`, `Content-Type` or `Authorization` are dropped (OpenAPI 3.0
/// says they SHALL be ignored). Returns each parameter with its location, in spec order.
fn parameters(
    spec: &OpenAPI,
    config: &crate::Config,
    types: &mut TypeSpace,
    item: &PathItem,
    op: &SpecOperation,
    (op_ptr, item_ptr): (&Pointer, &Pointer),
    op_hint: &Hint,
) -> Result<Vec<(Location, Param)>, Error> {
    let mut all: Vec<(Pointer, &Parameter)> = Vec::new();
    let sources = [(op_ptr.join("parameters"), &op.parameters), (item_ptr.join("parameters"), &item.parameters)];
    for (base, list) in sources {
        for (i, p) in list.iter().enumerate() {
            let p_ptr = base.join(i);
            let p = deref(spec, p, &p_ptr)?;
            let data = p.parameter_data_ref();
            if !all.iter().any(|(_, q)| same_param(q, p, &data.name)) {
                all.push((p_ptr, p));
            }
        }
    }
    all.retain(|(_, p)| {
        !matches!(p, Parameter::Header { parameter_data, .. }
            if IGNORED_HEADERS.contains(&parameter_data.name.to_ascii_lowercase().as_str()))
    });
    let mut taken: BTreeSet<String> = BUILDER_NAMES.iter().map(|s| (*s).to_owned()).collect();
    let raw: Vec<&str> = all.iter().map(|(_, p)| ident_word(&p.parameter_data_ref().name)).collect();
    let idents = unique_snake(&raw, &mut taken);
    let mut setters_taken: BTreeSet<String> = BUILDER_NAMES.iter().map(|s| (*s).to_owned()).collect();
    let mut out = Vec::new();
    for ((p_ptr, p), ident) in all.into_iter().zip(idents) {
        let setter = setter_name(&ident, &mut setters_taken);
        let data = p.parameter_data_ref();
        let location = match p {
            Parameter::Path { .. } => Location::Path,
            Parameter::Query { .. } => Location::Query,
            Parameter::Header { .. } | Parameter::Cookie { .. } => {
                // A cookie name is an RFC 6265 token, like a header name.
                if !is_header_name(&data.name) {
                    let what = if matches!(p, Parameter::Header { .. }) { "header" } else { "cookie" };
                    return Err(Error::new(
                        &p_ptr.join("name"),
                        format!("{what} parameter name `{}` is not a valid HTTP {what} name", data.name),
                    ));
                }
                if matches!(p, Parameter::Header { .. }) { Location::Header } else { Location::Cookie }
            }
        };
        // `content` instead of `schema`: the schema of its (first) media type.
        let (schema, s_ptr, media) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (s, p_ptr.join("schema"), None),
            ParameterSchemaOrContent::Content(content) => {
                let c_ptr = p_ptr.join("content");
                let (media, mt) =
                    content.iter().next().ok_or_else(|| Error::new(&c_ptr, "parameter `content` is empty"))?;
                let m_ptr = c_ptr.join(media);
                let schema =
                    mt.schema.as_ref().ok_or_else(|| Error::new(&m_ptr, "parameter content has no `schema`"))?;
                (schema, m_ptr.join("schema"), Some(media.as_str()))
            }
        };
        let hint = op_hint.property(ident_word(&data.name));
        let converted = convert_schema(types, schema, &s_ptr, &hint)?;
        let ty = converted.ty;
        let plain = match &ty {
            TypeRef::Vec(inner) => is_scalar(types, inner),
            other => is_scalar(types, other),
        };
        let scalar = plain && !matches!(ty, TypeRef::Vec(_));
        let style = match media {
            // A scalar is written as text whatever the media type (a JSON string's quotes are
            // never what a server expects in a URL); anything else as JSON text.
            Some(_) if scalar => Style::Plain,
            Some(media) if media.contains("json") => Style::Json,
            Some(media) => {
                return Err(Error::new(
                    &s_ptr,
                    format!(
                        "parameter `{}` with `content` `{media}` must be a scalar (or use a JSON media type)",
                        data.name
                    ),
                ));
            }
            None => match p {
                Parameter::Path { style, .. } => path_style(style, data.explode, scalar),
                _ => param_style(p, &ty, plain),
            },
        };
        let brackets = config.query_arrays == crate::QueryArrays::Brackets;
        let wire_name = if location == Location::Query
            && matches!(ty, TypeRef::Vec(_))
            && matches!(style, Style::Plain | Style::Exploded)
            && brackets
            && !data.name.ends_with("[]")
        {
            format!("{}[]", data.name)
        } else {
            data.name.clone()
        };
        let required = data.required || location == Location::Path;
        let (docs, deprecated) = (data.description.clone(), data.deprecated == Some(true));
        out.push((location, Param { wire_name, ident, setter, ty, required, docs, style, deprecated }));
    }
    Ok(out)
}

/// How parameter `p` of type `ty` is written; `plain` when the type is a scalar or an array of
/// scalars. Defaults per OpenAPI 3.0: `form` (query, cookie) explodes, `simple` (header) and the
/// delimited styles do not. A scalar is `name=value` in every style.
fn param_style(p: &Parameter, ty: &TypeRef, plain: bool) -> Style {
    if plain && !matches!(ty, TypeRef::Vec(_)) {
        return Style::Plain;
    }
    let explode = p.parameter_data_ref().explode;
    let (separator, explode) = match p {
        Parameter::Query { style: QueryStyle::DeepObject, .. } => return Style::Deep,
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => ('|', explode.unwrap_or(false)),
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => (' ', explode.unwrap_or(false)),
        Parameter::Query { style: QueryStyle::Form, .. } | Parameter::Cookie { .. } => (',', explode.unwrap_or(true)),
        // `simple` arrays of scalars are comma-joined whether exploded or not.
        Parameter::Header { .. } | Parameter::Path { .. } if plain => return Style::Plain,
        Parameter::Header { .. } | Parameter::Path { .. } => (',', explode.unwrap_or(false)),
    };
    match (plain, explode) {
        (true, true) => Style::Plain,
        (false, true) => Style::Exploded,
        (_, false) => Style::Joined(separator),
    }
}

/// How a path parameter is written: a `simple` scalar as its text ([`Style::Plain`]), anything
/// else per its `style` and `explode` (default `false`) through the runtime's `path_styled`.
fn path_style(style: &PathStyle, explode: Option<bool>, scalar: bool) -> Style {
    let explode = explode.unwrap_or(false);
    match style {
        PathStyle::Simple if scalar => Style::Plain,
        PathStyle::Simple => Style::Path(ir::PathStyle::Simple { explode }),
        PathStyle::Label => Style::Path(ir::PathStyle::Label { explode }),
        PathStyle::Matrix => Style::Path(ir::PathStyle::Matrix { explode }),
    }
}

/// An RFC 9110 field name: one or more `tchar`s.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The builder setter of parameter `ident`, unique among `taken` setters: `set_` in front of
/// names clippy reserves for conversions or std trait methods.
pub(super) fn setter_name(ident: &str, taken: &mut BTreeSet<String>) -> String {
    let reserved = CONVERSION_PREFIXES.iter().any(|p| ident.starts_with(p)) || TRAIT_METHODS.contains(&ident);
    let base = if reserved { format!("set_{ident}") } else { ident.to_owned() };
    unique_snake(&[base.as_str()], taken).pop().unwrap_or(base)
}

fn same_param(a: &Parameter, b: &Parameter, name: &str) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b) && a.parameter_data_ref().name == name
}

/// `pg[sortDir]` → `sortDir`, `cols[]` → `cols`; others unchanged.
fn ident_word(name: &str) -> &str {
    let trimmed = name.strip_suffix("[]").unwrap_or(name);
    match (trimmed.find('['), trimmed.strip_suffix(']')) {
        (Some(open), Some(inner)) => inner.get(open + 1..).unwrap_or(trimmed),
        _ => trimmed,
    }
}

pub(super) fn is_scalar(types: &TypeSpace, ty: &TypeRef) -> bool {
    types.is_scalar(ty)
}

/// Splits `/a/{x}/b` into literals and params; every template name must be a path parameter and
/// every path parameter must appear in the template.
fn path_segments(path: &str, params: &[Param], ptr: &Pointer) -> Result<Vec<PathSegment>, Error> {
    let mut out = Vec::new();
    let mut rest = path;
    let mut used = BTreeSet::new();
    while let Some(open) = rest.find('{') {
        let close = rest
            .get(open..)
            .and_then(|r| r.find('}'))
            .map(|c| c + open)
            .ok_or_else(|| Error::new(ptr, format!("unclosed `{{` in path `{path}`")))?;
        let literal = rest.get(..open).unwrap_or("");
        if !literal.is_empty() {
            out.push(PathSegment::Literal(literal.to_owned()));
        }
        let name = rest.get(open + 1..close).unwrap_or("");
        let index = params.iter().position(|p| p.wire_name == name).ok_or_else(|| {
            Error::new(
                &ptr.join("parameters"),
                format!("path template names `{{{name}}}` but no path parameter `{name}` is declared"),
            )
        })?;
        used.insert(index);
        out.push(PathSegment::Param(index));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_owned()));
    }
    if let Some(unused) = params.iter().enumerate().find(|(i, _)| !used.contains(i)) {
        return Err(Error::new(
            &ptr.join("parameters"),
            format!("path parameter `{}` does not appear in path `{path}`", unused.1.wire_name),
        ));
    }
    Ok(out)
}

/// Maps param indices from declaration order to template order.
fn renumber(segments: Vec<PathSegment>, order: &[usize]) -> Vec<PathSegment> {
    segments
        .into_iter()
        .map(|s| match s {
            PathSegment::Param(i) => PathSegment::Param(order.iter().position(|o| *o == i).unwrap_or(0)),
            lit => lit,
        })
        .collect()
}

/// Scopes of the operation's (or the spec's) security requirements, deduplicated in order.
fn scopes(spec: &OpenAPI, op: &SpecOperation) -> Vec<String> {
    let reqs = op.security.as_ref().or(spec.security.as_ref());
    let mut out: Vec<String> = Vec::new();
    for req in reqs.into_iter().flatten() {
        for scope in req.values().flatten() {
            if !out.contains(scope) {
                out.push(scope.clone());
            }
        }
    }
    out
}
