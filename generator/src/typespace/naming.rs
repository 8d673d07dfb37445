//! Naming: short, deterministic Rust names for types (with collision resolution) and valid
//! identifiers for fields, variants, methods and modules derived from JSON names.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::convert::Hint;

/// Names a generated type must never take: std prelude items and the crate's own root items.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DocumentedError",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PageStream",
    "PartialEq",
    "PartialOrd",
    "RawRequest",
    "RawResponse",
    "RequestParts",
    "Result",
    "RetryPolicy",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Value",
    "Vec",
    "Zone",
    "ApiError",
];

/// Rust keywords (strict and reserved, 2024 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Property names too vague to name a type on their own (`value` → `VariableValue`).
const GENERIC_WORDS: &[&str] = &[
    "Body", "Content", "Data", "Detail", "Details", "Entry", "Info", "Item", "Items", "List", "Meta", "Metadata",
    "Object", "Options", "Payload", "Result", "Results", "Settings", "Status", "Type", "Value", "Values",
];

/// Words dropped from operation names when they name types (`create_an_organization` →
/// `CreateOrganization`).
const FILLER_WORDS: &[&str] = &["a", "an", "the", "of", "to", "for", "with", "within", "in", "on", "by"];

/// PascalCase of an operation id without filler words, for type names derived from operations.
pub(crate) fn operation_noun(operation_id: &str) -> String {
    let words: Vec<&str> = operation_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    if words.is_empty() { pascal(operation_id) } else { pascal(&words.join(" ")) }
}

/// `true` for property words that need their parent's noun in front.
pub(crate) fn is_generic_word(pascal_word: &str) -> bool {
    GENERIC_WORDS.contains(&pascal_word)
}

/// `true` if `name` is a Rust keyword.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// ASCII-only UpperCamelCase; never empty, never starts with a digit.
pub(crate) fn pascal(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let out = cleaned.to_upper_camel_case();
    match out.chars().next() {
        None => "Unnamed".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("N{out}"),
        Some(_) => out,
    }
}

/// ASCII-only snake_case identifier text (keywords get a trailing `_`); never empty, never
/// starts with a digit.
pub(crate) fn snake(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let out = cleaned.to_snake_case();
    let out = match out.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{out}"),
        Some(_) => out,
    };
    if is_keyword(&out) { format!("{out}_") } else { out }
}

/// The last PascalCase word: `OrganizationVariable` → `Variable`.
pub(crate) fn last_word(pascal_name: &str) -> &str {
    let start = pascal_name.char_indices().rev().find(|(_, c)| c.is_ascii_uppercase()).map_or(0, |(i, _)| i);
    pascal_name.get(start..).unwrap_or(pascal_name)
}

/// English singular of the last word of a PascalCase name (`Organizations` → `Organization`).
pub(crate) fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", name.get(..name.len() - n).unwrap_or(name));
    if lower.ends_with("ies") && name.len() > 4 {
        cut(3, "y")
    } else if ["sses", "xes", "ches", "shes", "zzes"].iter().any(|s| lower.ends_with(s)) {
        cut(2, "")
    } else if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|s| lower.ends_with(s)) && name.len() > 3 {
        cut(1, "")
    } else if lower.ends_with("data") {
        format!("{name}Item")
    } else {
        name.to_owned()
    }
}

/// Picks a name for every type that has hints (types without hints stay unnamed).
///
/// Rank by rank, every type tries its next candidate (in id order; a type's candidate list
/// interleaves the lists of all its uses); a taken or reserved name is skipped. Types left
/// without a name get their first candidate plus the smallest free number.
pub(crate) fn assign(hints: &[Vec<Hint>], include: &[bool]) -> Vec<String> {
    let lists: Vec<Vec<String>> = hints.iter().map(|h| candidate_list(h)).collect();
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| (*s).to_owned()).collect();
    let mut names = vec![String::new(); lists.len()];
    let max_rank = lists.iter().map(Vec::len).max().unwrap_or(0);
    for rank in 0..max_rank {
        for (i, list) in lists.iter().enumerate() {
            if !include.get(i).copied().unwrap_or(false) || !names[i].is_empty() {
                continue;
            }
            if let Some(candidate) = list.get(rank)
                && !taken.contains(candidate)
            {
                taken.insert(candidate.clone());
                names[i].clone_from(candidate);
            }
        }
    }
    for (i, list) in lists.iter().enumerate() {
        if !include.get(i).copied().unwrap_or(false) || !names[i].is_empty() {
            continue;
        }
        let base = list.first().cloned().unwrap_or_else(|| "Type".to_owned());
        let mut n = 2;
        while taken.contains(&format!("{base}{n}")) {
            n += 1;
        }
        let name = format!("{base}{n}");
        taken.insert(name.clone());
        names[i] = name;
    }
    names
}

fn candidate_list(hints: &[Hint]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let max = hints.iter().map(|h| h.candidates.len()).max().unwrap_or(0);
    for rank in 0..max {
        for hint in hints {
            if let Some(c) = hint.candidates.get(rank) {
                let c = pascal(c);
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Unique snake_case identifiers for a list of raw names, in order (`_2`, `_3` on clashes),
/// avoiding everything in `taken`.
pub(crate) fn unique_snake(raw: &[&str], taken: &mut BTreeSet<String>) -> Vec<String> {
    raw.iter().map(|r| unique(snake(r), taken, "_")).collect()
}

/// Unique PascalCase identifiers for a list of raw names, in order, avoiding `taken`.
pub(crate) fn unique_pascal(raw: &[&str], taken: &mut BTreeSet<String>) -> Vec<String> {
    raw.iter().map(|r| unique(pascal(r), taken, "")).collect()
}

fn unique(base: String, taken: &mut BTreeSet<String>, sep: &str) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{sep}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        let cases = [
            ("type", "type_"),
            ("pg[limit]", "pg_limit"),
            ("invoice_number", "invoice_number"),
            ("3dSecure", "n3d_secure"),
            ("größe", "gr_e"),
            ("", "value"),
            ("organizationId", "organization_id"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake(raw), expected, "snake({raw:?})");
        }
        assert_eq!(pascal("eu1 celonis"), "Eu1Celonis");
        assert_eq!(pascal("2fa"), "N2fa");
        assert_eq!(pascal("!!"), "Unnamed");
    }

    #[test]
    fn singularizes_common_plurals() {
        for (plural, single) in [
            ("Organizations", "Organization"),
            ("Categories", "Category"),
            ("Addresses", "Address"),
            ("Status", "Status"),
            ("FeatureControls", "FeatureControl"),
            ("Data", "DataItem"),
        ] {
            assert_eq!(singular(plural), single);
        }
    }

    #[test]
    fn collisions_fall_back_to_next_candidate_then_number() {
        let h = |c: &[&str]| Hint { candidates: c.iter().map(|s| (*s).to_owned()).collect(), noun: String::new() };
        let hints = vec![
            vec![h(&["Organization", "ListOrganization"])],
            vec![h(&["Organization", "GetOrganization"])],
            vec![h(&["Organization"])],
            vec![h(&["Error"])],
        ];
        let names = assign(&hints, &[true, true, true, true]);
        assert_eq!(names, ["Organization", "GetOrganization", "Organization2", "Error2"]);
    }
}
