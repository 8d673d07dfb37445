//! Emits the enum-shaped types of `src/types.rs`: open string and integer enums (a catch-all
//! variant keeps undocumented values), untagged unions (`Display` when every variant is a
//! scalar, so they work as path and query parameters) and internally tagged unions (decoded and
//! encoded through the shared helpers of `src/tagged.rs`; unknown tags keep the raw JSON).

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, ty};
use crate::docs::{code, doc_attrs};
use crate::typespace::naming::{pascal, unique_pascal};
use crate::typespace::{TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};

/// The name of an enum's catch-all variant: the first of the usual names no variant took.
fn catch_all(taken: &BTreeSet<String>) -> proc_macro2::Ident {
    let name =
        ["Other", "Unknown", "Undocumented"].into_iter().find(|c| !taken.contains(*c)).unwrap_or("UndocumentedValue");
    ident(name)
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

/// Unique variant identifiers for `words` (raw names) of enum `enum_name`, and the names taken.
fn variant_idents(words: &[String], enum_name: &str) -> (Vec<proc_macro2::Ident>, BTreeSet<String>) {
    let stripped: Vec<String> = words
        .iter()
        .map(|w| match w.trim() {
            "" => "Empty".to_owned(),
            w => strip_enum_name(pascal(w), enum_name),
        })
        .collect();
    let raw: Vec<&str> = stripped.iter().map(String::as_str).collect();
    let mut taken = BTreeSet::new();
    let idents = unique_pascal(&raw, &mut taken).iter().map(|v| ident(v)).collect();
    (idents, taken)
}

pub(super) fn string_enum(def: &TypeDef, docs: TokenStream, values: &[String], cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let (variants, taken) = variant_idents(values, &def.name);
    let other = catch_all(&taken);
    let variant_docs = values.iter().map(|v| doc_attrs(&code(v)));
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

/// An integer literal pattern or expression (`-3` as a negated literal).
fn int_literal(value: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 { quote!(-#abs) } else { quote!(#abs) }
}

/// An integer enum: variants named by the spec (`x-enum-varnames`) or `N<value>` (`Minus<value>`
/// for negative values), plus a catch-all.
pub(super) fn int_enum(
    def: &TypeDef,
    docs: TokenStream,
    values: &[i64],
    names: &[String],
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let words: Vec<String> = if names.len() == values.len() {
        names.to_vec()
    } else {
        values.iter().map(|v| if *v < 0 { format!("Minus{}", v.unsigned_abs()) } else { format!("N{v}") }).collect()
    };
    let (variants, taken) = variant_idents(&words, &def.name);
    let other = catch_all(&taken);
    let literals: Vec<TokenStream> = values.iter().map(|v| int_literal(*v)).collect();
    let variant_docs = values.iter().map(|v| doc_attrs(&format!("`{v}`")));
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the API docs do not list (kept verbatim).
            #other(i64),
        }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #( Self::#variants => #literals, )*
                    Self::#other(value) => value,
                }
            }
        }

        #cfg
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #literals => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// An untagged union: one variant per JSON kind, tried in a safe order. A union of scalars
/// converts `From` each variant's value and is `Display` (its value as a path or query word).
pub(super) fn one_of(
    space: &TypeSpace<'_>,
    id: TypeId,
    def: &TypeDef,
    docs: TokenStream,
    variants: &[TypeRef],
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let items: Vec<(proc_macro2::Ident, TokenStream, bool)> = variants
        .iter()
        .map(|v| {
            let (word, boxed) = match v {
                TypeRef::Bool => ("Bool", false),
                TypeRef::I64 | TypeRef::BigInt => ("Integer", false),
                TypeRef::F64 => ("Number", false),
                TypeRef::String => ("String", false),
                TypeRef::Vec(_) => ("Array", false),
                TypeRef::Named(_) => match space.kind(v) {
                    Some(TypeKind::StringEnum { .. }) => ("String", false),
                    Some(TypeKind::IntEnum { .. }) => ("Integer", false),
                    _ => ("Object", true),
                },
                _ => ("Object", false),
            };
            (ident(word), ty(space, v), boxed)
        })
        .collect();
    let variant_items = items.iter().zip(variants).map(|((variant, inner, boxed), v)| {
        let inner = if *boxed { quote!(Box<#inner>) } else { inner.clone() };
        let docs = doc_attrs(&format!("The value as {}.", super::describe(space, v, true)));
        quote!(#docs #variant(#inner),)
    });
    let scalar = space.is_scalar(&TypeRef::Named(id));
    let froms = items.iter().filter(|_| scalar).map(|(variant, inner, _)| {
        quote! {
            #cfg
            impl From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    // `"latest".into()`: a string converts into the union's string variant.
    let from_str = items.iter().zip(variants).filter(|_| scalar).find_map(|((variant, _, _), v)| match v {
        TypeRef::String => Some(quote!(Self::#variant(value.to_owned()))),
        TypeRef::Named(_) if matches!(space.kind(v), Some(TypeKind::StringEnum { .. })) => {
            Some(quote!(Self::#variant(value.into())))
        }
        _ => None,
    });
    let from_str = from_str.map(|build| {
        quote! {
            #cfg
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    #build
                }
            }
        }
    });
    let display = scalar.then(|| {
        let arms =
            items.iter().map(|(variant, _, _)| quote!(Self::#variant(value) => std::fmt::Display::fmt(value, f),));
        quote! {
            #cfg
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variant_items)*
        }
        #(#froms)*
        #from_str
        #display
    }
}

/// An internally tagged union: a variant per tag value holding its payload, and a catch-all
/// holding any other JSON as it came (so it is sent back unchanged).
pub(super) fn tagged(
    space: &TypeSpace<'_>,
    def: &TypeDef,
    docs: TokenStream,
    tag: &str,
    variants: &[(String, TypeRef)],
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let values: Vec<String> = variants.iter().map(|(v, _)| v.clone()).collect();
    let (idents, taken) = variant_idents(&values, &def.name);
    let other = catch_all(&taken);
    let tag_doc = code(tag);
    let items = variants.iter().zip(&idents).map(|((value, payload), variant)| {
        let payload = ty(space, payload);
        let docs = doc_attrs(&format!("{tag_doc} is {}.", code(value)));
        quote!(#docs #variant(Box<#payload>),)
    });
    let encode = variants.iter().zip(&idents).map(|((value, _), variant)| {
        quote!(Self::#variant(value) => crate::tagged::serialize(serializer, #tag, #value, value),)
    });
    let decode = variants.iter().zip(&idents).map(|((value, payload), variant)| {
        // A payload that declares the tag property itself decodes it too; others never see it.
        let strip = !matches!(space.kind(payload), Some(TypeKind::Struct { fields, .. }) if fields.iter().any(|f| f.json_name == tag));
        quote!(Some(#value) => Self::#variant(crate::tagged::variant(value, #tag, #strip)?),)
    });
    let other_doc =
        doc_attrs(&format!("An object whose {tag_doc} the docs do not list (or that has none), kept as it came."));
    quote! {
        #cfg
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#items)*
            #other_doc
            #other(serde_json::Value),
        }

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::#other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::tagged::deserialize(deserializer, #tag, |tag, value| {
                    Ok(match tag {
                        #(#decode)*
                        _ => Self::#other(value),
                    })
                })
            }
        }
    }
}
