//! Emits `src/zone.rs`: the `Zone` enum built from the spec's absolute `servers`, and what the
//! client builder starts from (the first zone, or none when the caller must give a base URL, plus
//! the path of a relative server).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::docs::{code, doc_attrs, sanitize};
use crate::ir::ZoneDef;

/// The tokens of `src/zone.rs`; `server_path` is the relative server's path (see
/// [`crate::ir::Api::server_path`]).
pub(crate) fn zone_file(zones: &[ZoneDef], server_path: &str) -> TokenStream {
    let variants: Vec<_> = zones.iter().map(|z| ident(&z.variant)).collect();
    let urls: Vec<&str> = zones.iter().map(|z| z.url.as_str()).collect();
    let hosts: Vec<&str> = zones
        .iter()
        .map(|z| {
            let after_scheme = z.url.split("://").nth(1).unwrap_or(&z.url);
            after_scheme.split('/').next().unwrap_or(after_scheme)
        })
        .collect();
    let docs = zones.iter().map(zone_docs);
    let count = proc_macro2::Literal::usize_unsuffixed(zones.len());
    let zone_docs = doc_attrs(&enum_docs(zones, server_path));
    // `match *self {}` alone for an API without zones: a call on it would be unreachable code.
    let (formatter, display) = if zones.is_empty() {
        (quote!(_), quote!(match *self {}))
    } else {
        let body = quote! {
            f.write_str(match *self {
                #( Zone::#variants => #hosts, )*
            })
        };
        (quote!(f), body)
    };
    let (default, fallback) = match variants.first() {
        Some(first) => (
            Some(quote! {
                /// The zone a [`ClientBuilder`](crate::ClientBuilder) starts with: the first one the
                /// API docs list.
                pub const DEFAULT: Zone = Zone::#first;
            }),
            quote!(Some(Zone::#first)),
        ),
        None => (None, quote!(None)),
    };
    quote! {
        //! The zones (API servers) the client can talk to.

        #zone_docs
        #[non_exhaustive]
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Zone {
            #( #docs #variants, )*
        }

        impl Zone {
            /// Every zone, in the order the API docs list them.
            pub const ALL: [Zone; #count] = [#(Zone::#variants),*];

            #default

            /// The API base URL of the zone, including the path the API's operations live under.
            pub const fn base_url(self) -> &'static str {
                match self {
                    #( Zone::#variants => #urls, )*
                }
            }
        }

        impl std::fmt::Display for Zone {
            /// Writes the zone's host name, e.g. `eu1.make.com`.
            fn fmt(&self, #formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #display
            }
        }

        /// The zone a client builder starts with (`None`: a base URL is required).
        pub(crate) const DEFAULT_ZONE: Option<Zone> = #fallback;

        /// The path appended to a base URL the caller gives (a relative server of the spec).
        pub(crate) const SERVER_PATH: &str = #server_path;
    }
}

/// The docs of one zone variant: its description, URL and server variables.
fn zone_docs(z: &ZoneDef) -> TokenStream {
    let mut text = match &z.description {
        Some(d) => format!("{} ({}).", sanitize(d).trim_end_matches('.'), code(&z.url)),
        None => format!("{}.", code(&z.url)),
    };
    for (name, default, values) in &z.variables {
        let values: Vec<String> = values.iter().map(|v| code(v)).collect();
        let allowed = if values.is_empty() { String::new() } else { format!(" (allowed: {})", values.join(", ")) };
        text.push_str(&format!(
            "\n\nServer variable {} is {} here{allowed}; for another value pass the whole URL to \
             `ClientBuilder::base_url`.",
            code(name),
            code(default),
        ));
    }
    doc_attrs(&text)
}

/// The docs of the `Zone` enum.
fn enum_docs(zones: &[ZoneDef], server_path: &str) -> String {
    let Some(first) = zones.first() else {
        let below = if server_path.is_empty() {
            "The operations' paths are appended to it as they are.".to_owned()
        } else {
            format!(
                "The API's operations live under {} on that server, which the client appends: \
                 pass `https://api.example.com` to call {}.",
                code(server_path),
                code(&format!("https://api.example.com{server_path}/…")),
            )
        };
        return format!(
            "The API's zones: none, as its spec names no absolute server URL.\n\nA client needs a \
             base URL: [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) is required \
             ([`ClientBuilder::build`](crate::ClientBuilder::build) fails with \
             [`Error::Config`](crate::Error::Config) without it). {below}"
        );
    };
    let host = first.url.split("://").nth(1).unwrap_or(&first.url).split('/').next().unwrap_or("");
    format!(
        "A zone: one of the API servers the docs list.\n\nPick the zone that hosts your account (for \
         example {} is [`Zone::{}`]).\nOther instances (self-hosted, White Label, a test server) \
         use `ClientBuilder::base_url` instead.",
        code(host),
        first.variant
    )
}
