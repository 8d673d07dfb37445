//! Progress of the long commands (`fetch`, `realworld`, `bench --cargo-check`) on stderr: an
//! `indicatif` bar when stderr is a terminal, plain lines (one per item) when it is not, so logs
//! and CI output stay readable.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

/// A running count of items done out of a known total.
pub struct Progress {
    label: String,
    bar: Option<ProgressBar>,
}

/// Starts the progress of `total` items, labelled `label` (the command's name).
pub fn start(label: &str, total: usize) -> Progress {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(total as u64).with_prefix(label.to_string());
        if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed} {wide_msg}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    Progress { label: label.to_string(), bar }
}

impl Progress {
    /// An item started: the bar's message on a terminal, else a line `label: item…` on stderr.
    pub fn working(&self, item: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(item.to_string()),
            None => eprintln!("{}: {item}…", self.label),
        }
    }

    /// An item finished: writes its result `line` to `out` (above the bar on a terminal) and
    /// advances the count.
    pub fn done(&self, out: &mut dyn Write, line: &str) {
        match &self.bar {
            Some(bar) => {
                bar.suspend(|| writeln!(out, "{line}").and_then(|()| out.flush())).ok();
                bar.inc(1);
            }
            None => {
                let _ = writeln!(out, "{line}");
            }
        }
    }

    /// An item finished without a result line of its own.
    pub fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
