//! Extractor for markdown exports: `## heading`, `> description`, ```json fragment.

use super::Extracted;
use crate::diag::Diagnostics;
use crate::sources::Page;

/// Splits a markdown page into endpoint sections.
pub fn extract(_page: &Page, _text: &str) -> Result<Extracted, Diagnostics> {
    Ok(Extracted::default())
}
