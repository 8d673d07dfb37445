//! Output files: compare with what is checked in, show diffs, write only what changed.
//!
//! All outputs of a run are computed first; writing happens last and is
//! all-or-nothing: new contents are staged in temp files, originals are kept as
//! backups until every file is in place, and any failure rolls back every file
//! already replaced, created or deleted. Neither temp files nor backups outlive
//! the run. Only a killed process can leave `.regen-tmp` / `.regen-bak` files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The marker a file regen owns carries in its first lines.
pub const MARKER: &str = "@generated";

/// Suffix of the hidden sibling a new file's contents are staged in.
pub const TMP_SUFFIX: &str = ".regen-tmp";

/// Suffix of the hidden sibling an original is kept in until the run succeeded.
pub const BACKUP_SUFFIX: &str = ".regen-bak";

/// Outputs under this folder may only replace files that carry [`MARKER`].
const GUARDED_DIR: &str = "generated-client/";

/// True when `text` carries [`MARKER`] in its first three lines.
pub fn has_marker(text: &str) -> bool {
    text.lines().take(3).any(|l| l.contains(MARKER))
}

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
/// that exist now; those not among the outputs are planned for deletion. An output
/// under `generated-client/` that would replace a hand-written file (one without
/// the `@generated` marker) is an error: regen never overwrites what it does not own.
pub fn plan(root: &Path, outputs: &[Output], stale_candidates: &[String]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for o in outputs {
        match fs::read(root.join(&o.path)) {
            Ok(old) if old == o.contents.as_bytes() => {}
            Ok(old) if o.path.starts_with(GUARDED_DIR) && !has_marker(&String::from_utf8_lossy(&old)) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{}: regen would overwrite a hand-written file (no `{MARKER}` marker in its first lines); \
                         move it away, or add the marker if regen should own it",
                        o.path
                    ),
                ));
            }
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

/// Applies the plan, all or nothing. Every new file is staged in a temp file next
/// to its destination; then each original is kept as a backup (a hard link, or a
/// copy where links are not supported) while the temp file is renamed over it,
/// and each stale file is moved aside. Only when every step succeeded are the
/// backups removed. On any failure every step taken is undone in reverse order,
/// so each file is byte-identical to what it was, and the error names the path.
pub fn apply(root: &Path, plan: &Plan) -> Result<(), ApplyError> {
    let mut journal = Vec::new();
    match commit(root, plan, &mut journal) {
        Ok(()) => finish(&journal).map_err(ApplyError::Cleanup),
        Err(error) => {
            let problems = roll_back(&journal);
            if problems.is_empty() {
                Err(ApplyError::RolledBack(error))
            } else {
                Err(ApplyError::RollbackFailed { error, problems })
            }
        }
    }
}

