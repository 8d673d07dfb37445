//! Extractor for markdown exports: `## heading`, `> description`, ```json fragment.
//!
//! A page is split into sections at `## ` headings outside code fences. A
//! section with a ```json fence is an endpoint; its fragment must be a complete
//! OpenAPI document holding exactly one path with one operation. A section with
//! no fragment, and everything after a top-level `---` rule, is page furniture:
//! skipped and listed, never an error. So are leading `# Source: <url>` lines, which
//! mirrors put before a page (they are not page content).

use generator::PointerToken;
use serde_json::Value;

use super::{Endpoint, Extracted, Skip};
use crate::diag::{Diagnostic, Diagnostics};
use crate::sources::{Form, Page};

/// HTTP methods an OpenAPI path item may hold, in OpenAPI order.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One `## ` section of the page, before interpretation.
struct Section<'a> {
    heading: &'a str,
    line: usize,
    quote: Vec<&'a str>,
    fences: Vec<Fence>,
}

/// A fenced code block: its info string, first line and body.
struct Fence {
    info: String,
    line: usize,
    body: String,
}

/// Splits a markdown page into endpoint sections.
pub fn extract(page: &Page, text: &str) -> Result<Extracted, Diagnostics> {
    let file = page.file();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diags = Diagnostics::default();
    let mut out = Extracted::default();
    for section in split_sections(&file, text, &mut diags, &mut out.skips) {
        let json: Vec<&Fence> = section.fences.iter().filter(|f| f.info == "json").collect();
        match json.as_slice() {
            [] => out.skips.push(Skip {
                file: file.clone(),
                line: section.line,
                reason: format!("section `{}` has no ```json fragment", section.heading),
            }),
            [fence] => match endpoint(page, &file, &section, fence) {
                Ok(e) => out.endpoints.push(e),
                Err(d) => diags.push(d),
            },
            [_, second, ..] => diags.push(Diagnostic::new(
                &file,
                second.line,
                format!("section `{}` has {} ```json fragments; expected one", section.heading, json.len()),
            )),
        }
    }
    out.skips.sort_by_key(|s| s.line);
    diags.into_result(out)
}

/// Walks the lines once, tracking fences, and groups them into sections.
fn split_sections<'a>(file: &str, text: &'a str, diags: &mut Diagnostics, skips: &mut Vec<Skip>) -> Vec<Section<'a>> {
    let mut sections: Vec<Section<'a>> = Vec::new();
    let mut open: Option<(Fence, String)> = None; // fence being read, and its closing marker
    let mut preamble = true; // before the first line of page content
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end_matches('\r');
        if preamble {
            if let Some(url) = line.strip_prefix("# Source: ") {
                let reason = format!("mirror header `# Source: {}` is not page content", url.trim());
                skips.push(Skip { file: file.to_string(), line: line_no, reason });
                continue;
            }
            preamble = line.trim().is_empty();
        }
        if let Some((mut fence, marker)) = open.take() {
            if line.trim_start().starts_with(marker.as_str()) && line.trim() == marker {
                match sections.last_mut() {
                    Some(s) => s.fences.push(fence),
                    None if fence.info == "json" => skips.push(Skip {
                        file: file.to_string(),
                        line: fence.line,
                        reason: "```json fragment before the first `## ` heading".to_string(),
                    }),
                    None => {}
                }
            } else {
                fence.body.push_str(line);
                fence.body.push('\n');
                open = Some((fence, marker));
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(rest) = fence_start(trimmed) {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let fence = Fence { info: rest.trim().to_ascii_lowercase(), line: line_no, body: String::new() };
            open = Some((fence, marker));
            continue;
        }
        if line.trim() == "---" {
            skips.push(Skip {
                file: file.to_string(),
                line: line_no,
                reason: "trailing page furniture after `---`".to_string(),
            });
            return sections;
        }
        if let Some(heading) = heading(line) {
            sections.push(Section { heading: heading.trim(), line: line_no, quote: Vec::new(), fences: Vec::new() });
        } else if let (Some(s), Some(q)) = (sections.last_mut(), trimmed.strip_prefix('>')) {
            if s.fences.is_empty() {
                s.quote.push(q.strip_prefix(' ').unwrap_or(q));
            }
        }
    }
    if let Some((fence, _)) = open {
        diags.push(Diagnostic::new(file, fence.line, "code fence is never closed"));
    }
    sections
}

