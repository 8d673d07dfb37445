//! What a fetch run did: one outcome per page, the progress line printed for each, and the
//! summary.

use std::io::Write;

use crate::sources::Form;

/// What happened to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStatus {
    /// A page discovery found: its entry was added and its snapshot written.
    Added {
        /// Body size in bytes.
        bytes: usize,
    },
    /// The snapshot was replaced with the new body.
    Updated {
        /// Body size in bytes.
        bytes: usize,
    },
    /// The download equals the snapshot; nothing written.
    Unchanged,
    /// The server answered 304 Not Modified to the stored validators: no body was downloaded.
    NotModified,
    /// Deliberately not written (a rendered page served as HTML); the snapshot is as it was.
    Kept {
        /// Why.
        reason: String,
    },
    /// A page discovery found but did not add (no API operations on it, or its slug is taken).
    Skipped {
        /// Why.
        reason: String,
    },
    /// The page could not be fetched or its body was invalid; the snapshot is as it was (and a
    /// discovered page is not added).
    Failed {
        /// The last error.
        reason: String,
        /// Requests made.
        attempts: u32,
    },
    /// A manifest page the index no longer lists: reported, not fetched; entry and snapshot kept.
    Vanished,
}

/// One page's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutcome {
    /// Page slug.
    pub slug: String,
    /// Page form.
    pub form: Form,
    /// The URL requested (or, for a vanished page, its manifest URL).
    pub url: String,
    /// Snapshot path relative to the repository root (`specs/pages/mms.md`).
    pub file: String,
    /// What happened.
    pub status: PageStatus,
}

/// The result of a fetch run: one outcome per page, manifest pages in manifest order first, then
/// the pages discovery found, by slug.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    /// Per-page outcomes.
    pub outcomes: Vec<PageOutcome>,
    /// Pages the index listed outside the API-reference prefixes (skipped), with `--discover`.
    pub outside: usize,
}

impl FetchReport {
    /// The pages that failed.
    pub fn failures(&self) -> impl Iterator<Item = &PageOutcome> {
        self.outcomes.iter().filter(|o| matches!(o.status, PageStatus::Failed { .. }))
    }

    /// True when no page failed (the command's exit status).
    pub fn is_success(&self) -> bool {
        self.failures().next().is_none()
    }

    pub(super) fn count(&self, f: fn(&PageStatus) -> bool) -> usize {
        self.outcomes.iter().filter(|o| f(&o.status)).count()
    }
}

/// One page's progress line: `[3/12] mms (markdown) <url> → specs/pages/mms.md: updated (9 bytes)`.
pub(super) fn line(counter: Option<(usize, usize)>, o: &PageOutcome) -> String {
    let form = match o.form {
        Form::Markdown => "markdown",
        Form::Rendered => "rendered",
    };
    let what = match &o.status {
        PageStatus::Added { bytes } => format!("added ({bytes} bytes)"),
        PageStatus::Updated { bytes } => format!("updated ({bytes} bytes)"),
        PageStatus::Unchanged => "unchanged".to_string(),
        PageStatus::NotModified => "unchanged (304 Not Modified: not downloaded again)".to_string(),
        PageStatus::Kept { reason } => format!("kept as is: {reason}"),
        PageStatus::Skipped { reason } => format!("skipped: {reason}"),
        PageStatus::Failed { reason, attempts } => format!("FAILED after {attempts} attempt(s): {reason}"),
        PageStatus::Vanished => "vanished: no longer in the index; entry and snapshot kept, not fetched".to_string(),
    };
    let head = match counter {
        Some((i, n)) => format!("[{i}/{n}] "),
        None => String::new(),
    };
    if o.file.is_empty() {
        format!("{head}{}: {what}", o.url)
    } else {
        format!("{head}{} ({form}) {} → {}: {what}", o.slug, o.url, o.file)
    }
}

pub(super) fn summary(report: &FetchReport, discover: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut text = format!(
        "fetch: {} updated, {} unchanged, {} kept, {} failed",
        report.count(|s| matches!(s, PageStatus::Updated { .. })),
        report.count(|s| matches!(s, PageStatus::Unchanged | PageStatus::NotModified)),
        report.count(|s| matches!(s, PageStatus::Kept { .. })),
        report.count(|s| matches!(s, PageStatus::Failed { .. })),
    );
    if discover {
        text = format!(
            "{text}; discover: {} added, {} skipped, {} vanished, {} listed page(s) outside the API-reference prefixes",
            report.count(|s| matches!(s, PageStatus::Added { .. })),
            report.count(|s| matches!(s, PageStatus::Skipped { .. })),
            report.count(|s| matches!(s, PageStatus::Vanished)),
            report.outside,
        );
    }
    writeln!(out, "{text}")?;
    for f in report.failures() {
        writeln!(out, "error: {} not refreshed ({}); the snapshot is unchanged", f.file, f.url)?;
    }
    Ok(())
}
