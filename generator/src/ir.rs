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
    /// Header parameters (never `Accept`, `Content-Type` or `Authorization`); arrays are sent
    /// comma-separated (OpenAPI `style: simple`).
    pub headers: Vec<Param>,
    /// Cookie parameters, sent together in one `Cookie` header.
    pub cookies: Vec<Param>,
    pub body: Option<Body>,
    /// `None` when the success response has no JSON body.
    pub response: Option<TypeRef>,
    pub errors: Vec<(StatusMatch, TypeId)>,
    pub pagination: Option<Pagination>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub scopes: Vec<String>,
    pub inferred: bool,
    /// Marked `x-internal`/`x-private`: emitted behind the `internal` cargo feature.
    pub internal: bool,
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
}

/// A JSON request body.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Option<String>,
}

/// Which statuses an error decoder arm covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum StatusMatch {
    Code(u16),
    /// `4XX` → 4.
    Range(u16),
    Default,
}

/// An offset/limit-paged list operation.
#[derive(Debug, Clone)]
pub(crate) struct Pagination {
    /// JSON name of the response's single array property.
    pub items_field: String,
    pub item: TypeRef,
    /// Indices into `Operation::query` of `pg[offset]` and `pg[limit]`.
    pub offset: usize,
    pub limit: usize,
}
