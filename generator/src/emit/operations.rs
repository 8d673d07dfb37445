//! Emits one operation: the handle method (required params as arguments), and at module level
//! its request builder (optional params and body as setters, `send`, `send_raw`, `stream`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::errors::Decoders;
use super::{ident, media, ty};
use crate::docs::{code, doc_attrs, sanitize};
use crate::ir::{OpAuth, Operation, Paging, Param, PathSegment, PathStyle, Style};
use crate::typespace::{TypeRef, TypeSpace, field_idents};

/// Default page size of `stream()` when `pg[limit]` is not set.
const DEFAULT_PAGE_SIZE: u64 = 100;

/// An argument or setter parameter: its declared type and, unless it is stored as is, the
/// conversion into the stored value.
fn input(space: &TypeSpace, name: &Ident, t: &TypeRef) -> (TokenStream, Option<TokenStream>) {
    match t {
        TypeRef::String => (quote!(impl Into<String>), Some(quote!(#name.into()))),
        TypeRef::Vec(inner) if **inner == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#name.into_iter().map(Into::into).collect())),
        ),
        other => (ty(space, other), None),
    }
}

/// The summary and description as one text: the description is left out when it only
/// repeats the summary (modulo whitespace, case and trailing punctuation).
fn summary_and_description(op: &Operation) -> String {
    let summary = op.summary.as_deref().filter(|s| !s.trim().is_empty());
    let description = op.description.as_deref().filter(|s| !s.trim().is_empty());
    let same = |a: &str, b: &str| {
        let key = |s: &str| {
            let words: Vec<&str> = s.split_whitespace().collect();
            words.join(" ").trim_end_matches(|c: char| c.is_ascii_punctuation()).to_lowercase()
        };
        key(a) == key(b)
    };
    let description = description.filter(|d| summary.is_none_or(|s| !same(s, d)));
    let mut text = String::new();
    for part in [summary, description].into_iter().flatten() {
        text.push_str(&sanitize(part));
        text.push_str("\n\n");
    }
    text
}

/// `#[cfg(feature = "internal")]` for an internal operation's items, nothing otherwise.
pub(crate) fn internal_gate(op: &Operation) -> Option<TokenStream> {
    op.internal.then(|| quote!(#[cfg(feature = "internal")]))
}

fn method_docs(space: &TypeSpace, op: &Operation) -> TokenStream {
    let mut text = summary_and_description(op);
    if op.internal {
        text.push_str(
            "**Internal and unstable**: the API docs mark this operation internal or private; it may \
             change or disappear without notice. Available with the crate's `internal` feature.\n\n",
        );
    }
    text.push_str(&code(&format!("{} {}", op.http_method, op.path)));
    if !op.scopes.is_empty() {
        let scopes: Vec<String> = op.scopes.iter().map(|s| code(s)).collect();
        text.push_str(&format!("\n\nRequired scopes: {}.", scopes.join(", ")));
    }
    if let Some(auth) = auth_text(&op.auth) {
        text.push_str(&format!("\n\n{auth}"));
    }
    let deprecated_args: Vec<String> = arguments(op).filter(|p| p.deprecated).map(|p| code(&p.ident)).collect();
    if !deprecated_args.is_empty() {
        text.push_str(&format!(
            "\n\nThe API docs mark the parameter{} {} deprecated (still required here).",
            if deprecated_args.len() == 1 { "" } else { "s" },
            deprecated_args.join(", ")
        ));
    }
    if op.inferred {
        text.push_str(
            "\n\nNote: inferred from the rendered documentation page (the docs give no typed \
             schema), so parameter and response types may be incomplete.",
        );
    }
    if let Some(alternatives) = media::alternatives_text(op.body.as_ref()) {
        text.push_str(&format!("\n\n{alternatives}"));
    }
    let returns = media::returns_text(space, &op.success);
    text.push_str(&format!(
        "\n\nFinish with [`{0}::send`] (returns {1}) or [`{0}::send_raw`].",
        op.builder_name, returns
    ));
    if !op.response_headers.is_empty() {
        text.push_str(&format!(
            " [`{}::send_with_headers`] also returns the documented response headers.",
            op.builder_name
        ));
    }
    if op.pagination.is_some() {
        text.push_str(&format!(" [`{}::stream`] pages through all items.", op.builder_name));
    }
    doc_attrs(&text)
}

/// What the method docs say about an operation that does not authenticate with the crate's
/// preferred scheme (scheme names as code spans, as the crate docs' Authentication section
/// writes them).
fn auth_text(auth: &OpAuth) -> Option<String> {
    match auth {
        OpAuth::Preferred => None,
        OpAuth::Unneeded => Some(
            "No credentials needed: the API docs require none for this operation (the client still \
             sends the ones it was built with)."
                .to_owned(),
        ),
        OpAuth::Optional => Some("Credentials are optional for this operation.".to_owned()),
        OpAuth::Schemes(alternatives) => {
            let alternatives: Vec<String> = alternatives
                .iter()
                .map(|all| match all.as_slice() {
                    [one] => code(one),
                    _ => format!("{} together", all.iter().map(|s| code(s)).collect::<Vec<_>>().join(" and ")),
                })
                .collect();
            Some(format!(
                "Authenticates with {}, not the preferred scheme (see [Authentication](crate#authentication)).",
                alternatives.join(", or with ")
            ))
        }
    }
}

/// Where an optional parameter goes, for its setter's docs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Query,
    Header,
    Cookie,
}

/// Docs of an optional parameter's setter.
fn param_docs(p: &Param, place: Place) -> TokenStream {
    let wire = code(&p.wire_name);
    let sent = match (place, p.style) {
        (Place::Query, Style::Plain) => format!("Sets {wire}."),
        (Place::Query, Style::Exploded) => format!(
            "Sent as `form` query parameters: an object's properties as `key=value` pairs, \
             arrays as one {} pair per item.",
            code(&format!("{}=…", p.wire_name))
        ),
        (Place::Query, Style::Deep) => {
            format!("Sent as {} pairs (`deepObject`).", code(&format!("{}[key]=value", p.wire_name)))
        }
        (Place::Query, Style::Joined(c)) => format!("Sent as {wire} with the items joined by `{c}`."),
        (Place::Query, Style::Json) => format!("Sent as {wire}, written as JSON."),
        (Place::Header, Style::Json) => format!("Sent as header {wire}, written as JSON."),
        (Place::Header, Style::Plain) if matches!(p.ty, TypeRef::Vec(_)) => {
            format!("Sent as header {wire}. Several values are joined with `,`.")
        }
        (Place::Header, Style::Exploded) => format!("Sent as header {wire}, as `key=value` items joined with `,`."),
        (Place::Header, Style::Joined(_) | Style::Deep) => {
            format!("Sent as header {wire}, keys and values joined with `,`.")
        }
        (Place::Header, Style::Plain) => format!("Sent as header {wire}."),
        (Place::Cookie, _) => format!("Sent as cookie {wire}."),
        // Only path parameters (arguments, without setters) are written in a path style.
        (_, Style::Path(_)) => format!("Sets {wire}."),
    };
    let text = match &p.docs {
        Some(d) if !d.trim().is_empty() && place == Place::Query && p.style == Style::Plain => {
            format!("{}\n\nSent as {wire}.", sanitize(d))
        }
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{sent}", sanitize(d)),
        _ => sent,
    };
    doc_attrs(&text)
}

/// The parameters that are arguments of the handle method, in order: the path parameters, then
/// the required query, header and cookie parameters.
pub(crate) fn arguments(op: &Operation) -> impl Iterator<Item = &Param> {
    let required = op.query.iter().chain(&op.headers).chain(&op.cookies).filter(|p| p.required);
    op.path_params.iter().chain(required)
}

/// Clippy's default `too-many-arguments-threshold`, `self` included.
const CLIPPY_MAX_ARGS: usize = 7;

/// The handle method of `op`: required parameters (and a required body) are its arguments; it
/// returns the request builder.
pub(crate) fn method(space: &TypeSpace, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in arguments(op) {
        let name = ident(&p.ident);
        let (arg_ty, conv) = input(space, &name, &p.ty);
        args.push(quote!(#name: #arg_ty));
        inits.push(match conv {
            None => quote!(#name),
            Some(conv) => quote!(#name: #conv),
        });
    }
    for p in op.query.iter().chain(&op.headers).chain(&op.cookies).filter(|p| !p.required) {
        let name = ident(&p.ident);
        inits.push(quote!(#name: None));
    }
    let method_docs = method_docs(space, op);
    let gate = internal_gate(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "the API docs mark this operation deprecated")]));
    // Clippy's `too_many_arguments` counts `self`; the spec decides how many parameters an
    // operation requires, so the lint is allowed on exactly the methods that exceed it.
    let many = |n: usize| {
        (n + 1 > CLIPPY_MAX_ARGS).then(|| {
            quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")])
        })
    };
    let Some(b) = &op.body else {
        let many = many(args.len());
        return quote! {
            #method_docs
            #gate
            #deprecated
            #many
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder { client: self.client.clone(), #(#inits,)* }
            }
        };
    };
    // One handle method per body form: the operation's own for the preferred form, then the
    // alternatives (`…_multipart`), each taking its form of the body.
    let methods = b.forms.iter().enumerate().map(|(index, form)| {
        let (body_arg, body_init) = match (index, b.required, media::is_plain_json(b)) {
            (0, false, _) => (None, quote!(body: None)),
            (0, true, true) => {
                let (t, _) = media::body_input(space, form);
                (Some(quote!(body: #t)), quote!(body))
            }
            (_, required, _) => {
                let (t, value) = media::body_input(space, form);
                let value = if required { value } else { quote!(Some(#value)) };
                (Some(quote!(body: #t)), quote!(body: #value))
            }
        };
        let docs = if index == 0 {
            method_docs.clone()
        } else {
            doc_attrs(&format!("[`Self::{}`] with the body sent as {}.", op.method_name, code(&form.content_type)))
        };
        let name = ident(&form.method);
        let many = many(args.len() + usize::from(body_arg.is_some()));
        let args = args.iter().chain(body_arg.as_ref());
        quote! {
            #docs
            #gate
            #deprecated
            #many
            pub fn #name(&self, #(#args),*) -> #builder {
                #builder { client: self.client.clone(), #(#inits,)* #body_init }
            }
        }
    });
    quote!(#(#methods)*)
}

/// The module-level items of `op` on the handle type `handle`: its request builder (optional
/// parameters and body as setters, `send`, `send_raw`, `stream`), decoding documented errors with
/// the decoder `decoders` has for them.
pub(crate) fn items(space: &TypeSpace, handle: &Ident, op: &Operation, decoders: &Decoders) -> TokenStream {
    let builder = ident(&op.builder_name);
    let optional_query = op.query.iter().filter(|p| !p.required).map(|p| (p, Place::Query));
    let optional_headers = op.headers.iter().filter(|p| !p.required).map(|p| (p, Place::Header));
    let optional_cookies = op.cookies.iter().filter(|p| !p.required).map(|p| (p, Place::Cookie));
    let body_field = op.body.as_ref().map(|b| media::body_field(space, b));

    // Builder fields.
    let fields = op.path_params.iter().chain(&op.query).chain(&op.headers).chain(&op.cookies).map(|p| {
        let name = ident(&p.ident);
        let t = ty(space, &p.ty);
        if p.required { quote!(#name: #t,) } else { quote!(#name: Option<#t>,) }
    });

    let setters = optional_query.chain(optional_headers).chain(optional_cookies).map(|(p, place)| {
        let name = ident(&p.ident);
        let setter = ident(&p.setter);
        let docs = param_docs(p, place);
        let deprecated =
            p.deprecated.then(|| quote!(#[deprecated(note = "the API docs mark this parameter deprecated")]));
        let value = format_ident!("value");
        let (arg_ty, conv) = input(space, &value, &p.ty);
        let conv = conv.unwrap_or_else(|| quote!(value));
        quote! {
            #docs
            #deprecated
            pub fn #setter(mut self, value: #arg_ty) -> Self {
                self.#name = Some(#conv);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().and_then(|b| media::body_setter(space, b));

    let parts = parts_fn(op);
    let decoder_path = decoders.path(op);

    let send = media::send_fns(space, op, &decoder_path);
    let stream = stream_fn(space, op);
    let form_types = media::form_types(space, handle, op);
    let headers_type = media::headers_type(space, handle, op);
    let builder_doc = doc_attrs(&format!(
        "Request builder for [`{handle}::{}`]: set optional parameters, then call `send`.",
        op.method_name
    ));
    let gate = internal_gate(op);
    quote! {
        #builder_doc
        #gate
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            client: crate::Client,
            #(#fields)*
            #body_field
        }

        #gate
        impl #builder {
            #(#setters)*
            #body_setter
            #parts
            #send
            /// Sends the request and returns the raw response, for data the types do not cover.
            pub async fn send_raw(self) -> Result<crate::RawResponse, crate::Error> {
                self.client.execute_raw(self.parts()).await
            }
            #stream
        }

        #form_types
        #headers_type
    }
}

fn parts_fn(op: &Operation) -> TokenStream {
    let http = format_ident!("{}", op.http_method);
    // Path: literal pieces and encoded parameters, concatenated.
    let pieces: Vec<TokenStream> = op
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(l) => quote!(#l),
            PathSegment::Param(i) => {
                let param = op.path_params.get(*i);
                let name = ident(param.map_or("", |p| p.ident.as_str()));
                match param.map(|p| (p.style, p.wire_name.as_str())) {
                    Some((Style::Json, _)) => {
                        quote!(crate::runtime::path_segment(&crate::runtime::JsonText(&self.#name)).as_str())
                    }
                    Some((Style::Path(style), wire)) => {
                        let (kind, explode) = match style {
                            PathStyle::Simple { explode } => (quote!(Simple), explode),
                            PathStyle::Label { explode } => (quote!(Label), explode),
                            PathStyle::Matrix { explode } => (quote!(Matrix), explode),
                        };
                        quote!(crate::runtime::path_styled(#wire, crate::runtime::PathStyle::#kind, #explode, &self.#name).as_str())
                    }
                    _ => quote!(crate::runtime::path_segment(&self.#name).as_str()),
                }
            }
        })
        .collect();
    let path = match pieces.as_slice() {
        [single] if !matches!(op.segments.first(), Some(PathSegment::Param(_))) => {
            quote!(String::from(#single))
        }
        _ => quote!([#(#pieces),*].concat()),
    };
    // Query parameters in spec order, each added by a `RequestParts` builder method: scalars
    // and exploded arrays of scalars with `Display`, other shapes flattened through serde.
    let query = op.query.iter().map(|p| {
        let name = ident(&p.ident);
        let wire = &p.wire_name;
        let value = if p.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
        match (p.style, &p.ty, p.required) {
            (Style::Plain, TypeRef::Vec(_), true) => quote!(.query_each(#wire, &self.#name)),
            (Style::Plain, TypeRef::Vec(_), false) => quote!(.query_each(#wire, self.#name.iter().flatten())),
            (Style::Plain, _, true) => quote!(.query(#wire, &self.#name)),
            (Style::Plain, _, false) => quote!(.query_opt(#wire, self.#name.as_ref())),
            // Path styles are lowered for path parameters only.
            (Style::Exploded | Style::Path(_), _, _) => quote!(.query_exploded(#wire, #value)),
            (Style::Joined(c), _, _) => quote!(.query_joined(#wire, #c, #value)),
            (Style::Deep, _, _) => quote!(.query_deep(#wire, #value)),
            (Style::Json, _, true) => quote!(.query(#wire, &crate::runtime::JsonText(&self.#name))),
            (Style::Json, _, false) => {
                quote!(.query_opt(#wire, self.#name.as_ref().map(crate::runtime::JsonText).as_ref()))
            }
        }
    });
    // Header parameters in spec order; arrays of scalars go comma-separated in one header.
    let headers = op.headers.iter().map(|p| {
        let name = ident(&p.ident);
        let wire = &p.wire_name;
        let value = if p.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
        match (p.style, &p.ty, p.required) {
            (Style::Plain, TypeRef::Vec(_), true) => quote!(.header_list(#wire, &self.#name)),
            (Style::Plain, TypeRef::Vec(_), false) => quote!(.header_list_opt(#wire, self.#name.as_ref())),
            (Style::Plain, _, true) => quote!(.header(#wire, &self.#name)),
            (Style::Plain, _, false) => quote!(.header_opt(#wire, self.#name.as_ref())),
            (Style::Json, _, true) => quote!(.header(#wire, &crate::runtime::JsonText(&self.#name))),
            (Style::Json, _, false) => {
                quote!(.header_opt(#wire, self.#name.as_ref().map(crate::runtime::JsonText).as_ref()))
            }
            (style, _, _) => {
                let explode = style == Style::Exploded;
                quote!(.header_value(#wire, #explode, #value))
            }
        }
    });
    // Cookie parameters, all in one `Cookie` header.
    let cookies = op.cookies.iter().map(|p| {
        let name = ident(&p.ident);
        let wire = &p.wire_name;
        let value = match (p.style, p.required) {
            (Style::Json, true) => quote!(Some(&crate::runtime::JsonText(&self.#name))),
            (Style::Json, false) => quote!(self.#name.as_ref().map(crate::runtime::JsonText).as_ref()),
            (_, true) => quote!(Some(&self.#name)),
            (_, false) => quote!(self.#name.as_ref()),
        };
        let explode = !matches!(p.style, Style::Joined(_) | Style::Json);
        quote!(.cookie(#wire, #explode, #value))
    });
    let fixed = op.fixed_query.iter().map(|(name, value)| quote!(.query(#name, &#value)));
    let accept = media::parts_accept(&op.success);
    let body = op.body.as_ref().map(media::parts_body);
    // The path without a query template (`/search?q={term}` → `/search`).
    let route = op.path.split('?').next().unwrap_or_default();
    quote! {
        fn parts(&self) -> crate::runtime::RequestParts {
            let path = #path;
            crate::runtime::RequestParts::new(reqwest::Method::#http, path)
                .route(#route)
                #(#fixed)*
                #(#query)*
                #(#headers)*
                #accept
                #(#cookies)*
                #body
        }
    }
}

fn stream_fn(space: &TypeSpace, op: &Operation) -> Option<TokenStream> {
    let pg = op.pagination.as_ref()?;
    let item = ty(space, &pg.item);
    let TypeRef::Named(resp_id) = op.json_response()? else {
        return None;
    };
    let crate::typespace::TypeKind::Struct { fields, .. } = &space.get(*resp_id)?.kind else {
        return None;
    };
    let (idents, _) = field_idents(fields);
    // A response field: whether it is always there (not an `Option`), and its identifier.
    let field = |json_name: &str| {
        let (f, id) = fields.iter().zip(&idents).find(|(f, _)| f.json_name == json_name)?;
        Some((f.required && !f.nullable, ident(id)))
    };
    let extract = match field(&pg.items_field)? {
        (true, items) => quote!(response.#items),
        (false, items) => quote!(response.#items.unwrap_or_default()),
    };
    match &pg.paging {
        Paging::Offset { offset, limit } => {
            let offset = ident(&op.query.get(*offset)?.ident);
            let limit = ident(&op.query.get(*limit)?.ident);
            let default = proc_macro2::Literal::u64_unsuffixed(DEFAULT_PAGE_SIZE);
            let doc = doc_attrs(&format!(
                "Streams every item of {} across pages, starting at `pg[offset]` (default 0) with \
                 `pg[limit]` items per page (default {DEFAULT_PAGE_SIZE}); stops after a short page.",
                code(&pg.items_field)
            ));
            Some(quote! {
                #doc
                pub fn stream(self) -> crate::PageStream<#item> {
                    let (limit, offset) = (self.#limit, self.#offset);
                    crate::runtime::paginate_builder(limit, offset, #default, move |page_offset, page_limit| {
                        let mut page = self.clone();
                        page.#offset = page_offset;
                        page.#limit = page_limit;
                        async move { page.send().await.map(|response| #extract) }
                    })
                }
            })
        }
        Paging::Token { token, next_field } => {
            let param = op.query.get(*token)?;
            let token = ident(&param.ident);
            let next = match field(next_field)? {
                (true, next) => quote!(Some(response.#next)),
                (false, next) => quote!(response.#next),
            };
            let doc = doc_attrs(&format!(
                "Streams every item of {} across pages: each response's {} is sent back as {} for \
                 the next page, starting at the page {} names (the first when unset); stops at a \
                 response without a next token.",
                code(&pg.items_field),
                code(next_field),
                code(&param.wire_name),
                code(&param.wire_name)
            ));
            Some(quote! {
                #doc
                pub fn stream(self) -> crate::PageStream<#item> {
                    let start = self.#token.clone();
                    crate::runtime::paginate_tokens(start, move |page_token| {
                        let mut page = self.clone();
                        page.#token = page_token;
                        async move { page.send().await.map(|response| (#extract, #next)) }
                    })
                }
            })
        }
    }
}
