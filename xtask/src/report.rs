//! The regen report: what was read, fixed, skipped and renamed, printed to stdout.

use std::fmt;

use crate::crosscheck::Inconsistency;
use crate::extract::{Endpoint, Skip};
use crate::names::NameChanges;
use crate::normalize::Fix;
use crate::pipeline::{InternalOp, Overlap};
use crate::sources::Form;

/// Operations found on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCount {
    /// Snapshot file.
    pub file: String,
    /// Its form.
    pub form: Form,
    /// Endpoints extracted from it.
    pub operations: usize,
}

/// Everything a reviewer should see about one regen run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Pages read, with their operation counts.
    pub pages: Vec<PageCount>,
    /// Quirks fixed by `normalize`.
    pub fixes: Vec<Fix>,
    /// Sections skipped as page furniture.
    pub skips: Vec<Skip>,
    /// Operation-name changes against the lock file.
    pub names: NameChanges,
    /// Merge observations.
    pub notes: Vec<String>,
    /// Rendered-text operations a markdown fragment shadowed (markdown, rendered).
    pub shadowed: Vec<(Endpoint, Endpoint)>,
    /// Where the markdown and rendered forms of one operation disagree.
    pub inconsistencies: Vec<Inconsistency>,
    /// Path templates one URL can match (both operations are generated as documented).
    pub overlaps: Vec<Overlap>,
    /// Operations marked `x-internal` or `x-private`.
    pub internal: Vec<InternalOp>,
    /// Whether the client includes the internal operations (`specs/client.toml`).
    pub internal_included: bool,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.pages.iter().map(|p| p.operations).sum();
        writeln!(f, "pages read: {} ({total} endpoint sections)", self.pages.len())?;
        for p in &self.pages {
            writeln!(
                f,
                "  {:<45} {:<9} {:>3} operations",
                p.file,
                format!("{:?}", p.form).to_lowercase(),
                p.operations
            )?;
        }
        section(f, "fixes applied (the docs got these wrong)", &self.fixes)?;
        section(
            f,
            "skipped (page furniture)",
            &self.skips.iter().map(|s| format!("{}:{}: {}", s.file, s.line, s.reason)).collect::<Vec<_>>(),
        )?;
        section(f, "merge notes", &self.notes)?;
        let mut shadowed: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (_, rendered) in &self.shadowed {
            *shadowed.entry(rendered.file.as_str()).or_default() += 1;
        }
        let shadowed: Vec<String> = shadowed
            .iter()
            .map(|(file, n)| format!("{file}: {n} operation(s) also in markdown (markdown wins)"))
            .collect();
        section(f, "rendered text shadowed by markdown", &shadowed)?;
        section(f, "documentation inconsistencies (markdown vs rendered)", &self.inconsistencies)?;
        section(
            f,
            "overlapping path templates (both generated as documented; a client builds URLs, it does not route)",
            &self.overlaps,
        )?;
        let internal = if self.internal_included {
            "internal operations (x-internal, x-private; in the client behind its `internal` cargo feature)"
        } else {
            "internal operations (x-internal, x-private; not in the client: `internal_operations = true` in specs/client.toml adds them)"
        };
        section(f, internal, &self.internal)?;
        let added: Vec<String> = self.names.added.iter().map(|(k, n)| format!("+ {k} = {n}")).collect();
        let vanished: Vec<String> =
            self.names.vanished.iter().map(|(k, n)| format!("- {k} = {n} (operation vanished)")).collect();
        section(f, "operation names", &[added, vanished].concat())
    }
}

fn section(f: &mut fmt::Formatter<'_>, title: &str, items: &[impl fmt::Display]) -> fmt::Result {
    if items.is_empty() {
        return writeln!(f, "{title}: none");
    }
    writeln!(f, "{title}: {}", items.len())?;
    for i in items {
        writeln!(f, "  {i}")?;
    }
    Ok(())
}
