//! `cargo xtask regen`: build the spec from the page snapshots, generate the client,
//! and write (or, with `--check`, only compare) every file regen owns.

use std::fs;
use std::io;
use std::path::Path;

use crate::client::ClientSettings;
use crate::diag::{Diagnostic, Diagnostics};
use crate::files::{self, Output, Plan};
use crate::journal;
use crate::paths::{CLIENT_FILE, LOCK_FILE, SOURCES_FILE, SPEC_FILE, SPECS_DIR};
use crate::pipeline::{self, Built, PageText};
use crate::sources;

/// The repository root; kept here for the callers of the regen API (it lives in [`crate::paths`]).
pub use crate::paths::repo_root;

/// What regen does with its outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose contents changed.
    Write,
    /// Write nothing; fail with a diff when anything is stale.
    Check,
}

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Everything already up to date.
    Fresh,
    /// Files were written (paths relative to the root).
    Written(Vec<String>),
    /// `--check` found stale files; the unified diff.
    Stale(String),
}

/// Why a run failed.
#[derive(Debug)]
pub enum RegenError {
    /// Problems in the inputs, each with its place.
    Input(Diagnostics),
    /// Reading the inputs (or comparing the outputs) failed.
    Io(io::Error),
    /// Writing the outputs failed; the error says what state the files are in.
    Write(files::ApplyError),
}

impl std::fmt::Display for RegenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegenError::Input(d) => write!(f, "{d}"),
            RegenError::Io(e) => write!(f, "error: {e}"),
            RegenError::Write(e) => write!(f, "error: {e}"),
        }
    }
}

impl RegenError {
    /// What to print for a run in `mode` that failed so: the error, plus `nothing was written`
    /// when the failure kept a writing run from writing (a failed write says itself what state
    /// the files are in; `--check` never writes).
    pub fn message(&self, mode: Mode) -> String {
        match (self, mode) {
            (RegenError::Input(_) | RegenError::Io(_), Mode::Write) => format!("{self}; nothing was written"),
            _ => self.to_string(),
        }
    }
}

impl From<Diagnostics> for RegenError {
    fn from(d: Diagnostics) -> Self {
        RegenError::Input(d)
    }
}

impl From<io::Error> for RegenError {
    fn from(e: io::Error) -> Self {
        RegenError::Io(e)
    }
}

/// Reads the manifest and every snapshot it lists.
pub fn read_pages(root: &Path) -> Result<Vec<PageText>, RegenError> {
    let text = read(root, SOURCES_FILE)?;
    let pages = sources::parse(SOURCES_FILE, &text)?;
    let mut out = Vec::new();
    let mut diags = Diagnostics::default();
    for page in pages {
        match fs::read_to_string(root.join(SPECS_DIR).join(&page.snapshot)) {
            Ok(text) => out.push(PageText { page, text }),
            Err(e) => diags.push(Diagnostic::new(SOURCES_FILE, 0, format!("cannot read {}: {e}", page.file()))),
        }
    }
    diags.into_result(out).map_err(RegenError::from)
}

fn read(root: &Path, rel: &str) -> Result<String, RegenError> {
    fs::read_to_string(root.join(rel)).map_err(|e| RegenError::Io(io::Error::new(e.kind(), format!("{rel}: {e}"))))
}

/// Everything regen reads: the pages, the name lock and the client settings.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The manifest's pages with their snapshot texts.
    pub pages: Vec<PageText>,
    /// `specs/operation-names.toml`, if it exists.
    pub lock: Option<String>,
    /// `specs/client.toml`.
    pub client: ClientSettings,
}

/// Reads every input of a run from the repository at `root`.
pub fn read_inputs(root: &Path) -> Result<Inputs, RegenError> {
    let pages = read_pages(root)?;
    let lock = match fs::read_to_string(root.join(LOCK_FILE)) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let client = crate::client::parse_settings(&read(root, CLIENT_FILE)?)?;
    Ok(Inputs { pages, lock, client })
}

/// Builds every output regen owns from its inputs.
pub fn outputs(inputs: &Inputs) -> Result<(Built, Vec<Output>), RegenError> {
    let mut built = pipeline::build(&inputs.pages, inputs.lock.as_deref())?;
    built.report.internal_included = inputs.client.internal_operations;
    // The YAML is only written or compared: it is rendered while the client is generated.
    let (yaml, client) = built.yaml_alongside(|| crate::client::outputs(&built.spec, &inputs.client, &built.sources));
    let mut outputs = vec![
        Output { path: SPEC_FILE.to_string(), contents: yaml? },
        Output { path: LOCK_FILE.to_string(), contents: built.lock.clone() },
    ];
    outputs.extend(client?);
    Ok((built, outputs))
}

/// Runs regen over the repository at `root`. A write that an earlier run left unfinished (it was
/// killed) is finished or rolled back first, and the log says which; `--check` refuses to run
/// over one.
pub fn run(root: &Path, mode: Mode, log: &mut dyn io::Write) -> Result<Outcome, RegenError> {
    match mode {
        Mode::Write => {
            if let Some(recovery) = journal::recover(root)? {
                writeln!(log, "{recovery}")?;
            }
        }
        Mode::Check if journal::pending(root) => {
            return Err(RegenError::Io(io::Error::other(format!(
                "{}: an earlier write was interrupted; run `cargo xtask regen` to finish or roll it back",
                journal::JOURNAL_FILE
            ))));
        }
        Mode::Check => {}
    }
    let inputs = read_inputs(root)?;
    let (built, outputs) = outputs(&inputs)?;
    writeln!(log, "{}", built.report)?;
    let plan: Plan = files::plan(root, &outputs, &crate::client::owned_files(root)?)?;
    // The plan holds what is still needed; the spec and the generated files are freed meanwhile.
    pipeline::par::drop_later((built, outputs));
    if plan.is_clean() {
        return Ok(Outcome::Fresh);
    }
    match mode {
        Mode::Check => Ok(Outcome::Stale(files::render_diff(root, &plan))),
        Mode::Write => {
            files::apply(root, &plan).map_err(RegenError::Write)?;
            let mut written: Vec<String> = plan.write.iter().map(|o| o.path.clone()).collect();
            written.extend(plan.delete.iter().map(|d| format!("{d} (deleted)")));
            Ok(Outcome::Written(written))
        }
    }
}
