//! The on-disk journal of an all-or-nothing write ([`crate::files::apply`]), and recovery from a
//! run that was killed while writing.
//!
//! Before touching any file, a write records its plan in [`JOURNAL_FILE`] at the repository root:
//! every file it writes (and whether that file existed), every file it deletes and every folder
//! it creates. It then stages `.<name>.regen-tmp` files, keeps each original as
//! `.<name>.regen-bak` while replacing it, and moves deleted files to their backup. Once every
//! file is in place it marks the journal `committed` (the commit point), removes the backups and
//! finally the journal. So the leftovers of a killed run prove its state:
//!
//! - a journal that is not committed: the run stopped before every file was in place; recovery
//!   **rolls back** — backups go back over their files, files the run created are removed,
//!   temporary files and created folders (when empty) are removed — so every file is as before;
//! - a committed journal: every file was written; recovery **completes** the run by removing the
//!   leftover backups.
//!
//! Every recovery step can be repeated, so a recovery that is itself killed is finished by the
//! next run. `regen` and `fetch` recover before they read anything and say what they did.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

/// The journal's file name at the repository root.
pub const JOURNAL_FILE: &str = ".regen-journal.toml";

/// Suffix of the hidden sibling a new file's contents are staged in.
pub const TMP_SUFFIX: &str = ".regen-tmp";

/// Suffix of the hidden sibling an original is kept in until the run succeeded.
pub const BACKUP_SUFFIX: &str = ".regen-bak";

/// Names the test-only pause hook: when set to `N`, a write prints the step it is about to take
/// and stops there (sleeping) before the `N`-th step, so a test can kill the process mid-write.
pub const PAUSE_ENV: &str = "XTASK_TEST_PAUSE_AT_WRITE_STEP";

/// The plan of one write, as recorded before any file is touched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// Set once every file is in place (the commit point).
    pub committed: bool,
    /// Folders the write creates (missing before it), parents first, relative to the root.
    pub dirs: Vec<String>,
    /// Files the write creates or replaces.
    pub writes: Vec<Written>,
    /// Files the write deletes, relative to the root.
    pub deletes: Vec<String>,
}

/// One file a write creates or replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// Path relative to the root.
    pub path: String,
    /// The file existed before the write (so it has a backup while being replaced).
    pub existed: bool,
}

/// The hidden sibling `.name<suffix>` of `path`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}{suffix}"))
}

/// Writes the journal atomically (a temporary file renamed over it) and syncs it.
pub fn save(root: &Path, journal: &Journal) -> io::Result<()> {
    let text = toml::to_string(journal).map_err(io::Error::other)?;
    let text = format!(
        "# An all-or-nothing write of `cargo xtask` is (or was, if the process was killed) in progress.\n\
         # The next `cargo xtask regen` or `fetch` finishes or rolls it back; do not edit.\n{text}"
    );
    let path = root.join(JOURNAL_FILE);
    let tmp = sibling(&path, TMP_SUFFIX);
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| io::Error::new(e.kind(), format!("{JOURNAL_FILE}: {e}")))
}

/// Removes the journal (the write is over).
pub fn remove(root: &Path) -> io::Result<()> {
    remove_if_present(&root.join(JOURNAL_FILE)).map(|_| ())
}

/// True when a write left its journal (it was killed, or its rollback failed).
pub fn pending(root: &Path) -> bool {
    fs::symlink_metadata(root.join(JOURNAL_FILE)).is_ok()
}

/// What recovery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The interrupted write had not reached its commit point and was undone.
    RolledBack {
        /// Files put back from their backups (replaced or deleted by the write).
        restored: Vec<String>,
        /// Files the write had created, removed.
        removed: Vec<String>,
        /// Temporary files removed.
        temporaries: usize,
    },
    /// Every file of the interrupted write was in place; its leftover backups were removed.
    Completed {
        /// Backups removed.
        backups: usize,
    },
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovery::RolledBack { restored, removed, temporaries } => {
                write!(
                    f,
                    "recovered an interrupted write ({JOURNAL_FILE}): it had not finished, so it was rolled back — \
                     {} file(s) restored from backups, {} file(s) it had created removed, {temporaries} temporary \
                     file(s) removed; every file is as it was before that run",
                    restored.len(),
                    removed.len()
                )?;
                for path in restored {
                    write!(f, "\n  restored {path}")?;
                }
                for path in removed {
                    write!(f, "\n  removed {path}")?;
                }
                Ok(())
            }
            Recovery::Completed { backups } => write!(
                f,
                "recovered an interrupted write ({JOURNAL_FILE}): every file had been written, so it was completed — \
                 {backups} leftover backup(s) removed"
            ),
        }
    }
}

