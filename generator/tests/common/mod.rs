//! Shared helpers for the generator's integration tests: inline spec building and syn lookups.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod shapes;
pub mod workspace;

use generator::{Config, GeneratedFile, generate};
use quote::ToTokens;
use serde_json::{Value, json};

/// The six Make servers.
pub fn servers() -> Value {
    json!([
        {"url": "https://eu1.make.com/api/v2", "description": "EU1 production zone"},
        {"url": "https://eu2.make.com/api/v2", "description": "EU2 production zone"},
        {"url": "https://us1.make.com/api/v2", "description": "US1 production zone"},
        {"url": "https://us2.make.com/api/v2", "description": "US2 production zone"},
        {"url": "https://eu1.make.celonis.com/api/v2", "description": "Celonis EU1 production zone"},
        {"url": "https://us1.make.celonis.com/api/v2", "description": "Celonis US1 production zone"}
    ])
}

/// A spec with the given `paths`.
pub fn spec(paths: Value) -> openapiv3::OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": servers(),
        "paths": paths
    }))
    .expect("fixture is a valid OpenAPI document")
}

/// An operation object with the required Make metadata around `extra` fields.
pub fn op(id: &str, tag: &str, extra: Value) -> Value {
    let mut base = json!({
        "operationId": id,
        "tags": [tag],
        "summary": format!("Summary of {id}"),
        "description": "",
        "security": [{"token": ["organizations:read"]}],
        "responses": {"200": {"description": "ok"}}
    });
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

/// A `200` response whose JSON body is `schema`.
pub fn ok_json(schema: Value) -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}})
}

/// Generates with the default config, panicking with the error.
pub fn gen_files(spec: &openapiv3::OpenAPI) -> Vec<GeneratedFile> {
    generate(spec, &Config::default()).unwrap_or_else(|e| panic!("generation failed: {e}"))
}

/// The contents of `path`.
pub fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no file {path}; have {:?}", paths(files))).contents
}

pub fn paths(files: &[GeneratedFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

/// Parses a generated Rust file.
pub fn parse(src: &str) -> syn::File {
    syn::parse_file(src).unwrap_or_else(|e| panic!("does not parse: {e}\n{src}"))
}

/// All items of a file, including those nested in inline modules.
pub fn items(src: &str) -> Vec<syn::Item> {
    parse(src).items
}

pub fn find_struct(src: &str, name: &str) -> Option<syn::ItemStruct> {
    items(src).into_iter().find_map(|i| match i {
        syn::Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    })
}

pub fn find_enum(src: &str, name: &str) -> Option<syn::ItemEnum> {
    items(src).into_iter().find_map(|i| match i {
        syn::Item::Enum(e) if e.ident == name => Some(e),
        _ => None,
    })
}

/// Names of all structs and enums in a file.
pub fn type_names(src: &str) -> Vec<String> {
    items(src)
        .into_iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// A struct field by Rust name: `(type as tokens, attributes as tokens)`.
pub fn field(s: &syn::ItemStruct, name: &str) -> Option<(String, String)> {
    s.fields.iter().find_map(|f| {
        let ident = f.ident.as_ref()?;
        (ident == name).then(|| {
            let attrs: Vec<String> = f
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("serde"))
                .map(|a| a.to_token_stream().to_string())
                .collect();
            (f.ty.to_token_stream().to_string(), attrs.join(" "))
        })
    })
}

/// The names of all fields of a struct.
pub fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)).collect()
}

/// Whether the item's attributes mention `needle` (token text, spaces normalized away).
pub fn attrs_contain(attrs: &[syn::Attribute], needle: &str) -> bool {
    attrs.iter().any(|a| a.to_token_stream().to_string().replace(' ', "").contains(&needle.replace(' ', "")))
}

/// The doc text of an item's attributes, joined by newlines.
pub fn docs(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// All `impl` blocks' functions named `name` in a file.
pub fn find_fn(src: &str, name: &str) -> Option<syn::ImplItemFn> {
    items(src).into_iter().find_map(|i| match i {
        syn::Item::Impl(im) => im.items.into_iter().find_map(|ii| match ii {
            syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        }),
        _ => None,
    })
}

/// Text of a token-bearing node with whitespace removed, for substring checks.
pub fn compact(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// Panics unless every piece occurs in `text`, in this order.
pub fn assert_in_order(text: &str, pieces: &[&str]) {
    let mut last = 0;
    for piece in pieces {
        let at = text.find(piece).unwrap_or_else(|| panic!("{piece} not in {text}"));
        assert!(at >= last, "{piece} out of order in {text}");
        last = at;
    }
}
