//! The sources manifest (`specs/sources.toml`): which doc pages the spec is built from, and where
//! `cargo xtask fetch --discover` finds more (the `[discover]` table).

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

/// The `[discover]` table: where the docs list their pages, and which of them are API reference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discover {
    /// Index URLs: XML sitemaps (a sitemap index, a plain sitemap, gzip-compressed or not) or
    /// `llms.txt`-style text listing page links.
    pub index: Vec<String>,
    /// URL path prefixes of API-reference pages (`/api-documentation/api-reference/`), matched on
    /// the path only, so a mirror or a local server works the same.
    pub prefixes: Vec<String>,
}

/// The whole manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Where to discover pages, if configured.
    pub discover: Option<Discover>,
    /// The pages, in manifest order.
    #[serde(default)]
    pub page: Vec<Page>,
}

/// Parses the manifest text and returns its pages; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<Page>, Diagnostics> {
    parse_manifest(file, text).map(|m| m.page)
}

/// Parses the whole manifest text (pages and the `[discover]` table); `file` names it in errors.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, Diagnostics> {
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
    if let Some(d) = &manifest.discover {
        for prefix in d.prefixes.iter().filter(|p| !p.starts_with('/')) {
            diags.push(Diagnostic::new(
                file,
                0,
                format!("[discover] prefix `{prefix}` must be a URL path starting with `/`"),
            ));
        }
    }
    diags.into_result(manifest)
}

/// `text` with a `[[page]]` entry appended for each of `pages`: everything already in the file,
/// comments and formatting included, stays as it was.
pub fn append_pages(text: &str, pages: &[Page]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for p in pages {
        let form = match p.form {
            Form::Markdown => "markdown",
            Form::Rendered => "rendered",
        };
        out.push_str(&format!(
            "\n[[page]]\nslug = {}\nurl = {}\nsnapshot = {}\nform = \"{form}\"\n",
            quote(&p.slug),
            quote(&p.url),
            quote(&p.snapshot)
        ));
    }
    out
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
    fn discover_table_and_appended_entries_keep_the_file() {
        let text = format!(
            "# hand comment\n{ENTRY}\n[discover]\nindex = [\"https://x/sitemap.xml\"]  # keep me\nprefixes = [\"/api/\"]\n"
        );
        let manifest = parse_manifest("specs/sources.toml", &text).unwrap();
        let discover = manifest.discover.unwrap();
        assert_eq!((discover.index, discover.prefixes), (vec!["https://x/sitemap.xml".into()], vec!["/api/".into()]));
        let new = Page {
            slug: "admin/\"q\"".into(),
            url: "https://x/admin-greater-than-q".into(),
            snapshot: "pages/admin-q.md".into(),
            form: Form::Markdown,
        };
        let appended = append_pages(&text, std::slice::from_ref(&new));
        assert!(appended.starts_with(&text), "the file's text is kept byte for byte");
        let pages = parse("specs/sources.toml", &appended).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1], new, "quotes survive");
        let err = parse_manifest("specs/sources.toml", &text.replace("\"/api/\"", "\"api/\"")).unwrap_err();
        assert!(err.0[0].message.contains("prefix `api/` must be a URL path"), "{err}");
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
