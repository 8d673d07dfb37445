//! `cargo xtask diff`: compares two versions of the merged spec and prints a Markdown changelog,
//! each change classified breaking / non-breaking for a user of the generated client, plus the
//! semver bump the client needs.
//!
//! By default the checked-in spec at a git revision (`--base`, default `HEAD`) is compared with the
//! working tree's `specs/openapi.yaml`; alternatively two spec files.

mod compare;
pub mod model;
pub mod render;
mod schema;
pub mod semver;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

pub use model::{Change, ChangeKind, Changelog, Severity, Side};

/// The merged spec, relative to the repository root.
pub const SPEC_PATH: &str = crate::paths::SPEC_FILE;

/// The generated client's manifest, relative to the repository root (its version drives the bump advice).
pub const CLIENT_MANIFEST: &str = crate::paths::CLIENT_MANIFEST;

/// Lists every difference between two specs, sorted by resource, breaking first. The specs are
/// compared as JSON; one that cannot be written as JSON is an error (comparing a stand-in would
/// report every operation as removed or added).
pub fn diff_specs(old: &openapiv3::OpenAPI, new: &openapiv3::OpenAPI) -> anyhow::Result<Changelog> {
    let json = |spec, side| serde_json::to_value(spec).with_context(|| format!("cannot compare the {side} spec"));
    let (old, new) = (json(old, "old")?, json(new, "new")?);
    let mut changelog = Changelog { changes: compare::compare(&old, &new) };
    changelog.sort();
    Ok(changelog)
}

/// Parses a spec from YAML (or JSON) text; `origin` names it in errors (a file or `REV:path`).
pub fn parse_spec(origin: &str, text: &str) -> anyhow::Result<openapiv3::OpenAPI> {
    yaml_serde::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: not a valid OpenAPI 3.0 spec: {e}"))
}

/// Reads and parses a spec file.
pub fn load_spec_file(path: &Path) -> anyhow::Result<openapiv3::OpenAPI> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_spec(&path.display().to_string(), &text)
}

/// Loads the spec at `path` (relative to the repository root) as committed at `rev`, via `git show REV:path`.
pub fn load_spec_at_rev(repo_root: &Path, rev: &str, path: &str) -> anyhow::Result<openapiv3::OpenAPI> {
    let spec = format!("{rev}:{path}");
    let output = Command::new("git")
        .arg("-C")
        .arg(repo_root)
        .args(["show", &spec])
        .output()
        .with_context(|| format!("cannot run `git show {spec}`"))?;
    if !output.status.success() {
        bail!("`git show {spec}` failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    let text = String::from_utf8(output.stdout).with_context(|| format!("{spec} is not UTF-8"))?;
    parse_spec(&spec, &text)
}

/// What `cargo xtask diff` compares and when it fails.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffArgs {
    /// Git revision of the old spec (`--base REV`); `None` means `HEAD`. Compared with the working tree.
    pub base: Option<String>,
    /// Compare these two spec files (old, new) instead; exclusive with `base`.
    pub files: Option<(PathBuf, PathBuf)>,
    /// `--fail-on breaking|non-breaking`: fail when a change of at least this severity is found
    /// (`non-breaking` also counts description-only changes).
    pub fail_on: Option<Severity>,
}

/// The diff of the two specs `args` names, with the client's version when known.
pub fn changelog_for(root: &Path, args: &DiffArgs) -> anyhow::Result<Changelog> {
    let (old, new) = match (&args.files, &args.base) {
        (Some(_), Some(_)) => bail!("give either --base REV or two spec files, not both"),
        (Some((old, new)), None) => (load_spec_file(old)?, load_spec_file(new)?),
        (None, base) => {
            let rev = base.as_deref().unwrap_or("HEAD");
            (load_spec_at_rev(root, rev, SPEC_PATH)?, load_spec_file(&root.join(SPEC_PATH))?)
        }
    };
    diff_specs(&old, &new)
}

/// The generated client's current version, from `generated-client/Cargo.toml`; `None` when unreadable.
pub fn client_version(root: &Path) -> Option<semver::Version> {
    let text = std::fs::read_to_string(root.join(CLIENT_MANIFEST)).ok()?;
    let manifest: toml::Table = toml::from_str(&text).ok()?;
    semver::Version::parse(manifest.get("package")?.get("version")?.as_str()?).ok()
}

/// Runs the diff and writes the Markdown changelog to `out`. Returns `Ok(true)` when the
/// `--fail-on` gate passes (always, without `fail_on`).
pub fn run_to(root: &Path, args: &DiffArgs, out: &mut impl Write) -> anyhow::Result<bool> {
    let changelog = changelog_for(root, args)?;
    let markdown = render::render_markdown(&changelog, client_version(root).as_ref());
    out.write_all(markdown.as_bytes()).context("cannot write the changelog")?;
    Ok(!args.fail_on.is_some_and(|s| changelog.has_at_least(s)))
}

/// `cargo xtask diff`: prints the changelog on stdout; exit code 1 when the `--fail-on` gate fails.
pub fn run(root: &Path, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let passed = run_to(root, args, &mut std::io::stdout().lock())?;
    if passed {
        Ok(ExitCode::SUCCESS)
    } else {
        let level = args.fail_on.unwrap_or(Severity::Breaking);
        eprintln!("diff: found {level} changes (--fail-on {level})");
        Ok(ExitCode::from(1))
    }
}
