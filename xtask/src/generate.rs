//! `cargo xtask generate --spec PATH --out DIR [--name CRATE]`: a client crate from any OpenAPI
//! 3.0 spec file (JSON or YAML), prepared like `cargo xtask realworld` prepares real specs
//! (missing `operationId`s and tags filled in, each fill reported).
//!
//! Writing works like regen: only files whose contents changed are written, all or nothing
//! (staged, then renamed into place, rolled back on failure); files this command wrote earlier
//! and no longer produces are removed. It never replaces a file it did not write (one without
//! its `@generated` header), so pointing `--out` at an existing project is an error, not a loss.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::{self, Output};
use crate::realworld::prepare::{self, Prepared};
use crate::realworld::{Outcome, parse_spec};

/// The command named in the generated files' `@generated` headers.
pub const COMMAND: &str = "cargo xtask generate";

/// Crates the generated crate depends on: a derived crate name must not be one of them.
const DEPENDENCY_NAMES: &[&str] = &[
    "fastrand",
    "futures-core",
    "futures-util",
    "httpdate",
    "percent-encoding",
    "reqwest",
    "serde",
    "serde-json",
    "serde_json",
    "tokio",
    "wiremock",
];

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The spec file: JSON or YAML (by extension, else by content).
    pub spec: PathBuf,
    /// The crate's directory (created if missing).
    pub out: PathBuf,
    /// The package name; derived from the spec's title when `None`.
    pub name: Option<String>,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The package name of the crate.
    pub crate_name: String,
    /// The spec's `openapi` version.
    pub version: String,
    /// What was filled in.
    pub prepared: Prepared,
    /// Files written (paths relative to the crate directory).
    pub written: Vec<String>,
    /// Stale files removed.
    pub deleted: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Whether the spec names an absolute server URL (else the client needs a base URL).
    pub has_server: bool,
    /// What recovering a write an earlier, killed run left in the crate directory did.
    pub recovered: Option<String>,
}

impl Report {
    /// The lines printed after a run.
    pub fn lines(&self, config: &Config) -> Vec<String> {
        let mut lines: Vec<String> = self.recovered.iter().cloned().collect();
        if !self.version.starts_with("3.0") {
            lines.push(format!(
                "warning: the spec says `openapi: {}`; this generator reads OpenAPI 3.0, so newer constructs may be rejected",
                self.version
            ));
        }
        let fills = &self.prepared.fills;
        if fills.is_empty() {
            lines.push("filled in: nothing (every operation has an operationId and a tag)".to_owned());
        } else {
            lines.push(format!("{}:", fill_summary(&self.prepared)));
            lines.extend(fills.iter().map(|f| format!("  {f}")));
        }
        if !self.has_server {
            lines.push(
                "servers: the spec names no absolute server URL, so the client needs \
                 `ClientBuilder::base_url` (a relative server's path is appended to it)"
                    .to_owned(),
            );
        }
        lines.push(format!(
            "crate `{}` in {}: {} file(s) written, {} unchanged, {} stale file(s) removed",
            self.crate_name,
            config.out.display(),
            self.written.len(),
            self.unchanged,
            self.deleted.len()
        ));
        lines.extend(self.written.iter().map(|f| format!("  wrote {f}")));
        lines.extend(self.deleted.iter().map(|f| format!("  removed {f}")));
        lines
    }
}