/// Why [`apply`] failed, and so what state the files are in.
#[derive(Debug)]
pub enum ApplyError {
    /// A step failed and every step taken was undone: every file is as it was.
    RolledBack(io::Error),
    /// A step failed and undoing the steps failed too: some files may be changed.
    RollbackFailed {
        /// The failure that started the rollback.
        error: io::Error,
        /// Each step that could not be undone.
        problems: Vec<String>,
    },
    /// Every file was written, but a backup could not be removed afterwards.
    Cleanup(io::Error),
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::RolledBack(e) => write!(f, "{e}; every change was rolled back, nothing was written"),
            ApplyError::RollbackFailed { error, problems } => write!(
                f,
                "{error}; rolling back also failed: {}; some files may be changed (`git status` shows which)",
                problems.join("; ")
            ),
            ApplyError::Cleanup(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ApplyError {}

/// One step of [`apply`], recorded so it can be undone.
#[derive(Debug)]
enum Step {
    /// A directory that did not exist was created.
    CreatedDir(PathBuf),
    /// New contents were staged in this temp file.
    Staged(PathBuf),
    /// A file that did not exist was put in place.
    Created(PathBuf),
    /// `original` was kept as `backup` before being replaced.
    Kept { original: PathBuf, backup: PathBuf },
    /// `original` was moved to `backup` (a deletion).
    MovedAside { original: PathBuf, backup: PathBuf },
}

/// The hidden sibling `.name<suffix>` of `path`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}{suffix}"))
}

fn located(rel: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{rel}: {e}"))
}

fn commit(root: &Path, plan: &Plan, journal: &mut Vec<Step>) -> io::Result<()> {
    let mut staged = Vec::new();
    for o in &plan.write {
        let dest = root.join(&o.path);
        if let Some(dir) = dest.parent() {
            create_dirs(dir, journal).map_err(|e| located(&o.path, e))?;
        }
        let tmp = sibling(&dest, TMP_SUFFIX);
        journal.push(Step::Staged(tmp.clone()));
        fs::write(&tmp, &o.contents).map_err(|e| located(&o.path, e))?;
        staged.push((tmp, dest, o.path.as_str()));
    }
    for (tmp, dest, rel) in staged {
        let existed = is_file(&dest).map_err(|e| located(rel, e))?;
        if existed {
            let backup = sibling(&dest, BACKUP_SUFFIX);
            keep(&dest, &backup).map_err(|e| located(rel, e))?;
            journal.push(Step::Kept { original: dest.clone(), backup });
        }
        fs::rename(&tmp, &dest).map_err(|e| located(rel, e))?;
        if !existed {
            journal.push(Step::Created(dest));
        }
    }
    for rel in &plan.delete {
        let original = root.join(rel);
        if !is_file(&original).map_err(|e| located(rel, e))? {
            return Err(located(rel, io::Error::new(io::ErrorKind::NotFound, "stale file to delete is missing")));
        }
        let backup = sibling(&original, BACKUP_SUFFIX);
        fs::rename(&original, &backup).map_err(|e| located(rel, e))?;
        journal.push(Step::MovedAside { original, backup });
    }
    Ok(())
}

/// True for a regular file, false when nothing is there; anything else (a
/// directory, a link) is an error, so regen never replaces it.
fn is_file(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(_) => Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Keeps `original`'s contents at `backup` while `original` stays in place.
fn keep(original: &Path, backup: &Path) -> io::Result<()> {
    match fs::remove_file(backup) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    fs::hard_link(original, backup).or_else(|_| fs::copy(original, backup).map(|_| ()))
}

/// Creates `dir` and its missing ancestors, recording each one created.
fn create_dirs(dir: &Path, journal: &mut Vec<Step>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        match fs::symlink_metadata(d) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(d.to_path_buf()),
            _ => break,
        }
        cur = d.parent();
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d)?;
        journal.push(Step::CreatedDir(d));
    }
    Ok(())
}

/// Undoes the journal, newest step first; returns what could not be undone.
fn roll_back(journal: &[Step]) -> Vec<String> {
    let mut problems = Vec::new();
    for step in journal.iter().rev() {
        let result = match step {
            Step::CreatedDir(d) => fs::remove_dir(d),
            // Renamed into place already, or never created (its folder may not even be one).
            Step::Staged(tmp) if fs::symlink_metadata(tmp).is_err() => Ok(()),
            Step::Staged(tmp) => fs::remove_file(tmp),
            Step::Created(path) => fs::remove_file(path),
            Step::Kept { original, backup } | Step::MovedAside { original, backup } => fs::rename(backup, original),
        };
        if let Err(e) = result {
            problems.push(format!("{step:?}: {e}"));
        }
    }
    problems
}

/// Removes the backups once every file is in place.
fn finish(journal: &[Step]) -> io::Result<()> {
    for step in journal {
        if let Step::Kept { backup, .. } | Step::MovedAside { backup, .. } = step {
            fs::remove_file(backup).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("every file was written, but the backup {} could not be removed: {e}", backup.display()),
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a rolled-back failure may claim that nothing was written.
    #[test]
    fn apply_errors_say_what_state_the_files_are_in() {
        let io = || io::Error::other("specs/openapi.yaml: disk full");
        let rolled_back = ApplyError::RolledBack(io()).to_string();
        assert!(rolled_back.contains("nothing was written"), "{rolled_back}");
        let failed = ApplyError::RollbackFailed { error: io(), problems: vec!["restore a.rs: denied".into()] };
        let failed = failed.to_string();
        assert!(failed.contains("restore a.rs: denied") && failed.contains("may be changed"), "{failed}");
        assert!(!failed.contains("nothing was written"), "{failed}");
        let cleanup =
            ApplyError::Cleanup(io::Error::other("every file was written, but the backup x could not be removed"));
        // What `cargo xtask regen` prints for it.
        let printed = crate::regen::RegenError::Write(cleanup).to_string();
        assert!(printed.contains("could not be removed"), "{printed}");
        assert!(!printed.contains("nothing was written"), "{printed}");
    }
}
