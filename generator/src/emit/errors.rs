//! Emits `src/documented_error.rs` (the `DocumentedError` enum) and the per-operation
//! error decoders that map a status code to its documented body type.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::docs::doc_attrs;
use crate::ir::{Api, StatusMatch};
use crate::typespace::{TypeId, TypeSpace};

/// The tokens of `src/documented_error.rs`.
pub(crate) fn documented_error_file(api: &Api) -> TokenStream {
    let variants = api.errors.iter().map(|id| {
        let name = ident(api.types.name(*id));
        let doc =
            format!("The body of an error response documented as [`{0}`](crate::types::{0}).", api.types.name(*id));
        let doc = doc_attrs(&doc);
        let cfg = super::cfg_features(api.type_features.get(id.0).into_iter().flatten());
        quote! { #doc #cfg #name(Box<crate::types::#name>), }
    });
    quote! {
        //! Typed bodies of the error responses the API docs describe.

        /// The typed body of a documented error response.
        ///
        /// Found in the API error (`Error::Api`) when the status code and body match an error
        /// response documented for the operation; undocumented errors leave it empty.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq)]
        pub enum DocumentedError {
            #(#variants)*
        }
    }
}

/// A private decoder fn named `fn_name` for an operation's documented errors.
pub(crate) fn decoder_fn(space: &TypeSpace, fn_name: &Ident, errors: &[(StatusMatch, TypeId)]) -> TokenStream {
    let mut by_type: BTreeMap<TypeId, Vec<Literal>> = BTreeMap::new();
    let mut first_seen: Vec<TypeId> = Vec::new();
    let mut tail = Vec::new();
    let mut default = None;
    for (status, id) in errors {
        match status {
            StatusMatch::Code(code) => {
                if !first_seen.contains(id) {
                    first_seen.push(*id);
                }
                by_type.entry(*id).or_default().push(Literal::u16_unsuffixed(*code));
            }
            StatusMatch::Range(digit) => {
                // A guard, not a range pattern: ranges overlapping exact codes trip
                // clippy::match_overlapping_arm.
                let digit = Literal::u16_unsuffixed(*digit);
                tail.push((quote!(_ if status / 100 == #digit), *id));
            }
            // The catch-all goes last, whatever the spec's order (a range after it would be
            // unreachable).
            StatusMatch::Default => default = default.or(Some(*id)),
        }
    }
    let decode = |id: TypeId| {
        let name = ident(space.name(id));
        quote! {
            serde_json::from_slice::<crate::types::#name>(body)
                .ok()
                .map(|b| crate::DocumentedError::#name(Box::new(b)))
        }
    };
    let mut arms: Vec<TokenStream> = first_seen
        .iter()
        .map(|id| {
            let codes = by_type.get(id).cloned().unwrap_or_default();
            let body = decode(*id);
            quote!( #(#codes)|* => #body, )
        })
        .collect();
    arms.extend(tail.into_iter().map(|(pattern, id)| {
        let body = decode(id);
        quote!( #pattern => #body, )
    }));
    let fallback = match default {
        // Only a `default` response: every status decodes the same way (a one-arm `match` is
        // clippy::match_single_binding).
        Some(id) if arms.is_empty() => {
            let body = decode(id);
            return quote! {
                fn #fn_name(_status: u16, body: &[u8]) -> Option<crate::DocumentedError> {
                    #body
                }
            };
        }
        Some(id) => {
            let body = decode(id);
            quote!(_ => #body,)
        }
        None => quote!(_ => None,),
    };
    quote! {
        fn #fn_name(status: u16, body: &[u8]) -> Option<crate::DocumentedError> {
            match status {
                #(#arms)*
                #fallback
            }
        }
    }
}
