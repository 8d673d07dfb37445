//! Small text helpers for rendered pages: line classification and prose clean-up.

/// HTTP methods as the rendered pages print them (lower case, alone on a line).
pub(crate) const METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// Icon names the page renderer glues into the text (`organizationsarrow-up-right`).
const ICON_WORDS: &[&str] = &["arrow-up-right"];

/// True when the line is a bare HTTP method (`get`, `post`, …).
pub(crate) fn is_method(line: &str) -> bool {
    METHODS.contains(&line.trim())
}

/// True for a blank line.
pub(crate) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// True for an HTTP status line of a response list (`200`, `404`, `default`).
pub(crate) fn is_status(line: &str) -> bool {
    let t = line.trim();
    t == "default"
        || (t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit()) && t.starts_with(['1', '2', '3', '4', '5']))
}

/// True for a media type line such as `application/json`.
pub(crate) fn is_media_type(line: &str) -> bool {
    let t = line.trim();
    match t.split_once('/') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_lowercase())
                && b.bytes().all(|c| c.is_ascii_alphanumeric() || b".+-*".contains(&c))
        }
        None => false,
    }
}

/// True when the line opens a JSON example (`{` or `[` first).
pub(crate) fn opens_json(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('{') || t.starts_with('[')
}

/// Removes glued icon names and surrounding whitespace from one line of prose.
pub(crate) fn clean_line(line: &str) -> String {
    let mut s = line.trim().to_string();
    for icon in ICON_WORDS {
        s = s.replace(icon, "");
    }
    if let Some(rest) = s.strip_prefix('•') {
        s = format!("- {}", rest.trim_start());
    }
    s
}

/// Joins prose lines into markdown paragraphs: consecutive non-blank lines form one
/// paragraph (joined by newlines), paragraphs are separated by a blank line.
/// Bullet paragraphs that follow each other are kept as one list.
pub(crate) fn prose(lines: &[&str]) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in lines {
        if is_blank(line) {
            if !current.is_empty() {
                paras.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(clean_line(line));
        }
    }
    if !current.is_empty() {
        paras.push(current.join("\n"));
    }
    let mut out = String::new();
    let mut prev_bullet = false;
    for p in paras {
        let bullet = p.starts_with("- ");
        if !out.is_empty() {
            out.push_str(if bullet && prev_bullet { "\n" } else { "\n\n" });
        }
        out.push_str(&p);
        prev_bullet = bullet;
    }
    out
}

/// True when `s` looks like an OAuth-style scope (`organizations:read`).
pub(crate) fn is_scope(s: &str) -> bool {
    match s.split_once(':') {
        Some((a, b)) => {
            let ok = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c));
            ok(a) && ok(b)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_lines() {
        for (line, method, status, media) in [
            ("get", true, false, false),
            ("  patch ", true, false, false),
            ("GET", false, false, false),
            ("200", false, true, false),
            ("2000", false, false, false),
            ("default", false, true, false),
            ("application/json", false, false, true),
            ("/organizations", false, false, false),
            ("Successful response", false, false, false),
        ] {
            assert_eq!(is_method(line), method, "{line}");
            assert_eq!(is_status(line), status, "{line}");
            assert_eq!(is_media_type(line), media, "{line}");
        }
    }

    #[test]
    fn prose_joins_paragraphs_and_bullets() {
        let lines = ["Read the pagearrow-up-right now.", "", "Either:", "", "  • a", "", "  • b", "", "End."];
        assert_eq!(prose(&lines), "Read the page now.\n\nEither:\n\n- a\n- b\n\nEnd.");
    }

    #[test]
    fn scopes() {
        assert!(is_scope("organizations:read"));
        assert!(is_scope("managed-organizations:write"));
        assert!(!is_scope("Authorizations"));
        assert!(!is_scope("a:"));
    }
}
