//! Output files: compare with what is checked in, show diffs, write only what changed.
//!
//! All outputs of a run are computed first; writing happens last, through temp
//! files renamed into place, so a failed run leaves every file as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file regen owns, with the contents it should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// Desired contents.
    pub contents: String,
}

/// How the outputs differ from the files on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to create or overwrite (contents differ or file missing).
    pub write: Vec<Output>,
    /// Owned files that are no longer produced.
    pub delete: Vec<String>,
}

impl Plan {
    /// True when everything on disk is up to date.
    pub fn is_clean(&self) -> bool {
        self.write.is_empty() && self.delete.is_empty()
    }
}

/// Compares `outputs` with disk under `root`. `stale_candidates` are owned files
/// that exist now; those not among the outputs are planned for deletion.
pub fn plan(root: &Path, outputs: &[Output], stale_candidates: &[String]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for o in outputs {
        match fs::read(root.join(&o.path)) {
            Ok(old) if old == o.contents.as_bytes() => {}
            Ok(_) => plan.write.push(o.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => plan.write.push(o.clone()),
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", o.path))),
        }
    }
    for c in stale_candidates {
        if !outputs.iter().any(|o| &o.path == c) {
            plan.delete.push(c.clone());
        }
    }
    plan.delete.sort();
    Ok(plan)
}

/// A unified diff of every planned change, for `--check`.
pub fn render_diff(root: &Path, plan: &Plan) -> String {
    let mut out = String::new();
    for o in &plan.write {
        let old = fs::read_to_string(root.join(&o.path)).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&old, &o.contents);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(2)
                .header(&format!("a/{}", o.path), &format!("b/{}", o.path))
                .to_string(),
        );
    }
    for d in &plan.delete {
        out.push_str(&format!("deleted: {d}\n"));
    }
    out
}

/// Applies the plan: every new file is written to a temp file first; only when all
/// are written are they renamed into place and stale files removed.
pub fn apply(root: &Path, plan: &Plan) -> io::Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for o in &plan.write {
            let dest = root.join(&o.path);
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir)?;
            }
            let tmp = dest
                .with_file_name(format!(".{}.regen-tmp", dest.file_name().and_then(|n| n.to_str()).unwrap_or("out")));
            fs::write(&tmp, &o.contents)?;
            staged.push((tmp, dest));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, dest) in &staged {
        fs::rename(tmp, dest)?;
    }
    for d in &plan.delete {
        fs::remove_file(root.join(d))?;
    }
    Ok(())
}
