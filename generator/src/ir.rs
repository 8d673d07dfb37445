//! The intermediate representation between the spec and emission: resources (tags), operations,
//! parameters, zones and documented errors, all with final Rust names and type references.

use std::collections::BTreeMap;

use crate::typespace::{TypeId, TypeRef, TypeSpace};

/// Everything the emitters need.
#[derive(Debug)]
pub(crate) struct Api<'s> {
    pub title: String,
    pub types: TypeSpace<'s>,
    pub zones: Vec<ZoneDef>,
    /// The path of a relative server (`/open-banking/v3.1`, without a trailing `/`; empty for
    /// `/`) that requests go to below a caller-given base URL. Empty when `zones` is not.
    pub server_path: String,
    /// The tag tree; the root itself has no operations of its own.
    pub root: Resource,
    /// Distinct documented error body types, sorted by type name.
    pub errors: Vec<TypeId>,
    /// Cargo features of the generated crate: one per top-level resource (its module name).
    /// Index `i` of `type_features` lists the features whose operations use type `i`.
    pub type_features: Vec<std::collections::BTreeSet<String>>,
    /// The spec's security schemes, the preferred one first (see `lower::auth`).
    pub auth: Vec<AuthScheme>,
}

/// A security scheme the spec declares, for the crate docs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AuthScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    pub kind: AuthKind,
}

/// How a security scheme authenticates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AuthKind {
    /// An API key sent as the parameter `name` in `location`; an `Authorization` header key
    /// whose docs show it after a scheme word (`Token …`) has that word as `prefix`.
    ApiKey { location: KeyLocation, name: String, prefix: Option<&'static str> },
    /// HTTP bearer authentication.
    Bearer,
    /// HTTP basic authentication.
    Basic,
    /// Another HTTP authentication scheme (`digest`, …).
    OtherHttp { scheme: String },
    /// OAuth 2.0, with the token URL of its first flow that has one (authorization code,
    /// client credentials, password) and the authorization URL of its first flow that has one
    /// (authorization code, implicit).
    OAuth2 { token_url: Option<String>, authorization_url: Option<String> },
    /// OpenID Connect, with its discovery URL.
    OpenIdConnect { url: String },
}

/// An operation's authentication, next to the crate's preferred scheme (the first of
/// [`Api::auth`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum OpAuth {
    /// The preferred scheme alone satisfies it, or nothing can be said: the docs state no
    /// requirement (for it or spec-wide), declare no scheme, or name one they do not declare.
    #[default]
    Preferred,
    /// The docs require no credentials (`security: []`).
    Unneeded,
    /// The docs accept a request without credentials as well (`{}` among the requirements).
    Optional,
    /// Other schemes: each inner list is one alternative (all its schemes together).
    Schemes(Vec<Vec<String>>),
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLocation {
    Query,
    Header,
    Cookie,
}

/// One absolute server of the spec.
#[derive(Debug, Clone)]
pub(crate) struct ZoneDef {
    pub variant: String,
    /// The URL with every server variable replaced by its default.
    pub url: String,
    pub description: Option<String>,
    /// The server variables and their defaults, for the docs: `(name, default, allowed values)`.
    pub variables: Vec<(String, String, Vec<String>)>,
}

/// A resource handle: one tag segment (`Admin`, then `Organizations` under it).
#[derive(Debug, Default)]
pub(crate) struct Resource {
    /// Module name (snake_case), also the accessor method name.
    pub module: String,
    /// Handle type name (PascalCase).
    pub handle: String,
    /// The full tag, e.g. `Admin > Organizations`.
    pub tag: String,
    pub docs: Option<String>,
    pub operations: Vec<Operation>,
    pub children: BTreeMap<String, Resource>,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub method_name: String,
    pub builder_name: String,
    pub http_method: String,
    pub path: String,
    pub segments: Vec<PathSegment>,
    pub path_params: Vec<Param>,
    pub query: Vec<Param>,
    /// Literal `name=value` pairs of a query template in the path key, sent with every request.
    pub fixed_query: Vec<(String, String)>,
    /// Header parameters (never `Accept`, `Content-Type` or `Authorization`); arrays are sent
    /// comma-separated (OpenAPI `style: simple`).
    pub headers: Vec<Param>,
    /// Cookie parameters, sent together in one `Cookie` header.
    pub cookies: Vec<Param>,
    pub body: Option<Body>,
    /// What `send` returns.
    pub success: Success,
    /// Headers the success response documents (read by `send_with_headers`).
    pub response_headers: Vec<Param>,
    /// The name of the type `send_with_headers` returns them in (`GetAppHeaders`).
    pub headers_type: String,
    pub errors: Vec<(StatusMatch, TypeId)>,
    pub pagination: Option<Pagination>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub scopes: Vec<String>,
    /// How its authentication differs from the crate's preferred scheme, if it does.
    pub auth: OpAuth,
    pub inferred: bool,
    /// Marked `x-internal`/`x-private`: emitted behind the `internal` cargo feature.
    pub internal: bool,
    /// Marked `deprecated: true`: its methods carry `#[deprecated]`.
    pub deprecated: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    Literal(String),
    /// Index into `Operation::path_params`.
    Param(usize),
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// The name on the wire (`pg[limit]`, `cols[]`, `organizationId`, `X-Request-Id`).
    pub wire_name: String,
    /// Rust identifier (field and argument name).
    pub ident: String,
    /// Name of the builder's setter for an optional parameter.
    pub setter: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Option<String>,
    /// How the value is written (OpenAPI `style` and `explode`).
    pub style: Style,
    /// Marked `deprecated: true`: its setter carries `#[deprecated]` (an argument is noted in
    /// the method docs).
    pub deprecated: bool,
}