/// Reads, prepares and generates, then writes the crate. Errors name the file and the spec
/// location (a serde path for parse errors, a JSON pointer for generation errors); on error
/// nothing is written.
pub fn run(config: &Config) -> Result<Report, String> {
    let spec_name = config.spec.display().to_string();
    let text = fs::read_to_string(&config.spec).map_err(|e| format!("{spec_name}: cannot read: {e}"))?;
    let yaml = is_yaml(&config.spec, &text);
    let mut spec = parse_spec(&text, yaml).map_err(|outcome| match outcome {
        Outcome::ParseError { .. } if is_swagger_2(&text, yaml) => format!(
            "{spec_name}: this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first (for example with \
             swagger2openapi)"
        ),
        Outcome::ParseError { path, message } => {
            format!("{spec_name}: not an OpenAPI 3.0 document: {message} — at `{path}`")
        }
        other => format!("{spec_name}: {other}"),
    })?;
    let prepared = prepare::prepare(&mut spec);
    let crate_name = match &config.name {
        Some(name) => check_crate_name(name)?,
        None => crate_name_from_title(&spec.info.title),
    };
    let title = spec.info.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let generator_config = generator::Config {
        crate_name: crate_name.clone(),
        description: format!("Typed async client for the {title}, generated from its OpenAPI spec."),
        query_arrays: generator::QueryArrays::Repeat,
        generated_by: COMMAND.to_owned(),
        ..generator::Config::default()
    };
    let generated = generator::generate(&spec, &generator_config)
        .map_err(|e| format!("{spec_name}: {}: {}", e.pointer, e.message))?;
    let outputs: Vec<Output> = generated.into_iter().map(|f| Output { path: f.path, contents: f.contents }).collect();
    let WriteOutcome { written, deleted, recovered } = write(&config.out, &outputs)?;
    Ok(Report {
        crate_name,
        version: spec.openapi.clone(),
        unchanged: outputs.len().saturating_sub(written.len()),
        prepared,
        written,
        deleted,
        has_server: spec.servers.iter().any(|s| s.url.contains("://") || s.url.trim_start().starts_with("//")),
        recovered,
    })
}

/// YAML by extension (`.yaml`, `.yml`), JSON by extension (`.json`), else JSON when the text
/// starts with `{`.
fn is_yaml(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("yaml" | "yml") => true,
        Some("json") => false,
        _ => !text.trim_start().starts_with('{'),
    }
}

/// Whether the document has a top-level `swagger` key (Swagger 2.0).
fn is_swagger_2(text: &str, yaml: bool) -> bool {
    let value: Option<serde_json::Value> =
        if yaml { yaml_serde::from_str(text).ok() } else { serde_json::from_str(text).ok() };
    value.is_some_and(|v| v.get("swagger").is_some())
}

/// A Cargo package name given on the command line: ASCII letters, digits, `-` and `_`,
/// starting with a letter.
fn check_crate_name(name: &str) -> Result<String, String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if valid {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "--name `{name}` is not a usable crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// `Swagger Petstore (v2)` → `swagger-petstore-v2` (whole words, under 48 characters);
/// `api-client` when the title has no usable words; `-client` is appended to a name one of the
/// crate's dependencies has.
fn crate_name_from_title(title: &str) -> String {
    let mut name = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if name.len() + word.len() >= 48 {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word.to_ascii_lowercase());
    }
    match name.chars().next() {
        None => "api-client".to_owned(),
        Some(c) if !c.is_ascii_alphabetic() => format!("api-{name}"),
        Some(_) if DEPENDENCY_NAMES.contains(&name.as_str()) => format!("{name}-client"),
        Some(_) => name,
    }
}

/// What [`write`] did.
struct WriteOutcome {
    /// Files written.
    written: Vec<String>,
    /// Stale files removed.
    deleted: Vec<String>,
    /// What recovering an interrupted earlier write did, if there was one.
    recovered: Option<String>,
}

/// Writes `outputs` under `out` (write-if-changed, all or nothing) and removes files an earlier
/// run wrote that are no longer produced. The crate directory itself is created first (the
/// write's journal lives in it), and a write an earlier, killed run left there is recovered.
fn write(out: &Path, outputs: &[Output]) -> Result<WriteOutcome, String> {
    let place = |rel: &str| out.join(rel).display().to_string();
    fs::create_dir_all(out).map_err(|e| format!("{}: cannot create the crate directory: {e}", out.display()))?;
    let recovered = crate::journal::recover(out)
        .map_err(|e| format!("{}: {e}; nothing was written", out.display()))?
        .map(|recovery| recovery.to_string());
    for o in outputs {
        match fs::read(out.join(&o.path)) {
            Ok(old) if !is_ours(&String::from_utf8_lossy(&old)) => {
                return Err(format!(
                    "{}: exists and was not written by `{COMMAND}` (no `@generated by {COMMAND}` header); \
                     nothing was written — choose another --out directory or move the file away",
                    place(&o.path)
                ));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}; nothing was written", place(&o.path))),
        }
    }
    let stale: Vec<String> = ours_on_disk(out).map_err(|e| format!("{}: {e}; nothing was written", out.display()))?;
    let plan = files::plan(out, outputs, &stale).map_err(|e| format!("{}: {e}; nothing was written", out.display()))?;
    files::apply(out, &plan).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(WriteOutcome { written: plan.write.into_iter().map(|o| o.path).collect(), deleted: plan.delete, recovered })
}

