//! Emits `src/documented_error.rs` (the `DocumentedError` enum) and the error decoders that
//! map a status code to its documented body type, one per distinct list of documented errors,
//! shared by the operations that document it.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{cfg_any, ident};
use crate::docs::doc_attrs;
use crate::ir::{Api, Operation, StatusMatch};
use crate::lower::all_operations;
use crate::typespace::naming::unique;
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

/// One arm of a decoder: the statuses it matches and the body type it decodes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arm {
    /// Exact codes, in the order the spec lists them.
    Codes(Vec<u16>, TypeId),
    /// A `4XX`-style class (its first digit).
    Range(u16, TypeId),
    /// Any other status.
    Default(TypeId),
}

/// The arms of the decoder of `errors`: exact codes grouped by body type (in order of first
/// appearance), then status classes, then the catch-all, whatever the spec's order (a range
/// after the catch-all would be unreachable). Only the first `default` counts.
fn arms(errors: &[(StatusMatch, TypeId)]) -> Vec<Arm> {
    let mut codes: Vec<Arm> = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for (status, id) in errors {
        match status {
            StatusMatch::Code(code) => match codes.iter_mut().find(|arm| matches!(arm, Arm::Codes(_, t) if t == id)) {
                Some(Arm::Codes(list, _)) => list.push(*code),
                _ => codes.push(Arm::Codes(vec![*code], *id)),
            },
            StatusMatch::Range(digit) => ranges.push(Arm::Range(*digit, *id)),
            StatusMatch::Default => default = default.or(Some(Arm::Default(*id))),
        }
    }
    codes.extend(ranges);
    codes.extend(default);
    codes
}

/// Longest decoder name; longer ones are cut at a `_` and end in `_etc`.
const MAX_DECODER_NAME: usize = 64;

/// The error decoders operations share, by the errors they decode: one per distinct list of
/// documented errors, named after what it decodes (`errors_400_404_error_message`), so a name
/// changes only when what it decodes does. Operations without documented errors use
/// `no_documented_errors`.
pub(crate) struct Decoders {
    by_errors: BTreeMap<Vec<(StatusMatch, TypeId)>, Decoder>,
}

/// Documented errors: each status (or class) with its body type.
type ErrorList = [(StatusMatch, TypeId)];

/// One shared decoder.
struct Decoder {
    name: String,
    /// What it matches and decodes, in match order.
    arms: Vec<Arm>,
    /// The cargo features (top-level resources) whose operations use it, in resource order, each
    /// with whether an operation that is not internal does.
    users: Vec<(String, bool)>,
}

impl Decoders {
    /// The decoders of every operation of `api` (one pass over the operations).
    pub(crate) fn of(api: &Api) -> Self {
        let mut users: BTreeMap<&ErrorList, Vec<(String, bool)>> = BTreeMap::new();
        for group in api.root.children.values() {
            for op in all_operations(group) {
                let list = users.entry(op.errors.as_slice()).or_default();
                match list.last_mut() {
                    Some((feature, public)) if *feature == group.module => *public |= !op.internal,
                    _ => list.push((group.module.clone(), !op.internal)),
                }
            }
        }
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut by_errors = BTreeMap::new();
        for (errors, users) in users {
            let arms = arms(errors);
            let name = if arms.is_empty() { "no_documented_errors".to_owned() } else { base_name(&api.types, &arms) };
            let name = unique(name, &mut taken, "_");
            by_errors.insert(errors.to_vec(), Decoder { name, arms, users });
        }
        Decoders { by_errors }
    }

