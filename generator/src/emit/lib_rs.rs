//! Emits `src/lib.rs`: crate docs (quick start doctest, type mapping choices), module
//! declarations and the runtime re-export.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Config;
use crate::docs::{code, inner_doc_attrs};
use crate::ir::{Api, AuthKind, AuthScheme, KeyLocation, Resource};

/// The tokens of `src/lib.rs`.
pub(crate) fn lib_file(api: &Api, config: &Config) -> TokenStream {
    let docs = inner_doc_attrs(&crate_docs(api, config));
    let tagged = api.types.has_tagged().then(|| {
        quote!(
            mod tagged;
        )
    });
    quote! {
        #docs
        #![deny(missing_docs)]

        mod runtime;
        pub use runtime::*;

        mod documented_error;
        #tagged
        mod zone;
        pub mod resources;
        pub mod types;

        pub use documented_error::DocumentedError;
        pub use zone::Zone;
    }
}

/// The `client.a().b().op()` call path of the first operation needing no arguments.
fn example_call(resource: &Resource, prefix: &str) -> Option<String> {
    let own = resource
        .operations
        .iter()
        .filter(|op| super::operations::arguments(op).next().is_none())
        .filter(|op| op.body.as_ref().is_none_or(|b| !b.required) && !op.internal && !op.deprecated)
        .min_by_key(|op| (op.pagination.is_none(), op.http_method != "GET", op.method_name.clone()));
    if let Some(op) = own {
        return Some(format!("{prefix}.{}()", op.method_name));
    }
    resource.children.values().find_map(|child| example_call(child, &format!("{prefix}.{}()", child.module)))
}

/// How to authenticate with `scheme`: a sentence for the crate docs and, when a builder method
/// covers it, the call with placeholder credentials (for the quick start).
fn auth_doc(scheme: &AuthScheme) -> (String, Option<String>) {
    let call = |method: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
        format!(".{method}({})", args.join(", "))
    };
    let (how, call, method) = match &scheme.kind {
        AuthKind::ApiKey { location: KeyLocation::Query, name, .. } => (
            format!("an API key in the query parameter {}", code(name)),
            Some(call("api_key_query", &[name, "your-api-key"])),
            "api_key_query",
        ),
        AuthKind::ApiKey { location: KeyLocation::Header, prefix: Some(prefix), .. } => {
            let (method, placeholder) =
                if *prefix == "Token" { ("token", "your-api-token") } else { ("oauth_token", "your-token") };
            (
                format!("a credential in the `Authorization` header, sent as `{prefix} …`"),
                Some(call(method, &[placeholder])),
                method,
            )
        }
        AuthKind::ApiKey { location: KeyLocation::Header, name, prefix: None } => (
            format!("an API key in the {} header", code(name)),
            Some(call("header", &[name, "your-api-key"])),
            "header",
        ),
        AuthKind::ApiKey { location: KeyLocation::Cookie, name, .. } => (
            format!("an API key in the cookie {}", code(name)),
            Some(call("header", &["Cookie", &format!("{name}=your-api-key")])),
            "header",
        ),
        AuthKind::Bearer => {
            ("HTTP bearer authentication".to_owned(), Some(call("oauth_token", &["your-token"])), "oauth_token")
        }
        AuthKind::Basic => {
            ("HTTP basic authentication".to_owned(), Some(call("basic_auth", &["username", "password"])), "basic_auth")
        }
        AuthKind::OtherHttp { scheme } => (
            format!(
                "HTTP {} authentication, which the client does not compute: send the `Authorization` \
                 header yourself",
                code(scheme)
            ),
            None,
            "header",
        ),
        AuthKind::OAuth2 { token_url, authorization_url } => (
            match (token_url, authorization_url) {
                (Some(url), _) => format!("OAuth 2.0: get an access token (token URL {}) and pass it", code(url)),
                (None, Some(url)) => {
                    format!("OAuth 2.0: get an access token (authorization URL {}) and pass it", code(url))
                }
                (None, None) => "OAuth 2.0: get an access token and pass it".to_owned(),
            },
            Some(call("oauth_token", &["your-access-token"])),
            "oauth_token",
        ),
        AuthKind::OpenIdConnect { url } => (
            format!("OpenID Connect (discovery document {}): pass the access token", code(url)),
            Some(call("oauth_token", &["your-access-token"])),
            "oauth_token",
        ),
    };
    let with = match &call {
        Some(call) => format!("`{call}` ([`ClientBuilder::{method}`])"),
        None => format!("[`ClientBuilder::{method}`]"),
    };
    (format!("- {}: {how}: {with}", code(&scheme.name)), call)
}

/// The crate docs' "Authentication" section and the quick start's credential line (the first
/// scheme a builder method covers); both empty when the spec declares no scheme.
fn auth_docs(api: &Api) -> (String, String) {
    let docs: Vec<(String, Option<String>)> = api.auth.iter().map(auth_doc).collect();
    let quick_start = docs.iter().find_map(|(_, call)| call.as_ref()).map(|c| format!("    {c}\n")).unwrap_or_default();
    if docs.is_empty() {
        return (String::new(), quick_start);
    }
    let lines: Vec<&str> = docs.iter().map(|(line, _)| line.as_str()).collect();
    let section = format!(
        "# Authentication

The API docs declare these security schemes (the preferred one first); set the credential of the
one you use on the [`ClientBuilder`]. Credentials never show in `Debug` output, errors or the
URLs [`ClientBuilder::on_attempt`] sees.

{}

",
        lines.join("\n")
    );
    (section, quick_start)
}