/// Whether a file's first lines carry this command's `@generated` header.
fn is_ours(text: &str) -> bool {
    text.lines()
        .take(3)
        .any(|l| l.contains(&format!("@generated by {COMMAND}")) || l.contains(&format!("@generated by `{COMMAND}`")))
}

/// The files under `out` an earlier run wrote: `Cargo.toml` and files below `src/` with this
/// command's header (`/`-separated, relative to `out`).
fn ours_on_disk(out: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if fs::read_to_string(out.join("Cargo.toml")).is_ok_and(|t| is_ours(&t)) {
        found.push("Cargo.toml".to_owned());
    }
    let mut dirs = vec![(out.join("src"), "src".to_owned())];
    while let Some((dir, rel)) = dirs.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel_path = format!("{rel}/{name}");
            if entry.file_type()?.is_dir() {
                dirs.push((entry.path(), rel_path));
            } else if fs::read_to_string(entry.path()).is_ok_and(|t| is_ours(&t)) {
                found.push(rel_path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The head line of the fills: ids and tags always, tidied tag names and copied path items when
/// there are any.
fn fill_summary(prepared: &Prepared) -> String {
    let mut line = format!("filled in {} operationId(s) and {} tag(s)", prepared.derived_ids, prepared.default_tags);
    if prepared.tidied_tags > 0 {
        line.push_str(&format!(", tidied {} tag name(s)", prepared.tidied_tags));
    }
    if prepared.copied_paths > 0 {
        line.push_str(&format!(", copied {} path item(s) from their `$ref`", prepared.copied_paths));
    }
    line
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn crate_names_from_titles_and_flags() {
        for (title, name) in [
            ("Swagger Petstore (v2)", "swagger-petstore-v2"),
            ("  ", "api-client"),
            ("3D Printing API", "api-3d-printing-api"),
            ("Reqwest", "reqwest-client"),
            ("Überblick Ä", "berblick"),
        ] {
            assert_eq!(crate_name_from_title(title), name, "{title}");
        }
        assert_eq!(crate_name_from_title(&"word ".repeat(40)).len(), 44);
        assert_eq!(check_crate_name("my_api-2").unwrap(), "my_api-2");
        for bad in ["", "2api", "my api", "ä"] {
            assert!(check_crate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_fill_summary_counts_every_kind_of_fill() {
        for ((ids, tags, tidied, copied), line) in [
            ((2, 1, 0, 0), "filled in 2 operationId(s) and 1 tag(s)"),
            ((0, 0, 3, 0), "filled in 0 operationId(s) and 0 tag(s), tidied 3 tag name(s)"),
            (
                (1, 0, 1, 2),
                "filled in 1 operationId(s) and 0 tag(s), tidied 1 tag name(s), copied 2 path item(s) from their `$ref`",
            ),
        ] {
            let prepared = Prepared {
                derived_ids: ids,
                default_tags: tags,
                tidied_tags: tidied,
                copied_paths: copied,
                ..Prepared::default()
            };
            assert_eq!(fill_summary(&prepared), line);
        }
    }

    #[test]
    fn spec_format_by_extension_then_content() {
        for (path, text, yaml) in [
            ("a.yaml", "{}", true),
            ("a.YML", "{}", true),
            ("a.json", "openapi: 3.0.0", false),
            ("spec", "  {\"openapi\": \"3.0.0\"}", false),
            ("spec.txt", "openapi: 3.0.0", true),
        ] {
            assert_eq!(is_yaml(Path::new(path), text), yaml, "{path}");
        }
    }
}