    /// The path of the decoder of `op`'s errors (`crate::resources::errors_404_error_message`).
    pub(crate) fn path(&self, op: &Operation) -> TokenStream {
        let name = ident(self.by_errors.get(&op.errors).map_or("no_documented_errors", |d| d.name.as_str()));
        quote!(crate::resources::#name)
    }

    /// Every decoder's definition, sorted by name, each compiled only with the feature of a
    /// resource whose operations use it (and with `internal` too when only internal ones do).
    pub(crate) fn definitions(&self, space: &TypeSpace) -> TokenStream {
        let mut sorted: Vec<&Decoder> = self.by_errors.values().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        let fns = sorted.into_iter().map(|decoder| {
            let cfg = users_cfg(&decoder.users);
            decoder_fn(space, &ident(&decoder.name), &decoder.arms, &cfg)
        });
        quote!(#(#fns)*)
    }
}

/// `#[cfg(…)]` for an item the operations of these features use: any of the features, each with
/// `internal` as well when only its internal operations use the item.
fn users_cfg(users: &[(String, bool)]) -> TokenStream {
    let conditions = users.iter().map(|(feature, public)| {
        if *public { quote!(feature = #feature) } else { quote!(all(feature = #feature, feature = "internal")) }
    });
    cfg_any(conditions.collect())
}

/// A decoder's name from its arms: `errors_` then, per arm, its statuses and body type.
fn base_name(space: &TypeSpace, arms: &[Arm]) -> String {
    let snake = |id: &TypeId| space.name(*id).to_snake_case();
    let parts = arms.iter().map(|arm| match arm {
        Arm::Codes(codes, id) => {
            let codes: Vec<String> = codes.iter().map(u16::to_string).collect();
            format!("{}_{}", codes.join("_"), snake(id))
        }
        Arm::Range(digit, id) => format!("{digit}xx_{}", snake(id)),
        Arm::Default(id) => format!("other_{}", snake(id)),
    });
    let name: String = std::iter::once("errors".to_owned()).chain(parts).collect::<Vec<_>>().join("_");
    if name.len() <= MAX_DECODER_NAME {
        return name;
    }
    // Cut at the last `_` that leaves room for `_etc` (the one after `errors` at least).
    let room = MAX_DECODER_NAME - "_etc".len();
    let underscores = name.char_indices().filter(|(i, c)| *c == '_' && *i <= room);
    let cut = underscores.map(|(i, _)| i).next_back().unwrap_or(name.len());
    format!("{}_etc", &name[..cut])
}

/// A decoder fn named `fn_name` with these arms, behind `cfg`.
fn decoder_fn(space: &TypeSpace, fn_name: &Ident, arms: &[Arm], cfg: &TokenStream) -> TokenStream {
    let decode = |id: &TypeId| {
        let name = ident(space.name(*id));
        quote! {
            serde_json::from_slice::<crate::types::#name>(body)
                .ok()
                .map(|b| crate::DocumentedError::#name(Box::new(b)))
        }
    };
    let docs = doc_attrs(&decoder_docs(space, arms));
    let body = match arms {
        [] => quote!(None),
        // Only a `default` response: every status decodes the same way (a one-arm `match` is
        // clippy::match_single_binding).
        [Arm::Default(id)] => decode(id),
        arms => {
            let fallback = (!matches!(arms.last(), Some(Arm::Default(_)))).then(|| quote!(_ => None,));
            let arms = arms.iter().map(|arm| match arm {
                Arm::Codes(codes, id) => {
                    let codes = codes.iter().map(|c| Literal::u16_unsuffixed(*c));
                    let body = decode(id);
                    quote!( #(#codes)|* => #body, )
                }
                // A guard, not a range pattern: ranges overlapping exact codes trip
                // clippy::match_overlapping_arm.
                Arm::Range(digit, id) => {
                    let digit = Literal::u16_unsuffixed(*digit);
                    let body = decode(id);
                    quote!( _ if status / 100 == #digit => #body, )
                }
                Arm::Default(id) => {
                    let body = decode(id);
                    quote!( _ => #body, )
                }
            });
            quote! {
                match status {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    let (status, body_arg) = match arms {
        [] => (quote!(_status), quote!(_body)),
        [Arm::Default(_)] => (quote!(_status), quote!(body)),
        _ => (quote!(status), quote!(body)),
    };
    quote! {
        #docs
        #cfg
        pub(crate) fn #fn_name(#status: u16, #body_arg: &[u8]) -> Option<crate::DocumentedError> {
            #body
        }
    }
}

/// What a decoder decodes, for its docs.
fn decoder_docs(space: &TypeSpace, arms: &[Arm]) -> String {
    if arms.is_empty() {
        return "Error decoder of operations without documented error bodies.".to_owned();
    }
    let link = |id: &TypeId| format!("[`{0}`](crate::types::{0})", space.name(*id));
    let lines: Vec<String> = arms
        .iter()
        .map(|arm| match arm {
            Arm::Codes(codes, id) => {
                let codes: Vec<String> = codes.iter().map(u16::to_string).collect();
                format!("- {}: {}", codes.join(", "), link(id))
            }
            Arm::Range(digit, id) => format!("- {digit}XX: {}", link(id)),
            Arm::Default(id) => format!("- any other status: {}", link(id)),
        })
        .collect();
    format!("Error decoder of operations documenting these error bodies:\n\n{}", lines.join("\n"))
}
