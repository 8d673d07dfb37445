//! Pagination detection: which list operations get a `stream()` of all their items, paged by
//! offset (Make's `pg[offset]`/`pg[limit]`) or by token (`pageToken` → `nextPageToken` and the
//! other common spellings).

use crate::ir::{Body, BodyKind, Pagination, Paging, Param};
use crate::typespace::{Field, TypeKind, TypeRef, TypeSpace};

/// `(request parameter, response field)` names of token paging, compared without case and `_`:
/// the response names the next page's token, the request sends it back.
const TOKEN_PAIRS: &[(&str, &str)] = &[
    ("pagetoken", "nextpagetoken"),
    ("cursor", "nextcursor"),
    ("nexttoken", "nexttoken"),
    ("continuationtoken", "continuationtoken"),
    ("continuationtoken", "nextcontinuationtoken"),
];

/// The paging of an operation with query parameters `query` and JSON success type `response`:
/// its response must be a struct whose items are its only array field, or its only array of
/// named types (`items` beside a `warnings: [string]`); then either optional `pg[offset]` and
/// `pg[limit]` integer parameters (offset paging), or an optional string parameter and a string
/// field that form a known token pair (token paging).
///
/// A token parameter that the request body also has as a property is ambiguous (APIs.guru's AWS
/// specs declare `NextToken` in the query and in the JSON body, and the service reads the body):
/// such an operation gets no stream rather than one that re-reads its first page.
pub(super) fn pagination(
    types: &TypeSpace,
    query: &[Param],
    body: Option<&Body>,
    response: &TypeRef,
) -> Option<Pagination> {
    let fields = struct_fields(types, response)?;
    let (items_field, item) = items(fields)?;
    let body_fields: Vec<&Field> = body
        .into_iter()
        .flat_map(|b| &b.forms)
        .filter_map(|form| match &form.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) => struct_fields(types, ty),
            _ => None,
        })
        .flatten()
        .collect();
    let paging = offset_paging(query).or_else(|| token_paging(query, fields, &body_fields))?;
    Some(Pagination { items_field, item, paging })
}

/// The fields of `ty` when it is a generated struct.
fn struct_fields<'a>(types: &'a TypeSpace, ty: &TypeRef) -> Option<&'a [Field]> {
    let TypeRef::Named(id) = ty else {
        return None;
    };
    match &types.get(*id)?.kind {
        TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

/// The items: the only array field, else the only array of named types.
fn items(fields: &[Field]) -> Option<(String, TypeRef)> {
    let arrays: Vec<(&Field, &TypeRef)> = fields
        .iter()
        .filter_map(|f| match &f.ty {
            TypeRef::Vec(item) => Some((f, &**item)),
            _ => None,
        })
        .collect();
    let only = |list: &[(&Field, &TypeRef)]| match list {
        [(field, item)] => Some((field.json_name.clone(), (*item).clone())),
        _ => None,
    };
    only(&arrays).or_else(|| {
        let named: Vec<(&Field, &TypeRef)> =
            arrays.iter().copied().filter(|(_, item)| matches!(item, TypeRef::Named(_))).collect();
        only(&named)
    })
}

/// Optional integer `pg[offset]` and `pg[limit]` parameters.
fn offset_paging(query: &[Param]) -> Option<Paging> {
    let position = |wire: &str| query.iter().position(|p| p.wire_name == wire && !p.required && p.ty == TypeRef::I64);
    Some(Paging::Offset { offset: position("pg[offset]")?, limit: position("pg[limit]")? })
}

/// An optional string parameter and a string response field forming one of [`TOKEN_PAIRS`],
/// the parameter not also a property of the request body (`body_fields`).
fn token_paging(query: &[Param], fields: &[Field], body_fields: &[&Field]) -> Option<Paging> {
    let in_body = |name: &str| body_fields.iter().any(|f| folded(&f.json_name) == name);
    TOKEN_PAIRS.iter().filter(|(param, _)| !in_body(param)).find_map(|(param, field)| {
        let is_token = |p: &Param| !p.required && p.ty == TypeRef::String && folded(&p.wire_name) == *param;
        let token = query.iter().position(is_token)?;
        let next = fields.iter().find(|f| f.ty == TypeRef::String && folded(&f.json_name) == *field)?;
        Some(Paging::Token { token, next_field: next.json_name.clone() })
    })
}

/// `name` in lower case without `_` or `-`: `next_page_token` and `nextPageToken` compare equal.
fn folded(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '_' | '-')).map(|c| c.to_ascii_lowercase()).collect()
}
