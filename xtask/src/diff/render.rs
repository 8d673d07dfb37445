//! Renders a changelog as Markdown: grouped by resource, breaking changes first, description-only
//! changes summarised as the list of operations they touch.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::model::{Change, Changelog, Severity};
use super::semver::{self, Impact, Version};

/// Renders the changelog. With `current` (the generated client's version) the heading says which
/// bump the client needs and the resulting version.
pub fn render_markdown(changelog: &Changelog, current: Option<&Version>) -> String {
    let mut out = String::from("# Spec changes\n\n");
    let impact = semver::impact(changelog);
    if impact == Impact::None {
        out.push_str("No changes.\n");
        return out;
    }
    let breaking = changelog.api_changes(Severity::Breaking).count();
    let additive = changelog.api_changes(Severity::NonBreaking).count();
    let doc_ops: BTreeSet<String> = changelog.doc_changes().map(op_label).collect();
    let _ = writeln!(
        out,
        "{breaking} breaking, {additive} non-breaking, {} operation(s) with description changes.\n",
        doc_ops.len()
    );
    let what = match impact {
        Impact::Breaking => "breaking",
        Impact::Additive => "additive",
        Impact::DocsOnly => "documentation-only",
        Impact::None => "no",
    };
    match current {
        Some(v) => {
            let bump = semver::bump_for(impact, v);
            let _ = writeln!(
                out,
                "Client version: **{bump}** bump for {what} changes ({v} → {}).\n",
                semver::bumped(v, bump)
            );
        }
        None => {
            let _ = writeln!(out, "Client version: bump for {what} changes (current version unknown).\n");
        }
    }

    let mut by_resource: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &changelog.changes {
        by_resource.entry(c.resource.as_str()).or_default().push(c);
    }
    for (resource, changes) in by_resource {
        let _ = writeln!(out, "## {resource}\n");
        for (severity, title) in [(Severity::Breaking, "Breaking"), (Severity::NonBreaking, "Non-breaking")] {
            let list: Vec<&&Change> =
                changes.iter().filter(|c| c.severity == severity && !c.kind.is_doc_only()).collect();
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            for c in list {
                if c.method.is_empty() {
                    let _ = writeln!(out, "- {}", c.kind);
                } else {
                    let _ = writeln!(out, "- {}: {}", op_label(c), c.kind);
                }
            }
            out.push('\n');
        }
        let docs: BTreeSet<String> = changes.iter().filter(|c| c.kind.is_doc_only()).map(|c| op_label(c)).collect();
        if !docs.is_empty() {
            let list: Vec<String> = docs.into_iter().collect();
            let _ = writeln!(
                out,
                "### Descriptions\n\nText changed in {} operation(s): {}.\n",
                list.len(),
                list.join(", ")
            );
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `` `GET /organizations` (`list_user_organizations`) ``.
fn op_label(c: &Change) -> String {
    if c.operation_id.is_empty() {
        format!("`{} {}`", c.method, c.path)
    } else {
        format!("`{} {}` (`{}`)", c.method, c.path, c.operation_id)
    }
}
