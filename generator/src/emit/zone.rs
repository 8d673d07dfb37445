//! Emits `src/zone.rs`: the `Zone` enum built from the spec's `servers`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::docs::{doc_attrs, sanitize};
use crate::ir::ZoneDef;

/// The tokens of `src/zone.rs`.
pub(crate) fn zone_file(zones: &[ZoneDef]) -> TokenStream {
    let variants: Vec<_> = zones.iter().map(|z| ident(&z.variant)).collect();
    let urls: Vec<&str> = zones.iter().map(|z| z.url.as_str()).collect();
    let hosts: Vec<&str> = zones
        .iter()
        .map(|z| {
            let after_scheme = z.url.split("://").nth(1).unwrap_or(&z.url);
            after_scheme.split('/').next().unwrap_or(after_scheme)
        })
        .collect();
    let docs = zones.iter().map(|z| {
        let text = match &z.description {
            Some(d) => format!("{} (`{}`).", sanitize(d).trim_end_matches('.'), z.url),
            None => format!("`{}`.", z.url),
        };
        doc_attrs(&text)
    });
    let count = proc_macro2::Literal::usize_unsuffixed(zones.len());
    let example = zones.iter().zip(&hosts).next().map_or(String::new(), |(z, host)| {
        format!(" (for example `{}` is [`Zone::{}`])", host.replace('`', "'"), z.variant)
    });
    let zone_docs = doc_attrs(&format!(
        "A Make zone: the instance that hosts your organization.\n\nPick the zone shown in your Make \
         URL{example}.\nWhite Label instances use `ClientBuilder::base_url` instead."
    ));
    // `lower` rejects specs without servers, so there is a first zone.
    let default = variants.first().map(|first| {
        quote! {
            /// The zone a [`ClientBuilder`](crate::ClientBuilder) starts with: the first one the
            /// API docs list.
            pub const DEFAULT: Zone = Zone::#first;
        }
    });
    quote! {
        //! The Make zones (API servers) the client can talk to.

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

            /// The API base URL of the zone, including `/api/v2`.
            pub const fn base_url(self) -> &'static str {
                match self {
                    #( Zone::#variants => #urls, )*
                }
            }
        }

        impl std::fmt::Display for Zone {
            /// Writes the zone's host name, e.g. `eu1.make.com`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self {
                    #( Zone::#variants => #hosts, )*
                })
            }
        }
    }
}
