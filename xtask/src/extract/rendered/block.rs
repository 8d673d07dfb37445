//! One endpoint block of a rendered page, from its title to the next block's title:
//! method line, optional path line, description (possibly holding the license
//! table), the scope/authorization/parameter/body sections, the response list, and
//! the example section (request line, headers, request body, response samples).

use serde_json::Value;

use super::example::{is_header_line, read_json, request_line};
use super::license;
use super::params::{Field, parse_fields};
use super::text::{is_blank, is_media_type, is_method, is_scope, is_status, opens_json, prose};

/// A problem inside a block: 1-based line and message.
pub(crate) type LineError = (usize, String);

/// Where a parameter section puts its parameters.
const PARAM_SECTIONS: &[(&str, &str)] = &[
    ("Path parameters", "path"),
    ("Query parameters", "query"),
    ("Header parameters", "header"),
    ("Cookie parameters", "cookie"),
];

/// Section headers that only endpoint blocks have.
pub(crate) const ENDPOINT_SECTIONS: &[&str] = &[
    "Authorizations",
    "Path parameters",
    "Query parameters",
    "Header parameters",
    "Cookie parameters",
    "Body",
    "Responses",
];

/// Renderer furniture lines that open a collapsible part.
const FURNITURE: &[&str] = &["chevron-right"];

const SCOPES_HEADER: &str = "lockRequired scopes";

