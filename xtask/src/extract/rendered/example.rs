//! The example section of an endpoint block: the request line
//! (`GET /api/v2/admin/organizations HTTP/1.1`), request headers and the JSON samples.

use serde_json::Value;

use super::block::LineError;
use super::text::is_method;

/// `GET /api/v2/admin/organizations HTTP/1.1` → (`get`, `/admin/organizations`).
pub(crate) fn request_line(line: &str) -> Option<(String, String)> {
    let mut words = line.split_whitespace();
    let (method, target, version) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some() || !version.starts_with("HTTP/") || !target.starts_with('/') {
        return None;
    }
    let method = method.to_lowercase();
    if !is_method(&method) || method.to_uppercase() != line.split_whitespace().next()? {
        return None;
    }
    let target = target.split('?').next().unwrap_or(target);
    let path = match target.strip_prefix("/api/v2") {
        Some("") => "/".to_string(),
        Some(p) if p.starts_with('/') => p.to_string(),
        _ => target.to_string(),
    };
    Some((method, path))
}

/// `Host: eu1.make.com` and friends in the example request.
pub(crate) fn is_header_line(line: &str) -> bool {
    match line.split_once(": ") {
        Some((name, _)) => !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'),
        None => false,
    }
}

/// Reads a JSON value starting at `lines[start]`, up to where its brackets balance.
pub(crate) fn read_json(lines: &[&str], start: usize, end: usize) -> Result<(Value, usize), LineError> {
    let mut depth: i64 = 0;
    let (mut in_string, mut escaped) = (false, false);
    let mut text = String::new();
    let mut i = start;
    while i < end {
        let line = lines.get(i).copied().unwrap_or("");
        text.push_str(line);
        text.push('\n');
        for c in line.chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
            } else {
                match c {
                    '"' => in_string = true,
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth -= 1,
                    _ => {}
                }
            }
        }
        i += 1;
        if depth <= 0 {
            return serde_json::from_str(&text)
                .map(|v| (v, i))
                .map_err(|e| (start + e.line(), format!("example JSON does not parse: {e}")));
        }
    }
    Err((start + 1, "example JSON is not closed before the block ends".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        for (line, want) in [
            ("GET /api/v2/admin/organizations HTTP/1.1", Some(("get", "/admin/organizations"))),
            (
                "DELETE /api/v2/admin/organizations/{organizationId} HTTP/1.1",
                Some(("delete", "/admin/organizations/{organizationId}")),
            ),
            ("GET /other/x?a=1 HTTP/2", Some(("get", "/other/x"))),
            ("get /api/v2/x HTTP/1.1", None),
            ("GET /api/v2/x", None),
            ("Successful response", None),
        ] {
            let got = request_line(line);
            assert_eq!(got.as_ref().map(|(m, p)| (m.as_str(), p.as_str())), want, "{line}");
        }
    }
}