/// How a parameter value is written on the wire (OpenAPI `style` + `explode`, and whether the
/// value is a scalar or an array of scalars, written with `Display`, or any other shape,
/// flattened through serde by the runtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// A scalar, or an array of scalars (query: one pair per value, `cols[]=a&cols[]=b`;
    /// header: joined with `,`), written with `Display`.
    Plain,
    /// `style: form` (or `pipeDelimited`/`spaceDelimited`) with `explode: true` on a value that is
    /// not a scalar or an array of scalars: an object's properties become pairs of their own
    /// (`a=1&b=2`), arrays one pair per item.
    Exploded,
    /// `explode: false`: one pair whose value is every item (and an object's keys and values)
    /// joined with this separator (`,` for `form` and `simple`, `|`, ` `).
    Joined(char),
    /// `style: deepObject`: `name[key]=value`, nested as `name[a][b]=value`, arrays `name[a][]=v`.
    Deep,
    /// A `content: application/json` parameter that is not a scalar: its JSON text as one value.
    Json,
    /// A path parameter that is not a `simple` scalar: an array or object in `simple` style, or
    /// any value in `label` (`.a.b`) or `matrix` (`;id=a,b`) style, each item percent-encoded.
    Path(PathStyle),
}

/// OpenAPI 3.0 `style` of a path parameter that needs more than its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathStyle {
    /// `simple`: items (and keys and values) joined with `,`; exploded objects as `k=v,k=v`.
    Simple { explode: bool },
    /// `label`: a `.` in front; items joined with `,`, or with `.` when exploded.
    Label { explode: bool },
    /// `matrix`: `;name=value`; exploded arrays and objects as one `;key=value` per item.
    Matrix { explode: bool },
}

/// A request body: the forms the operation accepts, the preferred one first (JSON, then
/// form-encoded, multipart, text, bytes).
#[derive(Debug, Clone)]
pub(crate) struct Body {
    /// Never empty.
    pub forms: Vec<BodyForm>,
    pub required: bool,
    pub docs: Option<String>,
}

/// One media type of a request body.
#[derive(Debug, Clone)]
pub(crate) struct BodyForm {
    /// The `Content-Type` sent (the documented media type; `application/octet-stream` for a
    /// wildcard like `image/*`).
    pub content_type: String,
    pub kind: BodyKind,
    /// The handle method that sends this form: the operation's own name for the preferred form,
    /// `<name>_<media>` (`create_context_multipart`) for the others.
    pub method: String,
}

/// How a request body form is typed and encoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BodyKind {
    /// JSON (`application/json`, `application/jsonc`, `…+json`).
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the fields of a struct or map.
    Form(TypeRef),
    /// `multipart/form-data`: a generated form type, or the runtime's untyped `Multipart` when
    /// the schema lists no properties.
    Multipart(Option<MultipartForm>),
    /// Text (`text/*`, XML, JavaScript, …, and a form whose schema is not an object, already
    /// encoded by the caller): a `String`.
    Text,
    /// Anything else (`image/png`, `application/octet-stream`, …): bytes.
    Bytes,
}

/// The generated type of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MultipartForm {
    /// Its name in the resource module (`CreateContextMultipart`).
    pub type_name: String,
    pub fields: Vec<MultipartField>,
}

/// One documented part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MultipartField {
    /// The part's name on the wire.
    pub wire_name: String,
    /// Field name in the form type.
    pub ident: String,
    /// Name of the form type's setter for an optional part.
    pub setter: String,
    pub part: PartKind,
    pub required: bool,
    pub docs: Option<String>,
    /// The content type the spec's `encoding` gives the part.
    pub content_type: Option<String>,
}