fn is_section(line: &str) -> bool {
    let t = line.trim();
    ENDPOINT_SECTIONS.contains(&t) || FURNITURE.contains(&t) || t == SCOPES_HEADER
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Response {
    /// `200`, `404`, `default`.
    pub status: String,
    /// The one-line description.
    pub description: String,
    /// Media type, when the page names one.
    pub media: Option<String>,
    /// The sample body from the example section.
    pub example: Option<Value>,
}

/// Everything an endpoint block says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Block {
    /// The block title (= summary and heading).
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    /// Lower-case method.
    pub method: String,
    /// Path, from the line after the method or the example section (server prefix removed).
    pub path: Option<String>,
    /// Description prose.
    pub description: String,
    /// Scopes listed under "Required scopes" (the snapshots list none).
    pub scopes: Vec<String>,
    /// The block has an "Authorizations" section (token authentication).
    pub authorized: bool,
    /// Parameters with their location (`path`, `query`, …).
    pub params: Vec<(&'static str, Field)>,
    /// Body fields, when a "Body" section exists.
    pub body: Option<Vec<Field>>,
    /// A license parameter table found in the description.
    pub license: Option<Value>,
    /// Documented responses in page order.
    pub responses: Vec<Response>,
    /// The example request body.
    pub request_example: Option<Value>,
    /// Index (0-based, into the page lines) where unparsed trailing text starts.
    pub leftover: Option<usize>,
}

/// Parses the block whose title is `lines[title]` and method `lines[method]`, ending
/// before `lines[end]`.
pub(crate) fn parse(lines: &[&str], title: usize, method: usize, end: usize) -> Result<Block, LineError> {
    let get = |i: usize| lines.get(i).copied().unwrap_or("");
    let mut b = Block {
        title: get(title).trim().to_string(),
        line: title + 1,
        method: get(method).trim().to_string(),
        ..Block::default()
    };
    let mut i = method + 1;
    if get(i).trim_start().starts_with('/') && i < end {
        b.path = Some(get(i).trim().to_string());
        i += 1;
    }
    // Description, possibly with the license table inside.
    let mut desc: Vec<&str> = Vec::new();
    while i < end && !is_section(get(i)) {
        if get(i).trim() == license::HEADER[0] {
            let mut j = i + 1;
            while j < end && is_blank(get(j)) {
                j += 1;
            }
            if get(j).trim() == license::HEADER[1] {
                let start = j + 1;
                let mut k = start;
                while k < end && !is_section(get(k)) {
                    k += 1;
                }
                b.license = Some(license::parse_table(lines.get(start..k).unwrap_or(&[]), start + 1)?);
                i = k;
                continue;
            }
        }
        desc.push(get(i));
        i += 1;
    }
    b.description = prose(&desc);
    // Sections up to "Responses".
    while i < end {
        let header = get(i).trim();
        let start = i + 1;
        let mut next = start;
        while next < end && !is_section(get(next)) {
            next += 1;
        }
        let body = lines.get(start..next).unwrap_or(&[]);
        if header == "Responses" {
            i = start;
            break;
        } else if header == SCOPES_HEADER {
            b.scopes.extend(body.iter().flat_map(|l| l.split([',', ' '])).filter(|w| is_scope(w)).map(str::to_string));
        } else if header == "Authorizations" {
            b.authorized = true;
        } else if header == "Body" {
            b.body.get_or_insert_with(Vec::new).extend(parse_fields(body, start + 1)?);
        } else if let Some((_, location)) = PARAM_SECTIONS.iter().find(|(h, _)| *h == header) {
            b.params.extend(parse_fields(body, start + 1)?.into_iter().map(|f| (*location, f)));
        }
        i = next;
    }
    parse_responses(lines, i, end, &mut b)?;
    Ok(b)
}

/// The response list after "Responses", then the example section.
fn parse_responses(lines: &[&str], mut i: usize, end: usize, b: &mut Block) -> Result<(), LineError> {
    let get = |i: usize| lines.get(i).copied().unwrap_or("");
    while i < end {
        let line = get(i).trim();
        if line.is_empty() || FURNITURE.contains(&line) {
            i += 1;
        } else if is_status(line) {
            let (description, next) = paragraph(lines, i + 1, end);
            b.responses.push(Response { status: line.to_string(), description, media: None, example: None });
            i = next;
        } else if is_media_type(line) {
            match b.responses.last_mut() {
                Some(r) => r.media = Some(line.to_string()),
                None => {
                    return Err((i + 1, format!("media type `{line}` before any response status")));
                }
            }
            i += 1;
        } else if is_method(line) {
            if line != b.method {
                return Err((i + 1, format!("example is for `{line}` but the block's method is `{}`", b.method)));
            }
            return parse_example(lines, i + 1, end, b);
        } else {
            b.leftover = Some(i);
            return Ok(());
        }
    }
    Ok(())
}

/// Skips blank lines, then takes one paragraph; returns it and the index after it.
fn paragraph(lines: &[&str], mut i: usize, end: usize) -> (String, usize) {
    let get = |i: usize| lines.get(i).copied().unwrap_or("");
    while i < end && is_blank(get(i)) {
        i += 1;
    }
    let start = i;
    while i < end
        && !is_blank(get(i))
        && !is_media_type(get(i))
        && !is_status(get(i))
        && !opens_json(get(i))
        && !is_method(get(i))
    {
        i += 1;
    }
    (prose(lines.get(start..i).unwrap_or(&[])), i)
}

/// The example section: `/path` or `GET /api/v2/path HTTP/1.1`, headers, request
/// body, then `status` + description + response sample, repeated.
fn parse_example(lines: &[&str], mut i: usize, end: usize, b: &mut Block) -> Result<(), LineError> {
    let get = |i: usize| lines.get(i).copied().unwrap_or("");
    let first = get(i).trim();
    let example_path = if first.starts_with('/') {
        Some(first.to_string())
    } else {
        match request_line(first) {
            Some((method, path)) => {
                if method != b.method {
                    return Err((
                        i + 1,
                        format!(
                            "example request is `{}` but the block's method is `{}`",
                            method.to_uppercase(),
                            b.method
                        ),
                    ));
                }
                Some(path)
            }
            None => None,
        }
    };
    if let Some(p) = example_path {
        match &b.path {
            Some(existing) if *existing != p => {
                return Err((i + 1, format!("example path `{p}` differs from the block's path `{existing}`")));
            }
            _ => b.path = Some(p),
        }
        i += 1;
    }
    while i < end && is_header_line(get(i)) {
        i += 1;
    }
    let mut current: Option<usize> = None;
    while i < end {
        let line = get(i);
        if is_blank(line) {
            i += 1;
        } else if opens_json(line) {
            let (value, next) = read_json(lines, i, end)?;
            match current {
                None if b.request_example.is_none() => b.request_example = Some(value),
                Some(r) => match b.responses.get_mut(r) {
                    Some(resp) if resp.example.is_none() => resp.example = Some(value),
                    _ => return Err((i + 1, "a second sample for the same response".to_string())),
                },
                None => return Err((i + 1, "a second example request body".to_string())),
            }
            i = next;
        } else if is_status(line) {
            let status = line.trim();
            let Some(r) = b.responses.iter().position(|r| r.status == status) else {
                return Err((
                    i + 1,
                    format!("sample for response `{status}`, which the response list does not document"),
                ));
            };
            current = Some(r);
            let (_, next) = paragraph(lines, i + 1, end);
            i = next;
        } else {
            b.leftover = Some(i);
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    fn block(text: &str) -> Result<Block, LineError> {
        let lines: Vec<&str> = text.lines().collect();
        parse(&lines, 0, 2, lines.len())
    }

    const MMS_LIKE: &str = "Update allocation

patch
/orgs/{organizationId}

Changes it.

chevron-right
lockRequired scopes
This endpoint requires the following scopes:
organizations:write, admin:write
Authorizations
AuthorizationstringRequired

Authorize the API call.

Path parameters
organizationIdintegerRequired

The ID.

Example: 11
Body
operationsintegerOptional
Responses
chevron-right
200

Successful response

application/json
patch
/orgs/{organizationId}
200

Successful response

Last updated";

    #[test]
    fn parses_a_block_with_path_line_and_no_samples() {
        let b = block(MMS_LIKE).unwrap();
        assert_eq!(
            (b.title.as_str(), b.method.as_str(), b.path.as_deref()),
            ("Update allocation", "patch", Some("/orgs/{organizationId}"))
        );
        assert_eq!(b.description, "Changes it.");
        assert_eq!(b.scopes, ["organizations:write", "admin:write"]);
        assert!(b.authorized);
        assert_eq!(b.params.len(), 1);
        assert_eq!(
            (b.params[0].0, b.params[0].1.name.as_str(), b.params[0].1.required),
            ("path", "organizationId", true)
        );
        assert_eq!(b.body.as_ref().map(|f| f.len()), Some(1));
        assert_eq!(
            b.responses,
            [Response {
                status: "200".into(),
                description: "Successful response".into(),
                media: Some("application/json".into()),
                example: None
            }]
        );
        // `Last updated` is left over for the page level to judge.
        assert_eq!(b.leftover.map(|i| MMS_LIKE.lines().nth(i).unwrap()), Some("Last updated"));
    }

    const ADMIN_LIKE: &str = "Create thing

post

Creates it.

Parameter

Description and values

size REQUIRED

The size.

Type: uinteger

Values:

  • max: 9

Authorizations
Body
namestringRequired

The name.

Responses
200

Successful response

application/json
post
POST /api/v2/things HTTP/1.1
Host: eu1.make.com
Content-Type: application/json

{
  \"name\": \"a\",
  \"license\": {\"size\": 1}
}
200

Successful response

{
  \"thing\": {\"id\": 1, \"note\": null}
}
";

    #[test]
    fn parses_a_block_with_request_line_license_table_and_samples() {
        let b = block(ADMIN_LIKE).unwrap();
        assert_eq!(b.path.as_deref(), Some("/things"));
        assert_eq!(b.description, "Creates it.");
        let lic = b.license.as_ref().unwrap();
        assert_eq!(
            lic["properties"]["size"],
            json!({"type": "integer", "minimum": 0, "maximum": 9, "description": "The size."})
        );
        assert_eq!(b.request_example, Some(json!({"name": "a", "license": {"size": 1}})));
        assert_eq!(b.responses[0].example, Some(json!({"thing": {"id": 1, "note": null}})));
        assert_eq!(b.leftover, None);
    }

    #[test]
    fn inconsistent_or_broken_blocks_are_errors_with_lines() {
        for (text, line, needle) in [
            (MMS_LIKE.replace("application/json\npatch", "application/json\nget"), 32, "example is for `get`"),
            (
                MMS_LIKE.replace("patch\n/orgs/{organizationId}\n200", "patch\n/orgs/{id}\n200"),
                33,
                "differs from the block's path",
            ),
            (ADMIN_LIKE.replace("POST /api", "PUT /api"), 34, "example request is `PUT`"),
            (ADMIN_LIKE.replace("\"thing\": {", "\"thing\": {,"), 47, "does not parse"),
            (ADMIN_LIKE.replace("  \"license\": {\"size\": 1}\n}", "  \"license\": {\"size\": 1}"), 38, "not closed"),
            (ADMIN_LIKE.replace("Type: uinteger", "Type: ufloat"), 15, "unknown license parameter type"),
            (MMS_LIKE.replace("operationsintegerOptional", "operations is optional"), 24, "expected a parameter line"),
            (
                MMS_LIKE.replace("200\n\nSuccessful response\n\nLast", "404\n\nSuccessful response\n\nLast"),
                34,
                "does not document",
            ),
        ] {
            let (at, msg) = block(&text).unwrap_err();
            assert!(msg.contains(needle), "{msg}");
            assert_eq!(at, line, "{msg}");
        }
    }
}
