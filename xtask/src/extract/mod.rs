//! Extract: doc page text in, one-endpoint OpenAPI documents out (one per endpoint section).
//!
//! Each page form has its own extractor; all of them produce [`Endpoint`]s and
//! [`Skip`]s, so the later stages never look at page text again.

pub mod markdown;
pub mod rendered;

use crate::sources::{Form, Page};

/// One endpoint found on a page: a complete one-endpoint OpenAPI 3.0 document
/// (servers, security, components, tags and exactly one path with one operation),
/// still as raw JSON because the docs' quirks are fixed by `normalize` later.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Page slug from the sources manifest (`organizations`, `admin/organizations`).
    pub page: String,
    /// The snapshot file, relative to the repository root, for messages.
    pub file: String,
    /// Which extractor produced it.
    pub form: Form,
    /// The section heading as written on the page (after unescaping).
    pub heading: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// Lower-case HTTP method (`get`, `post`, …).
    pub method: String,
    /// Path template relative to the server (`/organizations/{organizationId}`).
    pub path: String,
    /// The one-endpoint OpenAPI document.
    pub document: serde_json::Value,
}

/// A section that was deliberately not treated as an endpoint (page furniture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The snapshot file, relative to the repository root.
    pub file: String,
    /// 1-based line where the skipped section starts.
    pub line: usize,
    /// What was skipped and why, one line.
    pub reason: String,
}

/// Everything one page yielded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The endpoints, in page order.
    pub endpoints: Vec<Endpoint>,
    /// Sections skipped as furniture.
    pub skips: Vec<Skip>,
}

/// Runs the extractor for the page's form over its text.
pub fn extract_page(page: &Page, text: &str) -> Result<Extracted, crate::diag::Diagnostics> {
    match page.form {
        Form::Markdown => markdown::extract(page, text),
        Form::Rendered => rendered::extract(page, text),
    }
}
