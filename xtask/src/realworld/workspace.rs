//! A throw-away Cargo workspace for generated crates: writes the crates as members (with the
//! repository's `Cargo.lock` copied in, so dependency versions match the repo's), and runs
//! `cargo check` on them with a given target dir. Used by `bench --cargo-check` and `realworld`.

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use generator::GeneratedFile;

/// One member crate: its directory name in the workspace and its files.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// Directory under the workspace root (also used in messages).
    pub dir: String,
    /// The generator's files, paths relative to the crate root.
    pub files: &'a [GeneratedFile],
}

/// Replaces `dir` with a workspace holding `members`, and the `Cargo.lock` of `repo_root`.
pub fn write(dir: &Path, repo_root: &Path, members: &[Member<'_>]) -> io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let list: Vec<String> = members.iter().map(|m| format!("    {:?},", m.dir)).collect();
    let manifest = format!(
        "# Temporary workspace written by `cargo xtask`; safe to delete.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        list.join("\n")
    );
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::copy(repo_root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    for m in members {
        let root = dir.join(&m.dir);
        for f in m.files {
            let path = root.join(&f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, &f.contents)?;
        }
    }
    Ok(())
}

/// The result of one `cargo check`.
#[derive(Debug, Clone)]
pub struct CheckRun {
    /// Cargo's exit status was success.
    pub success: bool,
    /// Cargo's stderr (diagnostics in `--message-format short`) followed by its stdout.
    pub output: String,
    /// Wall time of the command.
    pub elapsed: Duration,
}

/// Runs `cargo check -p <package> --message-format short` in the workspace at `ws`.
pub fn cargo_check(ws: &Path, target_dir: &Path, package: &str) -> io::Result<CheckRun> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let out = Command::new(cargo)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir)
        .args(["check", "--quiet", "--message-format", "short", "-p", package])
        .output()?;
    let elapsed = start.elapsed();
    let mut output = String::from_utf8_lossy(&out.stderr).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stdout));
    Ok(CheckRun { success: out.status.success(), output, elapsed })
}

/// Marks `path` as modified now, so the next check recompiles its crate (and only it).
pub fn touch(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new().append(true).open(path)?.set_modified(SystemTime::now())
}

/// A fresh directory under the system temp dir, removed when the returned guard drops (also on
/// an early return or a panic).
pub fn temp_dir(prefix: &str) -> io::Result<tempfile::TempDir> {
    tempfile::Builder::new().prefix(&format!("{prefix}-")).tempdir()
}

/// The package name in a generated `Cargo.toml` (the first `name = "…"` line).
pub fn package_name(files: &[GeneratedFile]) -> Option<String> {
    let manifest = files.iter().find(|f| f.path == "Cargo.toml")?;
    manifest.contents.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("name")?.trim_start().strip_prefix('=')?.trim();
        Some(rest.trim_matches('"').to_string())
    })
}
