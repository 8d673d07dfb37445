//! The sources manifest (`specs/sources.toml`): which doc pages the spec is built from.

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};

/// The form a page snapshot is in, which decides the extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Markdown export: `## heading`, `> description`, a ```json OpenAPI fragment per endpoint.
    Markdown,
    /// Rendered page text with no fragments.
    Rendered,
}

/// One page of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Page slug (`mms`, `organizations`, `admin/organizations`); recorded in the spec.
    pub slug: String,
    /// The page's public URL (the markdown export is this plus `.md`).
    pub url: String,
    /// Snapshot path, relative to `specs/`.
    pub snapshot: String,
    /// Snapshot form.
    pub form: Form,
}

impl Page {
    /// The snapshot path relative to the repository root, as used in messages.
    pub fn file(&self) -> String {
        format!("specs/{}", self.snapshot)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    page: Vec<Page>,
}

/// Parses the manifest text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<Page>, Diagnostics> {
    let manifest: Manifest = crate::diag::parse_toml(file, text)?;
    let mut diags = Diagnostics::default();
    let mut seen = std::collections::BTreeSet::new();
    for p in &manifest.page {
        if !seen.insert((p.slug.clone(), p.form)) {
            diags.push(Diagnostic::new(file, 0, format!("page `{}` ({:?}) is listed twice", p.slug, p.form)));
        }
        if p.snapshot.contains("..") || p.snapshot.starts_with('/') {
            diags.push(Diagnostic::new(
                file,
                0,
                format!("snapshot `{}` must be a relative path inside specs/", p.snapshot),
            ));
        }
    }
    diags.into_result(manifest.page)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const ENTRY: &str =
        "[[page]]\nslug = \"mms\"\nurl = \"https://x/mms\"\nsnapshot = \"pages/mms.md\"\nform = \"markdown\"\n";

    #[test]
    fn parses_entries() {
        let pages = parse("specs/sources.toml", ENTRY).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].file(), "specs/pages/mms.md");
        assert_eq!(pages[0].form, Form::Markdown);
    }

    #[test]
    fn problems_name_the_manifest_and_line() {
        let cases = [
            (ENTRY.replace("markdown", "html"), "specs/sources.toml:5: unknown variant `html`"),
            (ENTRY.replace("slug", "name"), "specs/sources.toml:1: unknown field `name`"),
            (format!("{ENTRY}{ENTRY}"), "specs/sources.toml:0: page `mms` (Markdown) is listed twice"),
            (ENTRY.replace("pages/mms.md", "../etc/passwd"), "specs/sources.toml:0: snapshot `../etc/passwd` must be"),
        ];
        for (text, want) in cases {
            let err = parse("specs/sources.toml", &text).unwrap_err();
            assert!(err.0[0].to_string().starts_with(want), "got {}, want {want}", err.0[0]);
        }
    }
}
