//! Turns a merged OpenAPI 3.0 spec into the Rust source files of a typed client.
//!
//! Pipeline: [`generate`] lowers the spec into an IR (every schema converted through a type space
//! that deduplicates structurally identical schemas and names them), then emits each file in
//! parts, on all cores: each part is built with `quote!`, parsed with `syn` and printed with
//! `prettyplease`; the hand-written runtime is copied as it is. No IO happens here.

mod docs;
mod emit;
mod error;
mod ir;
mod lower;
mod runtime_files;
mod typespace;

use emit::render::Part;
pub use error::{Error, Pointer, PointerToken};
pub use lower::{INTERNAL_MARKS, tag_path};
pub use typespace::naming::is_keyword as is_rust_keyword;
pub use typespace::pointer::parse as local_ref_segments;

/// What to generate: the client crate's identity and wire conventions. `Default` gives the Make
/// client's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Package name of the generated crate, e.g. `make-com-api`.
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// Package description.
    pub description: String,
    /// Rust edition of the generated crate.
    pub edition: String,
    /// Minimum supported Rust version of the generated crate.
    pub rust_version: String,
    /// SPDX license expression.
    pub license: String,
    /// Whether the crate may be published (`publish = false` otherwise).
    pub publish: bool,
    /// Whether operations marked `x-internal: true` or `x-private: true` are generated. When
    /// they are, each is behind the generated crate's `internal` cargo feature (off by default)
    /// and documented as internal and unstable; otherwise they are left out.
    pub internal_operations: bool,
    /// How exploded `form` query arrays are named on the wire.
    pub query_arrays: QueryArrays,
    /// The command that generates the crate, named in every file's `@generated` header and in
    /// the crate docs, e.g. `cargo xtask regen`.
    pub generated_by: String,
}

/// How an array query parameter in `style: form` with `explode: true` (OpenAPI's default) is
/// named on the wire. A name that already ends in `[]` is sent as written either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryArrays {
    /// `cols[]=a&cols[]=b`: `[]` is appended to the name (PHP/Rails style; Make's API).
    Brackets,
    /// `cols=a&cols=b`: the name is repeated as written (OpenAPI's definition of `form`).
    Repeat,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            crate_name: "make-com-api".to_owned(),
            crate_version: "0.1.0".to_owned(),
            description: "Typed async client for the Make.com API v2.".to_owned(),
            edition: "2024".to_owned(),
            rust_version: "1.85".to_owned(),
            license: "MIT OR Apache-2.0".to_owned(),
            publish: false,
            internal_operations: false,
            query_arrays: QueryArrays::Brackets,
            generated_by: "cargo xtask regen".to_owned(),
        }
    }
}

impl Config {
    /// The generated crate's library name, as Rust code names it (`make-com-api` → `make_com_api`).
    pub(crate) fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's root, `/`-separated (e.g. `src/types.rs`).
    pub path: String,
    /// Full file contents, starting with the `@generated` header.
    pub contents: String,
}

/// Generates every file of the client crate for `spec`, sorted by path.
///
/// Fails with an [`Error`] carrying the spec location for constructs the generator does not
/// support (e.g. external `$ref`s, non-JSON bodies) or that no value can match
/// (`allOf` of an object and a string).
///
/// Query, header and cookie parameters become arguments (required) or builder setters
/// (optional), written per their `style` and `explode`: scalars and exploded arrays of scalars
/// as text, other shapes (objects, maps, unions, nested arrays) flattened through serde by the
/// runtime (`deepObject`, `form`, `pipeDelimited`, `spaceDelimited`; headers `simple`); cookies
/// go in one `Cookie` header. Header parameters named `Accept`, `Content-Type` or `Authorization`
/// (any case) are ignored, as OpenAPI 3.0 requires. Absolute `servers` become zones; without
/// one (relative servers, or none) the client needs a base URL from the caller.
pub fn generate(spec: &openapiv3::OpenAPI, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let api = lower::lower(spec, config)?;
    let decoders = emit::errors::Decoders::of(&api);
    let mut parts = vec![
        Part::tokens("src/lib.rs", || emit::lib_rs::lib_file(&api, config)),
        Part::tokens("src/zone.rs", || emit::zone::zone_file(&api.zones, &api.server_path)),
        Part::tokens("src/documented_error.rs", || emit::errors::documented_error_file(&api)),
    ];
    parts.extend(emit::types::types_parts(&api.types, &api.type_features));
    parts.extend(emit::resources::resource_parts(&api, &decoders));
    let header = emit::rust_header(&config.generated_by, &api.title);
    let mut files =
        vec![GeneratedFile { path: "Cargo.toml".to_owned(), contents: emit::cargo::cargo_toml(config, &api.root) }];
    files.extend(
        emit::render::render_parts(&parts, &header)?
            .into_iter()
            .map(|(path, contents)| GeneratedFile { path, contents }),
    );
    files.extend(runtime_files::runtime_files(config, &header));
    if api.types.has_tagged() {
        files.push(runtime_files::tagged_file(config, &header));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
