//! Emits `src/types.rs`: one struct, string enum or untagged enum per named type of the type space.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::render::Part;
use super::{cfg_features, ident, ty};
use crate::docs::{doc_attrs, sanitize};
use crate::typespace::naming::{pascal, unique_pascal};
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
    Some(match &def.kind {
        TypeKind::Struct { fields, additional } => struct_item(space, id, def, fields, additional, &cfg),
        TypeKind::StringEnum { values } => string_enum(def, values, &cfg),
        TypeKind::OneOf { variants } => one_of(space, def, variants, &cfg),
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
            _ => format!("The `{}` field.", f.json_name.replace('`', "'")),
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

/// Strips the enum's own name from a variant (`Status` + `StatusActive` → `Active`), which
/// `clippy::enum_variant_names` would flag.
fn strip_enum_name(variant: String, enum_name: &str) -> String {
    let stripped = variant
        .strip_prefix(enum_name)
        .or_else(|| variant.strip_suffix(enum_name))
        .filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
    stripped.map_or(variant.clone(), str::to_owned)
}

fn string_enum(def: &TypeDef, values: &[String], cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def, &format!("One of the documented `{}` values.", def.name));
    let stripped: Vec<String> = values
        .iter()
        .map(|v| match v.trim() {
            "" => "Empty".to_owned(),
            v => strip_enum_name(pascal(v), &def.name),
        })
        .collect();
    let raw: Vec<&str> = stripped.iter().map(String::as_str).collect();
    let mut taken = BTreeSet::new();
    let variants: Vec<_> = unique_pascal(&raw, &mut taken).iter().map(|v| ident(v)).collect();
    let other =
        ["Other", "Unknown", "Undocumented"].into_iter().find(|c| !taken.contains(*c)).unwrap_or("UndocumentedValue");
    let other = ident(other);
    let variant_docs = values.iter().map(|v| doc_attrs(&format!("`{}`", v.replace('`', "'"))));
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the API docs do not list (kept verbatim).
            #other(String),
        }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => value.as_str(),
                }
            }
        }

        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn one_of(space: &TypeSpace, def: &TypeDef, variants: &[TypeRef], cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def, &format!("The `{}` value, which takes one of several shapes.", def.name));
    let items = variants.iter().map(|v| {
        let (word, boxed) = match v {
            TypeRef::Bool => ("Bool", false),
            TypeRef::I64 | TypeRef::BigInt => ("Integer", false),
            TypeRef::F64 => ("Number", false),
            TypeRef::String => ("String", false),
            TypeRef::Vec(_) => ("Array", false),
            TypeRef::Named(id) => match space.get(*id).map(|d| &d.kind) {
                Some(TypeKind::StringEnum { .. }) => ("String", false),
                _ => ("Object", true),
            },
            _ => ("Object", false),
        };
        let variant = ident(word);
        let inner = ty(space, v);
        let inner = if boxed { quote!(Box<#inner>) } else { inner };
        let docs = doc_attrs(&format!("The value as {}.", super::describe(space, v, true)));
        quote!(#docs #variant(#inner),)
    });
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#items)*
        }
    }
}