/// Finishes or undoes the write a killed run left behind, if any (see the module docs).
/// `Ok(None)` when there was nothing to recover. An error lists every step that failed; the
/// journal is then kept so the next run tries again.
pub fn recover(root: &Path) -> io::Result<Option<Recovery>> {
    let path = root.join(JOURNAL_FILE);
    // A journal that was never renamed into place means no file was touched yet.
    remove_if_present(&sibling(&path, TMP_SUFFIX))?;
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io::Error::new(e.kind(), format!("{JOURNAL_FILE}: {e}"))),
    };
    let journal: Journal = toml::from_str(&text).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{JOURNAL_FILE}: not a journal of an interrupted write ({e}); check `git status` and remove it"),
        )
    })?;
    let mut problems = Vec::new();
    let recovery = if journal.committed {
        complete(root, &journal, &mut problems)
    } else {
        roll_back(root, &journal, &mut problems)
    };
    if !problems.is_empty() {
        return Err(io::Error::other(format!(
            "cannot recover the interrupted write recorded in {JOURNAL_FILE}: {}",
            problems.join("; ")
        )));
    }
    remove(root)?;
    Ok(Some(recovery))
}

fn complete(root: &Path, journal: &Journal, problems: &mut Vec<String>) -> Recovery {
    let mut backups = 0;
    let all = journal.writes.iter().map(|w| w.path.as_str()).chain(journal.deletes.iter().map(String::as_str));
    for rel in all {
        let dest = root.join(rel);
        note(problems, rel, remove_if_present(&sibling(&dest, TMP_SUFFIX)));
        if note(problems, rel, remove_if_present(&sibling(&dest, BACKUP_SUFFIX))) == Some(true) {
            backups += 1;
        }
    }
    Recovery::Completed { backups }
}

fn roll_back(root: &Path, journal: &Journal, problems: &mut Vec<String>) -> Recovery {
    let (mut restored, mut removed, mut temporaries) = (Vec::new(), Vec::new(), 0);
    for w in &journal.writes {
        let dest = root.join(&w.path);
        if note(problems, &w.path, remove_if_present(&sibling(&dest, TMP_SUFFIX))) == Some(true) {
            temporaries += 1;
        }
        let backup = sibling(&dest, BACKUP_SUFFIX);
        if exists(&backup) {
            if note(problems, &w.path, fs::rename(&backup, &dest)).is_some() {
                restored.push(w.path.clone());
            }
        } else if !w.existed && note(problems, &w.path, remove_if_present(&dest)) == Some(true) {
            removed.push(w.path.clone());
        }
    }
    for rel in &journal.deletes {
        let original = root.join(rel);
        let backup = sibling(&original, BACKUP_SUFFIX);
        if exists(&backup) && note(problems, rel, fs::rename(&backup, &original)).is_some() {
            restored.push(rel.clone());
        }
    }
    for dir in journal.dirs.iter().rev() {
        // A folder the run created goes only when empty: anything else in it is not the run's.
        match fs::remove_dir(root.join(dir)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound || e.kind() == io::ErrorKind::DirectoryNotEmpty => {}
            Err(e) => problems.push(format!("{dir}: {e}")),
        }
    }
    restored.sort();
    removed.sort();
    Recovery::RolledBack { restored, removed, temporaries }
}

/// Records a failed step; `Some(value)` when it succeeded.
fn note<T>(problems: &mut Vec<String>, rel: &str, result: io::Result<T>) -> Option<T> {
    result.map_err(|e| problems.push(format!("{rel}: {e}"))).ok()
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Removes a file; `Ok(true)` if it was there.
fn remove_if_present(path: &Path) -> io::Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The test-only pause hook ([`PAUSE_ENV`]): called before every step of a write.
pub fn step(what: &str) {
    static PAUSE_AT: OnceLock<Option<usize>> = OnceLock::new();
    static STEPS: AtomicUsize = AtomicUsize::new(0);
    let Some(pause_at) = *PAUSE_AT.get_or_init(|| std::env::var(PAUSE_ENV).ok().and_then(|v| v.parse().ok())) else {
        return;
    };
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if n == pause_at {
        eprintln!("xtask: paused before write step {n}: {what}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}
