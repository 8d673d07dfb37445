//! Emits `src/types.rs`: one struct, enum or union per named type of the type space (the
//! enum-shaped ones in [`super::enums`]).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::render::Part;
use super::{cfg_features, enums, ident, ty};
use crate::docs::{code, doc_attrs, sanitize};
use crate::typespace::{Field, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace, field_idents};

/// Largest number of required fields that still get a `new(...)` constructor
/// (more would trip `clippy::too_many_arguments`).
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// Types per render part of `src/types.rs` (parts are printed in parallel).
const TYPES_PER_PART: usize = 64;

/// The parts of `src/types.rs`: the module docs, then every named type with its impls, each
/// behind the cargo features of the operations that use it.
pub(crate) fn types_parts<'a>(space: &'a TypeSpace, features: &'a [BTreeSet<String>]) -> Vec<Part<'a>> {
    let ids = space.named_ids();
    if ids.is_empty() {
        return vec![Part::tokens(TYPES_FILE, module_docs)];
    }
    ids.chunks(TYPES_PER_PART)
        .enumerate()
        .map(|(n, chunk)| {
            let chunk = chunk.to_vec();
            Part::tokens(TYPES_FILE, move || {
                let docs = (n == 0).then(module_docs);
                let items = chunk.iter().filter_map(|id| type_items(space, *id, features));
                quote!(#docs #(#items)*)
            })
        })
        .collect()
}

/// Path of the types module.
const TYPES_FILE: &str = "src/types.rs";

fn module_docs() -> TokenStream {
    quote! {
        //! Request and response data types of the API.
        //!
        //! Every object keeps fields the docs do not list in its `extra` map, every string enum has a
        //! catch-all variant for undocumented values, so new server fields never break decoding.
    }
}

/// The items of one named type (nothing for an id without a definition).
fn type_items(space: &TypeSpace, id: TypeId, features: &[BTreeSet<String>]) -> Option<TokenStream> {
    let def = space.get(id)?;
    let cfg = cfg_features(features.get(id.0).into_iter().flatten());
    let name = &def.name;
    Some(match &def.kind {
        TypeKind::Struct { fields, additional } => struct_item(space, id, def, fields, additional, &cfg),
        TypeKind::StringEnum { values } => {
            enums::string_enum(def, type_docs(def, &format!("One of the documented `{name}` values.")), values, &cfg)
        }
        TypeKind::IntEnum { values, names } => {
            let docs = type_docs(def, &format!("One of the documented `{name}` values."));
            enums::int_enum(def, docs, values, names, &cfg)
        }
        TypeKind::OneOf { variants } => {
            let docs = type_docs(def, &format!("The `{name}` value, which takes one of several shapes."));
            enums::one_of(space, id, def, docs, variants, &cfg)
        }
        TypeKind::Tagged { tag, variants } => {
            let docs = type_docs(
                def,
                &format!("The `{name}` object: one of several kinds, told apart by its {} property.", code(tag)),
            );
            enums::tagged(space, def, docs, tag, variants, &cfg)
        }
    })
}

fn type_docs(def: &TypeDef, fallback: &str) -> TokenStream {
    let text = match &def.docs {
        Some(d) if !d.trim().is_empty() => sanitize(d),
        _ => fallback.to_owned(),
    };
    doc_attrs(&text)
}

/// The Rust type of a struct field's value, boxed when it leads back to the struct itself.
fn field_value_ty(space: &TypeSpace, owner: TypeId, f: &Field) -> TokenStream {
    match &f.ty {
        TypeRef::Option(inner) if space.is_recursive_field(owner, &f.ty) => {
            let inner = ty(space, inner);
            quote!(Option<Box<#inner>>)
        }
        t if space.is_recursive_field(owner, t) => {
            let t = ty(space, t);
            quote!(Box<#t>)
        }
        t => ty(space, t),
    }
}

fn struct_item(
    space: &TypeSpace,
    id: TypeId,
    def: &TypeDef,
    fields: &[Field],
    additional: &TypeRef,
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def, &format!("The `{}` object.", def.name));
    let (idents, extra) = field_idents(fields);
    let extra = ident(&extra);
    let additional_ty = ty(space, additional);
    let defaultable = fields.iter().all(|f| !f.required || f.nullable);
    let derive_default = defaultable.then(|| quote!(Default,));
    let owner = id;
    let field_items = fields.iter().zip(&idents).map(|(f, id)| {
        let rust = ident(id);
        let field_ty = field_value_ty(space, owner, f);
        let rename = (id != &f.json_name).then(|| {
            let json = &f.json_name;
            quote!(rename = #json,)
        });
        let docs = doc_attrs(&match &f.docs {
            Some(d) if !d.trim().is_empty() => sanitize(d),
            _ => format!("The {} field.", code(&f.json_name)),
        });
        let (field_ty, serde) = match (f.required, f.nullable) {
            (true, false) => (field_ty, rename.map(|r| quote!(#[serde(#r)]))),
            (true, true) => (quote!(Option<#field_ty>), Some(quote!(#[serde(#rename default)]))),
            (false, _) => (
                quote!(Option<#field_ty>),
                Some(quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])),
            ),
        };
        quote! { #docs #serde pub #rust: #field_ty, }
    });
    let constructor = constructor(space, owner, def, fields, &idents, &extra, defaultable);
    let constructor = constructor.map(|c| quote!(#cfg #c));
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#field_items)*
            /// Fields the API sent that the docs do not list (kept for forward compatibility).
            #[serde(flatten)]
            pub #extra: std::collections::BTreeMap<String, #additional_ty>,
        }
        #constructor
    }
}

/// `new(required...)` for structs that cannot derive `Default`.
fn constructor(
    space: &TypeSpace,
    owner: TypeId,
    def: &TypeDef,
    fields: &[Field],
    idents: &[String],
    extra: &proc_macro2::Ident,
    defaultable: bool,
) -> Option<TokenStream> {
    let required: Vec<_> = fields.iter().zip(idents).filter(|(f, _)| f.required && !f.nullable).collect();
    if defaultable || required.len() > MAX_CONSTRUCTOR_ARGS {
        return None;
    }
    let name = ident(&def.name);
    let args = required.iter().map(|(f, id)| {
        let id = ident(id);
        match f.ty {
            TypeRef::String => quote!(#id: impl Into<String>),
            _ => {
                let t = field_value_ty(space, owner, f);
                quote!(#id: #t)
            }
        }
    });
    let inits = fields.iter().zip(idents).map(|(f, id)| {
        let id = ident(id);
        match (f.required && !f.nullable, &f.ty) {
            (true, TypeRef::String) => quote!(#id: #id.into()),
            (true, _) => quote!(#id),
            (false, _) => quote!(#id: None),
        }
    });
    Some(quote! {
        impl #name {
            /// Creates a value from its required fields; optional fields start as `None`.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra: std::collections::BTreeMap::new() }
            }
        }
    })
}
