//! Emits the resource modules: `src/resources/mod.rs` (the `Client` accessors) and one module per
//! tag segment holding its handle type, operation methods and request builders. The operations'
//! shared error decoders are in `src/resources/mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::errors::Decoders;
use super::ident;
use super::operations::{items as operation_items, method as operation_method};
use super::render::Part;
use crate::docs::{code, doc_attrs, inner_doc_attrs, sanitize};
use crate::ir::{Api, Resource};
use crate::lower::all_operations;
use crate::typespace::TypeSpace;

/// Operations per render part of a resource module (parts are printed in parallel).
const OPS_PER_PART: usize = 16;

/// The parts of every resource module, root first, then depth first in module order.
/// The operations' error decoders follow the root module's own items, as a part of their own.
pub(crate) fn resource_parts<'a>(api: &'a Api<'_>, decoders: &'a Decoders) -> Vec<Part<'a>> {
    let mut out = vec![
        Part::tokens("src/resources/mod.rs", || root_file(api)),
        Part::tokens("src/resources/mod.rs", || decoders.definitions(&api.types)),
    ];
    for child in api.root.children.values() {
        module_parts(&api.types, decoders, child, "src/resources", &mut out);
    }
    out
}

fn accessor_docs(resource: &Resource) -> TokenStream {
    let mut text = format!("Operations tagged {}.", code(&resource.tag));
    if let Some(d) = resource.docs.as_deref().filter(|d| !d.trim().is_empty()) {
        text.push_str("\n\n");
        text.push_str(&sanitize(d));
    }
    doc_attrs(&text)
}

/// The `cfg` of a child resource's module and accessor: at the top level (`top`) its cargo
/// feature; when every operation under it is internal, the `internal` feature as well (its
/// handle would hold nothing without it).
fn child_cfg(child: &Resource, top: bool) -> TokenStream {
    let internal = all_operations(child).all(|op| op.internal);
    let feature = &child.module;
    match (top, internal) {
        (true, false) => quote!(#[cfg(feature = #feature)]),
        (true, true) => quote!(#[cfg(all(feature = #feature, feature = "internal"))]),
        (false, true) => quote!(#[cfg(feature = "internal")]),
        (false, false) => TokenStream::new(),
    }
}

/// Accessor methods returning child handles (`fn organizations(&self) -> organizations::Organizations`).
/// With `gate`, each accessor is behind its resource's cargo feature (top level only).
fn accessors(resource: &Resource, client: &TokenStream, gate: bool) -> Vec<TokenStream> {
    resource
        .children
        .values()
        .map(|child| {
            let module = ident(&child.module);
            let handle = ident(&child.handle);
            let docs = accessor_docs(child);
            let cfg = child_cfg(child, gate);
            quote! {
                #docs
                #cfg
                pub fn #module(&self) -> #module::#handle {
                    #module::#handle::new(#client)
                }
            }
        })
        .collect()
}

fn mod_decls(resource: &Resource, gate: bool) -> Vec<TokenStream> {
    resource
        .children
        .values()
        .map(|child| {
            let module = ident(&child.module);
            let cfg = child_cfg(child, gate);
            quote!(#cfg pub mod #module;)
        })
        .collect()
}

fn root_file(api: &Api) -> TokenStream {
    let mods = mod_decls(&api.root, true);
    let accessors = accessors(&api.root, &quote!(self.clone()), true);
    quote! {
        //! Resource handles, one per API tag: `client.organizations()`, `client.admin().organizations()`.
        #(#mods)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

fn module_parts<'a>(
    space: &'a TypeSpace,
    decoders: &'a Decoders,
    resource: &'a Resource,
    dir: &str,
    out: &mut Vec<Part<'a>>,
) {
    let path = if resource.children.is_empty() {
        format!("{dir}/{}.rs", resource.module)
    } else {
        format!("{dir}/{}/mod.rs", resource.module)
    };
    out.push(Part::tokens(&path, move || module_head(space, resource)));
    for chunk in resource.operations.chunks(OPS_PER_PART) {
        out.push(Part::tokens(&path, move || {
            let handle = ident(&resource.handle);
            let items = chunk.iter().map(|op| operation_items(space, &handle, op, decoders));
            quote!(#(#items)*)
        }));
    }
    let sub = format!("{dir}/{}", resource.module);
    for child in resource.children.values() {
        module_parts(space, decoders, child, &sub, out);
    }
}

/// The start of a resource module: its docs, submodules, handle type and the handle's methods.
fn module_head(space: &TypeSpace, resource: &Resource) -> TokenStream {
    let handle = ident(&resource.handle);
    let mods = mod_decls(resource, false);
    let accessors = accessors(resource, &quote!(self.client.clone()), false);
    let methods = resource.operations.iter().map(|op| operation_method(space, op));
    let module_doc = inner_doc_attrs(&format!("Operations tagged {}.", code(&resource.tag)));
    let handle_docs = accessor_docs(resource);
    quote! {
        #module_doc
        #(#mods)*

        #handle_docs
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: crate::Client,
        }

        impl #handle {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }
            #(#accessors)*
            #(#methods)*
        }
    }
}