/// What a multipart part holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PartKind {
    /// A scalar (string, number, boolean, enum) sent as text.
    Text(TypeRef),
    /// An array of scalars: one text part per item.
    TextList(TypeRef),
    /// Anything else typed (object, map, union): its JSON text.
    Json(TypeRef),
    /// A file (`format: binary`, or a part without a type): a `FilePart`.
    File,
    /// An array of files: one part per file.
    FileList,
}

/// What an operation's `send` returns, from its success response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Success {
    /// The response has no documented body: `()`.
    Empty,
    /// A JSON body.
    Json(TypeRef),
    /// A text body (`text/*`, XML, JavaScript): `String`; `media` is asked for in `Accept`.
    Text { media: String },
    /// A text body (not XML) holding a boolean or a number (`text/plain` with `type: boolean`),
    /// parsed into it.
    TextValue { ty: TypeRef, media: String },
    /// A binary body with its content type (`Binary`).
    Binary { media: String },
    /// `text/event-stream`: a stream of events whose data is `data` decoded from JSON, or the
    /// text when `None`.
    Events { data: Option<TypeRef> },
    /// The spec documents no response, or only redirects: the raw response (2xx or 3xx).
    Raw,
}

/// Which statuses an error decoder arm covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum StatusMatch {
    Code(u16),
    /// `4XX` → 4.
    Range(u16),
    Default,
}

/// A paged list operation.
#[derive(Debug, Clone)]
pub(crate) struct Pagination {
    /// JSON name of the response's array property holding the items.
    pub items_field: String,
    pub item: TypeRef,
    /// How the next page is asked for.
    pub paging: Paging,
}

/// How a paged list operation asks for the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Paging {
    /// By offset: indices into `Operation::query` of `pg[offset]` and `pg[limit]`.
    Offset { offset: usize, limit: usize },
    /// By token: the index into `Operation::query` of the token parameter, and the JSON name of
    /// the response's string field naming the next page's token.
    Token { token: usize, next_field: String },
}

impl Operation {
    /// The JSON success type, if `send` decodes one.
    pub(crate) fn json_response(&self) -> Option<&TypeRef> {
        match &self.success {
            Success::Json(t) => Some(t),
            _ => None,
        }
    }

    /// Every type the operation's signature mentions (parameters, bodies, success, headers,
    /// documented errors), for naming and feature gating.
    pub(crate) fn type_roots(&self) -> Vec<TypeRef> {
        let mut out: Vec<TypeRef> = Vec::new();
        let params = self
            .path_params
            .iter()
            .chain(&self.query)
            .chain(&self.headers)
            .chain(&self.cookies)
            .chain(&self.response_headers);
        out.extend(params.map(|p| p.ty.clone()));
        for form in self.body.iter().flat_map(|b| &b.forms) {
            match &form.kind {
                BodyKind::Json(t) | BodyKind::Form(t) => out.push(t.clone()),
                BodyKind::Multipart(Some(m)) => out.extend(m.fields.iter().filter_map(|f| match &f.part {
                    PartKind::Text(t) | PartKind::TextList(t) | PartKind::Json(t) => Some(t.clone()),
                    PartKind::File | PartKind::FileList => None,
                })),
                BodyKind::Multipart(None) | BodyKind::Text | BodyKind::Bytes => {}
            }
        }
        match &self.success {
            Success::Json(t) | Success::TextValue { ty: t, .. } | Success::Events { data: Some(t) } => {
                out.push(t.clone());
            }
            _ => {}
        }
        out.extend(self.errors.iter().map(|(_, id)| TypeRef::Named(*id)));
        out
    }

    /// The handle methods of the operation: its own, then one per alternative body form.
    pub(crate) fn handle_methods(&self) -> impl Iterator<Item = &str> {
        let alternatives = self.body.iter().flat_map(|b| b.forms.iter().skip(1)).map(|f| f.method.as_str());
        std::iter::once(self.method_name.as_str()).chain(alternatives)
    }

    /// Names of the items the operation adds to its resource module (request builder, multipart
    /// form type, response headers type); they must not clash within the module.
    pub(crate) fn module_items(&self) -> Vec<&str> {
        let mut out = vec![self.builder_name.as_str()];
        for form in self.body.iter().flat_map(|b| &b.forms) {
            if let BodyKind::Multipart(Some(m)) = &form.kind {
                out.push(&m.type_name);
            }
        }
        if !self.response_headers.is_empty() {
            out.push(&self.headers_type);
        }
        out
    }
}
