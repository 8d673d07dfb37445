//! Doc text: turns spec markdown into rustdoc-safe markdown (no bare URLs, no accidental
//! intra-doc links, no raw HTML, no Rust doctests) and into `#[doc]` attributes, one per line.

use proc_macro2::TokenStream;
use quote::quote;

/// Fence info strings kept as-is (rustdoc never compiles these); anything else becomes `text`.
const KNOWN_LANGS: &[&str] = &[
    "bash",
    "console",
    "html",
    "http",
    "javascript",
    "js",
    "json",
    "sh",
    "shell",
    "sql",
    "text",
    "toml",
    "xml",
    "yaml",
    "yml",
];

/// Makes spec markdown safe for `RUSTDOCFLAGS=-Dwarnings` and clippy's doc lints.
pub(crate) fn sanitize(markdown: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_list = false;
    for raw in normalize_newlines(markdown).lines() {
        // Tabs trip clippy::tabs_in_doc_comments (inside code blocks too).
        let line = raw.trim_end().replace('\t', "    ");
        let line = line.as_str();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].iter().find(|m| trimmed.starts_with(**m)) {
            let info = trimmed.trim_start_matches(['`', '~']).trim();
            let lang = if KNOWN_LANGS.contains(&info) { info } else { "text" };
            out.push(format!("{marker}{lang}"));
            fence = Some((*marker).to_owned());
            in_list = false;
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            in_list = false;
            continue;
        }
        let is_item = is_list_item(trimmed);
        if in_list && !is_item {
            // Avoid clippy::doc_lazy_continuation: end the list before plain text.
            out.push(String::new());
        }
        in_list = is_item;
        out.push(escape_inline(trimmed));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    out.join("\n")
}

fn is_list_item(line: &str) -> bool {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line.get(digits..).is_some_and(|r| r.starts_with(". ") || r.starts_with(") "))
}

/// Escapes one line outside code fences; inline code spans are kept verbatim.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.chars().take_while(|c| *c == '`').count();
            let fence = "`".repeat(ticks);
            let after = rest.get(ticks..).unwrap_or("");
            if let Some(end) = after.find(fence.as_str()) {
                let span_len = ticks + end + ticks;
                out.push_str(rest.get(..span_len).unwrap_or(""));
                rest = rest.get(span_len..).unwrap_or("");
            } else {
                out.push_str(&"\\`".repeat(ticks));
                rest = after;
            }
            continue;
        }
        if c == '[' {
            if let Some((text, url, len)) = inline_link(rest) {
                out.push('[');
                out.push_str(&escape_inline(text));
                out.push_str("](");
                out.push_str(url);
                out.push(')');
                rest = rest.get(len..).unwrap_or("");
                continue;
            }
            out.push_str("\\[");
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest.find(|c: char| c.is_whitespace() || "<>\"'`)]".contains(c)).unwrap_or(rest.len());
            let url = rest.get(..end).unwrap_or("").trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = rest.get(url.len()..).unwrap_or("");
            continue;
        }
        match c {
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' if rest.starts_with("*/") => out.push_str("\\*"),
            _ => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    out
}

/// `[text](url)` at the start of `s` where `url` cannot be mistaken for a Rust path:
/// returns `(text, url, total length)`.
fn inline_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let text = s.get(1..close)?;
    if text.contains('[') || text.contains(']') {
        return None;
    }
    let url_start = close + 2;
    let url_len = s.get(url_start..)?.find(')')?;
    let url = s.get(url_start..url_start + url_len)?;
    // `Foo::bar` is a Rust path to rustdoc (an intra-doc link that cannot resolve), not a URL.
    let looks_like_url =
        (url.contains('/') || url.contains(':') || url.contains('.') || url.starts_with('#')) && !url.contains("::");
    if url.is_empty() || url.contains(char::is_whitespace) || !looks_like_url {
        return None;
    }
    Some((text, url, url_start + url_len + 1))
}

/// `text` as a markdown code span, however many backticks it contains (line breaks, which would
/// end a list item, become spaces).
pub(crate) fn code(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Outer doc attributes (`///`), one per line of `text`.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`), one per line of `text`.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// `\r\n` and lone `\r` become `\n` (a bare CR is not allowed in a doc comment).
fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn doc_lines(text: &str) -> Vec<String> {
    normalize_newlines(text).lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sanitizes_rustdoc_hazards() {
        let cases = [
            ("See https://make.com/x.", "See <https://make.com/x>."),
            ("use cols[] and pg[sortBy]", "use cols\\[\\] and pg\\[sortBy\\]"),
            ("keep `cols[]` and `<b>`", "keep `cols[]` and `<b>`"),
            ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
            ("[Read](https://a.b/c) now", "[Read](https://a.b/c) now"),
            ("[filters] here", "\\[filters\\] here"),
            ("[x](Foo)", "\\[x\\](Foo)"),
            ("[x](Foo::bar) and [y](std::fmt)", "\\[x\\](Foo::bar) and \\[y\\](std::fmt)"),
            ("[mail](mailto:a@b.c)", "[mail](mailto:a@b.c)"),
            ("ends */ comment", "ends \\*/ comment"),
            ("    indented code", "indented code"),
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            ("```json\n{\"a\": [1]}\n```", "```json\n{\"a\": [1]}\n```"),
            ("- item\nlazy", "- item\n\nlazy"),
            ("> quote", "&gt; quote"),
            ("odd ` tick", "odd \\` tick"),
            ("a\rb\r\nc", "a\nb\nc"),
            ("```\n\tx\n```", "```text\n    x\n```"),
            ("\tindented", "indented"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "input: {input:?}");
        }
    }
}
