//! Extractor for rendered page text (pages with no OpenAPI fragment).
//!
//! A page is its title (first line, becomes the tag), the tag description, then
//! endpoint blocks. A block starts at a title line followed by a blank line and a
//! bare method line (`get`, `post`, …); the method line of a block's example section
//! follows a media type line directly, so it never starts a block. Each block
//! becomes one [`Endpoint`] whose operation is marked `x-make-inferred: true`.
//!
//! Trailing text that is clearly not an endpoint (`Last updated`) is returned as a
//! [`Skip`]; text carrying endpoint sections without a method line, and blocks that
//! cannot be completed (no path, no responses), are errors with `file:line`.

mod block;
mod document;
mod example;
mod infer;
mod license;
mod params;
mod text;

use super::{Endpoint, Extracted, Skip};
use crate::diag::{Diagnostic, Diagnostics};
use crate::sources::{Form, Page};
use text::{is_blank, is_method};

/// The page's tag: its title and the description under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag {
    pub name: String,
    pub description: String,
}

/// Splits a rendered page into endpoint blocks and builds one endpoint per block.
pub fn extract(page: &Page, text: &str) -> Result<Extracted, Diagnostics> {
    let file = page.file();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut diags = Diagnostics::default();
    let Some(title_idx) = lines.iter().position(|l| !is_blank(l)) else {
        diags.push(Diagnostic::new(&file, 0, "the page is empty"));
        return diags.into_result(Extracted::default());
    };
    let starts = block_starts(&lines, title_idx);
    let Some(&(first_title, _)) = starts.first() else {
        diags.push(Diagnostic::new(
            &file,
            title_idx + 1,
            "no endpoint block found (a title, a blank line, then a method line such as `get`)",
        ));
        return diags.into_result(Extracted::default());
    };
    let preamble = lines.get(title_idx + 1..first_title).unwrap_or(&[]);
    if let Some(at) = endpoint_section_in(preamble) {
        diags.push(orphan(&file, title_idx + 2 + at, preamble.get(at).copied().unwrap_or("")));
    }
    let tag = Tag {
        name: lines.get(title_idx).copied().unwrap_or("").trim().to_string(),
        description: text::prose(preamble),
    };

    let mut blocks = Vec::new();
    let mut out = Extracted::default();
    for (n, &(title, method)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |s| s.0);
        match block::parse(&lines, title, method, end) {
            Ok(b) => {
                if let Some(from) = b.leftover {
                    let rest = lines.get(from..end).unwrap_or(&[]);
                    match endpoint_section_in(rest) {
                        Some(at) => diags.push(orphan(&file, from + at + 1, rest.get(at).copied().unwrap_or(""))),
                        None => out.skips.push(Skip {
                            file: file.clone(),
                            line: from + 1,
                            reason: format!(
                                "text after the endpoint `{}` is not an endpoint: `{}`",
                                b.title,
                                rest.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / ")
                            ),
                        }),
                    }
                }
                blocks.push(b);
            }
            Err((line, message)) => diags.push(Diagnostic::new(&file, line, message)),
        }
    }
    let page_license = blocks.iter().find_map(|b| b.license.clone());
    for b in &blocks {
        match document::build(&tag, b, page_license.as_ref()) {
            Ok((path, document)) => out.endpoints.push(Endpoint {
                page: page.slug.clone(),
                file: file.clone(),
                form: Form::Rendered,
                heading: b.title.clone(),
                line: b.line,
                method: b.method.clone(),
                path,
                document,
            }),
            Err((line, message)) => diags.push(Diagnostic::new(&file, line, message)),
        }
    }
    diags.into_result(out)
}

/// `(title index, method index)` of every block: a bare method line after a blank
/// line, with a non-section title line above.
fn block_starts(lines: &[&str], page_title: usize) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_method(line) || i == 0 || !lines.get(i - 1).is_some_and(|l| is_blank(l)) {
            continue;
        }
        let title = (0..i - 1).rev().find(|&j| lines.get(j).is_some_and(|l| !is_blank(l)));
        if let Some(t) = title.filter(|&t| t > page_title) {
            let tl = lines.get(t).copied().unwrap_or("").trim();
            // Starts are found in line order, so only the last one can reach past `t`.
            if !block::ENDPOINT_SECTIONS.contains(&tl) && starts.last().is_none_or(|&(_, m)| m < t) {
                starts.push((t, i));
            }
        }
    }
    starts
}

/// Index of the first line that is an endpoint section header (or an example request line).
fn endpoint_section_in(lines: &[&str]) -> Option<usize> {
    lines.iter().position(|l| block::ENDPOINT_SECTIONS.contains(&l.trim()) || example::request_line(l.trim()).is_some())
}

fn orphan(file: &str, line: usize, text: &str) -> Diagnostic {
    Diagnostic::new(
        file,
        line,
        format!(
            "`{}` belongs to an endpoint block without a method line (expected a title, a blank line, then `get`/`post`/…)",
            text.trim()
        ),
    )
}

#[cfg(test)]
mod tests;