fn crate_docs(api: &Api, config: &Config) -> String {
    let krate = config.lib_name();
    // Without zones the caller names the server (see `Zone`'s docs for the path below it).
    let server = api.zones.first().map_or_else(
        || ".base_url(\"https://api.example.com\")".to_owned(),
        |z| format!(".zone({krate}::Zone::{})", z.variant),
    );
    let call = api.root.children.values().find_map(|child| example_call(child, &format!("client.{}()", child.module)));
    let call_lines = match call {
        Some(call) => {
            format!("let response = {call}.send().await?;\nprintln!(\"{{response:?}}\");\n")
        }
        None => "let _ = client;\n".to_owned(),
    };
    let mut features: Vec<String> = api
        .root
        .children
        .values()
        .map(|r| format!("- `{}`: `client.{}()` and the types only its operations use", r.module, r.module))
        .collect();
    if api.root.children.values().any(|r| crate::lower::all_operations(r).any(|op| op.internal)) {
        features.push(
            "- `internal` (not a default): the operations the API docs mark internal or private; \
             unstable, they may change or disappear without notice"
                .to_owned(),
        );
    }
    let (auth_section, auth_line) = auth_docs(api);
    let resources: Vec<String> = api
        .root
        .children
        .values()
        .map(|r| format!("- `client.{}()`: operations tagged {}", r.module, code(&r.tag)))
        .collect();
    format!(
        "Typed async client for the {title}.

Generated from the API documentation by `{generated_by}`.

# Quick start

```no_run
# async fn example() -> Result<(), {krate}::Error> {{
let client = {krate}::Client::builder()
    {server}
{auth_line}    .build()?;
{call_lines}# Ok(())
# }}
```

{auth_section}Operations are grouped by tag into resource handles:

{resources}

Required path and query parameters are method arguments; optional parameters and request bodies
are set on the returned request builder, which ends in `.send().await`. `.send_raw()` returns
the raw response instead, and list operations paged with `pg[offset]`/`pg[limit]` or by a
page token (`pageToken` → `nextPageToken`, `cursor` → `next_cursor`, …) also offer `.stream()`. Failed calls are retried as the [`RetryPolicy`] says, and every attempt can be
watched (for logs, traces or metrics) with [`ClientBuilder::on_attempt`].

# How the API's JSON maps to Rust

- Objects become structs. Fields the docs do not require are `Option`s, nullable fields accept
  `null`, and fields the docs do not list are kept in each struct's `extra` map, so a new server
  field never breaks decoding.
- String and integer enums get a catch-all variant holding values the docs do not list (so does
  an `anyOf` of constants beside a free string, such as a `{{{{…}}}}` formula).
- Objects told apart by one constant property (or a `discriminator`) become an enum tagged by
  that property; an object with an unknown tag is kept as raw JSON. Other unions become untagged
  enums, or `serde_json::Value` when their variants cannot be told apart.
- Date, date-time, email and URI formats stay `String`: the server's formatting is passed through
  unchanged, decoding never fails on an unusual timestamp, and no date crate is imposed.
- `integer` is `i64`; 64-bit (`bigint`) integers are `serde_json::Number`, which holds every
  `i64` and `u64` value exactly. `number` is `f64`. Untyped values are `serde_json::Value`.
- Documented error responses are decoded into [`DocumentedError`] inside the API error.

# Request and response bodies

- JSON bodies (`application/json`, `application/jsonc`, any `…+json` type) and form-encoded
  bodies (`application/x-www-form-urlencoded`: one `name=value` per field, arrays repeated) are
  typed structs. `multipart/form-data` bodies are generated form types with one field per
  documented part; files are [`FilePart`]s (bytes, file name, content type). Text bodies
  (`text/*`, XML, JavaScript) are `String`s, any other body is bytes ([`Bytes`]). Each is sent
  with the content type the API documents for it.
- An operation accepting several media types takes the preferred one (JSON first) in its method
  and each other one in a sibling method named after it (`…_multipart`, `…_jsonc`, `…_bytes`).
- Text responses are `String`s (a `text/plain` boolean or number is parsed into it), binary
  responses are [`Binary`] (bytes and content type), and `text/event-stream` responses are an
  [`EventStream`] of [`Event`]s yielded as they arrive. `send_with_headers` also returns the
  response headers an operation documents. An operation documenting no response returns the
  [`RawResponse`].

# Cargo features

Each top-level resource group is a cargo feature, all enabled by default. To compile only the
groups you use, turn default features off and list them (types shared by several groups are
compiled when any of them is on):

{features}",
        title = crate::docs::sanitize(api.title.trim()),
        generated_by = crate::docs::sanitize(&config.generated_by).replace('`', "'"),
        resources = resources.join("\n"),
        features = features.join("\n"),
    )
}
