//! The hand-written client runtime, emitted verbatim into the generated crate: each file's bytes
//! under the `@generated` header (prost-build's way), so its `//` comments and layout survive.
//! Only the crate name its doc examples use is replaced (see `generator/runtime/mod.rs`).

use crate::{Config, GeneratedFile};

/// `(path inside the generated crate, source)` of every runtime file.
pub(crate) const RUNTIME_FILES: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../runtime/mod.rs")),
    ("src/runtime/body.rs", include_str!("../runtime/body.rs")),
    ("src/runtime/client.rs", include_str!("../runtime/client.rs")),
    ("src/runtime/error.rs", include_str!("../runtime/error.rs")),
    ("src/runtime/execute.rs", include_str!("../runtime/execute.rs")),
    ("src/runtime/media.rs", include_str!("../runtime/media.rs")),
    ("src/runtime/observe.rs", include_str!("../runtime/observe.rs")),
    ("src/runtime/paginate.rs", include_str!("../runtime/paginate.rs")),
    ("src/runtime/params.rs", include_str!("../runtime/params.rs")),
    ("src/runtime/query_key.rs", include_str!("../runtime/query_key.rs")),
    ("src/runtime/raw.rs", include_str!("../runtime/raw.rs")),
    ("src/runtime/request.rs", include_str!("../runtime/request.rs")),
    ("src/runtime/retry.rs", include_str!("../runtime/retry.rs")),
    ("src/runtime/sse.rs", include_str!("../runtime/sse.rs")),
];

/// Helpers for internally tagged unions, emitted as `src/tagged.rs` only into crates that have one.
pub(crate) const TAGGED_FILE: (&str, &str) = ("src/tagged.rs", include_str!("../runtime/tagged.rs"));

/// The crate name the runtime's doc examples use (the Make client's).
const EXAMPLE_CRATE: &str = "make_com_api";

/// The runtime files of the crate `config` describes, each starting with `header` (see
/// [`crate::emit::rust_header`]).
pub(crate) fn runtime_files<'a>(config: &'a Config, header: &'a str) -> impl Iterator<Item = GeneratedFile> + 'a {
    RUNTIME_FILES.iter().map(move |&file| emitted(file, config, header))
}

/// [`TAGGED_FILE`] under `header`, for crates that have an internally tagged union.
pub(crate) fn tagged_file(config: &Config, header: &str) -> GeneratedFile {
    emitted(TAGGED_FILE, config, header)
}

/// One runtime source as the crate `config` describes gets it: under `header`, its doc examples
/// naming that crate.
fn emitted((path, source): (&str, &str), config: &Config, header: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.to_owned(),
        contents: format!("{header}\n{}", source.replace(EXAMPLE_CRATE, &config.lib_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_files_are_the_sources_under_the_header_with_the_crate_renamed() {
        let config = Config { crate_name: "acme-api".to_owned(), ..Config::default() };
        let header = crate::emit::rust_header("cargo xtask generate", "Acme API");
        let files: Vec<GeneratedFile> = runtime_files(&config, &header).collect();
        assert_eq!(files.len(), RUNTIME_FILES.len());
        let client = files.iter().find(|f| f.path == "src/runtime/client.rs").map(|f| f.contents.as_str());
        let source = include_str!("../runtime/client.rs");
        let expected = format!("{header}\n{}", source.replace("make_com_api::", "acme_api::"));
        assert_eq!(client, Some(expected.as_str()));
        // Comments the printer would drop are kept.
        assert!(source.contains("\n        // ") && expected.contains("\n        // "));
        for file in &files {
            assert!(!file.contents.contains(EXAMPLE_CRATE), "{} names the Make crate", file.path);
        }
    }
}
