//! The repository's well-known paths, in one place low in the crate so every command and stage
//! can name them without importing another command (all relative to the repository root,
//! `/`-separated, as they appear in messages).

use std::path::{Path, PathBuf};

/// The folder holding the page snapshots, the manifest and the merged spec.
pub const SPECS_DIR: &str = "specs";
/// The sources manifest: which doc pages the spec is built from (and how to discover them).
pub const SOURCES_FILE: &str = "specs/sources.toml";
/// The merged spec reviewers read.
pub const SPEC_FILE: &str = "specs/openapi.yaml";
/// The operation-name lock.
pub const LOCK_FILE: &str = "specs/operation-names.toml";
/// The generated client's name, version and description.
pub const CLIENT_FILE: &str = "specs/client.toml";
/// The HTTP validators (`ETag`, `Last-Modified`) of each snapshot's last download.
pub const VALIDATORS_FILE: &str = "specs/fetch-validators.toml";
/// The generated client crate.
pub const CLIENT_DIR: &str = "generated-client";
/// The generated client's manifest (its version drives the diff's bump advice).
pub const CLIENT_MANIFEST: &str = "generated-client/Cargo.toml";

/// The repository root this xtask was built in (the workspace containing `xtask/`).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}
