//! Turns a merged OpenAPI 3.0 spec into the Rust source files of a typed client.
//!
//! Pipeline: [`generate`] lowers the spec into an IR (every schema converted through a type space
//! that deduplicates structurally identical schemas and names them), then emits each file with
//! `quote!`, parses it with `syn` and prints it with `prettyplease`. No IO happens here.

mod docs;
mod emit;
mod error;
mod ir;
mod lower;
mod runtime_files;
mod typespace;

pub use error::{Error, Pointer};

/// What to generate: the client crate's identity. `Default` gives the Make client's values.
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
        }
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
/// support (e.g. `$ref`s outside `#/components`, `not`, header parameters, non-JSON bodies).
pub fn generate(spec: &openapiv3::OpenAPI, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let api = lower::lower(spec)?;
    let mut rust: Vec<(String, proc_macro2::TokenStream)> = vec![
        ("src/lib.rs".to_owned(), emit::lib_rs::lib_file(&api, config)),
        ("src/zone.rs".to_owned(), emit::zone::zone_file(&api.zones)),
        ("src/documented_error.rs".to_owned(), emit::errors::documented_error_file(&api)),
        ("src/types.rs".to_owned(), emit::types::types_file(&api.types, &api.type_features)),
    ];
    rust.extend(emit::resources::resource_files(&api));

    let mut files =
        vec![GeneratedFile { path: "Cargo.toml".to_owned(), contents: emit::cargo::cargo_toml(config, &api.root) }];
    // Token streams cannot cross threads, so each file's tokens are printed to a string here
    // and parsed and pretty-printed on a worker; results keep their order.
    let sources: Vec<(String, String)> = rust.into_iter().map(|(path, tokens)| (path, tokens.to_string())).collect();
    for rendered in emit::render_all(sources) {
        let (path, contents) = rendered?;
        files.push(GeneratedFile { path, contents });
    }
    for (path, source) in runtime_files::RUNTIME_FILES {
        files.push(GeneratedFile { path: (*path).to_owned(), contents: emit::render_source(path, source)? });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