/// The text of a `## ` heading; like CommonMark, a tab may follow the `##` and the
/// text may be empty.
fn heading(line: &str) -> Option<&str> {
    line.strip_prefix("##").filter(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// The info string after an opening fence marker, if the line opens a fence.
fn fence_start(trimmed: &str) -> Option<&str> {
    ["```", "~~~"].iter().find_map(|m| trimmed.strip_prefix(m)).map(|r| r.trim_start_matches(['`', '~']))
}

/// Interprets one section with one json fragment.
fn endpoint(page: &Page, file: &str, section: &Section<'_>, fence: &Fence) -> Result<Endpoint, Diagnostic> {
    // An error at the end of the input is reported on the fragment's last line, not the closing fence.
    let last = fence.body.lines().count().max(1);
    let mut doc: Value = serde_json::from_str(&fence.body).map_err(|e| {
        Diagnostic::new(file, fence.line + e.line().clamp(1, last), format!("fragment is not valid JSON: {e}"))
    })?;
    let (method, path) = single_operation(&doc).map_err(|m| Diagnostic::new(file, fence.line, m))?;
    let heading = unescape(section.heading);
    let quote = unescape(&section.quote.join("\n"));
    let summary_from_page = match parse_method_path(&heading) {
        Some((h_method, h_path)) => {
            if h_method != method || h_path != path {
                return Err(Diagnostic::new(
                    file,
                    section.line,
                    format!(
                        "heading says `{} {}` but the fragment documents `{} {}`",
                        h_method.to_uppercase(),
                        h_path,
                        method.to_uppercase(),
                        path
                    ),
                ));
            }
            quote.lines().next().unwrap_or_default().trim().to_string()
        }
        None => heading.clone(),
    };
    if let Some(op) = doc.pointer_mut(&format!("/paths/{}/{}", PointerToken(&path), method)) {
        if let Some(obj) = op.as_object_mut() {
            if !summary_from_page.is_empty() && !obj.contains_key("summary") {
                obj.insert("summary".into(), Value::String(summary_from_page));
            }
            if !quote.trim().is_empty() && !obj.contains_key("description") {
                obj.insert("description".into(), Value::String(quote.trim().to_string()));
            }
        }
    }
    Ok(Endpoint {
        page: page.slug.clone(),
        file: file.to_string(),
        form: Form::Markdown,
        heading,
        line: section.line,
        method,
        path,
        document: doc,
    })
}

/// Checks that the fragment holds exactly one path with exactly one operation.
fn single_operation(doc: &Value) -> Result<(String, String), String> {
    let paths = doc.get("paths").and_then(Value::as_object).ok_or("fragment has no `paths` object")?;
    let mut ops = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            return Err(format!("path `{path}` is not an object"));
        };
        for (key, op) in item {
            if METHODS.contains(&key.as_str()) {
                if !op.is_object() {
                    return Err(format!("operation `{} {path}` is not an object", key.to_uppercase()));
                }
                ops.push((key.clone(), path.clone()));
            }
        }
    }
    match ops.len() {
        1 => Ok(ops.remove(0)),
        0 => Err("fragment has no operation; expected exactly one".to_string()),
        n => Err(format!(
            "fragment has {n} operations ({}); expected exactly one",
            ops.iter().map(|(m, p)| format!("{} {p}", m.to_uppercase())).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// `GET /path` → (`get`, `/path`).
pub fn parse_method_path(heading: &str) -> Option<(String, String)> {
    let (method, path) = heading.trim().split_once(' ')?;
    let method = method.to_ascii_lowercase();
    let path = path.trim();
    (METHODS.contains(&method.as_str()) && path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| (method, path.to_string()))
}

/// Undoes the markdown export's escaping: `\`` → `` ` ``, `\[` → `[`, trailing `\`
/// (hard break) dropped, `&#x20;` → space, `<br>` → line break.
pub fn unescape(text: &str) -> String {
    let text = text.replace("&#x20;", " ").replace("<br>", "\n");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some(n) if n.is_ascii_punctuation() => {
                out.push(*n);
                chars.next();
            }
            Some('\n') | None => {}
            Some(_) => out.push('\\'),
        }
    }
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn page() -> Page {
        Page {
            slug: "demo".into(),
            url: "https://example.invalid/demo".into(),
            snapshot: "pages/demo.md".into(),
            form: Form::Markdown,
        }
    }

    fn frag(method: &str, path: &str, extra: &str) -> String {
        format!(
            r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{{"{path}":{{"{method}":{{"responses":{{}}{extra}}}}}}}}}"#
        )
    }

    fn run(text: &str) -> Result<Extracted, Diagnostics> {
        extract(&page(), text)
    }

    fn errors(text: &str) -> Vec<String> {
        run(text).expect_err("should fail").0.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn summary_heading_with_fragment_is_an_endpoint() {
        let text = format!(
            "# Demo\n\n## List things\n\n> Lists \\`things\\`.\n\n```json\n{}\n```\n",
            frag("get", "/things", "")
        );
        let out = run(&text).unwrap();
        assert_eq!(out.endpoints.len(), 1);
        let e = &out.endpoints[0];
        assert_eq!((e.method.as_str(), e.path.as_str(), e.line), ("get", "/things", 3));
        assert_eq!(e.heading, "List things");
        assert_eq!(e.document.pointer("/paths/~1things/get/summary").unwrap(), "List things");
        assert_eq!(e.document.pointer("/paths/~1things/get/description").unwrap(), "Lists `things`.");
    }

    #[test]
    fn leading_mirror_headers_are_skipped_and_listed() {
        let page = format!("## List things\n\n```json\n{}\n```\n", frag("get", "/things", ""));
        let mirrored = format!("# Source: https://mirror.example/demo.md\n\n{page}");
        let out = run(&mirrored).unwrap();
        assert_eq!(out.endpoints.len(), 1);
        assert_eq!(out.endpoints[0].line, 3, "line numbers count the header");
        let skips: Vec<(usize, &str)> = out.skips.iter().map(|s| (s.line, s.reason.as_str())).collect();
        assert_eq!(skips, [(1, "mirror header `# Source: https://mirror.example/demo.md` is not page content")]);
        // Only before the page's content: a later line is the page's own.
        let later = format!("# Demo\n# Source: https://mirror.example/demo.md\n{page}");
        assert!(run(&later).unwrap().skips.is_empty());
    }

    #[test]
    fn method_path_heading_takes_summary_from_quote() {
        let text =
            format!("## GET /things/{{id}}\n\n> Thing detail\n\n```json\n{}\n```\n", frag("get", "/things/{id}", ""));
        let e = &run(&text).unwrap().endpoints[0];
        assert_eq!(e.document.pointer("/paths/~1things~1{id}/get/summary").unwrap(), "Thing detail");
    }

    #[test]
    fn fragment_summary_is_kept_over_the_page() {
        let text = format!("## Heading text\n\n```json\n{}\n```\n", frag("get", "/a", r#","summary":"From fragment""#));
        let e = &run(&text).unwrap().endpoints[0];
        assert_eq!(e.document.pointer("/paths/~1a/get/summary").unwrap(), "From fragment");
    }

    #[test]
    fn unescape_rules() {
        let cases = [
            (r"a \`b\` c", "a `b` c"),
            (r"\[MMS page]\(<https://x>)", "[MMS page](<https://x>)"),
            ("line one.\\\n\\\nline two", "line one.\n\nline two"),
            ("&#x20;- item", " - item"),
            (r"\*\*Note:\*\* x<br>y", "**Note:** x\ny"),
            (r"C:\path", r"C:\path"),
        ];
        for (input, want) in cases {
            assert_eq!(unescape(input), want, "input {input:?}");
        }
    }

    #[test]
    fn furniture_is_skipped_and_listed() {
        let text = format!(
            "## Intro without fragment\n\ntext\n\n## Real\n\n```json\n{}\n```\n\n---\n\n# Notes for robots\n\n```\nGET x\n```\n",
            frag("get", "/a", "")
        );
        let out = run(&text).unwrap();
        assert_eq!(out.endpoints.len(), 1);
        let lines: Vec<usize> = out.skips.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![1, 11]);
        assert!(out.skips[0].reason.contains("no ```json fragment"));
        assert!(out.skips[1].reason.contains("after `---`"));
    }

    #[test]
    fn errors_carry_page_and_line() {
        let cases: Vec<(String, &str)> = vec![
            ("## A\n\n```json\n{\"openapi\": \n```\n".into(), "specs/pages/demo.md:4: fragment is not valid JSON"),
            ("## A\n\n```json\n{}\n".into(), "specs/pages/demo.md:3: code fence is never closed"),
            (
                "## A\n\n```json\n{\"paths\":{\"/a\":{}}}\n```\n".into(),
                "specs/pages/demo.md:3: fragment has no operation; expected exactly one",
            ),
            (
                "## A\n\n```json\n{\"paths\":{\"/a\":{\"get\":5}}}\n```\n".into(),
                "specs/pages/demo.md:3: operation `GET /a` is not an object",
            ),
            (
                "## A\n\n```json\n{\"paths\":{\"/a\":{\"get\":{},\"post\":{}}}}\n```\n".into(),
                "specs/pages/demo.md:3: fragment has 2 operations (GET /a, POST /a); expected exactly one",
            ),
            (
                format!("## POST /b\n\n```json\n{}\n```\n", frag("get", "/a", "")),
                "specs/pages/demo.md:1: heading says `POST /b` but the fragment documents `GET /a`",
            ),
            (
                format!("## A\n\n```json\n{}\n```\n\n```json\n{}\n```\n", frag("get", "/a", ""), frag("get", "/a", "")),
                "specs/pages/demo.md:7: section `A` has 2 ```json fragments; expected one",
            ),
        ];
        for (text, want) in cases {
            let got = errors(&text);
            assert_eq!(got.len(), 1, "{got:?}");
            assert!(got[0].starts_with(want), "got {:?}, want prefix {want:?}", got[0]);
        }
    }

    #[test]
    fn all_problems_of_a_page_are_reported_together() {
        let text = "## A\n\n```json\n{\n```\n\n## B\n\n```json\n[1,\n```\n";
        let got = errors(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("specs/pages/demo.md:"));
    }
}
