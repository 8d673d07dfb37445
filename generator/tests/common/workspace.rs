//! Compiling generated crates: writes them as members of one temporary workspace seeded with the
//! repository's `Cargo.lock` and runs cargo offline with `<target dir>/golden` as target dir, so
//! dependencies are built once and shared by every compile test and later runs.
//!
//! A golden crate can carry hand-written tests that drive the generated client against a server on
//! 127.0.0.1: their sources live in `generator/tests/golden/<crate>/tests/`, [`add_tests`] copies
//! them into the generated crate and `cargo(dir, &["test", "-p", crate], &[])` runs them (and the
//! crate's doctests).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Config, generate};
use tempfile::TempDir;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// `<target dir>/golden`: the configured target dir if set, else the repository's `target/`.
fn golden_target_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo_root().join("target"), PathBuf::from);
    let base = if base.is_absolute() { base } else { repo_root().join(base) };
    base.join("golden")
}

/// Generates every `(package name, spec)` crate into a fresh temporary workspace named after
/// `label` (removed when the returned handle is dropped, also when the test fails). Panics if a
/// spec does not generate.
pub fn write_workspace(label: &str, crates: Vec<(String, openapiv3::OpenAPI)>) -> TempDir {
    let crates = crates
        .into_iter()
        .map(|(name, spec)| {
            let config = Config { crate_name: name.clone(), ..Config::default() };
            (name, config, spec)
        })
        .collect();
    write_workspace_with(label, crates)
}

/// [`write_workspace`] with a generator [`Config`] per crate (its `crate_name` is replaced by the
/// package name).
pub fn write_workspace_with(label: &str, crates: Vec<(String, Config, openapiv3::OpenAPI)>) -> TempDir {
    let crates = crates
        .into_iter()
        .map(|(name, config, spec)| {
            let config = Config { crate_name: name.clone(), ..config };
            let files = generate(&spec, &config).unwrap_or_else(|e| panic!("{name}: generation failed: {e}"));
            (name, files.into_iter().map(|f| (f.path, f.contents)).collect())
        })
        .collect();
    write_workspace_files(label, crates)
}

/// A temporary workspace (see [`write_workspace`]) of crates given as `(package name, files)`,
/// each file a `(path inside the crate, contents)` pair: for crates generated another way, such
/// as by the regen pipeline.
pub fn write_workspace_files(label: &str, crates: Vec<(String, Vec<(String, String)>)>) -> TempDir {
    let temp = tempfile::Builder::new().prefix(&format!("make-codegen-{label}-")).tempdir().unwrap();
    let dir = temp.path();
    let mut members = Vec::new();
    for (name, files) in crates {
        for (file, contents) in files {
            let path = dir.join(&name).join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, contents).unwrap();
        }
        members.push(format!("{name:?}"));
    }
    // The repository's debug-info settings (see its Cargo.toml): the golden crates' test binaries
    // would otherwise take well over a GiB of disk.
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    temp
}

/// Copies the hand-written tests of golden crate `name` (every `*.rs` file of
/// `generator/tests/golden/<name>/tests/`, sorted) into its generated crate in workspace `dir`;
/// returns how many there were.
pub fn add_tests(dir: &Path, name: &str) -> usize {
    let source = repo_root().join("generator/tests/golden").join(name).join("tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap_or_else(|e| panic!("{}: {e}", source.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let target = dir.join(name).join("tests");
    std::fs::create_dir_all(&target).unwrap();
    for file in &files {
        std::fs::copy(file, target.join(file.file_name().unwrap())).unwrap();
    }
    files.len()
}

/// Runs cargo `args` in `dir` offline with extra `env`; panics with its stderr unless it
/// succeeds without warnings.
pub fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // `--offline` goes before a `--` that hands the rest to the tool.
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let out = Command::new(cargo)
        .args(args.get(..split).unwrap_or(args))
        .arg("--offline")
        .args(args.get(split..).unwrap_or(&[]))
        .env("CARGO_TARGET_DIR", golden_target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "`cargo {}` failed in {}:\n{stderr}\n{stdout}", args.join(" "), dir.display());
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.is_empty(), "`cargo {}` warned in {}:\n{stderr}", args.join(" "), dir.display());
}
