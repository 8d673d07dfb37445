//! The intermediate representation between the spec and emission: resources (tags), operations,
//! parameters, zones and documented errors, all with final Rust names and type references.

use std::collections::BTreeMap;

use crate::typespace::{TypeId, TypeRef, TypeSpace};

/// Everything the emitters need.
#[derive(Debug)]
pub(crate) struct Api {
    pub title: String,
    pub types: TypeSpace,
    pub zones: Vec<ZoneDef>,
    /// The tag tree; the root itself has no operations of its own.
    pub root: Resource,
    /// Distinct documented error body types, sorted by type name.
    pub errors: Vec<TypeId>,
    /// Cargo features of the generated crate: one per top-level resource (its module name).
    /// Index `i` of `type_features` lists the features whose operations use type `i`.
    pub type_features: Vec<std::collections::BTreeSet<String>>,
}

/// One server of the spec.
#[derive(Debug, Clone)]
pub(crate) struct ZoneDef {
    pub variant: String,
    pub url: String,
    pub description: Option<String>,
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

/// A path, query or header parameter.
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
