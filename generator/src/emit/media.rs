//! Emits the media-type parts of an operation: request body arguments and setters for every
//! body form (JSON, form-encoded, multipart, text, bytes), the generated multipart form type,
//! the typed response headers, and `send`/`send_with_headers` for every kind of success
//! response. The machinery lives in the runtime; each operation gets a few lines.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{describe, ident, ty};
use crate::docs::{code, doc_attrs, sanitize};
use crate::ir::{Body, BodyForm, BodyKind, MultipartForm, Operation, PartKind, Success};
use crate::typespace::{TypeRef, TypeSpace};

/// Largest number of required parts that still get a `new(...)` constructor (more would trip
/// `clippy::too_many_arguments`).
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// Whether the body is one `application/json` form, which the builder stores typed (every other
/// body is stored encoded, as the runtime's `RequestBody`).
pub(crate) fn is_plain_json(body: &Body) -> bool {
    matches!(body.forms.as_slice(), [BodyForm { kind: BodyKind::Json(_), content_type, .. }]
        if content_type == "application/json")
}

/// The argument type of a body form and the expression turning argument `body` into the
/// runtime's `RequestBody`.
pub(crate) fn body_input(space: &TypeSpace, form: &BodyForm) -> (TokenStream, TokenStream) {
    let content_type = &form.content_type;
    match &form.kind {
        BodyKind::Json(t) => (ty(space, t), quote!(crate::runtime::RequestBody::json(#content_type, &body))),
        BodyKind::Form(t) => (ty(space, t), quote!(crate::runtime::RequestBody::form(&body))),
        BodyKind::Multipart(Some(m)) => {
            let name = ident(&m.type_name);
            (quote!(#name), quote!(crate::runtime::RequestBody::multipart(body)))
        }
        BodyKind::Multipart(None) => (quote!(crate::Multipart), quote!(crate::runtime::RequestBody::multipart(body))),
        BodyKind::Text => (quote!(impl Into<String>), quote!(crate::runtime::RequestBody::text(#content_type, body))),
        BodyKind::Bytes => {
            (quote!(impl Into<crate::Bytes>), quote!(crate::runtime::RequestBody::bytes(#content_type, body)))
        }
    }
}

/// The builder's body field: the typed value for plain JSON, else the encoded body.
pub(crate) fn body_field(space: &TypeSpace, body: &Body) -> TokenStream {
    let stored = match body.forms.first() {
        Some(BodyForm { kind: BodyKind::Json(t), .. }) if is_plain_json(body) => ty(space, t),
        _ => quote!(crate::runtime::RequestBody),
    };
    if body.required { quote!(body: #stored,) } else { quote!(body: Option<#stored>,) }
}

/// The `.body(…)` setter of an optional body (its preferred form).
pub(crate) fn body_setter(space: &TypeSpace, body: &Body) -> Option<TokenStream> {
    let form = body.forms.first().filter(|_| !body.required)?;
    let docs = doc_attrs(&match &body.docs {
        Some(d) if !d.trim().is_empty() => sanitize(d),
        _ if is_plain_json(body) => "Sets the JSON request body.".to_owned(),
        _ => format!("Sets the request body, sent as {}.", code(&form.content_type)),
    });
    let (arg, value) = if is_plain_json(body) {
        let t = body_input(space, form).0;
        (t, quote!(body))
    } else {
        body_input(space, form)
    };
    Some(quote! {
        #docs
        pub fn body(mut self, body: #arg) -> Self {
            self.body = Some(#value);
            self
        }
    })
}

/// The body line of `parts()`.
pub(crate) fn parts_body(body: &Body) -> TokenStream {
    match (is_plain_json(body), body.required) {
        (true, true) => quote!(.json(Some(&self.body))),
        (true, false) => quote!(.json(self.body.as_ref())),
        (false, true) => quote!(.body(self.body.clone())),
        (false, false) => quote!(.body_opt(self.body.clone())),
    }
}

/// The `Accept` line of `parts()` for a success response that is not JSON.
pub(crate) fn parts_accept(success: &Success) -> Option<TokenStream> {
    let media = match success {
        Success::Text { media } | Success::TextValue { media, .. } | Success::Binary { media } => media.as_str(),
        Success::Events { .. } => "text/event-stream",
        Success::Empty | Success::Json(_) | Success::Raw => return None,
    };
    Some(quote!(.accept(#media)))
}

/// What `send` returns, for the docs.
pub(crate) fn returns_text(space: &TypeSpace, success: &Success) -> String {
    match success {
        Success::Empty => "nothing".to_owned(),
        Success::Json(t) => describe(space, t, false),
        Success::Text { media } => format!("the response text, {}", code(media)),
        Success::TextValue { ty, .. } => format!("{} parsed from the response text", describe(space, ty, false)),
        Success::Binary { .. } => "the response bytes and content type as [`Binary`](crate::Binary)".to_owned(),
        Success::Events { data } => {
            let data = match data {
                Some(t) => format!("data decoded as {}", describe(space, t, false)),
                None => "text data".to_owned(),
            };
            format!("an [`EventStream`](crate::EventStream) of server-sent events with {data}")
        }
        Success::Raw => "the raw response: the API documents no response body".to_owned(),
    }
}

/// The docs sentence pointing from the preferred body form to the alternatives.
pub(crate) fn alternatives_text(body: Option<&Body>) -> Option<String> {
    let alternatives: Vec<String> =
        body?.forms.iter().skip(1).map(|f| format!("{} with [`Self::{}`]", code(&f.content_type), f.method)).collect();
    (!alternatives.is_empty()).then(|| format!("The body can also be sent as {}.", alternatives.join(", ")))
}

/// The Rust type `send` returns.
fn success_ty(space: &TypeSpace, success: &Success) -> TokenStream {
    match success {
        Success::Empty => quote!(()),
        Success::Json(t) | Success::TextValue { ty: t, .. } => ty(space, t),
        Success::Text { .. } => quote!(String),
        Success::Binary { .. } => quote!(crate::Binary),
        Success::Events { data: Some(t) } => {
            let t = ty(space, t);
            quote!(crate::EventStream<#t>)
        }
        Success::Events { data: None } => quote!(crate::EventStream<String>),
        Success::Raw => quote!(crate::RawResponse),
    }
}

/// `send`, and `send_with_headers` when the response documents headers.
pub(crate) fn send_fns(space: &TypeSpace, op: &Operation, decoder: &TokenStream) -> TokenStream {
    let t = success_ty(space, &op.success);
    let (doc, call) = match &op.success {
        Success::Empty => (
            "Sends the request; the success response has no documented body.",
            quote!(self.client.execute_unit(self.parts(), #decoder)),
        ),
        Success::Json(_) => {
            ("Sends the request and decodes the success response.", quote!(self.client.execute(self.parts(), #decoder)))
        }
        Success::Text { .. } => (
            "Sends the request and returns the text of the success response.",
            quote!(self.client.execute_as(self.parts(), #decoder, crate::runtime::text)),
        ),
        Success::TextValue { .. } => (
            "Sends the request and parses the text of the success response (`Error::Decode` when it \
             does not hold a value of the type).",
            quote!(self.client.execute_as(self.parts(), #decoder, crate::runtime::text_value)),
        ),
        Success::Binary { .. } => (
            "Sends the request and returns the bytes of the success response with its content type.",
            quote!(self.client.execute_as(self.parts(), #decoder, crate::runtime::binary)),
        ),
        Success::Events { data } => {
            let decode =
                if data.is_some() { quote!(crate::runtime::data_json) } else { quote!(crate::runtime::data_text) };
            (
                "Sends the request and streams the server-sent events of the success response as they \
                 arrive.",
                quote!(self.client.execute_events(self.parts(), #decoder, #decode)),
            )
        }
        Success::Raw => (
            "Sends the request and returns the raw response. The API documents no response for this \
             operation, so any 2xx or 3xx status is a success (redirects the client can follow are \
             followed); other statuses are `Error::Api`.",
            quote!(self.client.execute_documented(self.parts(), #decoder)),
        ),
    };
    let doc = doc_attrs(doc);
    let with_headers = (!op.response_headers.is_empty()).then(|| send_with_headers(op, decoder, &t));
    quote! {
        #doc
        pub async fn send(self) -> Result<#t, crate::Error> {
            #call.await
        }
        #with_headers
    }
}

fn send_with_headers(op: &Operation, decoder: &TokenStream, t: &TokenStream) -> TokenStream {
    let headers = ident(&op.headers_type);
    let doc = doc_attrs(&format!(
        "Sends the request like [`Self::send`] and also returns the response headers the API documents, \
         as [`{}`].",
        op.headers_type
    ));
    let buffered = |decode: TokenStream| quote!(self.client.execute_with_headers(self.parts(), #decoder, #decode, #headers::read).await);
    let body = match &op.success {
        Success::Empty => buffered(quote!(crate::runtime::unit)),
        Success::Json(_) => buffered(quote!(crate::runtime::json)),
        Success::Text { .. } => buffered(quote!(crate::runtime::text)),
        Success::TextValue { .. } => buffered(quote!(crate::runtime::text_value)),
        Success::Binary { .. } => buffered(quote!(crate::runtime::binary)),
        Success::Events { .. } => quote! {
            let stream = self.send().await?;
            let headers = #headers::read(stream.status(), stream.headers())?;
            Ok((stream, headers))
        },
        Success::Raw => quote! {
            let response = self.send().await?;
            let headers = #headers::read(response.status, &response.headers)?;
            Ok((response, headers))
        },
    };
    quote! {
        #doc
        pub async fn send_with_headers(self) -> Result<(#t, #headers), crate::Error> {
            #body
        }
    }
}

/// The type holding the documented response headers of `op` (on handle `handle`).
pub(crate) fn headers_type(space: &TypeSpace, handle: &Ident, op: &Operation) -> Option<TokenStream> {
    if op.response_headers.is_empty() {
        return None;
    }
    let name = ident(&op.headers_type);
    let doc = doc_attrs(&format!(
        "The response headers of [`{handle}::{}`] the API documents, read by `send_with_headers`; a header \
         the response lacks is `None`.",
        op.method_name
    ));
    let fields = op.response_headers.iter().map(|h| {
        let field = ident(&h.ident);
        let t = ty(space, &h.ty);
        let wire = code(&h.wire_name);
        let text = match &h.docs {
            Some(d) if !d.trim().is_empty() => format!("{}\n\nHeader {wire}.", sanitize(d)),
            _ => format!("Header {wire}."),
        };
        let docs = doc_attrs(&text);
        quote!(#docs pub #field: Option<#t>,)
    });
    let reads = op.response_headers.iter().map(|h| {
        let field = ident(&h.ident);
        let wire = h.wire_name.to_ascii_lowercase();
        let read = if matches!(h.ty, TypeRef::Vec(_)) { quote!(header_list) } else { quote!(header) };
        quote!(#field: crate::runtime::#read(status, headers, #wire)?,)
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            fn read(status: u16, headers: &reqwest::header::HeaderMap) -> Result<Self, crate::Error> {
                Ok(Self { #(#reads)* })
            }
        }
    })
}

/// The generated multipart form types of `op`'s body forms.
pub(crate) fn form_types(space: &TypeSpace, handle: &Ident, op: &Operation) -> TokenStream {
    let forms = op.body.iter().flat_map(|b| &b.forms).filter_map(|f| match &f.kind {
        BodyKind::Multipart(Some(m)) => Some(multipart_type(space, handle, f, m)),
        _ => None,
    });
    quote!(#(#forms)*)
}

/// The stored type of a multipart field (without the `Option` of an optional one).
fn part_ty(space: &TypeSpace, part: &PartKind) -> TokenStream {
    match part {
        PartKind::Text(t) | PartKind::Json(t) => ty(space, t),
        PartKind::TextList(t) => {
            let t = ty(space, t);
            quote!(Vec<#t>)
        }
        PartKind::File => quote!(crate::FilePart),
        PartKind::FileList => quote!(Vec<crate::FilePart>),
    }
}

/// The argument type of a multipart field (`impl Into<String>` for strings) and, unless it is
/// stored as is, the conversion of argument `name` into the stored value.
fn part_input(space: &TypeSpace, name: &Ident, part: &PartKind) -> (TokenStream, Option<TokenStream>) {
    match part {
        PartKind::Text(TypeRef::String) => (quote!(impl Into<String>), Some(quote!(#name.into()))),
        PartKind::TextList(TypeRef::String) => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#name.into_iter().map(Into::into).collect())),
        ),
        other => (part_ty(space, other), None),
    }
}

fn multipart_type(space: &TypeSpace, handle: &Ident, form: &BodyForm, m: &MultipartForm) -> TokenStream {
    let name = ident(&m.type_name);
    let doc = doc_attrs(&format!(
        "The `multipart/form-data` body of [`{handle}::{}`]: one field per documented part. Build it \
         with `new` and the setters, or as a struct.",
        form.method
    ));
    let fields = m.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let t = part_ty(space, &f.part);
        let t = if f.required { t } else { quote!(Option<#t>) };
        let wire = code(&f.wire_name);
        let what = match f.part {
            PartKind::File | PartKind::FileList => format!("Sent as file part {wire}."),
            PartKind::Json(_) => format!("Sent as part {wire}, as JSON."),
            PartKind::Text(_) | PartKind::TextList(_) => format!("Sent as part {wire}."),
        };
        let text = match &f.docs {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{what}", sanitize(d)),
            _ => what,
        };
        let docs = doc_attrs(&text);
        quote!(#docs pub #field: #t,)
    });
    let required: Vec<_> = m.fields.iter().filter(|f| f.required).collect();
    let derive_default = required.is_empty().then(|| quote!(Default,));
    let constructor = (required.len() <= MAX_CONSTRUCTOR_ARGS).then(|| {
        let args = required.iter().map(|f| {
            let arg = ident(&f.ident);
            let (t, _) = part_input(space, &arg, &f.part);
            quote!(#arg: #t)
        });
        let inits = m.fields.iter().map(|f| {
            let field = ident(&f.ident);
            match (f.required, part_input(space, &field, &f.part).1) {
                (true, Some(conv)) => quote!(#field: #conv),
                (true, None) => quote!(#field),
                (false, _) => quote!(#field: None),
            }
        });
        quote! {
            /// A form with the required parts; optional parts start unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
        }
    });
    let setters = m.fields.iter().filter(|f| !f.required).map(|f| {
        let field = ident(&f.ident);
        let setter = ident(&f.setter);
        let value = format_ident!("value");
        let (t, conv) = part_input(space, &value, &f.part);
        let conv = conv.unwrap_or_else(|| quote!(value));
        let docs = doc_attrs(&format!("Sets part {}.", code(&f.wire_name)));
        quote! {
            #docs
            #[must_use]
            pub fn #setter(mut self, value: #t) -> Self {
                self.#field = Some(#conv);
                self
            }
        }
    });
    let parts = m.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.wire_name;
        let ct = match &f.content_type {
            Some(ct) => quote!(Some(#ct)),
            None => quote!(None),
        };
        match (&f.part, f.required) {
            (PartKind::Text(_), true) => quote!(.text_field(#wire, &form.#field, #ct)),
            (PartKind::Text(_), false) => quote!(.text_field_opt(#wire, form.#field.as_ref(), #ct)),
            (PartKind::TextList(_), true) => quote!(.text_fields(#wire, &form.#field, #ct)),
            (PartKind::TextList(_), false) => quote!(.text_fields(#wire, form.#field.iter().flatten(), #ct)),
            (PartKind::Json(_), true) => quote!(.json_field(#wire, &form.#field, #ct)),
            (PartKind::Json(_), false) => quote!(.json_field_opt(#wire, form.#field.as_ref(), #ct)),
            (PartKind::File, true) => quote!(.file_field(#wire, form.#field, #ct)),
            (PartKind::File, false) => quote!(.file_field_opt(#wire, form.#field, #ct)),
            (PartKind::FileList, true) => quote!(.file_fields(#wire, form.#field, #ct)),
            (PartKind::FileList, false) => quote!(.file_fields(#wire, form.#field.unwrap_or_default(), #ct)),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        impl From<#name> for crate::Multipart {
            fn from(form: #name) -> Self {
                crate::Multipart::new() #(#parts)*
            }
        }
    }
}
