//! Output files: compare with what is checked in, show diffs, write only what changed.
//!
//! All outputs of a run are computed first; writing happens last and is
//! all-or-nothing: new contents are staged in temp files, originals are kept as
//! backups until every file is in place, and any failure rolls back every file
//! already replaced, created or deleted. Neither temp files nor backups outlive
//! the run. A killed process leaves them with a journal that proves how far it got;
//! the next run finishes or rolls back that write ([`crate::journal`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The marker a file regen owns carries in its first lines.
pub const MARKER: &str = "@generated";

use crate::journal::{self, Journal, Written, sibling, step};
pub use crate::journal::{BACKUP_SUFFIX, TMP_SUFFIX};

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
///
/// The plan is recorded in the on-disk journal first and the journal is marked committed once
/// every file is in place, so a killed run can be finished or undone by the next one
/// ([`journal::recover`]). A journal left by an earlier run must be recovered before.
pub fn apply(root: &Path, plan: &Plan) -> Result<(), ApplyError> {
    if journal::pending(root) {
        return Err(ApplyError::RolledBack(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{}: an interrupted write must be recovered first", journal::JOURNAL_FILE),
        )));
    }
    let mut record = plan_journal(root, plan).map_err(ApplyError::RolledBack)?;
    step("write the journal");
    journal::save(root, &record).map_err(ApplyError::RolledBack)?;
    let mut steps = Vec::new();
    let result = commit(root, plan, &mut steps).and_then(|()| {
        record.committed = true;
        step("mark the journal committed");
        journal::save(root, &record)
    });
    match result {
        Ok(()) => {
            finish(&steps).map_err(ApplyError::Cleanup)?;
            step("remove the journal");
            journal::remove(root).map_err(ApplyError::Cleanup)
        }
        Err(error) => {
            let problems = roll_back(&steps);
            if problems.is_empty() {
                // Every step was undone; the journal has nothing left to prove.
                let _ = journal::remove(root);
                Err(ApplyError::RolledBack(error))
            } else {
                // The journal stays: the next run finishes the rollback.
                Err(ApplyError::RollbackFailed { error, problems })
            }
        }
    }
}

/// The journal of `plan`: which files exist now and which folders are missing.
fn plan_journal(root: &Path, plan: &Plan) -> io::Result<Journal> {
    let mut record = Journal::default();
    for o in &plan.write {
        let dest = root.join(&o.path);
        let existed = is_file(&dest).map_err(|e| located(&o.path, e))?;
        record.writes.push(Written { path: o.path.clone(), existed });
        let mut missing = Vec::new();
        let mut dir = Path::new(&o.path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if fs::symlink_metadata(root.join(d)).is_ok() {
                break;
            }
            missing.push(d.to_string_lossy().replace('\\', "/"));
            dir = d.parent();
        }
        for d in missing.into_iter().rev() {
            if !record.dirs.contains(&d) {
                record.dirs.push(d);
            }
        }
    }
    record.deletes = plan.delete.clone();
    Ok(record)
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

fn located(rel: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{rel}: {e}"))
}

fn commit(root: &Path, plan: &Plan, steps: &mut Vec<Step>) -> io::Result<()> {
    let mut staged = Vec::new();
    for o in &plan.write {
        let dest = root.join(&o.path);
        if let Some(dir) = dest.parent() {
            create_dirs(dir, steps).map_err(|e| located(&o.path, e))?;
        }
        let tmp = sibling(&dest, TMP_SUFFIX);
        step(&format!("stage {}", o.path));
        steps.push(Step::Staged(tmp.clone()));
        fs::write(&tmp, &o.contents).map_err(|e| located(&o.path, e))?;
        staged.push((tmp, dest, o.path.as_str()));
    }
    for (tmp, dest, rel) in staged {
        let existed = is_file(&dest).map_err(|e| located(rel, e))?;
        step(&format!("put {rel} in place"));
        if existed {
            let backup = sibling(&dest, BACKUP_SUFFIX);
            keep(&dest, &backup).map_err(|e| located(rel, e))?;
            steps.push(Step::Kept { original: dest.clone(), backup });
        }
        fs::rename(&tmp, &dest).map_err(|e| located(rel, e))?;
        if !existed {
            steps.push(Step::Created(dest));
        }
    }
    for rel in &plan.delete {
        let original = root.join(rel);
        if !is_file(&original).map_err(|e| located(rel, e))? {
            return Err(located(rel, io::Error::new(io::ErrorKind::NotFound, "stale file to delete is missing")));
        }
        let backup = sibling(&original, BACKUP_SUFFIX);
        step(&format!("delete {rel}"));
        fs::rename(&original, &backup).map_err(|e| located(rel, e))?;
        steps.push(Step::MovedAside { original, backup });
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
fn create_dirs(dir: &Path, steps: &mut Vec<Step>) -> io::Result<()> {
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
        steps.push(Step::CreatedDir(d));
    }
    Ok(())
}

/// Undoes the steps, newest first; returns what could not be undone.
fn roll_back(steps: &[Step]) -> Vec<String> {
    let mut problems = Vec::new();
    for taken in steps.iter().rev() {
        let result = match taken {
            Step::CreatedDir(d) => fs::remove_dir(d),
            // Renamed into place already, or never created (its folder may not even be one).
            Step::Staged(tmp) if fs::symlink_metadata(tmp).is_err() => Ok(()),
            Step::Staged(tmp) => fs::remove_file(tmp),
            Step::Created(path) => fs::remove_file(path),
            Step::Kept { original, backup } | Step::MovedAside { original, backup } => fs::rename(backup, original),
        };
        if let Err(e) = result {
            problems.push(format!("{taken:?}: {e}"));
        }
    }
    problems
}

/// Removes the backups once every file is in place.
fn finish(steps: &[Step]) -> io::Result<()> {
    for done in steps {
        if let Step::Kept { backup, .. } | Step::MovedAside { backup, .. } = done {
            step(&format!("remove the backup {}", backup.display()));
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
