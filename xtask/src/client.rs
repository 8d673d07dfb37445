//! The generated client's files: runs the generator over the merged spec and
//! tells which files under `generated-client/` regen owns.

use std::fs;
use std::io;
use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostics;
use crate::files::Output;
use crate::paths::{CLIENT_DIR, CLIENT_FILE};
use crate::pipeline::SourceIndex;

/// `specs/client.toml`: the generated crate's identity, and what it includes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSettings {
    /// Package name.
    pub name: String,
    /// Package version (semver; see the README's versioning rule).
    pub version: String,
    /// Package description.
    pub description: String,
    /// Whether operations the docs mark `x-internal` or `x-private` are generated (behind the
    /// crate's `internal` cargo feature, documented as internal and unstable). Default: no.
    #[serde(default)]
    pub internal_operations: bool,
}

/// Parses `specs/client.toml`.
pub fn parse_settings(text: &str) -> Result<ClientSettings, Diagnostics> {
    crate::diag::parse_toml(CLIENT_FILE, text)
}

/// The generator's files for `spec`, placed under `generated-client/`. Generator
/// errors name the page and line the failing operation (or component) came from, by
/// `sources`, and the spec location (a JSON pointer into `specs/openapi.yaml`).
pub fn outputs(
    spec: &openapiv3::OpenAPI,
    settings: &ClientSettings,
    sources: &SourceIndex,
) -> Result<Vec<Output>, Diagnostics> {
    let config = generator::Config {
        crate_name: settings.name.clone(),
        crate_version: settings.version.clone(),
        description: settings.description.clone(),
        internal_operations: settings.internal_operations,
        ..generator::Config::default()
    };
    let files = generator::generate(spec, &config)
        .map_err(|e| Diagnostics(vec![sources.diagnostic(&e.pointer, &e.message)]))?;
    Ok(files.into_iter().map(|f| Output { path: format!("{CLIENT_DIR}/{}", f.path), contents: f.contents }).collect())
}

/// Files under `generated-client/` that carry the `@generated` marker: regen
/// owns them (and may delete them when it stops producing them). Hand-written
/// files (tests, examples) never carry it and are never touched.
pub fn owned_files(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    walk(&root.join(CLIENT_DIR), CLIENT_DIR, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        let rel_path = format!("{rel}/{name}");
        if entry.file_type()?.is_dir() {
            if name != "target" {
                walk(&path, &rel_path, out)?;
            }
        } else if fs::read_to_string(&path).is_ok_and(|text| crate::files::has_marker(&text)) {
            out.push(rel_path);
        }
    }
    Ok(())
}
